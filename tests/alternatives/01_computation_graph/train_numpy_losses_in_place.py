# legal: "`losses` is a Python list ... and `losses[k]` is the error before update `k` as a number, e.g. `E.item()`, not a tensor"
# Losses stored as NumPy float64 scalars; the updates are in place on clones of the given weights.
import numpy as np


def train(x, t, W_hidden, W_out, lr, steps):
    W_hidden = W_hidden.detach().clone()
    W_out = W_out.detach().clone()
    losses = []
    for _ in range(steps):
        h, o = forward(x, W_hidden, W_out)
        losses.append(np.float64(squared_error(o, t).item()))
        dW_hidden = grad_hidden_weights(x, h, o, t, W_out)
        dW_out = grad_output_weights(h, o, t)
        W_hidden -= lr * dW_hidden
        W_out -= lr * dW_out
    return W_hidden, W_out, losses
