# legal: "Implement `cross_entropy_grad(logits, targets)` ... by this formula (same shape and dtype as `logits`). Use your `softmax`; `F.one_hot(targets, C)` gives the one-hot rows."
# One-hot rows taken from an identity matrix of the logits' dtype instead of F.one_hot.
def cross_entropy_grad(logits, targets):
    B, C = logits.shape
    Y = torch.eye(C, dtype=logits.dtype)[targets]
    return (softmax(logits) - Y) / B
