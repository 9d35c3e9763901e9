# fails: test_train_classifier
# Never restores the best epoch's weights: returns the last epoch's.
TARGET = "train_classifier"
EDITS = [
    ("    if best_state is not None:\n        model.load_state_dict(best_state)\n", ""),
]
