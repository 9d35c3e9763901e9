# fails: test_train_classifier
# Keeps a reference to the live weights instead of a copy: "best" follows training to the end.
TARGET = "train_classifier"
EDITS = [
    ("best_state = dev_acc, copy.deepcopy(model.state_dict())",
     "best_state = dev_acc, model.state_dict()"),
]
