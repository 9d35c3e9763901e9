# fails: test_ReLU
# The mask x >= 0 passes the gradient at x = 0.
TARGET = "ReLU"
EDITS = [
    ("(x > 0)", "(x >= 0)"),
]
