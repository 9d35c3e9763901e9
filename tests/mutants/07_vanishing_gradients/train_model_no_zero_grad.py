# fails: test_train_model_loss, test_train_model_grads
# Never zeroes the gradients: they accumulate over the epochs.
TARGET = "train_model"
EDITS = [
    ("        opt.zero_grad()\n", ""),
]
