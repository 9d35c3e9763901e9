# fails: test_train_model_loss, test_train_model_grads
# Penalizes the squared norms of the weights instead of the norms.
TARGET = "train_model"
EDITS = [
    ("sum(torch.linalg.norm(m.weight) for m in linears)", "sum((m.weight ** 2).sum() for m in linears)"),
]
