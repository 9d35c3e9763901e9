# fails: test_train_classifier
# Measures the dev set with dropout still on (no model.eval() before the dev pass).
TARGET = "train_classifier"
EDITS = [
    ("        model.eval()\n        with torch.no_grad():\n            logits = model(X_dev)", "        with torch.no_grad():\n            logits = model(X_dev)"),
]
