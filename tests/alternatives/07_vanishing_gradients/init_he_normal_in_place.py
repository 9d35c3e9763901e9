# legal: "fill its weight from $\mathcal{N}(0, 2 / n_{in})$ with $n_{in}$ = `in_features` (`nn.init.kaiming_normal_` with `nonlinearity=\"relu\"` does this) and set its bias to zero, if it has one. Change the parameters in place"
# Draws the weights with Tensor.normal_ under torch.no_grad() instead of nn.init, and zeroes the bias with fill_.
def init_he(model):
    with torch.no_grad():
        for m in model.modules():
            if type(m) is nn.Linear:
                m.weight.normal_(0.0, (2.0 / m.in_features) ** 0.5)
                if m.bias is not None:
                    m.bias.fill_(0.0)
    return model
