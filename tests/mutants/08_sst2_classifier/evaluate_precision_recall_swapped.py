# fails: test_evaluate
def evaluate(model, X, y):
    from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score

    was = model.training
    model.eval()
    with torch.no_grad():
        logits = model(X.to(next(model.parameters()).device)).float().cpu()
    model.train(was)
    proba = torch.softmax(logits, dim=1)[:, 1].numpy()
    pred = logits.argmax(dim=1).numpy()
    y = y.cpu().numpy()
    return {
        "accuracy": float((pred == y).mean()),
        "roc_auc": float(roc_auc_score(y, proba)),
        "precision": float(recall_score(y, pred, zero_division=0)),
        "recall": float(precision_score(y, pred, zero_division=0)),
        "f1": float(f1_score(y, pred, zero_division=0)),
    }
