# fails: test_Sigmoid, test_Sigmoid_saves_output
# Saves the input and uses it in backward as if it were the output.
TARGET = "Sigmoid"
EDITS = [
    ("ctx.save_for_backward(out)", "ctx.save_for_backward(x)"),
]
