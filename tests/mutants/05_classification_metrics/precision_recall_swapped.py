# fails: test_precision_recall_f1
# Precision divides by tp + fn and recall by tp + fp: swapped.
TARGET = "precision_recall_f1"
EDITS = [
    ("precision = tp / (tp + fp) if tp + fp > 0", "precision = tp / (tp + fn) if tp + fn > 0"),
    ("recall = tp / (tp + fn) if tp + fn > 0", "recall = tp / (tp + fp) if tp + fp > 0"),
]
