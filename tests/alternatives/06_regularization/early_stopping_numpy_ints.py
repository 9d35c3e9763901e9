# legal: "returning the pair of ints `(best_epoch, stop_epoch)` (Python or NumPy ints)"
# Idiom: NumPy: np.argmin over the losses seen so far gives NumPy int64 indices (the first minimum on ties),
# which are ints in the sense of numbers.Integral.
def early_stopping_epoch(val_losses, patience: int):
    losses = np.asarray(val_losses, dtype=np.float64)
    for epoch in range(len(losses)):
        best = np.argmin(losses[: epoch + 1])  # the first position of the minimum: ties are no improvement
        if epoch - best >= patience:
            return best, np.int64(epoch)
    return np.argmin(losses), np.int64(len(losses) - 1)
