# fails: test_confusion_matrix
def confusion_matrix(y_true, y_pred, n_classes):
    y_true = as_numpy(y_true).astype(np.int64).ravel()
    y_pred = as_numpy(y_pred).astype(np.int64).ravel()
    k = int(max(y_true.max(), y_pred.max())) + 1  # ignores n_classes: an absent class loses its row
    cm = np.zeros((k, k), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm
