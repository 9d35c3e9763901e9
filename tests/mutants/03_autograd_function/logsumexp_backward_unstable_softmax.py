# fails: test_LogSumExp_backward
class LogSumExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z, dim):
        m = z.amax(dim=dim, keepdim=True)
        out = (m + (z - m).exp().sum(dim=dim, keepdim=True).log()).squeeze(dim)
        ctx.save_for_backward(z)
        ctx.dim = dim
        return out

    @staticmethod
    def backward(ctx, grad):
        (z,) = ctx.saved_tensors
        e = z.exp()  # inf near 1000: inf / inf = nan
        return e / e.sum(ctx.dim, keepdim=True) * grad.unsqueeze(ctx.dim), None
