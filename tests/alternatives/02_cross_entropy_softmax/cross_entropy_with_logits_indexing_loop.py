# legal: "Implement `cross_entropy_with_logits(logits, targets)` with your `log_softmax`, returning a 0-dimensional tensor that autograd can differentiate. ... (Hint: `logp[torch.arange(B), targets]` or `logp.gather`.)"
# Advanced indexing as the hint says, then sum() / B with a Python int B instead of mean().
def cross_entropy_with_logits(logits, targets):
    B = logits.shape[0]
    logp = log_softmax(logits, dim=1)
    return -logp[torch.arange(B), targets].sum() / B
