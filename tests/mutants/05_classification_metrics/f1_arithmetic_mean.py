# fails: test_precision_recall_f1
# F1 as the arithmetic mean of precision and recall instead of the harmonic mean.
TARGET = "precision_recall_f1"
EDITS = [
    ("f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0",
     "f1 = (precision + recall) / 2"),
]
