"""Shared set-up for the course's tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from course.build import venv_on_path

ROOT = Path(__file__).resolve().parent.parent

# Notebooks under tests/ are fixtures (hostile submissions...), never run by nbmake.
collect_ignore_glob = ["adversarial/*", "mutants/*", "fixtures/*"]

# Kernels started by the tests need no figures: the non-interactive backend is faster.
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")
# nbgrader creates gradebooks by running `alembic` from PATH, kernels must be this venv's.
venv_on_path()


def pytest_configure(config):
    import matplotlib

    matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def assignments() -> list[str]:
    from course.layout import assignments as _a

    return _a(ROOT)
