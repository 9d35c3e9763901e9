# fails: test_sigmoid
def sigmoid(x):
    return 1.0 / (1.0 + torch.exp(x))
