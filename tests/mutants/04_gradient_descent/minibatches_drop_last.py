# fails: test_minibatches_cover
def minibatches(n, batch_size, shuffle=True, generator=None):
    order = torch.randperm(n, generator=generator) if shuffle else torch.arange(n)
    for start in range(0, n - batch_size + 1, batch_size):
        yield order[start:start + batch_size]
