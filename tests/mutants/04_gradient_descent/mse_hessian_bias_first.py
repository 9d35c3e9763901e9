# fails: test_mse_hessian
# Puts the bias column first instead of last.
TARGET = "mse_hessian"
EDITS = [
    ("torch.cat([X, ones], dim=1)", "torch.cat([ones, X], dim=1)"),
]
