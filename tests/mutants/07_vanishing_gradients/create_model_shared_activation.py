# fails: test_create_model
def create_model(activation, hid_size=50, n_hidden=2, num_features=2, n_out=3):
    act = activation()  # one module reused after every hidden layer
    layers = [nn.Linear(num_features, hid_size), act]
    for _ in range(n_hidden - 1):
        layers += [nn.Linear(hid_size, hid_size), act]
    layers.append(nn.Linear(hid_size, n_out))
    return nn.Sequential(*layers)
