# legal: "return zeros when `p == 1` (watch out: $1/(1-1)$ is `inf`, and `0 * inf` is `nan`)"
# Idiom: torch.where picks 0 for the dropped entries, so p == 1 needs no special case (x / 0 = inf is
# computed but never selected); the mask uses `>` instead of `>=`.
def dropout(x: torch.Tensor, p: float, training: bool = True, generator=None) -> torch.Tensor:
    if p < 0 or p > 1:
        raise ValueError(f"p must lie in [0, 1], got {p}")
    if not training or p == 0:
        return x
    keep = torch.rand(x.shape, generator=generator, device=x.device) > p
    return torch.where(keep, x / (1 - p), torch.zeros_like(x))
