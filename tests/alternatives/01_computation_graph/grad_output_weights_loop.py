# legal: "Implement `grad_output_weights(h, o, t)` by hand (no autograd)."
# Loops over the examples of the batch and adds one outer product per example, as the lecture does for one example.
def grad_output_weights(h, o, t):
    grad = torch.zeros(o.shape[1], h.shape[1], dtype=h.dtype)
    for k in range(h.shape[0]):
        delta = (o[k] - t[k]) * o[k] * (1 - o[k])
        grad += torch.outer(delta, h[k])
    return grad
