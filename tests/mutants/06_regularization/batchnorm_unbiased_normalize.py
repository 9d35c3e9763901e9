# fails: test_BatchNorm1d_train
# Normalizes with the unbiased variance (divides by m - 1) in training.
TARGET = "BatchNorm1d"
EDITS = [
    ("var = ((x - mean) ** 2).mean(dim=0)  # biased: divide by m", "var = x.var(dim=0, unbiased=True)"),
    ("a * var * m / (m - 1))  # unbiased", "a * var)  # already unbiased"),
]
