# fails: test_dropout
# Treats p as the probability of keeping an entry.
TARGET = "dropout"
EDITS = [
    ("    if p == 1.0:\n        return x * 0.0", "    if p == 0.0:\n        return x * 0.0"),
    ("if not training or p == 0.0:", "if not training or p == 1.0:"),
    (">= p", "< p"),
    ("/ (1.0 - p)", "/ p"),
]
