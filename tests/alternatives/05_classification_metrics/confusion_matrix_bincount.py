# legal: "(`np.add.at` or `np.bincount` make it a two-liner; a loop is fine too.)"
# Idiom: np.bincount of the flat index true * K + predicted, reshaped.
def confusion_matrix(y_true, y_pred, n_classes: int) -> np.ndarray:
    idx = as_numpy(y_true).astype(np.int64).ravel() * n_classes + as_numpy(y_pred).astype(np.int64).ravel()
    return np.bincount(idx, minlength=n_classes * n_classes).reshape(n_classes, n_classes)
