# fails: test_fit
# Never zeroes the gradients: each step uses the sum of all gradients so far.
TARGET = "fit"
EDITS = [("            optimizer.zero_grad()\n", "")]
