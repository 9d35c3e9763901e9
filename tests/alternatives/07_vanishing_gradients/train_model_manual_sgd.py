# legal: "take one SGD step `p <- p - lr * p.grad` on **every** parameter (you may use `torch.optim.SGD`)" and "(`torch.linalg.norm(W)` or `torch.norm(W)`)"
# Plain SGD written by hand, gradients cleared by setting them to None, torch.norm, F.cross_entropy, and the
# histories collected per epoch then transposed with zip; the losses are stored as np.float64.
def train_model(model, X, y, num_epochs, lr=0.1, reg_coef=0.01):
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    loss_history, per_epoch = [], []
    for _ in range(num_epochs):
        for p in model.parameters():
            p.grad = None
        penalty = sum(torch.norm(m.weight) for m in linears)
        loss = nn.functional.cross_entropy(model(X), y) + reg_coef * penalty
        loss.backward()
        loss_history.append(np.float64(loss.item()))
        per_epoch.append(layer_grad_magnitudes(model))
        with torch.no_grad():
            for p in model.parameters():
                p.sub_(lr * p.grad)
    grad_history = [list(column) for column in zip(*per_epoch)] if per_epoch else [[] for _ in linears]
    return model, loss_history, grad_history
