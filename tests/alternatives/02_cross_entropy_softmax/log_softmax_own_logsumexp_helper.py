# legal: "Implement `log_softmax(z, dim=-1)` this way. Off limits: `torch.logsumexp`, `Tensor.logsumexp`, `torch.special.logsumexp`, every library `log_softmax` and `softmax`."
# A helper of the student's own named logsumexp (a name, not the library function), with the max shift.
def log_softmax(z, dim=-1):
    return z - logsumexp(z, dim)


def logsumexp(z, dim):
    c = z.max(dim=dim, keepdim=True)[0]
    return c + (z - c).exp().sum(dim=dim, keepdim=True).log()
