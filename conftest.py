"""Root pytest hooks, for tests/ and for the notebooks that nbmake collects from solutions/ and
notebooks/: an assignment's ``needs`` (course.toml) become a ``needs`` marker, and a skip where the
data is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from course import layout

layout.use_shared_data()


def pytest_configure(config):
    config.addinivalue_line("markers", "needs(*data): the data sets the assignment needs (course.toml)")


def _slug(item) -> str | None:
    """The assignment an item runs: its ``slug`` parameter, or the notebook it is."""
    callspec = getattr(item, "callspec", None)
    slug = callspec.params.get("slug") if callspec else None
    if slug is None and str(item.fspath).endswith(".ipynb"):
        slug = Path(str(item.fspath)).stem
    return slug if isinstance(slug, str) else None


def pytest_collection_modifyitems(config, items):
    needs = {a.slug: a.needs for a in layout.manifest()}
    for item in items:
        slug = _slug(item)
        if not needs.get(slug):
            continue
        item.add_marker(pytest.mark.needs(*needs[slug]))
        executes = item.get_closest_marker("slow") or str(item.fspath).endswith(".ipynb")
        missing = [n for n in needs[slug] if not layout.have_data(n)]
        if executes and missing:  # the lint of a master needs no data; running it does
            item.add_marker(pytest.mark.skip(reason=f"{slug} needs {', '.join(missing)}: set COURSE_DATA_DIR "
                                                    "(see README)"))
