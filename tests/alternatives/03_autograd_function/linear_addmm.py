# legal: "Do not call `F.linear`: write the matrix product (`@`, `torch.matmul`, `torch.mm` or `torch.addmm` are all fine)."
# torch.addmm for the affine map and Tensor.mm in the backward.
class Linear(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, W, b=None):
        ctx.save_for_backward(x, W)
        ctx.has_bias = b is not None
        if b is None:
            return torch.mm(x, W.t())
        return torch.addmm(b, x, W.t())

    @staticmethod
    def backward(ctx, grad):
        x, W = ctx.saved_tensors
        grad_b = grad.sum(dim=0) if ctx.has_bias else None
        return grad.mm(W), grad.t().mm(x), grad_b
