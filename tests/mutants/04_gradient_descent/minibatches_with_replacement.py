# fails: test_minibatches_cover
# Samples indices with replacement instead of a permutation.
TARGET = "minibatches"
EDITS = [
    ("torch.randperm(n, generator=generator)", "torch.randint(n, (n,), generator=generator)"),
]
