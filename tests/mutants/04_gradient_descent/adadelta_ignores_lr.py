# fails: test_Adadelta
# Adadelta "needs no learning rate": the step ignores lr (PyTorch's, and the exercise's, multiplies by it).
TARGET = "Adadelta"
EDITS = [
    ('p.add_(delta, alpha=-group["lr"])', "p.sub_(delta)"),
]
