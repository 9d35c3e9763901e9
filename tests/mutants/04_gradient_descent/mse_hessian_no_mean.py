# fails: test_mse_hessian
# Forgets to divide by N.
TARGET = "mse_hessian"
EDITS = [
    ("X_tilde.T @ X_tilde / X.shape[0]", "X_tilde.T @ X_tilde"),
]
