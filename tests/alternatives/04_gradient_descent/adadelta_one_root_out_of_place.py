# legal: "$$G \leftarrow \rho G + (1 - \rho) g^2, \qquad \Delta = \frac{\sqrt{D + \epsilon}}{\sqrt{G + \epsilon}}\, g,"
# One square root of the ratio, out-of-place updates re-stored in self.state[p] under other names.
class Adadelta(torch.optim.Optimizer):
    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6):
        super().__init__(params, {"lr": lr, "rho": rho, "eps": eps})

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr, rho, eps = group["lr"], group["rho"], group["eps"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                G = rho * st.get("G", torch.zeros_like(p)) + (1 - rho) * p.grad**2
                D = st.get("D", torch.zeros_like(p))
                delta = torch.sqrt((D + eps) / (G + eps)) * p.grad
                st["G"], st["D"] = G, rho * D + (1 - rho) * delta**2
                p -= lr * delta
        return loss
