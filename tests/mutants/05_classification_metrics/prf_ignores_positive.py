# fails: test_precision_recall_f1
# Always scores class 1, whatever `positive` says.
TARGET = "precision_recall_f1"
EDITS = [
    ("is_true = as_numpy(y_true).ravel() == positive", "is_true = as_numpy(y_true).ravel() == 1"),
    ("is_pred = as_numpy(y_pred).ravel() == positive", "is_pred = as_numpy(y_pred).ravel() == 1"),
]
