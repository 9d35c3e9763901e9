# legal: "(`np.add.at` or `np.bincount` make it a two-liner; a loop is fine too.)"
# Idiom: a Python loop over the (true, predicted) pairs of tolist()ed labels.
def confusion_matrix(y_true, y_pred, n_classes: int) -> np.ndarray:
    cm = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(as_numpy(y_true).ravel().tolist(), as_numpy(y_pred).ravel().tolist()):
        cm[int(t), int(p)] += 1
    return cm
