# legal: "(`clamp`, `torch.where`, `torch.maximum` or a mask are fine; so is a helper of your own, whatever its name)."
# A global helper named relu built on torch.where; the backward uses torch.where too.
class ReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return relu(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return torch.where(x > 0, grad, torch.zeros_like(grad))


def relu(x):
    return torch.where(x > 0, x, torch.zeros_like(x))
