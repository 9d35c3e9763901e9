# legal: "a `forward(x)` that calls **your** `dropout` with `self.training`"
# Idiom: keyword arguments in the call, and forward returns x itself in eval() without calling dropout.
class Dropout(nn.Module):
    def __init__(self, p: float = 0.5):
        super().__init__()
        self.p = float(p)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training:
            return x
        return dropout(x, p=self.p, training=self.training)
