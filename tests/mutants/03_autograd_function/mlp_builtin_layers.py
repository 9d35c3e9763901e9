# fails: test_MLP_gradients
class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.weights = nn.ParameterList()
        self.biases = nn.ParameterList()
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            bound = 1.0 / math.sqrt(n_in)
            self.weights.append(nn.Parameter(torch.empty(n_out, n_in).uniform_(-bound, bound)))
            self.biases.append(nn.Parameter(torch.empty(n_out).uniform_(-bound, bound)))

    def forward(self, x):
        for k, (W, b) in enumerate(zip(self.weights, self.biases)):
            x = x @ W.T + b  # right numbers, but built-in nodes instead of your Functions
            if k < len(self.weights) - 1:
                x = x.clamp(min=0)
        return x
