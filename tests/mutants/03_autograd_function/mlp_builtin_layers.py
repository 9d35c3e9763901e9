# fails: test_MLP_gradients
# Right numbers, but built-in nodes instead of the Linear and ReLU Functions.
TARGET = "MLP"
EDITS = [
    ("x = Linear.apply(x, W, b)", "x = x @ W.T + b"),
    ("x = ReLU.apply(x)", "x = x.clamp(min=0)"),
]
