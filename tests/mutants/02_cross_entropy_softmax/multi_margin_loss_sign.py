# fails: test_multi_margin_loss
# The true score minus the wrong one: penalizes the classes that lose instead of those that come close.
TARGET = "multi_margin_loss"
EDITS = [("hinge = (scores - true_score + margin).clamp(min=0)", "hinge = (true_score - scores + margin).clamp(min=0)")]
