# fails: test_gradient_spread
# The gradient of the SUM over the batch, not of the mean: grows with the batch size.
TARGET = "gradient_spread"
EDITS = [("return 2 * X[idx].T @ residual / len(idx)", "return 2 * X[idx].T @ residual")]
