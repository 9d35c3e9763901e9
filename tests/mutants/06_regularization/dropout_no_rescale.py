# fails: test_dropout
# Does not rescale the kept entries by 1 / (1 - p).
TARGET = "dropout"
EDITS = [
    ("return x * keep / (1.0 - p)", "return x * keep"),
]
