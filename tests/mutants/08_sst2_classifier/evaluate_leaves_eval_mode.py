# fails: test_evaluate
# Switches to eval mode and never switches back.
TARGET = "evaluate"
EDITS = [
    ("        model.train(was_training)\n", "        pass\n"),
]
