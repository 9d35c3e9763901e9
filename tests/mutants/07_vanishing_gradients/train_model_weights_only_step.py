# fails: test_train_model_loss
# Gives the optimizer only the weights: the biases never move (the text asks for a step on every parameter).
TARGET = "train_model"
EDITS = [
    ("opt = torch.optim.SGD(model.parameters(), lr=lr)", "opt = torch.optim.SGD([m.weight for m in model.modules() if isinstance(m, nn.Linear)], lr=lr)"),
]
