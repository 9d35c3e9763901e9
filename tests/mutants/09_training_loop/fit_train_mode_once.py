# fails: test_fit_validation
# Calls model.train() once before the first epoch: after the first validation the model trains in eval mode.
TARGET = "fit"
EDITS = [
    ("    for _ in range(epochs):\n", "    model.train()\n    for _ in range(epochs):\n"),
    ("        model.train()\n", ""),
]
