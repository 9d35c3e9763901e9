# fails: test_roc_curve
# The curve does not start at (0, 0) with threshold inf.
TARGET = "roc_curve"
EDITS = [
    ("tpr = np.r_[0.0, tps[last] / n_pos]", "tpr = tps[last] / n_pos"),
    ("fpr = np.r_[0.0, fps[last] / n_neg]", "fpr = fps[last] / n_neg"),
    ("thresholds = np.r_[np.inf, s[last]]", "thresholds = s[last]"),
]
