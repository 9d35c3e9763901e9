# legal: "returning the tuple `(dW_hidden, dW_out)` computed with `backward()` on `squared_error(forward(...))`"
# clone().detach() instead of detach().clone(), requires_grad_() without an argument, grads cloned on return.
def autograd_gradients(x, t, W_hidden, W_out):
    Wh = W_hidden.clone().detach().requires_grad_()
    Wo = W_out.clone().detach().requires_grad_()
    E = squared_error(forward(x, Wh, Wo)[1], t)
    E.backward()
    return (Wh.grad.clone(), Wo.grad.clone())
