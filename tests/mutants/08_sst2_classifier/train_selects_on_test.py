# fails: test_train_classifier
# Selects the epoch on the test set (X_test, y_test from the notebook's globals).
TARGET = "train_classifier"
EDITS = [
    ("        if dev_acc > best_acc:\n            best_acc, best_state = dev_acc,",
     "        with torch.no_grad():\n"
     "            test_acc = (model(X_test.to(device)).argmax(1) == y_test.to(device)).float().mean().item()\n"
     "        if test_acc > best_acc:\n            best_acc, best_state = test_acc,"),
]
