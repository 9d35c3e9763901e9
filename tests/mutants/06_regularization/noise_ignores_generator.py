# fails: test_add_gaussian_noise
def add_gaussian_noise(x, std, generator=None):
    return x + std * torch.randn_like(x)
