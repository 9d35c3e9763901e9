# legal: "Implement `softmax(z, dim=-1)` for any batch shape and any `dim`, exact for float32 scores as large as $\pm 10^4$."
# torch.max(..., keepdim=True).values for the shift and torch.sum / division written with Tensor.div.
def softmax(z, dim=-1):
    shifted = z - torch.max(z, dim=dim, keepdim=True).values
    e = shifted.exp()
    return e.div(torch.sum(e, dim=dim, keepdim=True))
