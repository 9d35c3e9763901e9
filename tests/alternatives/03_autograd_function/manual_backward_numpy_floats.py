# legal: "Return the four Python floats `(f, df_dx, df_dy, df_dz)`."
# NumPy float64 scalars (a subclass of Python's float), and the sigmoid's derivative as exp(-s) / (1 + exp(-s))^2.
import numpy as np


def manual_backward(x, y, z):
    s = np.float64(x) * y + z
    e = np.exp(-s)
    f = 1 / (1 + e)
    df_ds = e / (1 + e) ** 2
    return f, y * df_ds, x * df_ds, df_ds
