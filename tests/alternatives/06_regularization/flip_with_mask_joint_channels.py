# legal: "mirror each image **and its mask** left to right with probability `p`, with **one** decision per example"
# Idiom: the mask rides along as an extra channel (converted to the images' dtype and back), so one call of
# random_horizontal_flip moves both together.
def random_flip_with_mask(images: torch.Tensor, masks: torch.Tensor, p: float = 0.5, generator=None):
    stacked = torch.cat([images, masks[:, None].to(images.dtype)], dim=1)
    out = random_horizontal_flip(stacked, p=p, generator=generator)
    return out[:, :-1], out[:, -1].to(masks.dtype)
