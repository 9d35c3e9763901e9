# legal: "a list of 1-D tensors of an integer dtype"
# Idiom: all draws with replacement in one torch.randint call, unbound into rows (int64); torch.tensor_split
# for the permutation; int32 indices without replacement.
def index_batches(n, batch_size, replace, generator=None):
    k = (n + batch_size - 1) // batch_size
    if replace:
        return list(torch.randint(0, n, (k, batch_size), generator=generator).unbind(0))
    perm = torch.randperm(n, generator=generator, dtype=torch.int32)
    return list(torch.tensor_split(perm, list(range(batch_size, n, batch_size))))
