# legal: "`model.parameters()`, which is a generator that can be walked through **only once**"
# Idiom: walks the parameters once and adds both terms per tensor, without calling l1_penalty/l2_penalty;
# the squared norm written as torch.dot of the flattened tensor with itself.
def elastic_net_penalty(params, beta: float) -> torch.Tensor:
    terms = []
    for p in params:
        flat = p.reshape(-1)
        terms.append(beta * torch.dot(flat, flat) + flat.abs().sum())
    return torch.stack(terms).sum()
