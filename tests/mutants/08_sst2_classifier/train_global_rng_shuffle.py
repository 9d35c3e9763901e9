# fails: test_train_classifier
# Shuffles with the global random state: the seed argument has no effect.
TARGET = "train_classifier"
EDITS = [
    ("perm = torch.randperm(n, generator=gen).to(device)", "perm = torch.randperm(n).to(device)"),
]
