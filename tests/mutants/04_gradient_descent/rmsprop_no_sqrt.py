# fails: test_RMSprop
# Divides by G + eps instead of sqrt(G) + eps.
TARGET = "RMSprop"
EDITS = [
    ('G.sqrt().add_(group["eps"])', 'G.add(group["eps"])'),
]
