# legal: "The forward may call `torch.sigmoid` (the C code does too) and must save its **output** with `ctx.save_for_backward`, and nothing else."
# The forward computes 1 / (1 + exp(-x)) itself; the backward writes out - out^2.
class Sigmoid(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = 1.0 / (1.0 + torch.exp(-x))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (out - out * out)
