# fails: test_micro_macro_precision_lecture, test_micro_macro_precision
def micro_macro_precision(tp, fp):
    tp = as_numpy(tp).astype(np.float64).ravel()
    fp = as_numpy(fp).astype(np.float64).ravel()
    micro = tp.sum() / (tp.sum() + fp.sum()) if tp.sum() + fp.sum() > 0 else 0.0
    denom = tp + fp
    macro = np.divide(tp, denom, out=np.zeros_like(tp), where=denom > 0).mean()
    return float(macro), float(micro)
