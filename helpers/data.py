"""Data sets for the notebooks: small generators and the SST-2 loader.

Every generator takes a ``seed`` and returns the same tensors for the same
arguments, whatever the global random state is (each draws from its own
``numpy.random.Generator``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import urllib.request
from pathlib import Path

import numpy as np
import torch

__all__ = [
    "make_two_gaussians",
    "make_spiral",
    "make_moons",
    "train_val_split",
    "load_sst2",
    "SST2_URL",
    "SST2_SHA256",
    "SST2_ROWS",
    "sst2_cache_dir",
]


def make_two_gaussians(
    n: int = 100,
    *,
    distance: float = 2.0,
    std: float = 0.5,
    seed: int = 0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Two 2-D Gaussian classes, as in lecture L2's linear-neuron example.

    ``n`` points in all, half per class (class 0 first). Class 0 is centred at
    ``(-distance/2, -distance/2) / sqrt(2)``, class 1 at the mirror point, both with
    isotropic standard deviation ``std``. Returns ``X`` (n, 2) float32 and
    ``y`` (n,) int64 with labels 0/1.
    """
    if n < 2:
        raise ValueError("n must be at least 2")
    rng = np.random.default_rng(seed)
    n0 = n // 2
    n1 = n - n0
    centre = np.array([1.0, 1.0]) * distance / 2 / np.sqrt(2)
    x0 = rng.normal(size=(n0, 2)) * std - centre
    x1 = rng.normal(size=(n1, 2)) * std + centre
    X = np.concatenate([x0, x1]).astype(np.float32)
    y = np.concatenate([np.zeros(n0), np.ones(n1)]).astype(np.int64)
    return torch.from_numpy(X), torch.from_numpy(y)


