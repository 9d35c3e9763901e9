# fails: test_minibatches_cover
def minibatches(n, batch_size, shuffle=True, generator=None):
    order = torch.randint(n, (n,), generator=generator) if shuffle else torch.arange(n)
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]
