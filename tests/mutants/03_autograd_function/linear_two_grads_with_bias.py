# fails: test_Linear, test_Linear_bias
# Returns two gradients even when a bias was passed: b gets no gradient.
TARGET = "Linear"
EDITS = [
    ("return grad_x, grad_W, grad_b", "return grad_x, grad_W"),
]
