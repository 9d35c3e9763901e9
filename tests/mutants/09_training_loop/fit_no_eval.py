# fails: test_fit_validation
# Validates in training mode (dropout and batch norm stay in training behaviour).
TARGET = "fit"
EDITS = [("            model.eval()\n", "")]
