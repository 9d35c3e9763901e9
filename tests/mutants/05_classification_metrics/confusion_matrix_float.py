# fails: test_confusion_matrix
def confusion_matrix(y_true, y_pred, n_classes):
    y_true = as_numpy(y_true).astype(np.int64).ravel()
    y_pred = as_numpy(y_pred).astype(np.int64).ravel()
    cm = np.zeros((n_classes, n_classes))  # float counts
    np.add.at(cm, (y_true, y_pred), 1)
    return cm
