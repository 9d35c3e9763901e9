# fails: test_precision_recall_f1
def precision_recall_f1(y_true, y_pred, positive=1):
    is_true = as_numpy(y_true).ravel() == positive
    is_pred = as_numpy(y_pred).ravel() == positive
    tp = int(np.sum(is_true & is_pred))
    fp = int(np.sum(~is_true & is_pred))
    fn = int(np.sum(is_true & ~is_pred))
    precision = tp / (tp + fn) if tp + fn > 0 else 0.0
    recall = tp / (tp + fp) if tp + fp > 0 else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return precision, recall, f1
