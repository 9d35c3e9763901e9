# legal: "returning an `nn.Sequential` that alternates `nn.Linear` layers and activations" and "So `model[0]`, `model[2]`, `model[4]` are the Linear layers"
# Named layers in an OrderedDict (indexing by position still works), sizes from a list.
from collections import OrderedDict


def create_model(activation, hid_size=50, n_hidden=2, num_features=2, n_out=3):
    sizes = [num_features] + [hid_size] * n_hidden
    layers = OrderedDict()
    for k in range(n_hidden):
        layers[f"linear{k + 1}"] = nn.Linear(sizes[k], sizes[k + 1])
        layers[f"act{k + 1}"] = activation()
    layers["output"] = nn.Linear(sizes[-1], n_out)
    return nn.Sequential(layers)
