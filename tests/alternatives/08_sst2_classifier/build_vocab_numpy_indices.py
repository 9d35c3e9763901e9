# legal: "return a dict token -> index for the tokens whose count is strictly greater than `min_count`, indices 0..V-1 in sorted token order"
# Counts with a plain dict, numbers the kept tokens with np.arange: the indices are np.int64.
def build_vocab(texts, min_count: int = 5) -> dict:
    counts = {}
    for text in texts:
        for token in tokenize(text):
            counts[token] = counts.get(token, 0) + 1
    kept = sorted(t for t in counts if counts[t] > min_count)
    return dict(zip(kept, np.arange(len(kept))))
