# fails: test_l1_penalty
def l1_penalty(params):
    return sum(p.abs().mean() for p in params)
