# legal: "**Exercise 2 (3 points).** Write `Multiply` for tensors of any shapes that broadcast: `backward` returns gradients with exactly the shapes of `x` and `y`."
# Reduces the broadcast dimensions with an explicit loop instead of sum_to_size.
class Multiply(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return torch.mul(x, y)

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors

        def reduce_to(g, shape):
            while g.dim() > len(shape):
                g = g.sum(dim=0)
            for d in range(len(shape)):
                if shape[d] == 1 and g.shape[d] != 1:
                    g = g.sum(dim=d, keepdim=True)
            return g

        return reduce_to(y * grad, x.shape), reduce_to(x * grad, y.shape)
