# fails: test_mse_hessian, test_max_stable_lr_two_gaussians
# Forgets to divide by N.
TARGET = "mse_hessian"
EDITS = [
    ("X_tilde.T @ X_tilde / X.shape[0]", "X_tilde.T @ X_tilde"),
]
