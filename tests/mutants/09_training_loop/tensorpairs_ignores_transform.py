# fails: test_TensorPairs
# Stores the transform but never applies it.
TARGET = "TensorPairs"
EDITS = [("x = self.transform(x)", "pass")]
