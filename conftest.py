"""Root pytest hooks: the notebooks that nbmake collects from solutions/ and notebooks/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

NEEDS_SST2 = "08_sst2_classifier"


def _have_sst2() -> bool:
    d = os.environ.get("COURSE_DATA_DIR")
    if d and (Path(d) / "sst2" / "train.tsv").is_file():
        return True
    shared = Path(__file__).resolve().parent.parent / "shared" / "data"
    if (shared / "sst2" / "train.tsv").is_file():
        os.environ["COURSE_DATA_DIR"] = str(shared)
        return True
    return False


def pytest_collection_modifyitems(config, items):
    if _have_sst2():
        return
    skip = pytest.mark.skip(reason="SST-2 is not available: set COURSE_DATA_DIR (see README)")
    for item in items:
        if str(item.fspath).endswith(".ipynb") and NEEDS_SST2 in str(item.fspath):
            item.add_marker(skip)
