# fails: test_roc_curve
def roc_curve(y_true, scores):
    y = as_numpy(y_true).ravel().astype(np.int64)
    s = as_numpy(scores).ravel().astype(np.float64)
    n_pos, n_neg = int(np.sum(y == 1)), int(np.sum(y == 0))
    if n_pos == 0 or n_neg == 0:
        raise ValueError("the ROC curve needs both classes")
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    tpr = np.r_[0.0, np.cumsum(y == 1) / n_pos]  # one point per object: ties split
    fpr = np.r_[0.0, np.cumsum(y == 0) / n_neg]
    return fpr, tpr, np.r_[np.inf, s]
