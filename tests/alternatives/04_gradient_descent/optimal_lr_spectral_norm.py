# legal: "**Exercise 2 (1 point).** Implement `optimal_lr(H)` = $1/\lambda_{max}(H)$ for a symmetric positive semi-definite `H`, returned as a Python `float`."
# For a symmetric positive semi-definite H, lambda_max is the spectral norm (torch.linalg.matrix_norm, ord=2).
def optimal_lr(H):
    return 1 / torch.linalg.matrix_norm(H.double(), ord=2).item()
