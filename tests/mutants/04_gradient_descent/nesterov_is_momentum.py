# fails: test_Nesterov
# Steps along v like heavy-ball momentum, without the look-ahead.
TARGET = "Nesterov"
EDITS = [
    ("p.add_(p.grad + mu * v, alpha=", "p.add_(v, alpha="),
]
