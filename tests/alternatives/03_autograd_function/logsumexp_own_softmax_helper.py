# legal: "forms (a softmax helper of your own is fine, whatever its name)."
# A global helper named softmax (max-shifted exp, normalized) used in the backward; torch.max instead of amax.
class LogSumExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z, dim):
        m = torch.max(z, dim=dim, keepdim=True).values
        out = m.squeeze(dim) + torch.log(torch.sum(torch.exp(z - m), dim=dim))
        ctx.save_for_backward(z)
        ctx.dim = dim
        return out

    @staticmethod
    def backward(ctx, grad):
        (z,) = ctx.saved_tensors
        return softmax(z, ctx.dim) * grad.unsqueeze(ctx.dim), None


def softmax(z, dim):
    e = (z - z.max(dim=dim, keepdim=True).values).exp()
    return e / e.sum(dim=dim, keepdim=True)
