# fails: test_roc_auc_lecture, test_roc_auc
def roc_auc(y_true, scores):
    y = as_numpy(y_true).ravel()
    s = as_numpy(scores).ravel().astype(np.float64)
    pos, neg = s[y == 1], s[y == 0]
    if len(pos) == 0 or len(neg) == 0:
        raise ValueError("both classes needed")
    return float((pos[:, None] > neg[None, :]).mean())
