# legal: "returning a number (float)"
# Idiom: the trace of the confusion matrix over its sum, left as a NumPy float64 (no float()).
def accuracy(y_true, y_pred) -> float:
    y_true = as_numpy(y_true).ravel()
    y_pred = as_numpy(y_pred).ravel()
    return np.sum(y_true == y_pred) / y_true.size
