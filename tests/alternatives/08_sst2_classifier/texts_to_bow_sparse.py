# legal: "A dense tensor or a torch sparse tensor are both fine"
# Returns a sparse COO tensor; duplicates (a token repeated in a text) are summed by coalesce().
def texts_to_bow(texts, token_to_idx: dict) -> torch.Tensor:
    rows, cols = [], []
    for k, text in enumerate(texts):
        for token in tokenize(text):
            if token in token_to_idx:
                rows.append(k)
                cols.append(int(token_to_idx[token]))
    indices = torch.tensor([rows, cols], dtype=torch.long).reshape(2, -1)
    values = torch.ones(len(rows), dtype=torch.float32)
    return torch.sparse_coo_tensor(indices, values, (len(texts), len(token_to_idx))).coalesce()
