# legal: "Implement `binary_cross_entropy(p, y)`, matching `F.binary_cross_entropy` (default reduction, the mean) for any shape, including its clamp."
# torch.maximum with a -100 tensor for the clamp, and sum() / numel() for the mean.
def binary_cross_entropy(p, y):
    floor = torch.tensor(-100.0, dtype=p.dtype)
    log_p = torch.maximum(torch.log(p), floor)
    log_1mp = torch.maximum(torch.log1p(-p), floor)
    return -(y * log_p + (1 - y) * log_1mp).sum() / p.numel()
