# legal: "the sum of `loss.item() * len(x)` over the batches, divided by the number of examples"
# Idiom: L2's enumerate(loader, 0); the total accumulated as a detached tensor, divided by len(loader.dataset)
# and turned into a number once per epoch; ReduceLROnPlateau stepped with the keyword `metrics`.
def fit(model, loader, loss_fn, optimizer, epochs, scheduler=None, val_loader=None):
    history = {"train_loss": [], "val_loss": [], "lr": []}
    for _epoch in range(epochs):
        history["lr"].append(optimizer.param_groups[0]["lr"])
        model.train()
        running_loss = torch.zeros(())
        for _i, batch in enumerate(loader, 0):
            inputs, labels = batch
            optimizer.zero_grad()
            outputs = model(inputs)
            loss = loss_fn(outputs, labels)
            loss.backward()
            optimizer.step()
            running_loss = running_loss + loss.detach().double() * inputs.shape[0]
        history["train_loss"].append((running_loss / len(loader.dataset)).item())
        if val_loader is not None:
            model.eval()
            with torch.no_grad():
                val_total = sum(loss_fn(model(x), y).double() * x.shape[0] for x, y in val_loader)
            history["val_loss"].append((val_total / len(val_loader.dataset)).item())
        if isinstance(scheduler, ReduceLROnPlateau):
            scheduler.step(metrics=history["val_loss" if val_loader is not None else "train_loss"][-1])
        elif scheduler is not None:
            scheduler.step()
    return history
