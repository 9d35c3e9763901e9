# fails: test_evaluate
# Reports precision as recall and recall as precision.
TARGET = "evaluate"
EDITS = [
    ('"precision": float(precision),\n        "recall": float(recall),',
     '"precision": float(recall),\n        "recall": float(precision),'),
]
