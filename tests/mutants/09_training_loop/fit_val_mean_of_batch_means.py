# fails: test_fit_validation
# The validation loss as the mean of the batch means.
TARGET = "fit"
EDITS = [("total += loss_fn(model(x), y).item() * len(x)\n                    count += len(x)",
          "total += loss_fn(model(x), y).item()\n                    count += 1")]
