# fails: test_cross_entropy_with_logits
def cross_entropy_with_logits(logits, targets):
    logp = log_softmax(logits, dim=-1)
    return -logp.gather(-1, targets.unsqueeze(-1)).sum()
