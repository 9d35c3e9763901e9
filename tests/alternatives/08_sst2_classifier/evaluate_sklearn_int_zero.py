# legal: "You may use `sklearn.metrics`." and "a ratio with a zero denominator counts as 0.0"
# scikit-learn's metric functions (np.float64 results); F1 written by hand with the int 0 for 0/0.
def evaluate(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> dict:
    from sklearn.metrics import accuracy_score, precision_score, recall_score, roc_auc_score

    mode = model.training
    model.eval()
    with torch.no_grad():
        logits = model(X.to(next(model.parameters()).device)).cpu()
    model.train(mode)
    y = y.cpu().numpy()
    pred = logits.argmax(1).numpy()
    p = precision_score(y, pred, zero_division=0)
    r = recall_score(y, pred, zero_division=0)
    return {"accuracy": accuracy_score(y, pred), "roc_auc": roc_auc_score(y, logits.softmax(1)[:, 1].numpy()),
            "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r > 0 else 0}
