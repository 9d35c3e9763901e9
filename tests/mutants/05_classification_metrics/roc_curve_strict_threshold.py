# fails: test_roc_curve
def roc_curve(y_true, scores):
    y = as_numpy(y_true).ravel().astype(np.int64)
    s = as_numpy(scores).ravel().astype(np.float64)
    n_pos, n_neg = int(np.sum(y == 1)), int(np.sum(y == 0))
    if n_pos == 0 or n_neg == 0:
        raise ValueError("the ROC curve needs both classes")
    thresholds = np.r_[np.inf, np.unique(s)[::-1]]
    # "score > t" instead of "score >= t": every point lags one threshold behind
    tpr = np.array([np.sum((s > t) & (y == 1)) / n_pos for t in thresholds])
    fpr = np.array([np.sum((s > t) & (y == 0)) / n_neg for t in thresholds])
    return fpr, tpr, thresholds
