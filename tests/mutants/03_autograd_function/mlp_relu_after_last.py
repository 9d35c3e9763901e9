# fails: test_MLP_gradients
# Applies ReLU after the last Linear too.
TARGET = "MLP"
EDITS = [
    ("            if k < n_layers - 1:\n                x = ReLU.apply(x)", "            x = ReLU.apply(x)"),
]
