# legal: "returning the tuple `(precision, recall, f1)` of numbers (floats)"
# Idiom: plain Python with the int 0 on an empty denominator (`... if tp + fp else 0`), and F1 from
# the counts, 2TP / (2TP + FP + FN), instead of the harmonic mean of P and R.
def precision_recall_f1(y_true, y_pred, positive: int = 1) -> tuple:
    pairs = list(zip(as_numpy(y_true).ravel().tolist(), as_numpy(y_pred).ravel().tolist()))
    tp = sum(1 for t, p in pairs if t == positive and p == positive)
    fp = sum(1 for t, p in pairs if t != positive and p == positive)
    fn = sum(1 for t, p in pairs if t == positive and p != positive)
    precision = tp / (tp + fp) if tp + fp else 0
    recall = tp / (tp + fn) if tp + fn else 0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0
    return precision, recall, f1
