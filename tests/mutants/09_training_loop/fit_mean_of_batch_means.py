# fails: test_fit
# The epoch's training loss as the mean of the batch means: the last, smaller batch weighs as much as a full one.
TARGET = "fit"
EDITS = [("total += loss.item() * len(x)\n            count += len(x)", "total += loss.item()\n            count += 1")]
