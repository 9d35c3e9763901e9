"""Student-facing helpers for the deep-learning course notebooks.

Import what a notebook needs::

    from helpers import seed_everything, get_device
    from helpers.data import make_spiral, load_sst2
    from helpers.plot import plot_losses
    from helpers.checks import check_tensor, forbid

Reference answers never live here: everything in this package is safe for a
student to read and call.
"""

from __future__ import annotations

import os
import random

import numpy as np
import torch

# The check helpers snapshot the libraries that test cells use when they are first imported;
# importing them here (the setup cell's `import helpers`) takes that snapshot before any answer
# cell runs, so an answer that patches torch or numpy cannot slip into the references.
from . import checks as _checks  # noqa: E402, F401

__all__ = ["seed_everything", "get_device", "full_run", "__version__"]

__version__ = "1.0.0"


def seed_everything(seed: int = 0, deterministic: bool = True) -> int:
    """Seed Python's ``random``, NumPy and PyTorch (CPU and every CUDA device).

    With ``deterministic=True`` cuDNN is asked for deterministic kernels too, so
    that a notebook gives the same numbers on every run of the same machine.
    Returns the seed, so that a notebook can print it.
    """
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
    if deterministic:
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
    return seed


def get_device(prefer: str | None = None) -> torch.device:
    """The device the notebooks compute on.

    Order: the ``prefer`` argument, then the ``COURSE_DEVICE`` environment
    variable (``cpu``, ``cuda``, ``cuda:1``, ``mps``), then CUDA when it is
    available, then the CPU. Asking for CUDA on a machine without it is an
    error with a clear message rather than a silent fall back to the CPU.
    """
    name = prefer or os.environ.get("COURSE_DEVICE", "").strip()
    if not name:
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        device = torch.device(name)
    except RuntimeError as exc:
        raise ValueError(
            f"COURSE_DEVICE={name!r} is not a device name; use cpu, cuda or cuda:N"
        ) from exc
    if device.type == "cuda" and not torch.cuda.is_available():
        raise RuntimeError(
            f"COURSE_DEVICE={name!r} asks for CUDA but this PyTorch has no CUDA device "
            f"(torch {torch.__version__}); install a CUDA build of torch or unset COURSE_DEVICE"
        )
    return device


def full_run() -> bool:
    """True when ``COURSE_FULL=1``: run the lectures' long experiments unshortened."""
    return os.environ.get("COURSE_FULL", "0").strip() not in ("", "0", "false", "no")
