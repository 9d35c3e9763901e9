"""Authoring: write an nbgrader master notebook from a percent-format script."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

import nbformat

from .cells import EXPERIMENT_TAG

SCHEMA_VERSION = 3


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
