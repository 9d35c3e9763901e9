# fails: test_mse
def mse(x, y):
    return ((x - y) ** 2).mean().sqrt()
