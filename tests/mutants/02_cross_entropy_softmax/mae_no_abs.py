# fails: test_mae
def mae(x, y):
    return (x - y).mean().abs()
