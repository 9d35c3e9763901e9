# fails: test_step_lr
# Decays one epoch early: (epoch + 1) // step_size.
TARGET = "step_lr"
EDITS = [("return base_lr * gamma ** (epoch // step_size)", "return base_lr * gamma ** ((epoch + 1) // step_size)")]
