# fails: test_fraction_unseen
# Counts draws instead of distinct examples: an example drawn twice counts twice.
def fraction_unseen(batches, n):
    return 1.0 - sum(len(b) for b in batches) / n
