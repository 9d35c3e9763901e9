# fails: test_information
def information(p, base=2):
    return -torch.log(p)
