# fails: test_Adadelta
# rho and 1 - rho swapped in the running mean of the squared gradients.
TARGET = "Adadelta"
EDITS = [
    ("G.mul_(rho).addcmul_(p.grad, p.grad, value=1 - rho)", "G.mul_(1 - rho).addcmul_(p.grad, p.grad, value=rho)"),
]
