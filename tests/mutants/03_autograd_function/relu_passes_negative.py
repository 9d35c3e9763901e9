# fails: test_ReLU
# Passes the gradient through unmasked, negative inputs included.
TARGET = "ReLU"
EDITS = [
    ("return grad * (x > 0).to(grad.dtype)", "return grad.clone()"),
]
