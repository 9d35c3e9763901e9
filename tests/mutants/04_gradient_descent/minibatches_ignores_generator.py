# fails: test_minibatches_generator
# Shuffles with the global RNG, ignoring generator.
TARGET = "minibatches"
EDITS = [
    ("torch.randperm(n, generator=generator)", "torch.randperm(n)"),
]
