# fails: test_train_model_loss, test_train_model_grads
def train_model(model, X, y, num_epochs, lr=0.1, reg_coef=0.01):
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    loss_history, grad_history = [], [[] for _ in linears]
    for _ in range(num_epochs):
        loss = loss_fn(model(X), y) + reg_coef * sum(torch.linalg.norm(m.weight) for m in linears)
        loss.backward()  # gradients accumulate over the epochs
        loss_history.append(loss.item())
        for k, value in enumerate(layer_grad_magnitudes(model)):
            grad_history[k].append(value)
        opt.step()
    return model, loss_history, grad_history
