# legal: "update p in place: p.add_(...), p.sub_(...), p.addcdiv_(...)"
# p.sub_(lr * grad), with the learning rate converted to a float once per group.
class SGD(torch.optim.Optimizer):
    def __init__(self, params, lr):
        super().__init__(params, {"lr": lr})

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr = float(group["lr"])
            for p in (q for q in group["params"] if q.grad is not None):
                p.sub_(lr * p.grad)
        return loss
