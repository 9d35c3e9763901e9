# fails: test_cross_entropy
def cross_entropy(p, q, dim=-1):
    return -(p * torch.log(q)).sum(dim=dim)
