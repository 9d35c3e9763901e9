# legal: "either the pair count above or the trapezoid area under your `roc_curve` (both are accepted)"
# Idiom: the full P x N table of pairs by broadcasting, ties 1/2; returns a NumPy float64.
def roc_auc(y_true, scores) -> float:
    y = as_numpy(y_true).ravel()
    s = as_numpy(scores).ravel().astype(np.float64)
    pos, neg = s[y == 1], s[y == 0]
    if pos.size == 0 or neg.size == 0:
        raise ValueError("need both classes")
    return ((pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])).mean()
