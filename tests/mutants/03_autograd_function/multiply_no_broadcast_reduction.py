# fails: test_Multiply_broadcast
# Does not sum the gradients over the broadcast dimensions.
TARGET = "Multiply"
EDITS = [
    ("(y * grad).sum_to_size(x.shape)", "y * grad"),
    ("(x * grad).sum_to_size(y.shape)", "x * grad"),
]
