# legal: "then the metric is defined as 0.0, as scikit-learn does with `zero_division=0`. Never return `nan`"
# Idiom: NumPy integer counts divided as they are (0/0 gives nan and prints a RuntimeWarning), then
# np.nan_to_num; the results are NumPy float64 scalars.
def precision_recall_f1(y_true, y_pred, positive: int = 1) -> tuple:
    y_true = as_numpy(y_true).ravel()
    y_pred = as_numpy(y_pred).ravel()
    tp = np.sum((y_true == positive) & (y_pred == positive))
    fp = np.sum((y_true != positive) & (y_pred == positive))
    fn = np.sum((y_true == positive) & (y_pred != positive))
    precision = np.nan_to_num(tp / (tp + fp))
    recall = np.nan_to_num(tp / (tp + fn))
    f1 = np.nan_to_num(2 * precision * recall / (precision + recall))
    return precision, recall, f1
