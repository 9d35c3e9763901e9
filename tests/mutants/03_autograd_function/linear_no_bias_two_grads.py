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
        if ctx.has_bias:
            return grad @ W, grad.T @ x, grad.sum(0)
        return grad @ W, grad.T @ x
