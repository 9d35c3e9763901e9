# fails: test_mse_hessian, test_max_stable_lr_two_gaussians
def mse_hessian(X):
    X_tilde = torch.cat([X, torch.ones(X.shape[0], 1, dtype=X.dtype, device=X.device)], 1)
    return X_tilde.T @ X_tilde  # sum instead of mean
