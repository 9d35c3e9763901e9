# fails: test_layer_grad_magnitudes
def layer_grad_magnitudes(model):
    return [m.weight.grad.abs().sum().item() / m.weight.shape[0]
            for m in model.modules() if getattr(m, "weight", None) is not None]  # LayerNorm counts too
