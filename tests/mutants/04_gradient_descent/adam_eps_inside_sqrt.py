# fails: test_Adam
# Adds eps inside the square root: sqrt(v_hat + eps).
TARGET = "Adam"
EDITS = [
    ('v_hat.sqrt().add_(group["eps"])', 'v_hat.add(group["eps"]).sqrt()'),
]
