# fails: test_TensorPairs
# Returns the whole label tensor with every example instead of the example's own label.
TARGET = "TensorPairs"
EDITS = [("return x, self.y[i]", "return x, self.y")]
