"""Where the course's files are: the repository root, the assignments (the manifest
``course.toml``), the paths of each assignment's master, release, solution and lecture
companion, and where the course data lives. Imports nothing from the rest of ``course``."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

try:
    import tomllib
except ImportError:  # Python 3.10 (pyproject allows it): the same parser, vendored by pip
    from pip._vendor import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = "course.toml"
SLUG_RE = re.compile(r"^\d\d_[a-z0-9_]+$")
LECTURE_RE = re.compile(r"^L\d+$")
# the data sets an assignment may need, and the file under $COURSE_DATA_DIR that shows it is there
DATA = {"sst2": Path("sst2") / "train.tsv"}


@dataclass(frozen=True)
class Assignment:
    """One entry of the manifest (see the comments at the top of ``course.toml``)."""

    slug: str
    title: str
    lectures: tuple[str, ...]
    builds: str = ""
    needs: tuple[str, ...] = ()

    @property
    def number(self) -> str:
        return self.slug[:2]


def manifest(root: Path | None = None) -> list[Assignment]:
    """The assignments of ``course.toml``, in course order, checked for form."""
    path = (root or ROOT) / MANIFEST
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("assignment", [])
    out: list[Assignment] = []
    for entry in entries:
        unknown = set(entry) - {"slug", "title", "lectures", "builds", "needs"}
        if unknown or not {"slug", "title", "lectures"} <= set(entry):
            raise ValueError(f"{path.name}: entry {entry.get('slug')!r} needs slug, title and lectures "
                             f"(unknown keys: {sorted(unknown)})")
        a = Assignment(entry["slug"], entry["title"], tuple(entry["lectures"]), entry.get("builds", ""),
                       tuple(entry.get("needs", ())))
        problems = []
        if not SLUG_RE.match(a.slug):
            problems.append("the slug is not NN_lowercase_words")
        if out and a.number <= out[-1].number:
            problems.append(f"number {a.number} does not follow {out[-1].number}")
        if not a.lectures or not all(LECTURE_RE.match(x) for x in a.lectures):
            problems.append(f"lectures {list(a.lectures)} are not like ['L1', 'L3']")
        if set(a.needs) - set(DATA):
            problems.append(f"unknown data {sorted(set(a.needs) - set(DATA))} (known: {sorted(DATA)})")
        if problems:
            raise ValueError(f"{path.name}: {a.slug}: " + "; ".join(problems))
        out.append(a)
    return out


def assignments(root: Path | None = None) -> list[str]:
    """The assignment slugs, in course order (the order of ``course.toml``)."""
    return [a.slug for a in manifest(root)]


def assignment(slug: str, root: Path | None = None) -> Assignment:
    found = [a for a in manifest(root) if a.slug == slug]
    if not found:
        raise ValueError(f"{slug!r} is not in {MANIFEST}")
    return found[0]


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


def have_data(name: str) -> bool:
    """Whether the data set ``name`` (a key of :data:`DATA`) is where the notebooks look first
    (``$COURSE_DATA_DIR``)."""
    d = os.environ.get("COURSE_DATA_DIR")
    return bool(d) and (Path(d) / DATA[name]).is_file()


def have_sst2() -> bool:
    """Whether the SST-2 files are where the notebooks will look first (``$COURSE_DATA_DIR/sst2``)."""
    return have_data("sst2")


def missing_data(slug: str, root: Path | None = None) -> list[str]:
    """The data sets that ``slug`` needs and this machine lacks."""
    return [n for n in assignment(slug, root).needs if not have_data(n)]


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def write(nb, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
