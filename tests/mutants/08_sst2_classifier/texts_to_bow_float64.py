# fails: test_texts_to_bow
def texts_to_bow(texts, token_to_idx):
    import numpy as np

    X = np.zeros((len(texts), len(token_to_idx)))
    for k, text in enumerate(texts):
        for token in tokenize(text):
            if token in token_to_idx:
                X[k, token_to_idx[token]] += 1
    return torch.from_numpy(X)  # float64
