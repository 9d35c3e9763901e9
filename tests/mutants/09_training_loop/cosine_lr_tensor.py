# fails: test_cosine_lr
# Returns a 0-d tensor (torch.cos of a tensor): the text asks for a number, not a tensor.
def cosine_lr(base_lr, epoch, T_max, eta_min=0.0):
    return eta_min + (base_lr - eta_min) * (1 + torch.cos(torch.tensor(math.pi * epoch / T_max))) / 2
