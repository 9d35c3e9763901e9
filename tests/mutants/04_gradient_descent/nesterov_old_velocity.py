# fails: test_Nesterov
class Nesterov(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.9):
        super().__init__(params, {"lr": lr, "momentum": momentum})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            mu = group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                v = self.state[p].setdefault("v", torch.zeros_like(p))
                p.add_(p.grad + mu * v, alpha=-group["lr"])  # looks ahead with the old velocity
                v.mul_(mu).add_(p.grad)
