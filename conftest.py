"""Root pytest hooks: the notebooks that nbmake collects from solutions/ and notebooks/."""

from __future__ import annotations

import pytest

from course.layout import have_sst2, use_shared_data

NEEDS_SST2 = "08_sst2_classifier"
use_shared_data()


def pytest_collection_modifyitems(config, items):
    if have_sst2():
        return
    skip = pytest.mark.skip(reason="SST-2 is not available: set COURSE_DATA_DIR (see README)")
    for item in items:
        if str(item.fspath).endswith(".ipynb") and NEEDS_SST2 in str(item.fspath):
            item.add_marker(skip)
