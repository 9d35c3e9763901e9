# fails: test_Adadelta
# eps added after the square roots, as in RMSProp: with D = 0 the first steps are about 1000 times too small.
TARGET = "Adadelta"
EDITS = [
    ("delta = (D + eps).sqrt() / (G + eps).sqrt() * p.grad", "delta = (D.sqrt() + eps) / (G.sqrt() + eps) * p.grad"),
]
