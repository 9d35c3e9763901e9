# fails: test_fit
# Steps the scheduler after every batch instead of once per epoch.
TARGET = "fit"
EDITS = [
    ("            optimizer.step()\n",
     "            optimizer.step()\n            if scheduler is not None and not isinstance(scheduler, ReduceLROnPlateau):\n"
     "                scheduler.step()\n"),
    ("            else:\n                scheduler.step()", "            else:\n                pass"),
]
