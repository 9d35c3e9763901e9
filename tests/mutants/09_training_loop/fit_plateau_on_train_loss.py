# fails: test_fit_validation
# Steps ReduceLROnPlateau with the training loss even when there is a validation loader.
TARGET = "fit"
EDITS = [('watched = history["val_loss"] if val_loader is not None else history["train_loss"]',
          'watched = history["train_loss"]')]
