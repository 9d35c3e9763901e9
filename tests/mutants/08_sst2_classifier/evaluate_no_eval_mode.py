# fails: test_evaluate
# Never switches to eval mode: dropout stays on when the model comes in training mode.
TARGET = "evaluate"
EDITS = [
    ("    model.eval()\n", ""),
]
