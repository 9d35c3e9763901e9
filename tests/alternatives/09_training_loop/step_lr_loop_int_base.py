# legal: "Both return a number (a Python or NumPy float, not a tensor)"
# Idiom: a loop that multiplies by gamma at every multiple of step_size; NumPy's float64 for the result.
def step_lr(base_lr, epoch, step_size, gamma):
    lr = np.float64(base_lr)
    for e in range(1, epoch + 1):
        if e % step_size == 0:
            lr = lr * gamma
    return lr
