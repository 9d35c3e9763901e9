# legal: "initialized like `nn.Linear`: uniform in $[-1/\sqrt{\text{fan\_in}},\ 1/\sqrt{\text{fan\_in}}]$ with fan_in = `sizes[k]`."
# Uniform init written as (2 * rand - 1) * bound, biases first; the forward applies ReLU to all but the last layer by slicing.
class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        pairs = list(zip(sizes[:-1], sizes[1:]))
        self.biases = nn.ParameterList(
            [nn.Parameter((2 * torch.rand(n_out) - 1) / n_in**0.5) for n_in, n_out in pairs])
        self.weights = nn.ParameterList(
            [nn.Parameter((2 * torch.rand(n_out, n_in) - 1) / n_in**0.5) for n_in, n_out in pairs])

    def forward(self, x):
        for W, b in zip(self.weights[:-1], self.biases[:-1]):
            x = ReLU.apply(Linear.apply(x, W, b))
        return Linear.apply(x, self.weights[-1], self.biases[-1])
