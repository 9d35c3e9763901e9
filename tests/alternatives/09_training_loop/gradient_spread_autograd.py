# legal: "Compute the gradients with the formula above or with autograd, as you prefer."
# Idiom: torch.autograd.grad of the batch's mean squared error (F.mse_loss); np.sqrt of np.mean (np.float64).
def gradient_spread(X, y, w, batches):
    def grad(idx):
        w_ = w.detach().clone().requires_grad_(True)
        (g,) = torch.autograd.grad(F.mse_loss(X[idx] @ w_, y[idx]), w_)
        return g

    full = grad(torch.arange(X.shape[0]))
    return np.sqrt(np.mean([float(torch.sum((grad(b) - full) ** 2)) for b in batches]))
