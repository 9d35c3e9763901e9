# fails: test_cosine_lr
# Anneals from base_lr to 0 whatever eta_min is.
TARGET = "cosine_lr"
EDITS = [("return eta_min + (base_lr - eta_min) *", "return base_lr *")]
