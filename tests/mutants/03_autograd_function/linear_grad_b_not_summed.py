# fails: test_Linear_bias
# grad_b is not summed over the batch.
TARGET = "Linear"
EDITS = [
    ("grad_b = grad.sum(0)", "grad_b = grad"),
]
