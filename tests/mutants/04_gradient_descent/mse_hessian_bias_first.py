# fails: test_mse_hessian
def mse_hessian(X):
    X_tilde = torch.cat([torch.ones(X.shape[0], 1, dtype=X.dtype, device=X.device), X], 1)
    return X_tilde.T @ X_tilde / X.shape[0]
