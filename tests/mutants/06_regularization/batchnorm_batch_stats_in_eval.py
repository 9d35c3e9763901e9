# fails: test_BatchNorm1d_eval
# Normalizes with the batch's statistics in eval mode too.
TARGET = "BatchNorm1d"
EDITS = [
    ("        else:\n            mean, var = self.running_mean, self.running_var\n",
     "        else:\n            mean, var = x.mean(dim=0), x.var(dim=0, unbiased=False)\n"),
]
