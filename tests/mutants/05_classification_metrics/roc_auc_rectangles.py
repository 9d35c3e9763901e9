# fails: test_roc_auc_lecture, test_roc_auc
def roc_auc(y_true, scores):
    fpr, tpr, _ = roc_curve(y_true, scores)
    return float(np.sum(np.diff(fpr) * tpr[:-1]))  # left rectangles: the diagonal step of a tie is lost
