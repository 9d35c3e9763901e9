# fails: test_step_lr
# Multiplies by gamma every epoch (ExponentialLR), ignoring step_size.
TARGET = "step_lr"
EDITS = [("return base_lr * gamma ** (epoch // step_size)", "return base_lr * gamma ** epoch")]
