# legal: "the plain mean of the mini-batch losses differs only through a shorter last batch and is accepted too" and "the int `best_epoch` (0-based; a NumPy integer such as `np.argmax`'s is fine)"
# train_loss is np.mean of the batch losses, the dev accuracy a NumPy mean; every epoch's weights are kept and
# the best one is chosen with np.argmax (the first maximum) at the end, so best_epoch is an np.int64.
def train_classifier(model, X_train, y_train, X_dev, y_dev, epochs: int = 10, batch_size: int = 64,
                     lr: float = 1e-3, seed: int = 0, progress: bool = True) -> dict:
    device = next(model.parameters()).device
    X_train, y_train, X_dev, y_dev = X_train.to(device), y_train.to(device), X_dev.to(device), y_dev.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    train_loss, dev_loss, dev_accuracy, states = [], [], [], []
    for _ in tqdm(range(epochs), disable=not progress):
        model.train()
        order = torch.randperm(len(X_train), generator=generator).to(device)
        batch_losses = []
        for batch in torch.split(order, batch_size):
            optimizer.zero_grad()
            loss = F.cross_entropy(model(X_train[batch]), y_train[batch])
            loss.backward()
            optimizer.step()
            batch_losses.append(loss.item())
        train_loss.append(np.mean(batch_losses))
        model.eval()
        with torch.no_grad():
            logits = model(X_dev)
        dev_loss.append(F.cross_entropy(logits, y_dev).item())
        dev_accuracy.append(np.mean((logits.argmax(1) == y_dev).cpu().numpy()))
        states.append(copy.deepcopy(model.state_dict()))
    best_epoch = np.argmax(dev_accuracy)
    model.load_state_dict(states[best_epoch])
    return {"train_loss": train_loss, "dev_loss": dev_loss, "dev_accuracy": dev_accuracy, "best_epoch": best_epoch}
