# fails: test_SGD
# Adds the gradient: gradient ascent.
TARGET = "SGD"
EDITS = [
    ('alpha=-group["lr"]', 'alpha=group["lr"]'),
]
