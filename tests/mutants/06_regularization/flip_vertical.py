# fails: test_random_horizontal_flip
def random_horizontal_flip(images, p=0.5, generator=None):
    flip = torch.rand(images.shape[0], generator=generator, device=images.device) < p
    return torch.where(flip[:, None, None, None], images.flip(-2), images)
