# fails: test_gradient_ratio
def gradient_ratio(model, X, y):
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    nn.functional.cross_entropy(model(X), y).backward()  # adds to whatever gradients were there
    first, last = linears[0].weight.grad, linears[-1].weight.grad
    return (first.abs().mean() / last.abs().mean()).item()
