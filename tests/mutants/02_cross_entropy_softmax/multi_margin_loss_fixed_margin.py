# fails: test_multi_margin_loss
# Ignores the margin argument and always uses 1.
TARGET = "multi_margin_loss"
EDITS = [("hinge = (scores - true_score + margin).clamp(min=0)", "hinge = (scores - true_score + 1.0).clamp(min=0)")]
