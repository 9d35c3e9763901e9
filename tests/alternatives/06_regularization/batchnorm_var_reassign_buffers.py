# legal: "update the running statistics as above (without recording the update in the autograd graph: ... `.detach()`)"
# Idiom: torch.var with unbiased=False / True, and the buffers reassigned (self.running_mean = ...) from
# detached statistics instead of updated in place.
class BatchNorm1d(nn.Module):
    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.training:
            mean = x.mean(0)
            var = torch.var(x, 0, unbiased=False)
            a = self.momentum
            self.running_mean = (1 - a) * self.running_mean + a * mean.detach()
            self.running_var = (1 - a) * self.running_var + a * torch.var(x.detach(), 0, unbiased=True)
        else:
            mean, var = self.running_mean, self.running_var
        return (x - mean) * torch.rsqrt(var + self.eps) * self.weight + self.bias
