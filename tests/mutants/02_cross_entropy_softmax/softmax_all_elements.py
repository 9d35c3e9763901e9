# fails: test_softmax
def softmax(z, dim=-1):
    e = torch.exp(z - z.max())
    return e / e.sum()
