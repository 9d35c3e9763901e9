# fails: test_index_batches
# Without replacement, the indices in their natural order: no shuffling.
TARGET = "index_batches"
EDITS = [("torch.randperm(n, generator=generator)", "torch.arange(n)")]
