# fails: test_train
# Updates the caller's tensors in place instead of working on copies.
TARGET = "train"
EDITS = [
    ("W_hidden, W_out = W_hidden.clone(), W_out.clone()\n", ""),
    ("W_hidden = W_hidden - lr * dW_hidden", "W_hidden -= lr * dW_hidden"),
    ("W_out = W_out - lr * dW_out", "W_out -= lr * dW_out"),
]
