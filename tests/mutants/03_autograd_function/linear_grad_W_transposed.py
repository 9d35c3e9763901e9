# fails: test_Linear
# grad_W = x^T grad is the transpose of dL/dW = grad^T x.
TARGET = "Linear"
EDITS = [
    ("grad_W = grad.T @ x", "grad_W = x.T @ grad"),
]
