# fails: test_squared_error
def squared_error(o, t):
    return 0.5 * ((o - t) ** 2).mean()
