# legal: "Implement `entropy(p, dim=-1)` in nats, summing over `dim` (the result has that dimension removed). No `nan` for zero probabilities."
# Computes 0 * log(0) = nan first and then replaces the nan by 0 with torch.nan_to_num.
def entropy(p, dim=-1):
    return -torch.nan_to_num(p * torch.log(p), nan=0.0).sum(dim)
