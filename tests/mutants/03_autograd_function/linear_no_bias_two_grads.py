# fails: test_Linear_bias
# Without a bias, backward returns two gradients for the three inputs of forward.
TARGET = "Linear"
EDITS = [
    ("return grad_x, grad_W, grad_b", "return (grad_x, grad_W, grad_b) if ctx.has_bias else (grad_x, grad_W)"),
]
