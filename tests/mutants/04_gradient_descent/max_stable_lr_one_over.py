# fails: test_max_stable_lr, test_max_stable_lr_two_gaussians
# Returns 1 / lambda_max (the optimal rate), not 2 / lambda_max.
TARGET = "max_stable_lr"
EDITS = [
    ("return 2.0 /", "return 1.0 /"),
]
