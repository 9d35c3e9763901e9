# fails: test_Adagrad
# Divides by G + eps instead of sqrt(G) + eps.
TARGET = "Adagrad"
EDITS = [
    ('G.sqrt().add_(group["eps"])', 'G.add(group["eps"])'),
]
