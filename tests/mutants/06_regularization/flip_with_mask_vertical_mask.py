# fails: test_random_flip_with_mask
# Flips the (N, H, W) masks along H: dimension -2 of a mask is its height, not its width.
TARGET = "random_flip_with_mask"
EDITS = [("masks_out = torch.where(flip[:, None, None], masks.flip(-1), masks)",
          "masks_out = torch.where(flip[:, None, None], masks.flip(-2), masks)")]
