"""Where the course's files are: the repository root, the assignment slugs and the
paths of each assignment's master, release, solution and lecture companion, and
where the course data lives. Imports nothing from the rest of ``course``."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SLUG_RE = re.compile(r"^\d\d_[a-z0-9_]+$")


def assignments(root: Path | None = None) -> list[str]:
    """The assignment slugs in ``source/``, in course order."""
    src = (root or ROOT) / "source"
    return sorted(p.name for p in src.iterdir() if p.is_dir() and SLUG_RE.match(p.name))


def resolve_slug(name: str, root: Path | None = None) -> str:
    """The one assignment that ``name`` means: a slug, its number (``3`` or ``03``) or a
    prefix ending before an underscore (``03_autograd``). Raises ``ValueError`` otherwise."""
    known = assignments(root)
    matches = [s for s in known if s == name or s.startswith(name + "_") or s[:2] == name.zfill(2)]
    if len(matches) != 1:
        raise ValueError(f"unknown assignment {name!r}; known: {', '.join(known)}")
    return matches[0]


def master_path(slug: str, root: Path | None = None) -> Path:
    return (root or ROOT) / "source" / slug / f"{slug}.ipynb"


def release_path(slug: str, root: Path | None = None) -> Path:
    return (root or ROOT) / "release" / slug / f"{slug}.ipynb"


def solution_path(slug: str, root: Path | None = None) -> Path:
    return (root or ROOT) / "solutions" / slug / f"{slug}.ipynb"


def companion_path(slug: str, root: Path | None = None) -> Path:
    return (root or ROOT) / "notebooks" / f"{slug}.ipynb"


def use_shared_data() -> None:
    """Point ``COURSE_DATA_DIR`` at ``../shared/data`` beside the repository when nothing else is set
    and that folder holds SST-2 (the layout of CI and of the course's development machines)."""
    shared = ROOT.parent / "shared" / "data"
    if not os.environ.get("COURSE_DATA_DIR") and (shared / "sst2").is_dir():
        os.environ["COURSE_DATA_DIR"] = str(shared)


def have_sst2() -> bool:
    """Whether the SST-2 files are where the notebooks will look first (``$COURSE_DATA_DIR/sst2``)."""
    d = os.environ.get("COURSE_DATA_DIR")
    return bool(d) and (Path(d) / "sst2" / "train.tsv").is_file()


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def write(nb, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
