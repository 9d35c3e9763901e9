# fails: test_train
def train(x, t, W_hidden, W_out, lr, steps):
    losses = []
    for _ in range(steps):
        h, o = forward(x, W_hidden, W_out)
        losses.append(squared_error(o, t).item())
        W_out = W_out - lr * grad_output_weights(h, o, t)
        W_hidden = W_hidden - lr * grad_hidden_weights(x, h, o, t, W_out)  # uses the updated W_out
    return W_hidden, W_out, losses
