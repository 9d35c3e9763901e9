# fails: test_Multiply
# dz/dx is y, not x: the two local gradients are swapped.
TARGET = "Multiply"
EDITS = [
    ("grad_x = (y * grad)", "grad_x = (x * grad)"),
    ("grad_y = (x * grad)", "grad_y = (y * grad)"),
]
