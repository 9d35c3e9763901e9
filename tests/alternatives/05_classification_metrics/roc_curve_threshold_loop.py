# legal: "`fpr[k]`, `tpr[k]` the rates of the classifier "score >= thresholds[k]""
# Idiom: a loop over the distinct scores (np.unique, reversed), counting each classifier's TP and FP
# directly; lists turned into arrays at the end.
def roc_curve(y_true, scores):
    y = as_numpy(y_true).ravel()
    s = as_numpy(scores).ravel().astype(np.float64)
    n_pos, n_neg = np.sum(y == 1), np.sum(y == 0)
    if n_pos == 0 or n_neg == 0:
        raise ValueError("roc_curve needs both classes")
    thresholds, fpr, tpr = [np.inf], [0.0], [0.0]
    for t in np.unique(s)[::-1]:
        predicted = s >= t
        thresholds.append(t)
        tpr.append(np.sum(predicted & (y == 1)) / n_pos)
        fpr.append(np.sum(predicted & (y == 0)) / n_neg)
    return np.array(fpr), np.array(tpr), np.array(thresholds)
