# fails: test_text_to_bow
def text_to_bow(text, token_to_idx):
    bow = torch.zeros(len(token_to_idx), dtype=torch.float32)
    for token in tokenize(text):
        if token in token_to_idx:
            bow[token_to_idx[token]] = 1.0  # presence, not counts
    return bow
