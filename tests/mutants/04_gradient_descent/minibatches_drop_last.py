# fails: test_minibatches_cover
# Drops the last, incomplete batch.
TARGET = "minibatches"
EDITS = [
    ("range(0, n, batch_size)", "range(0, n - batch_size + 1, batch_size)"),
]
