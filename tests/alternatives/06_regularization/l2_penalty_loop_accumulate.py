# legal: "`params` is any iterable of tensors: a list, or `model.parameters()`"
# Idiom: a for loop that accumulates p.pow(2).sum() into a running total started at the Python float 0.0.
def l2_penalty(params) -> torch.Tensor:
    total = 0.0
    for p in params:
        total = total + p.pow(2).sum()
    return total
