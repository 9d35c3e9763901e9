# fails: test_cross_entropy_grad
def cross_entropy_grad(logits, targets):
    one_hot = F.one_hot(targets, logits.shape[1]).to(logits.dtype)
    return softmax(logits, dim=-1) - one_hot
