# fails: test_dropout_modes
# Drops entries in eval mode too: ignores training.
TARGET = "dropout"
EDITS = [
    ("if not training or p == 0.0:", "if p == 0.0:"),
]
