# fails: test_early_stopping_epoch
def early_stopping_epoch(val_losses, patience):
    best_loss, best_epoch = math.inf, 0
    for epoch, loss in enumerate(val_losses):
        if loss <= best_loss:
            best_loss, best_epoch = loss, epoch
        elif epoch - best_epoch >= patience:
            return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
