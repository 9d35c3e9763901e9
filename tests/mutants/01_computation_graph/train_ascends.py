# fails: test_train
def train(x, t, W_hidden, W_out, lr, steps):
    losses = []
    for _ in range(steps):
        h, o = forward(x, W_hidden, W_out)
        losses.append(squared_error(o, t).item())
        dW_hidden = grad_hidden_weights(x, h, o, t, W_out)
        dW_out = grad_output_weights(h, o, t)
        W_hidden = W_hidden - lr * dW_hidden
        W_out = W_out + lr * dW_out
    return W_hidden, W_out, losses
