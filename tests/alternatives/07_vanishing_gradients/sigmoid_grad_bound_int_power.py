# legal: "the bound $(1/4)^{n}$ on the product of `n_layers` sigmoid derivatives, as a number (a Python or NumPy float; `4 ** -n` giving the int 1 for $n = 0$ is fine too"
# Integer power with a negative exponent: a float for n >= 1 and the int 1 for n = 0.
def sigmoid_grad_bound(n_layers):
    return 4 ** -n_layers
