# fails: test_Linear_bias
class Linear(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, W, b=None):
        ctx.save_for_backward(x, W)
        ctx.has_bias = b is not None
        out = x @ W.T
        return out + b if b is not None else out

    @staticmethod
    def backward(ctx, grad):
        x, W = ctx.saved_tensors
        return grad @ W, grad.T @ x, grad if ctx.has_bias else None  # the engine sums it down for .backward()
