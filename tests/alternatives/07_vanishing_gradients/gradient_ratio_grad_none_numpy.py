# legal: "clear any gradients already on the model (`model.zero_grad()`), compute the cross-entropy of `model(X)` against `y` (no penalty), run one backward pass, and return the ratio above as a Python float"
# Clears the gradients by setting them to None, sums the cross-entropy and divides by the batch, and takes the
# means in NumPy: the result is an np.float64 (a float subclass).
def gradient_ratio(model, X, y):
    for p in model.parameters():
        p.grad = None
    loss = nn.functional.cross_entropy(model(X), y, reduction="sum") / len(y)
    loss.backward()
    weights = [m.weight for m in model.modules() if isinstance(m, nn.Linear)]
    first = np.abs(weights[0].grad.detach().cpu().numpy().astype(np.float64)).mean()
    last = np.abs(weights[-1].grad.detach().cpu().numpy().astype(np.float64)).mean()
    return first / last
