# fails: test_roc_curve
# One point per object instead of per distinct score: ties are split.
TARGET = "roc_curve"
EDITS = [
    ("last = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]", "last = np.arange(len(s))"),
]
