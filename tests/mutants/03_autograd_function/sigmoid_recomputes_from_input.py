# fails: test_Sigmoid, test_Sigmoid_saves_output
class Sigmoid(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.sigmoid(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        s = torch.sigmoid(x)  # right values, but the forward's work is done again
        return grad * s * (1 - s)
