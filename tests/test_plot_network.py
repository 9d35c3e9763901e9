"""helpers.plot.draw_network: the lecture's 3-3-2 network with its weights and values."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from helpers.plot import draw_network  # noqa: E402

W_HIDDEN = torch.tensor([[1.0, -2.0, 2.0], [2.0, 1.0, -4.0], [1.0, -1.0, 0.0]])
W_OUT = torch.tensor([[-3.0, 1.0, -3.0], [0.0, 1.0, 2.0]])
X = torch.tensor([0.5, 0.9, -0.3])


def _lecture():
    h = torch.sigmoid(X @ W_HIDDEN.T)
    return [X, h, torch.sigmoid(h @ W_OUT.T)]


def test_draws_every_weight_and_unit():
    ax = draw_network(_lecture(), [W_HIDDEN, W_OUT], title="3-3-2")
    texts = [t.get_text() for t in ax.texts]
    # 9 + 6 edge labels, 3 + 3 + 2 unit labels
    assert len(texts) == 15 + 8
    assert sum(t == "-4.00" for t in texts) == 1 and sum(t == "2.00" for t in texts) == 3
    assert "h1\n0.13" in texts and "h2\n0.96" in texts and "h3\n0.40" in texts
    assert "o1\n0.35" in texts and "o2\n0.85" in texts
    assert len(ax.lines) == 15
    assert ax.get_title() == "3-3-2"
    plt.close(ax.figure)


def test_edge_colour_follows_the_sign():
    ax = draw_network(_lecture(), [W_HIDDEN, W_OUT])
    by_label = {t.get_text(): t.get_color() for t in ax.texts if "\n" not in t.get_text()}
    assert by_label["-4.00"] == "tab:red"
    assert by_label["-3.00"] == "tab:red"
    assert by_label["0.00"] == "tab:blue"
    plt.close(ax.figure)


def test_names_and_decimals():
    names = [["a", "b", "c"], ["H1", "H2", "H3"], ["O1", "O2"]]
    ax = draw_network(_lecture(), [W_HIDDEN, W_OUT], names=names, decimals=3)
    texts = [t.get_text() for t in ax.texts]
    assert "H2\n0.957" in texts and "a\n0.500" in texts
    plt.close(ax.figure)


def test_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="weights\\[1\\] has shape"):
        draw_network(_lecture(), [W_HIDDEN, W_OUT.T])
    with pytest.raises(ValueError, match="3 layers need 2 weight matrices"):
        draw_network(_lecture(), [W_HIDDEN])
    with pytest.raises(ValueError, match="one name per unit"):
        draw_network(_lecture(), [W_HIDDEN, W_OUT], names=[["a"], ["b"], ["c"]])
    plt.close("all")
