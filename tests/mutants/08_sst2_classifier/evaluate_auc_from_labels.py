# fails: test_evaluate
# ROC-AUC from the hard labels instead of the probabilities.
TARGET = "evaluate"
EDITS = [
    ("roc_auc_score(y, proba)", "roc_auc_score(y, pred)"),
]
