# legal: "Implement `forward(x, W_hidden, W_out)` returning `(h, o)` with shapes (batch, n_hidden) and (batch, n_out). Use your `sigmoid`."
# torch.einsum for the first layer and torch.matmul with Tensor.t() for the second; returns a tuple.
def forward(x, W_hidden, W_out):
    h = sigmoid(torch.einsum("bi,hi->bh", x, W_hidden))
    o = sigmoid(torch.matmul(h, W_out.t()))
    return (h, o)
