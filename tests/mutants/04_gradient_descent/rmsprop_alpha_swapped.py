# fails: test_RMSprop
# Weights the new squared gradient by alpha and the old average by 1 - alpha.
TARGET = "RMSprop"
EDITS = [
    ("G.mul_(alpha).addcmul_(p.grad, p.grad, value=1 - alpha)",
     "G.mul_(1 - alpha).addcmul_(p.grad, p.grad, value=alpha)"),
]
