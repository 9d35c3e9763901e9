# fails: test_init_he
def init_he(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.xavier_normal_(m.weight)  # Xavier's variance 2 / (fan_in + fan_out)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
    return model
