# fails: test_l2_penalty
def l2_penalty(params):
    return torch.sqrt(sum((p * p).sum() for p in params))
