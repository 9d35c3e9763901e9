# fails: test_RMSprop
class RMSprop(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8):
        super().__init__(params, {"lr": lr, "alpha": alpha, "eps": eps})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            a = group["alpha"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                G = self.state[p].setdefault("G", torch.zeros_like(p))
                G.mul_(a).add_((1 - a) * p.grad * p.grad)
                p.sub_(group["lr"] * p.grad / (G + group["eps"]))  # no square root
