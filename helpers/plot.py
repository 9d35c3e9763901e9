"""Plots the notebooks share. Each function returns the matplotlib Axes it drew on
(a new figure when ``ax`` is None), so tests can inspect what was drawn."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch

__all__ = [
    "plot_losses",
    "plot_decision_boundary",
    "draw_graph",
    "graph_edges",
    "draw_network",
    "plot_grad_magnitudes",
    "plot_optimizer_paths",
    "plot_roc",
    "plot_confusion_matrix",
]


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _to_numpy(x) -> np.ndarray:
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().numpy()
    return np.asarray(x)


def plot_losses(
    curves: Mapping[str, Sequence[float]] | Sequence[float],
    *,
    ax=None,
    logy: bool = False,
    xlabel: str = "epoch",
    ylabel: str = "loss",
    title: str | None = None,
    marks: Mapping[str, int] | None = None,
):
    """Loss (or accuracy) curves: ``{"train": [...], "val": [...]}`` or one sequence.

    ``marks`` draws a vertical dashed line per entry, e.g. ``{"early stop": 12}``.
    """
    ax = _axes(ax)
    if not isinstance(curves, Mapping):
        curves = {"loss": curves}
    for label, values in curves.items():
        ax.plot(np.arange(len(values)), _to_numpy(values), label=label)
    for label, x in (marks or {}).items():
        ax.axvline(x, linestyle="--", color="gray")
        ax.annotate(label, (x, 0.95), xycoords=("data", "axes fraction"), rotation=90, va="top")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend()
    ax.grid(alpha=0.3)
    return ax


@torch.no_grad()
def plot_decision_boundary(
    model: Callable,
    X,
    y,
    *,
    ax=None,
    resolution: int = 200,
    margin: float = 0.1,
    title: str | None = None,
    cmap: str = "brg",
):
    """Colour the plane by ``model``'s predicted class and scatter the points on top.

    ``model`` maps a float32 (M, 2) tensor to (M, n_classes) scores (or (M,)
    scores for a binary model, thresholded at 0). Modules are evaluated in
    eval mode and on their own device; their mode is restored afterwards.
    """
    ax = _axes(ax, (5, 5))
    X_np, y_np = _to_numpy(X), _to_numpy(y)
    lo = X_np.min(0) - margin
    hi = X_np.max(0) + margin
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = torch.from_numpy(np.c_[xx.ravel(), yy.ravel()].astype(np.float32))
    was_training = getattr(model, "training", None)
    if isinstance(model, torch.nn.Module):
        params = list(model.parameters())
        if params:
            grid = grid.to(params[0].device)
        model.eval()
    try:
        scores = model(grid)
    finally:
        if was_training:
            model.train()
    scores = _to_numpy(scores)
    pred = scores.argmax(1) if scores.ndim == 2 and scores.shape[1] > 1 else (scores.reshape(-1) > 0)
    ax.contourf(xx, yy, pred.reshape(xx.shape), alpha=0.3, cmap=cmap)
    ax.scatter(X_np[:, 0], X_np[:, 1], c=y_np, s=15, cmap=cmap, edgecolors="k", linewidths=0.3)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    if title:
        ax.set_title(title)
    return ax


def graph_edges(output: torch.Tensor) -> list[tuple[str, str]]:
    """The backward graph of ``output`` as (parent, child) name pairs, walking ``grad_fn``.

    Node names are the ``grad_fn`` class names with a running number
    (``MulBackward0#1``); leaves appear as ``leaf:<shape>``.
    """
    if output.grad_fn is None:
        return []
    names: dict[int, str] = {}

    def name(node) -> str:
        if id(node) not in names:
            if type(node).__name__ == "AccumulateGrad":
                label = f"leaf:{tuple(node.variable.shape)}"
            else:
                label = type(node).__name__
            names[id(node)] = f"{label}#{len(names) + 1}"
        return names[id(node)]

    edges, stack, seen = [], [output.grad_fn], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for child, _ in node.next_functions:
            if child is None:
                continue
            edges.append((name(node), name(child)))
            stack.append(child)
    return edges


def draw_graph(output: torch.Tensor, *, ax=None, title: str | None = None):
    """Draw the backward graph of ``output`` (from the output at the top to the leaves)."""
    ax = _axes(ax, (7, 5))
    edges = graph_edges(output)
    if not edges:
        ax.text(0.5, 0.5, "no graph: the tensor does not require grad", ha="center")
        ax.axis("off")
        return ax
    nodes = [edges[0][0]]
    for a, b in edges:
        for n in (a, b):
            if n not in nodes:
                nodes.append(n)
    depth = {nodes[0]: 0}
    changed = True
    while changed:
        changed = False
        for a, b in edges:
            d = depth.get(a, 0) + 1
            if depth.get(b, -1) < d:
                depth[b] = d
                changed = True
    levels: dict[int, list[str]] = {}
    for n in nodes:
        levels.setdefault(depth[n], []).append(n)
    pos = {}
    for d, row in levels.items():
        for i, n in enumerate(row):
            pos[n] = ((i + 1) / (len(row) + 1), -d)
    for a, b in edges:
        ax.annotate(
            "",
            xy=pos[b],
            xytext=pos[a],
            arrowprops={"arrowstyle": "->", "color": "gray", "shrinkA": 12, "shrinkB": 12},
        )
    for n, (x, yv) in pos.items():
        leaf = n.startswith("leaf:")
        ax.text(
            x,
            yv,
            n.split("#")[0],
            ha="center",
            va="center",
            fontsize=8,
            bbox={"boxstyle": "round", "fc": "#d8f0d8" if leaf else "#dde6f7", "ec": "gray"},
        )
    ax.set_ylim(-max(levels) - 0.5, 0.5)
    ax.set_xlim(0, 1)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def draw_network(
    values: Sequence,
    weights: Sequence,
    *,
    names: Sequence[Sequence[str]] | None = None,
    ax=None,
    title: str | None = None,
    decimals: int = 2,
):
    """Draw a fully connected network layer by layer, with its weights and unit values.

    ``values`` holds one 1-D tensor (or sequence) per layer, inputs first: the values
    of the units for one example. ``weights[l]`` has shape (units of layer l+1, units of
    layer l): row k holds the weights into unit k of the next layer, as in ``x @ W.T``.
    Each edge is labelled with its weight near the unit it leaves (blue positive, red
    negative, width growing with the magnitude); each unit shows its name and value.
    ``names`` gives the unit names per layer (default ``x1.., h1.., o1..``).
    """
    vals = [np.asarray(_to_numpy(v), dtype=float).reshape(-1) for v in values]
    mats = [np.asarray(_to_numpy(w), dtype=float) for w in weights]
    if len(mats) != len(vals) - 1:
        raise ValueError(f"draw_network: {len(vals)} layers need {len(vals) - 1} weight matrices, got {len(mats)}")
    for i, w in enumerate(mats):
        if w.shape != (vals[i + 1].size, vals[i].size):
            raise ValueError(
                f"draw_network: weights[{i}] has shape {w.shape}, expected "
                f"({vals[i + 1].size}, {vals[i].size}) for layers of {vals[i].size} and {vals[i + 1].size} units"
            )
    if names is None:
        prefixes = ["x"] + ["h"] * (len(vals) - 2) + ["o"]
        names = [[f"{prefixes[i]}{k + 1}" for k in range(v.size)] for i, v in enumerate(vals)]
    if len(names) != len(vals) or any(len(n) != v.size for n, v in zip(names, vals)):
        raise ValueError("draw_network: names must give one name per unit of every layer")
    ax = _axes(ax, (2.8 * len(vals) + 1, 1.2 * max(v.size for v in vals) + 1.5))
    pos = []
    for i, v in enumerate(vals):
        top = (v.size - 1) / 2
        pos.append([(float(i), top - k) for k in range(v.size)])
    wmax = max((float(np.abs(w).max()) for w in mats if w.size), default=1.0) or 1.0
    fmt = f"{{:.{decimals}f}}"
    for i, w in enumerate(mats):
        for k in range(w.shape[0]):
            for j in range(w.shape[1]):
                (x0, y0), (x1, y1) = pos[i][j], pos[i + 1][k]
                color = "tab:blue" if w[k, j] >= 0 else "tab:red"
                ax.plot([x0, x1], [y0, y1], color=color, alpha=0.6, zorder=1,
                        linewidth=0.5 + 2.5 * abs(w[k, j]) / wmax)
                f = 0.27  # labels near the unit the edge leaves: they do not overlap there
                ax.text(x0 + f * (x1 - x0), y0 + f * (y1 - y0), fmt.format(w[k, j]), fontsize=7,
                        ha="center", va="center", color=color, zorder=3,
                        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})
    for i, v in enumerate(vals):
        for k, (x, y) in enumerate(pos[i]):
            ax.text(x, y, f"{names[i][k]}\n{fmt.format(v[k])}", ha="center", va="center", fontsize=8, zorder=4,
                    bbox={"boxstyle": "circle", "fc": "#d8f0d8" if i == 0 else "#dde6f7", "ec": "gray"})
    ax.set_xlim(-0.4, len(vals) - 0.6)
    half = max(v.size for v in vals) / 2
    ax.set_ylim(-half, half)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def plot_grad_magnitudes(
    history: Sequence[Sequence[float]] | Mapping[str, Sequence[float]],
    *,
    ax=None,
    title: str | None = None,
    xlabel: str = "epoch",
    linestyle: str = "-",
):
    """Per-layer gradient magnitudes over training on a log scale (``semilogy``).

    ``history[k]`` is the sequence for layer ``k`` (or a mapping label -> sequence).
    """
    ax = _axes(ax)
    items = history.items() if isinstance(history, Mapping) else (
        (f"layer {k}", v) for k, v in enumerate(history)
    )
    for label, values in items:
        ax.semilogy(np.arange(len(values)), _to_numpy(values), linestyle, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("mean |grad|")
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    return ax


def plot_optimizer_paths(
    loss_fn: Callable[[np.ndarray, np.ndarray], np.ndarray],
    paths: Mapping[str, Sequence[Sequence[float]]],
    *,
    xlim=(-2.0, 2.0),
    ylim=(-1.0, 3.0),
    ax=None,
    levels: int = 30,
    log_levels: bool = True,
    title: str | None = None,
    minimum: Sequence[float] | None = None,
):
    """Optimizer trajectories over the contour plot of a 2-D loss surface.

    ``loss_fn(xx, yy)`` evaluates the loss on NumPy grids; ``paths`` maps an
    optimizer's name to its sequence of (x, y) points.
    """
    ax = _axes(ax, (6, 5))
    xx, yy = np.meshgrid(np.linspace(*xlim, 300), np.linspace(*ylim, 300))
    zz = np.asarray(loss_fn(xx, yy), dtype=float)
    if log_levels:
        zmin = zz.min()
        lv = np.geomspace(1e-3, zz.max() - zmin + 1e-3, levels) + zmin
    else:
        lv = levels
    ax.contour(xx, yy, zz, levels=lv, cmap="viridis", linewidths=0.6, alpha=0.7)
    for label, path in paths.items():
        p = _to_numpy(path)
        ax.plot(p[:, 0], p[:, 1], ".-", markersize=2, linewidth=1, label=label)
    if minimum is not None:
        ax.plot(*minimum, "k*", markersize=12, label="minimum")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8)
    return ax


def plot_roc(
    curves: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    *,
    ax=None,
    title: str | None = None,
    aucs: Mapping[str, float] | None = None,
):
    """ROC curves ``{label: (fpr, tpr)}`` with the chance diagonal; AUCs in the legend."""
    ax = _axes(ax, (5, 5))
    for label, (fpr, tpr) in curves.items():
        text = label if not aucs or label not in aucs else f"{label} (AUC = {aucs[label]:.3f})"
        ax.plot(_to_numpy(fpr), _to_numpy(tpr), drawstyle="default", label=text)
    ax.plot([0, 1], [0, 1], "--", color="gray", label="chance")
    ax.set_xlabel("false positive rate")
    ax.set_ylabel("true positive rate")
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(-0.01, 1.01)
    ax.set_aspect("equal")
    if title:
        ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_confusion_matrix(
    cm,
    *,
    labels: Sequence[str] | None = None,
    ax=None,
    normalize: bool = False,
    title: str | None = None,
):
    """A confusion matrix as a heat map: rows are true classes, columns predictions."""
    ax = _axes(ax, (4.5, 4))
    cm = _to_numpy(cm).astype(float)
    shown = cm / np.maximum(cm.sum(1, keepdims=True), 1) if normalize else cm
    im = ax.imshow(shown, cmap="Blues")
    n = cm.shape[0]
    labels = list(labels) if labels is not None else [str(i) for i in range(n)]
    ax.set_xticks(range(n), labels)
    ax.set_yticks(range(n), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    thresh = shown.max() / 2 if shown.size else 0
    for i in range(n):
        for j in range(n):
            text = f"{shown[i, j]:.2f}" if normalize else f"{int(cm[i, j])}"
            ax.text(j, i, text, ha="center", va="center", color="white" if shown[i, j] > thresh else "black")
    ax.figure.colorbar(im, ax=ax, fraction=0.046)
    if title:
        ax.set_title(title)
    return ax
