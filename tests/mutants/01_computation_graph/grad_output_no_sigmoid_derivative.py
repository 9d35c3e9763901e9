# fails: test_grad_output_weights
def grad_output_weights(h, o, t):
    return (o - t).T @ h
