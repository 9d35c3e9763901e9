# fails: test_Nesterov
# Looks ahead with the old velocity: updates p before v.
TARGET = "Nesterov"
EDITS = [
    ('v.mul_(mu).add_(p.grad)\n                p.add_(p.grad + mu * v, alpha=-group["lr"])',
     'p.add_(p.grad + mu * v, alpha=-group["lr"])\n                v.mul_(mu).add_(p.grad)'),
]
