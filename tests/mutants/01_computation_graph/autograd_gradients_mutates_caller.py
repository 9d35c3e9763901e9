# fails: test_autograd_gradients
def autograd_gradients(x, t, W_hidden, W_out):
    W_hidden.requires_grad_(True)
    W_out.requires_grad_(True)
    _, o = forward(x, W_hidden, W_out)
    gh, go = torch.autograd.grad(squared_error(o, t), [W_hidden, W_out])
    return gh, go
