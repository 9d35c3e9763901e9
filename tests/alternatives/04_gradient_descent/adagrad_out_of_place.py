# legal: "the cache $G$ sums the squared gradients, and each coordinate's step is divided by $\sqrt{G} + \epsilon$."
# Out-of-place updates (state re-assigned each step, grad ** 2, torch.sqrt) for AdaGrad.
class Adagrad(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-2, eps=1e-10):
        super().__init__(params, {"lr": lr, "eps": eps})

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    G = self.state[p].get("sum", torch.zeros_like(p)) + p.grad ** 2
                    self.state[p]["sum"] = G
                    p -= group["lr"] * p.grad / (torch.sqrt(G) + group["eps"])
        return loss
