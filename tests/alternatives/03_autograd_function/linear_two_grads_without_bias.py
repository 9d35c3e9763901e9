# legal: "without one, `(grad_x, grad_W)` or `(grad_x, grad_W, None)` (both are fine, as section 2 says)"
# Returns exactly one gradient per input of apply: two without a bias, three with one.
class Linear(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, W, b=None):
        ctx.save_for_backward(x, W)
        ctx.has_bias = b is not None
        out = torch.matmul(x, W.T)
        return out + b if b is not None else out

    @staticmethod
    def backward(ctx, grad):
        x, W = ctx.saved_tensors
        grads = (grad @ W, grad.T @ x)
        if ctx.has_bias:
            grads = grads + (grad.sum(0),)
        return grads
