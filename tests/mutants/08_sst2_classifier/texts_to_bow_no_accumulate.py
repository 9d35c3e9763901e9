# fails: test_texts_to_bow
def texts_to_bow(texts, token_to_idx):
    rows, cols = [], []
    for k, text in enumerate(texts):
        for token in tokenize(text):
            if token in token_to_idx:
                rows.append(k)
                cols.append(token_to_idx[token])
    X = torch.zeros(len(texts), len(token_to_idx))
    X[torch.tensor(rows, dtype=torch.long), torch.tensor(cols, dtype=torch.long)] = 1.0  # repeats overwrite
    return X
