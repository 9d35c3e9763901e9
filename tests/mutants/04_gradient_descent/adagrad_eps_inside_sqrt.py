# fails: test_Adagrad
class Adagrad(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-2, eps=1e-10):
        super().__init__(params, {"lr": lr, "eps": eps})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                G = self.state[p].setdefault("G", torch.zeros_like(p))
                G.add_(p.grad * p.grad)
                p.sub_(group["lr"] * p.grad / (G + group["eps"]).sqrt())  # sqrt(G + eps), as L3 writes
