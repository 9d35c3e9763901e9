# legal: "Return the pair `(images_out, masks_out)` of new tensors with the shapes and dtypes of the inputs"
# Idiom: clones whose chosen examples are overwritten by boolean indexing with torch.flip(..., dims=[-1]).
def random_flip_with_mask(images: torch.Tensor, masks: torch.Tensor, p: float = 0.5, generator=None):
    flip = torch.rand(images.shape[0], generator=generator, device=images.device) < p
    images_out, masks_out = images.clone(), masks.clone()
    images_out[flip] = torch.flip(images[flip], dims=[-1])
    masks_out[flip] = torch.flip(masks[flip], dims=[-1])
    return images_out, masks_out
