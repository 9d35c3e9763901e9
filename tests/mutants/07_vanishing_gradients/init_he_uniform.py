# fails: test_init_he
def init_he(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.kaiming_uniform_(m.weight, nonlinearity="relu")  # right variance, wrong distribution
            if m.bias is not None:
                nn.init.zeros_(m.bias)
    return model
