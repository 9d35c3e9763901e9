# fails: test_LogSumExp_backward
# Backward uses exp(z) instead of softmax(z): not divided by sum exp(z).
TARGET = "LogSumExp"
EDITS = [
    ("softmax = (z - out.unsqueeze(ctx.dim)).exp()", "softmax = z.exp()"),
]
