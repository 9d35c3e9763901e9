# fails: test_Adagrad
# Adds eps inside the square root: sqrt(G + eps).
TARGET = "Adagrad"
EDITS = [
    ('G.sqrt().add_(group["eps"])', 'G.add(group["eps"]).sqrt()'),
]
