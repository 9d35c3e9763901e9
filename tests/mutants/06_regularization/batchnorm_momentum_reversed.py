# fails: test_BatchNorm1d_running
# new = momentum * old + (1 - momentum) * batch: the weights of old and new are swapped.
TARGET = "BatchNorm1d"
EDITS = [
    ("self.running_mean.mul_(1 - a).add_(a * mean)", "self.running_mean.mul_(a).add_((1 - a) * mean)"),
    ("self.running_var.mul_(1 - a).add_(a * var * m / (m - 1))",
     "self.running_var.mul_(a).add_((1 - a) * var * m / (m - 1))"),
]
