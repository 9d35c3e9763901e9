# legal: "return the (d + 1, d + 1) Hessian with respect to $(w, b)$, the bias being the **last** coordinate, with the dtype and device of `X`. Derive it"
# A loop over the examples summing outer products of (x_i, 1).
def mse_hessian(X):
    n, d = X.shape
    H = torch.zeros(d + 1, d + 1, dtype=X.dtype, device=X.device)
    one = torch.ones(1, dtype=X.dtype, device=X.device)
    for x in X:
        x_tilde = torch.cat([x, one])
        H += torch.outer(x_tilde, x_tilde)
    return H / n
