# fails: test_SGD
# Uses the default lr instead of each parameter group's own.
TARGET = "SGD"
EDITS = [
    ('alpha=-group["lr"]', 'alpha=-self.defaults["lr"]'),
]
