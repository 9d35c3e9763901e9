# fails: test_dropout_modes
# No special case for p = 1: divides 0 by 0.
TARGET = "dropout"
EDITS = [
    ("    if p == 1.0:\n        return x * 0.0\n", ""),
]
