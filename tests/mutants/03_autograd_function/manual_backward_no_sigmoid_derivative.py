# fails: test_manual_backward
def manual_backward(x, y, z):
    f = 1.0 / (1.0 + math.exp(-(x * y + z)))
    return f, y, x, 1.0  # the sigmoid's local gradient f * (1 - f) is missing
