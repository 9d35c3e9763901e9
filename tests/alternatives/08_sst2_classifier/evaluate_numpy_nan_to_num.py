# legal: "Return a dict of Python floats with the keys `accuracy`, `roc_auc`, `precision`, `recall`, `f1` (precision, recall and F1 of class 1; a ratio with a zero denominator counts as 0.0)"
# NumPy counts, 0/0 left to NumPy (a RuntimeWarning) and then np.nan_to_num: the values are np.float64.
def evaluate(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> dict:
    from sklearn.metrics import roc_auc_score

    was_training = model.training
    model.eval()
    with torch.no_grad():
        logits = model(X.to(next(model.parameters()).device)).float().cpu()
    model.train(was_training)
    proba = torch.softmax(logits, dim=1)[:, 1].numpy()
    pred = logits.argmax(dim=1).numpy()
    y = y.cpu().numpy()
    tp = np.sum((pred == 1) & (y == 1))
    fp = np.sum((pred == 1) & (y == 0))
    fn = np.sum((pred == 0) & (y == 1))
    precision = np.nan_to_num(tp / (tp + fp))
    recall = np.nan_to_num(tp / (tp + fn))
    f1 = np.nan_to_num(2 * precision * recall / (precision + recall))
    return {"accuracy": np.mean(pred == y), "roc_auc": roc_auc_score(y, proba), "precision": precision,
            "recall": recall, "f1": f1}
