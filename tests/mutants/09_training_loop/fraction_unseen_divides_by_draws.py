# fails: test_fraction_unseen
# Divides the unseen count by the number of draws instead of by n.
def fraction_unseen(batches, n):
    seen = set(torch.cat(list(batches)).tolist())
    return (n - len(seen)) / sum(len(b) for b in batches)
