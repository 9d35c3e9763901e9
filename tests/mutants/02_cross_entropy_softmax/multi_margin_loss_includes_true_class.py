# fails: test_multi_margin_loss
# Sums over every class, the true one too: each example costs margin / classes more.
TARGET = "multi_margin_loss"
EDITS = [("    hinge = hinge.masked_fill(F.one_hot(targets, n_classes).bool(), 0.0)\n", "")]
