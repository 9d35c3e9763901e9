# legal: "Return a new tensor of the same shape and dtype; do not change `images`."
# Idiom: a clone whose selected images are overwritten by boolean indexing with torch.flip(..., dims=[3]).
def random_horizontal_flip(images: torch.Tensor, p: float = 0.5, generator=None) -> torch.Tensor:
    flip = torch.rand(images.shape[0], generator=generator, device=images.device) < p
    out = images.clone()
    out[flip] = torch.flip(images[flip], dims=[3])
    return out
