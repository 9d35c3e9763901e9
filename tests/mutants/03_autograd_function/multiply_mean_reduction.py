# fails: test_Multiply_broadcast
class Multiply(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x * y

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors

        def reduce_mean(g, shape):  # averages over the broadcast dimensions instead of summing
            while g.dim() > len(shape):
                g = g.mean(0)
            for d, n in enumerate(shape):
                if n == 1 and g.shape[d] != 1:
                    g = g.mean(d, keepdim=True)
            return g

        return reduce_mean(y * grad, x.shape), reduce_mean(x * grad, y.shape)
