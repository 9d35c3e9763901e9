# fails: test_random_flip_with_mask
# Flips the images and the masks with two independent draws (two calls of random_horizontal_flip): the
# lecture's warning about transforming the image and the mask separately.
def random_flip_with_mask(images, masks, p=0.5, generator=None):
    images_out = random_horizontal_flip(images, p, generator)
    masks_out = random_horizontal_flip(masks[:, None], p, generator)[:, 0]
    return images_out, masks_out
