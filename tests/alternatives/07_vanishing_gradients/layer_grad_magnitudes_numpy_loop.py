# legal: "returning a list with one Python float per `nn.Linear` module of `model`, in order"
# A loop over the modules; the sums are taken in NumPy, so the values are np.float64 scalars.
def layer_grad_magnitudes(model):
    out = []
    for module in model.modules():
        if isinstance(module, nn.Linear):
            grad = module.weight.grad.detach().cpu().numpy()
            out.append(np.abs(grad).sum(dtype=np.float64) / grad.shape[0])
    return out
