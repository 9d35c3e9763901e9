# legal: "Implement `kl_divergence(p, q, dim=-1)` directly from the first formula" / "Terms with $p_i = 0$ contribute 0."
# p * log(p / q) on the positive entries (a boolean mask and torch.where), the same formula with one log.
def kl_divergence(p, q, dim=-1):
    ratio = torch.where(p > 0, p / q, torch.ones_like(p))
    return (p * torch.log(ratio)).sum(dim)
