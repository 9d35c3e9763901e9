# fails: test_micro_macro_f1
def micro_macro_f1(y_true, y_pred, n_classes):
    cm = confusion_matrix(y_true, y_pred, n_classes).astype(np.float64)
    tp = np.diag(cm)
    fp = cm.sum(axis=0) - tp
    fn = cm.sum(axis=1) - tp
    micro = 2 * tp.sum() / (2 * tp.sum() + fp.sum() + fn.sum())
    present = np.unique(as_numpy(y_true))  # averages over the classes that occur in y_true only
    per_class = 2 * tp[present] / (2 * tp[present] + fp[present] + fn[present])
    return float(micro), float(per_class.mean())
