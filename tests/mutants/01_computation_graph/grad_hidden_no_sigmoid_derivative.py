# fails: test_grad_hidden_weights
def grad_hidden_weights(x, h, o, t, W_out):
    delta_o = (o - t) * o * (1 - o)
    return (delta_o @ W_out).T @ x
