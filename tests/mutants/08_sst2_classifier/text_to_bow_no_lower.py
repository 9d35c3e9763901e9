# fails: test_text_to_bow
def text_to_bow(text, token_to_idx):
    bow = torch.zeros(len(token_to_idx), dtype=torch.float32)
    for token in word_punct.tokenize(text):  # the lecture's slip: no lower-casing when encoding
        if token in token_to_idx:
            bow[token_to_idx[token]] += 1
    return bow
