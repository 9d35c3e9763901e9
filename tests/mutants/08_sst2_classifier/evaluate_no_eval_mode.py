# fails: test_evaluate
def evaluate(model, X, y):
    from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score

    with torch.no_grad():  # but dropout stays on when the model comes in training mode
        logits = model(X.to(next(model.parameters()).device)).float().cpu()
    proba = torch.softmax(logits, dim=1)[:, 1].numpy()
    pred = logits.argmax(dim=1).numpy()
    y = y.cpu().numpy()
    return {
        "accuracy": float((pred == y).mean()),
        "roc_auc": float(roc_auc_score(y, proba)),
        "precision": float(precision_score(y, pred, zero_division=0)),
        "recall": float(recall_score(y, pred, zero_division=0)),
        "f1": float(f1_score(y, pred, zero_division=0)),
    }
