# legal: "A class with $TP_k + FP_k = 0$ (never predicted) has precision 0.0 and still counts in the macro average."
# Idiom: vectorized per-class precision on integer arrays (0/0 prints a RuntimeWarning), repaired with
# np.nan_to_num; micro from the summed counts (the mean's 1/K cancels); NumPy float64 results.
def micro_macro_precision(tp, fp) -> tuple:
    tp = as_numpy(tp).ravel()
    fp = as_numpy(fp).ravel()
    micro = np.nan_to_num(tp.sum() / (tp.sum() + fp.sum()))
    macro = np.nan_to_num(tp / (tp + fp)).mean()
    return micro, macro
