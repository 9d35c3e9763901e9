# legal: "yields 1-D `int64` tensors of indices into a data set of `n` examples: every index in `range(n)` exactly once, in batches of `batch_size` (the last one holds what is left and may be shorter)."
# torch.split of the permutation, and `yield from`.
def minibatches(n, batch_size, shuffle=True, generator=None):
    order = torch.randperm(n, generator=generator) if shuffle else torch.arange(n, dtype=torch.int64)
    yield from order.split(batch_size)
