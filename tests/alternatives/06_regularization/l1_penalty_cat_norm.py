# legal: "Each function returns a 0-dimensional tensor in the dtype of the parameters that autograd can differentiate"
# Idiom: one flat vector of all entries (torch.cat of the flattened tensors), then torch.linalg.vector_norm
# with ord=1.
def l1_penalty(params) -> torch.Tensor:
    return torch.linalg.vector_norm(torch.cat([p.reshape(-1) for p in params]), ord=1)
