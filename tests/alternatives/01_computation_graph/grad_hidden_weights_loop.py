# legal: "Implement `grad_hidden_weights(x, h, o, t, W_out)` by hand."
# Loops over the examples: W_out.T @ delta_o is the upstream gradient of one example's h, then one outer product each.
def grad_hidden_weights(x, h, o, t, W_out):
    grad = torch.zeros(h.shape[1], x.shape[1], dtype=x.dtype)
    for k in range(x.shape[0]):
        delta_o = (o[k] - t[k]) * o[k] * (1 - o[k])
        delta_h = (W_out.T @ delta_o) * h[k] * (1 - h[k])
        grad += torch.outer(delta_h, x[k])
    return grad
