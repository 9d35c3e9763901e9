# fails: test_layer_grad_magnitudes
def layer_grad_magnitudes(model):
    out = []
    for m in model.modules():
        if isinstance(m, nn.Linear):
            total = m.weight.grad.abs().sum()
            if m.bias is not None:
                total = total + m.bias.grad.abs().sum()
            out.append(total.item() / m.weight.shape[0])
    return out
