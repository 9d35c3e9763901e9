# legal: "either the pair count above or the trapezoid area under your `roc_curve` (both are accepted)"
# Idiom: the trapezoid rule written out on the points of roc_curve (which raises the ValueError).
def roc_auc(y_true, scores) -> float:
    fpr, tpr, _ = roc_curve(y_true, scores)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
