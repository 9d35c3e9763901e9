# legal: "a float32 tensor of length `V = len(token_to_idx)` holding the count of each vocabulary token in the text, at the index `token_to_idx` gives it"
# Looks the known tokens up in one list comprehension and counts them with torch.bincount.
def text_to_bow(text: str, token_to_idx: dict) -> torch.Tensor:
    ids = [int(token_to_idx[t]) for t in tokenize(text) if t in token_to_idx]
    return torch.bincount(torch.tensor(ids, dtype=torch.long), minlength=len(token_to_idx)).to(torch.float32)
