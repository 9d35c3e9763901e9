# fails: test_build_vocab
def build_vocab(texts, min_count=5):
    counts = Counter()
    for text in texts:
        counts.update(tokenize(text))
    kept = sorted(token for token, n in counts.items() if n >= min_count)
    return {token: i for i, token in enumerate(kept)}
