# fails: test_confusion_matrix
def confusion_matrix(y_true, y_pred, n_classes):
    y_true = as_numpy(y_true).astype(np.int64).ravel()
    y_pred = as_numpy(y_pred).astype(np.int64).ravel()
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (y_pred, y_true), 1)  # rows = predictions
    return cm
