# fails: test_sigmoid_grad_bound
def sigmoid_grad_bound(n_layers):
    return 0.25 * n_layers  # the lecture's words taken literally
