# fails: test_train_model_loss
def train_model(model, X, y, num_epochs, lr=0.1, reg_coef=0.01):
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    loss_history, grad_history = [], [[] for _ in linears]
    for _ in range(num_epochs):
        opt.zero_grad()
        ce = loss_fn(model(X), y)
        loss = ce + reg_coef * sum(torch.linalg.norm(m.weight) for m in linears)
        loss.backward()
        loss_history.append(ce.item())  # records the cross-entropy only
        for k, value in enumerate(layer_grad_magnitudes(model)):
            grad_history[k].append(value)
        opt.step()
    return model, loss_history, grad_history