def make_spiral(
    n_per_class: int = 100,
    n_classes: int = 3,
    *,
    noise: float = 0.2,
    seed: int = 0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """The lecture's spiral (lecture L4, after CS231n): ``n_classes`` interleaved arms.

    Arm ``j`` has radius ``linspace(0, 1, n_per_class)`` and angle
    ``linspace(4j, 4(j+1), n_per_class) + noise * N(0, 1)``; the point is
    ``r * (sin t, cos t)``. Returns ``X`` (N, 2) float32 in [-1, 1]^2 and
    ``y`` (N,) int64, ``N = n_per_class * n_classes``.
    """
    rng = np.random.default_rng(seed)
    X = np.zeros((n_per_class * n_classes, 2))
    y = np.zeros(n_per_class * n_classes, dtype=np.int64)
    for j in range(n_classes):
        ix = slice(n_per_class * j, n_per_class * (j + 1))
        r = np.linspace(0.0, 1.0, n_per_class)
        t = np.linspace(j * 4, (j + 1) * 4, n_per_class) + rng.normal(size=n_per_class) * noise
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        y[ix] = j
    return torch.from_numpy(X.astype(np.float32)), torch.from_numpy(y)


def make_moons(
    n: int = 200,
    *,
    noise: float = 0.25,
    seed: int = 0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Two interleaving half circles with Gaussian noise: a small, noisy, nonlinear problem.

    Returns ``X`` (n, 2) float32 and ``y`` (n,) int64 (labels 0/1), rows shuffled.
    """
    rng = np.random.default_rng(seed)
    n0 = n // 2
    n1 = n - n0
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n1)
    x0 = np.c_[np.cos(t0), np.sin(t0)]
    x1 = np.c_[1 - np.cos(t1), 0.5 - np.sin(t1)]
    X = np.concatenate([x0, x1]) + rng.normal(size=(n, 2)) * noise
    y = np.concatenate([np.zeros(n0), np.ones(n1)]).astype(np.int64)
    order = rng.permutation(n)
    return torch.from_numpy(X[order].astype(np.float32)), torch.from_numpy(y[order])


def train_val_split(X, y, val_fraction: float = 0.3, *, seed: int = 0):
    """Shuffle and split ``(X, y)`` into ``(X_train, y_train, X_val, y_val)``."""
    if not 0 < val_fraction < 1:
        raise ValueError("val_fraction must be in (0, 1)")
    n = len(X)
    order = torch.from_numpy(np.random.default_rng(seed).permutation(n))
    n_val = int(round(n * val_fraction))
    val, train = order[:n_val], order[n_val:]
    return X[train], y[train], X[val], y[val]


# ---------------------------------------------------------------------------
# SST-2
# ---------------------------------------------------------------------------
SST2_URL = "https://github.com/clairett/pytorch-sentiment-classification/raw/master/data/SST2/{split}.tsv"
SST2_SHA256 = {
    "train": "ec192f833a64da08f475488a77b0d0b47db47acd0f458bd18433fc793b569920",
    "dev": "eddea6b39e601dd4e7a672b53cc40fdf6019fa80522f351206c24340ca5d9359",
    "test": "831169c7e2e429d6026e1bdbb542f33b636e3e596caad9602ebc953c205928b7",
}
SST2_ROWS = {"train": 6920, "dev": 872, "test": 1821}


def sst2_cache_dir() -> Path:
    """Where downloaded SST-2 files are kept: ``$XDG_CACHE_HOME/dl-course/sst2`` (``~/.cache`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dl-course" / "sst2"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _download(url: str, dest: Path, expected_sha256: str | None) -> None:
    from tqdm.auto import tqdm

    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, suffix=".part")
    try:
        with urllib.request.urlopen(url, timeout=30) as resp, os.fdopen(fd, "wb") as out:
            total = int(resp.headers.get("Content-Length") or 0) or None
            with tqdm(total=total, unit="B", unit_scale=True, desc=dest.name) as bar:
                while chunk := resp.read(1 << 16):
                    out.write(chunk)
                    bar.update(len(chunk))
        if expected_sha256 is not None:
            got = _sha256(Path(tmp))
            if got != expected_sha256:
                raise OSError(
                    f"downloaded {url} but its sha256 is {got}, not {expected_sha256}: "
                    "the file changed upstream or the download was corrupted"
                )
        shutil.move(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _read_tsv(path: Path):
    import pandas as pd

    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line:
                continue
            text, sep, label = line.rpartition("\t")
            if not sep or label not in ("0", "1"):
                raise ValueError(f"{path}:{lineno}: expected 'sentence<TAB>0|1', got {line[:60]!r}")
            rows.append((text, int(label)))
    df = pd.DataFrame(rows, columns=["text", "label"])
    df["label"] = df["label"].astype("int64")
    return df


def load_sst2(split: str, data_dir: str | os.PathLike | None = None, *, download: bool = True):
    """Load one split of SST-2 (``'train'``, ``'dev'`` or ``'test'``) as a DataFrame.

    Columns: ``text`` (str) and ``label`` (int64, 1 = positive). The file
    ``{split}.tsv`` is looked for, in order, in

    1. ``data_dir`` (either the folder holding the TSV files or its parent
       holding ``sst2/``), when given;
    2. ``$COURSE_DATA_DIR/sst2``;
    3. the user cache, ``sst2_cache_dir()``;
    4. otherwise it is downloaded from ``SST2_URL`` into the cache with a
       progress bar and checked against ``SST2_SHA256`` (``download=False``
       turns this off);

    and if none of these works, a ``FileNotFoundError`` says where to put it.
    """
    if split not in SST2_SHA256:
        raise ValueError(f"split must be one of {sorted(SST2_SHA256)}, got {split!r}")
    name = f"{split}.tsv"
    tried = []
    candidates = []
    if data_dir is not None:
        d = Path(data_dir)
        candidates += [d / name, d / "sst2" / name]
    env = os.environ.get("COURSE_DATA_DIR")
    if env:
        candidates.append(Path(env) / "sst2" / name)
    cached = sst2_cache_dir() / name
    candidates.append(cached)
    for path in candidates:
        tried.append(str(path))
        if path.is_file():
            return _read_tsv(path)
    if download:
        url = SST2_URL.format(split=split)
        try:
            _download(url, cached, SST2_SHA256[split])
            return _read_tsv(cached)
        except OSError as exc:
            tried.append(f"{url} ({exc})")
    raise FileNotFoundError(
        f"SST-2 split {split!r} not found. Looked in:\n  "
        + "\n  ".join(tried)
        + "\nPut train.tsv, dev.tsv and test.tsv (sentence<TAB>label) in a folder 'sst2' and set "
        "COURSE_DATA_DIR to its parent, pass data_dir=..., or copy them to "
        f"{sst2_cache_dir()}."
    )
