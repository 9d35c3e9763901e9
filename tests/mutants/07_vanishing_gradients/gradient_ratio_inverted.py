# fails: test_gradient_ratio, test_gradient_ratio_spiral
def gradient_ratio(model, X, y):
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    model.zero_grad()
    nn.functional.cross_entropy(model(X), y).backward()
    first, last = linears[0].weight.grad, linears[-1].weight.grad
    return (last.abs().mean() / first.abs().mean()).item()
