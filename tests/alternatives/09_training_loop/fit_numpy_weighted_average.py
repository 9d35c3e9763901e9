# legal: "a dict with three lists of numbers (Python or NumPy floats, not tensors: use `.item()`)"
# Idiom: batch losses and sizes collected in lists, the epoch loss as np.average(..., weights=sizes) (a NumPy
# float64); a helper for the validation pass; `model.train(False)` written as model.eval().
def _mean_loss(model, loader, loss_fn):
    losses, sizes = [], []
    with torch.no_grad():
        for x, y in loader:
            losses.append(loss_fn(model(x), y).item())
            sizes.append(len(y))
    return np.average(losses, weights=sizes)


def fit(model, loader, loss_fn, optimizer, epochs, scheduler=None, val_loader=None):
    history = {"train_loss": [], "val_loss": [], "lr": []}
    for _ in range(epochs):
        history["lr"].append(optimizer.param_groups[0]["lr"])
        model.train()
        losses, sizes = [], []
        for x, y in loader:
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            sizes.append(len(y))
        history["train_loss"].append(np.average(losses, weights=sizes))
        if val_loader is not None:
            model.eval()
            history["val_loss"].append(_mean_loss(model, val_loader, loss_fn))
        if scheduler is not None:
            if isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
                scheduler.step(history["val_loss"][-1] if history["val_loss"] else history["train_loss"][-1])
            else:
                scheduler.step()
    return history
