# fails: test_dropout
def dropout(x, p, training=True, generator=None):
    if not 0.0 <= p <= 1.0:
        raise ValueError("p must be in [0, 1]")
    if not training or p == 0.0:
        return x
    if p == 1.0:
        return x * 0.0
    keep = torch.rand(x.shape, generator=generator, device=x.device) >= p
    return x * keep * (1.0 - p)
