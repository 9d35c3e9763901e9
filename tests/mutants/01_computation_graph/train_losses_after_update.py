# fails: test_train
# Records the error after each update instead of before it: losses is shifted by one step.
def train(x, t, W_hidden, W_out, lr, steps):
    W_hidden, W_out = W_hidden.clone(), W_out.clone()
    losses = []
    for _ in range(steps):
        h, o = forward(x, W_hidden, W_out)
        dW_hidden = grad_hidden_weights(x, h, o, t, W_out)
        dW_out = grad_output_weights(h, o, t)
        W_hidden = W_hidden - lr * dW_hidden
        W_out = W_out - lr * dW_out
        losses.append(squared_error(forward(x, W_hidden, W_out)[1], t).item())
    return W_hidden, W_out, losses
