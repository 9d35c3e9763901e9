# fails: test_roc_auc
def roc_auc(y_true, scores):
    return float(_sk_auc(as_numpy(y_true), as_numpy(scores)))


from sklearn.metrics import roc_auc_score as _sk_auc  # noqa: E402  (an alias that forbid alone cannot see)
