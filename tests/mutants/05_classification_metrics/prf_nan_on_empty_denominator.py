# fails: test_precision_recall_f1
# Returns nan instead of 0.0 on an empty denominator.
TARGET = "precision_recall_f1"
EDITS = [
    ("if tp + fp > 0 else 0.0", 'if tp + fp > 0 else float("nan")'),
    ("if tp + fn > 0 else 0.0", 'if tp + fn > 0 else float("nan")'),
    ("if precision + recall > 0 else 0.0", 'if precision + recall > 0 else float("nan")'),
]
