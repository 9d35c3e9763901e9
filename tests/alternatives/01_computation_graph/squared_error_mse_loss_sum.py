# legal: "Implement `squared_error(o, t)` returning a 0-dimensional tensor: the sum over the batch and the outputs (no mean), times $\frac12$."
# PyTorch's own MSE with reduction="sum", halved (nothing forbids the library loss here).
def squared_error(o, t):
    return torch.nn.functional.mse_loss(o, t, reduction="sum") / 2
