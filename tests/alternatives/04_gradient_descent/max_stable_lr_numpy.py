# legal: "**Exercise 3 (2 points).** Implement `max_stable_lr(H)` = $2/\lambda_{max}(H)$, a Python `float`."
# NumPy: np.linalg.eigvalsh gives a np.float64 (a subclass of Python's float).
import numpy as np


def max_stable_lr(H):
    return 2 / np.linalg.eigvalsh(H.detach().cpu().double().numpy()).max()
