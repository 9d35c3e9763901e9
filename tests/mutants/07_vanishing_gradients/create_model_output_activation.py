# fails: test_create_model
def create_model(activation, hid_size=50, n_hidden=2, num_features=2, n_out=3):
    layers = []
    in_size = num_features
    for _ in range(n_hidden):
        layers += [nn.Linear(in_size, hid_size), activation()]
        in_size = hid_size
    layers += [nn.Linear(in_size, n_out), activation()]  # an activation after the output layer too
    return nn.Sequential(*layers)
