# fails: test_micro_macro_f1
def micro_macro_f1(y_true, y_pred, n_classes):
    cm = confusion_matrix(y_true, y_pred, n_classes).astype(np.float64)
    tp = np.diag(cm)
    pred, true = cm.sum(axis=0), cm.sum(axis=1)
    micro = tp.sum() / cm.sum()
    p = np.divide(tp, pred, out=np.zeros_like(tp), where=pred > 0).mean()
    r = np.divide(tp, true, out=np.zeros_like(tp), where=true > 0).mean()
    return float(micro), float(2 * p * r / (p + r)) if p + r > 0 else 0.0  # F1 of the macro P and R
