# fails: test_Adadelta
# The second running mean accumulates squared gradients instead of squared updates.
TARGET = "Adadelta"
EDITS = [
    ("D.mul_(rho).addcmul_(delta, delta, value=1 - rho)", "D.mul_(rho).addcmul_(p.grad, p.grad, value=1 - rho)"),
]
