"""Reading the course's notebooks: where they are, what each cell is, and
writing a master notebook from a percent-format script."""

from __future__ import annotations

import ast
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SLUG_RE = re.compile(r"^\d\d_[a-z0-9_]+$")
EXPERIMENT_TAG = "experiment"
SCHEMA_VERSION = 3


def repo_root() -> Path:
    return ROOT


def assignments(root: Path | None = None) -> list[str]:
    """The assignment slugs in ``source/``, in course order."""
    src = (root or ROOT) / "source"
    return sorted(p.name for p in src.iterdir() if p.is_dir() and SLUG_RE.match(p.name))


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


# ---------------------------------------------------------------------------
# Cell roles
# ---------------------------------------------------------------------------
def nbg(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_answer(cell) -> bool:
    """An autograded answer: a code cell the student fills in."""
    m = nbg(cell)
    return cell.cell_type == "code" and m.get("solution", False) and not m.get("grade", False)


def is_test(cell) -> bool:
    """An autograder test cell: a locked code cell with points."""
    m = nbg(cell)
    return cell.cell_type == "code" and m.get("grade", False) and not m.get("solution", False)


def is_manual(cell) -> bool:
    """A manually graded answer (markdown or code with solution and grade)."""
    m = nbg(cell)
    return m.get("grade", False) and m.get("solution", False)


def is_experiment(cell) -> bool:
    return EXPERIMENT_TAG in cell.get("metadata", {}).get("tags", [])


def defined_names(source: str) -> list[str]:
    """Top-level functions and classes a cell defines (empty when it does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)]


def graded_cells(nb) -> list:
    return [c for c in nb.cells if is_test(c)]


def total_points(nb) -> float:
    return float(sum(nbg(c).get("points", 0) for c in nb.cells if nbg(c).get("grade", False)))


def autograded_points(nb) -> float:
    return float(sum(nbg(c).get("points", 0) for c in graded_cells(nb)))


# ---------------------------------------------------------------------------
# Authoring: percent-format script -> nbgrader master notebook
# ---------------------------------------------------------------------------
@dataclass
class _Header:
    kind: str
    options: dict


_HEADER_RE = re.compile(r"^# %%(.*)$")
_KINDS = {"markdown", "md", "code", "setup", "answer", "quick", "test", "manual", "readonly", "experiment"}


def _parse_header(text: str) -> _Header:
    words = shlex.split(text.strip())
    kind = "code"
    options: dict[str, str] = {}
    for w in words:
        if w.startswith("[") and w.endswith("]"):
            w = w[1:-1]
        if "=" in w:
            k, v = w.split("=", 1)
            options[k] = v
        elif w in _KINDS:
            kind = "markdown" if w == "md" else w
        else:
            raise ValueError(f"unknown cell header word {w!r} (kinds: {sorted(_KINDS)})")
    return _Header(kind, options)


def _strip_markdown(lines: list[str]) -> str:
    out = []
    for line in lines:
        if line.startswith("# "):
            out.append(line[2:])
        elif line.rstrip() == "#":
            out.append("")
        else:
            out.append(line)
    return "\n".join(out).strip("\n")


def _nbgrader_meta(grade_id: str, *, grade: bool, solution: bool, locked: bool, points=None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = float(points) if float(points) != int(float(points)) else int(float(points))
    return meta


def script_to_notebook(text: str) -> nbformat.NotebookNode:
    """Build a master notebook from a percent-format script.

    Cells start with a ``# %%`` line followed by a kind and options:

    ``# %% [markdown]``, ``# %% setup id=setup``, ``# %% answer id=sigmoid``,
    ``# %% quick id=quick_sigmoid``, ``# %% test id=test_sigmoid points=2``,
    ``# %% manual id=q_graphs points=2`` (a markdown answer),
    ``# %% readonly id=...`` (a locked markdown/code cell), ``# %% experiment``
    (a plain code cell that mutation runs skip), ``# %%`` (a plain code cell).
    Markdown cells have each line prefixed with ``# ``.
    """
    cells = []
    current: tuple[_Header, list[str]] | None = None

    def flush():
        if current is None:
            return
        header, lines = current
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        kind, opt = header.kind, header.options
        gid = opt.get("id")
        if kind in {"setup", "answer", "quick", "test", "manual", "readonly"} and not gid:
            raise ValueError(f"a {kind} cell needs id=...")
        md_like = kind in {"markdown", "manual"} or (kind == "readonly" and opt.get("type") == "markdown")
        src = _strip_markdown(lines) if md_like else "\n".join(lines)
        cell = nbformat.v4.new_markdown_cell(src) if md_like else nbformat.v4.new_code_cell(src)
        meta = {}
        if kind in {"setup", "quick", "readonly"}:
            meta = _nbgrader_meta(gid, grade=False, solution=False, locked=True)
        elif kind == "answer":
            meta = _nbgrader_meta(gid, grade=False, solution=True, locked=False)
        elif kind == "test":
            meta = _nbgrader_meta(gid, grade=True, solution=False, locked=True, points=opt.get("points", 1))
        elif kind == "manual":
            meta = _nbgrader_meta(gid, grade=True, solution=True, locked=False, points=opt.get("points", 1))
        if meta:
            cell.metadata["nbgrader"] = meta
        if kind == "experiment":
            cell.metadata["tags"] = [EXPERIMENT_TAG]
        cell.pop("id", None)
        cells.append(cell)

    for line in text.splitlines():
        m = _HEADER_RE.match(line)
        if m:
            flush()
            current = (_parse_header(m.group(1)), [])
        elif current is not None:
            current[1].append(line)
        elif line.strip():
            raise ValueError("text before the first '# %%' cell header")
    flush()
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i:03d}"
    return nb


def write(nb, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
