# fails: test_index_batches
# n // batch_size batches: the last, incomplete batch is dropped with replacement.
TARGET = "index_batches"
EDITS = [("num_batches = math.ceil(n / batch_size)", "num_batches = n // batch_size")]
