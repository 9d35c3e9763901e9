# fails: test_manual_backward
def manual_backward(x, y, z):
    f = 1.0 / (1.0 + math.exp(-(x * y + z)))
    df_ds = f * (1.0 - f)
    return f, x * df_ds, y * df_ds, df_ds  # dq/dx is y, not x
