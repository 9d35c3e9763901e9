# fails: test_Momentum
# Dampens the gradient: v <- momentum * v + (1 - momentum) * grad.
TARGET = "Momentum"
EDITS = [
    ('v.mul_(group["momentum"]).add_(p.grad)', 'v.mul_(group["momentum"]).add_(p.grad, alpha=1 - group["momentum"])'),
]
