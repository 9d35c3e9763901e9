# fails: test_fit
# Records the learning rate at the end of the epoch, after the scheduler step: one epoch late.
TARGET = "fit"
EDITS = [
    ('        history["lr"].append(optimizer.param_groups[0]["lr"])\n', ""),
    ("\n    return history", '\n        history["lr"].append(optimizer.param_groups[0]["lr"])\n    return history'),
]
