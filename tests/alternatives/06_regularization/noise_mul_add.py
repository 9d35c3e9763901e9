# legal: "return `x + std * noise`, where `noise` has independent standard normal entries drawn with `torch.randn(...)`"
# Idiom: torch.add with alpha=std (x + alpha * noise) instead of the written-out expression.
def add_gaussian_noise(x: torch.Tensor, std: float, generator=None) -> torch.Tensor:
    noise = torch.randn(x.shape, generator=generator, dtype=x.dtype, device=x.device)
    return torch.add(x, noise, alpha=std)
