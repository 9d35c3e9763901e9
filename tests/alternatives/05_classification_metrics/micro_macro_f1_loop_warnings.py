# legal: "returning `(micro, macro)` as numbers (floats), averaging over all `n_classes` classes"
# Idiom: a loop over the classes with the per-class F1 as the harmonic mean of precision and recall,
# each computed on NumPy ints with 0/0 -> nan (RuntimeWarning) -> np.nan_to_num; micro F1 from the
# pooled counts.
def micro_macro_f1(y_true, y_pred, n_classes: int) -> tuple:
    cm = confusion_matrix(y_true, y_pred, n_classes)
    per_class = []
    tp_all = fp_all = fn_all = 0
    for k in range(n_classes):
        tp = cm[k, k]
        fp = cm[:, k].sum() - tp
        fn = cm[k, :].sum() - tp
        p = np.nan_to_num(tp / (tp + fp))
        r = np.nan_to_num(tp / (tp + fn))
        per_class.append(np.nan_to_num(2 * p * r / (p + r)))
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    micro = np.nan_to_num(2 * tp_all / (2 * tp_all + fp_all + fn_all))
    return micro, np.mean(per_class)
