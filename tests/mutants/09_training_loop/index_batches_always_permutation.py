# fails: test_index_batches
# Ignores `replace`: always a cut permutation (the last batch smaller, no repeats).
TARGET = "index_batches"
EDITS = [("    if replace:\n", "    if False:\n")]
