# fails: test_accuracy
def accuracy(y_true, y_pred):
    import sklearn.metrics

    return float(sklearn.metrics.accuracy_score(as_numpy(y_true), as_numpy(y_pred)))
