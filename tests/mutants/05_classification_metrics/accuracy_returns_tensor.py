# fails: test_accuracy
def accuracy(y_true, y_pred):
    if isinstance(y_true, torch.Tensor):
        return (y_true == y_pred).float().mean()  # a 0-d tensor, not a float
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))
