# fails: test_micro_macro_precision
def micro_macro_precision(tp, fp):
    tp = as_numpy(tp).astype(np.float64).ravel()
    fp = as_numpy(fp).astype(np.float64).ravel()
    micro = tp.sum() / (tp.sum() + fp.sum()) if tp.sum() + fp.sum() > 0 else 0.0
    used = tp + fp > 0  # classes never predicted are left out of the mean
    return float(micro), float(np.mean(tp[used] / (tp[used] + fp[used])))
