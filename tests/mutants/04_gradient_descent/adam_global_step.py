# fails: test_Adam
# One step counter for all parameters instead of one per parameter.
TARGET = "Adam"
EDITS = [
    ('super().__init__(params, {"lr": lr, "betas": betas, "eps": eps})',
     'super().__init__(params, {"lr": lr, "betas": betas, "eps": eps})\n        self.t = 0'),
    ("        for group in self.param_groups:\n", "        self.t += 1\n        for group in self.param_groups:\n"),
    ('t = state["step"]', "t = self.t"),
]
