# fails: test_random_flip_with_mask
# Flips only the images and returns the masks as they came.
TARGET = "random_flip_with_mask"
EDITS = [("masks_out = torch.where(flip[:, None, None], masks.flip(-1), masks)", "masks_out = masks")]
