# fails: test_train_model_loss
# Records the cross-entropy only, without the penalty, in loss_history.
TARGET = "train_model"
EDITS = [
    ("loss = loss_fn(model(X), y) + reg_coef", "ce = loss_fn(model(X), y)\n        loss = ce + reg_coef"),
    ("loss_history.append(loss.item())", "loss_history.append(ce.item())"),
]
