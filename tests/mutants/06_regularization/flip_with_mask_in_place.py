# fails: test_random_flip_with_mask
# Flips the chosen examples in place: the caller's images and masks change.
def random_flip_with_mask(images, masks, p=0.5, generator=None):
    flip = torch.rand(images.shape[0], generator=generator, device=images.device) < p
    images[flip] = images[flip].flip(-1)
    masks[flip] = masks[flip].flip(-1)
    return images, masks
