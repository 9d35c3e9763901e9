# fails: test_nll_loss
def nll_loss(log_probs, targets):
    return log_probs.gather(1, targets.unsqueeze(1)).mean()
