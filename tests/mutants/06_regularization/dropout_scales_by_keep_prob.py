# fails: test_dropout
# Multiplies the kept entries by 1 - p instead of dividing.
TARGET = "dropout"
EDITS = [
    ("return x * keep / (1.0 - p)", "return x * keep * (1.0 - p)"),
]
