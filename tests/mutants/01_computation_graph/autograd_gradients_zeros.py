# fails: test_autograd_gradients
# Returns gradients of the right shape and type but never runs backward (Validate used to say Success).
def autograd_gradients(x, t, W_hidden, W_out):
    return torch.zeros_like(W_hidden), torch.zeros_like(W_out)
