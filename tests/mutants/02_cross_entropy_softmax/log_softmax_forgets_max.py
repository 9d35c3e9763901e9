# fails: test_log_softmax, test_log_softmax_large
def log_softmax(z, dim=-1):
    c = z.amax(dim=dim, keepdim=True)
    return z - torch.log(torch.exp(z - c).sum(dim=dim, keepdim=True))
