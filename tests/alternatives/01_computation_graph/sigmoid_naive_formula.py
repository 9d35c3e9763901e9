# legal: "Implement `sigmoid(x)` elementwise ... It must be finite for float32 inputs as large as $\pm 10^4$."
# The formula as written, 1 / (1 + exp(-x)): exp(1e4) is inf and 1 / inf = 0, which is finite and right.
def sigmoid(x):
    return 1 / (1 + torch.exp(-x))
