# fails: test_grad_output_weights
def grad_output_weights(h, o, t):
    return ((t - o) * o * (1 - o)).T @ h
