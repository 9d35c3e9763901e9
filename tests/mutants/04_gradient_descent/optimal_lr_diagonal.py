# fails: test_optimal_lr
def optimal_lr(H):
    return 1.0 / H.diagonal().max().item()
