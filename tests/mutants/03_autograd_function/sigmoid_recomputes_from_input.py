# fails: test_Sigmoid, test_Sigmoid_saves_output
# Right values, but saves the input and does the forward work again in backward.
TARGET = "Sigmoid"
EDITS = [
    ("ctx.save_for_backward(out)", "ctx.save_for_backward(x)"),
    ("(out,) = ctx.saved_tensors", "(x,) = ctx.saved_tensors\n        out = torch.sigmoid(x)"),
]
