# fails: test_fit_validation
# Validates with gradients enabled (builds a graph for nothing).
TARGET = "fit"
EDITS = [("with torch.no_grad():", "if True:")]
