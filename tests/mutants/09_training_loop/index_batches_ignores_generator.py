# fails: test_index_batches
# Draws from the global random state instead of `generator`: the same seed does not give the same batches.
TARGET = "index_batches"
EDITS = [("torch.randperm(n, generator=generator)", "torch.randperm(n)"),
         ("torch.randint(0, n, (batch_size,), generator=generator)", "torch.randint(0, n, (batch_size,))")]
