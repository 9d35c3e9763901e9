# fails: test_Momentum
# Keeps the velocities in its own dict instead of self.state.
TARGET = "Momentum"
EDITS = [
    ('super().__init__(params, {"lr": lr, "momentum": momentum})',
     'super().__init__(params, {"lr": lr, "momentum": momentum})\n        self.velocities = {}'),
    ("state = self.state[p]", "state = self.velocities.setdefault(p, {})"),
]
