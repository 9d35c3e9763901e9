# fails: test_text_to_bow
def text_to_bow(text, token_to_idx):
    position = {token: i for i, token in enumerate(sorted(token_to_idx))}  # assumes sorted indices
    bow = torch.zeros(len(token_to_idx), dtype=torch.float32)
    for token in tokenize(text):
        if token in position:
            bow[position[token]] += 1
    return bow
