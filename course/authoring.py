"""Authoring: write an nbgrader master notebook from a percent-format script."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import cells, layout
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


# ---------------------------------------------------------------------------
# `course new`: a new assignment that `make course` accepts at once
# ---------------------------------------------------------------------------
_MASTER_TEMPLATE = '''\
# %% [markdown]
# # {number}. {title}
#
# Follows {lecture_refs}. (Replace this paragraph: which part of the lecture, and what the student builds.)
#
# **You will learn to**
# - compute a mean squared error with tensor operations (replace with this assignment's goals).
#
# **Time:** about 30 minutes. Lecture companion: `notebooks/{slug}.ipynb`.
#
# | exercise | points |
# |---|---:|
# | 1. `mean_squared_error` | 2 |
# | **total** | **2** |
#
# Write your code where `raise NotImplementedError()` stands, run the quick check under it,
# and press **Validate** when you are done. The graded checks test more than the quick checks.

# %% setup id=setup
import torch

import helpers
from helpers import full_run, get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"torch {{torch.__version__}}, helpers {{helpers.__version__}}, device {{device}}, full run: {{full_run()}}")

# %% [markdown]
# ## 1. The mean squared error
#
# **Exercise 1 (2 points).** Implement `mean_squared_error(y_pred, y_true)`: the mean of
# $(y_{{pred}} - y_{{true}})^2$ over all elements, as a 0-dimensional tensor. Use tensor operations,
# not a Python loop.

# %% answer id=mean_squared_error
def mean_squared_error(y_pred, y_true):
    """The mean of the squared differences, a 0-d tensor."""
    ### {m.begin_solution}
    return ((y_pred - y_true) ** 2).mean()
    ### {m.end_solution}

# %% quick id=quick_mean_squared_error
print(mean_squared_error(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 4.0])))  # tensor(2.)

# %% test id=test_mean_squared_error points=2
import torch

from helpers.checks import check_tensor, fresh_generator

check_tensor(mean_squared_error(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 4.0])), torch.tensor(2.0),
             name="mean_squared_error([1., 2.], [1., 4.])")
### {m.begin_hidden}
g = fresh_generator(1)
a, b = torch.randn(5, 3, generator=g), torch.randn(5, 3, generator=g)
check_tensor(mean_squared_error(a, b), torch.nn.functional.mse_loss(a, b), name="mean_squared_error on (5, 3) inputs")
### {m.end_hidden}

# %% [markdown]
# ## Summary
#
# - (The assignment's main points, one line each.)
#
# **Next:** (the next notebook).
'''

_COMPANION_TEMPLATE = '''\
# %% [markdown]
# # {number}. {title}: lecture companion
#
# An ungraded walk through {lecture_refs}. (Replace this paragraph: what the companion shows.)

# %%
import torch

from helpers import seed_everything

seed_everything(0)
print(torch.ones(3).mean())
'''

# one example of each mutant form (see CONTRIBUTING.md): a redefinition and an edit of the solution
_MUTANTS = {
    "mean_squared_error_sum.py": '''\
# fails: test_mean_squared_error
# The sum instead of the mean: a redefinition, appended to the answer cell that defines the name.
def mean_squared_error(y_pred, y_true):
    return ((y_pred - y_true) ** 2).sum()
''',
    "mean_squared_error_abs.py": '''\
# fails: test_mean_squared_error
# The absolute difference instead of its square: an edit of the solution's answer cell.
TARGET = "mean_squared_error"
EDITS = [("** 2", ".abs()")]
''',
}

_LEGAL = '# legal: "the mean of $(y_{pred} - y_{true})^2$ over all elements, as a 0-dimensional tensor"\n'
# right answers in other idioms (CONTRIBUTING.md; tests/test_alternatives.py wants at least five)
_ALTERNATIVES = {
    "mean_squared_error_pow.py": _LEGAL + '''\
# Idiom: torch.mean of torch.pow, another spelling of the same tensor computation.
def mean_squared_error(y_pred, y_true):
    return torch.mean(torch.pow(y_pred - y_true, 2))
''',
    "mean_squared_error_sum_over_numel.py": _LEGAL + '''\
# Idiom: the sum divided by the number of elements instead of .mean().
def mean_squared_error(y_pred, y_true):
    return ((y_pred - y_true) ** 2).sum() / y_pred.numel()
''',
    "mean_squared_error_product.py": _LEGAL + '''\
# Idiom: the difference times itself, kept in a local name.
def mean_squared_error(y_pred, y_true):
    diff = y_pred - y_true
    return (diff * diff).mean()
''',
    "mean_squared_error_dot.py": _LEGAL + '''\
# Idiom: a dot product of the flattened difference with itself, over the count.
def mean_squared_error(y_pred, y_true):
    diff = (y_pred - y_true).flatten()
    return torch.dot(diff, diff) / diff.numel()
''',
    "mean_squared_error_square_edit.py": _LEGAL + '''\
# Idiom: Tensor.square() instead of ** 2 (an edit of the solution's answer cell).
TARGET = "mean_squared_error"
EDITS = [("((y_pred - y_true) ** 2).mean()", "(y_pred - y_true).square().mean()")]
''',
}


def _lecture_refs(lectures: list[str]) -> str:
    refs = [f"**lecture {x}**" for x in lectures]
    return refs[0] if len(refs) == 1 else ", ".join(refs[:-1]) + " and " + refs[-1]


def _toml_string(s: str) -> str:
    return json.dumps(s)  # a JSON string is a valid TOML basic string


def new_assignment(slug: str, title: str, lectures: list[str], root: Path, needs: tuple[str, ...] = (),
                   builds: str = "") -> list[Path]:
    """Scaffold assignment ``slug`` under ``root``: a master with one exercise (answer, quick check, test with
    a visible and a hidden part), a companion, one mutant of each form, five alternatives, and its entry at the
    end of ``course.toml``. Returns the files written."""
    root = Path(root)
    if not layout.SLUG_RE.match(slug):
        raise ValueError(f"{slug!r}: a slug is NN_lowercase_words, such as 09_attention")
    known = layout.manifest(root)
    if any(a.slug == slug or a.number == slug[:2] for a in known):
        raise ValueError(f"{slug[:2]} is taken in {layout.MANIFEST}")
    if not lectures or not all(layout.LECTURE_RE.match(x) for x in lectures):
        raise ValueError(f"lectures {lectures} are not like L1 L3")
    if set(needs) - set(layout.DATA):
        raise ValueError(f"unknown data {sorted(set(needs) - set(layout.DATA))} (known: {sorted(layout.DATA)})")
    if known and slug[:2] < known[-1].number:
        raise ValueError(f"{slug} would not be last: the manifest's last is {known[-1].slug}")
    targets = [layout.master_path(slug, root), layout.companion_path(slug, root),
               root / "tests" / "mutants" / slug, root / "tests" / "alternatives" / slug]
    existing = [p for p in targets if p.exists()]
    if existing:
        raise ValueError(f"already there: {', '.join(map(str, existing))}")
    words = {"number": slug[:2], "title": title, "slug": slug, "lecture_refs": _lecture_refs(lectures),
             "m": cells.MARKERS}
    written = []
    for path, template in ((targets[0], _MASTER_TEMPLATE), (targets[1], _COMPANION_TEMPLATE)):
        layout.write(script_to_notebook(template.format(**words)), path)
        written.append(path)
    for folder, files in ((targets[2], _MUTANTS), (targets[3], _ALTERNATIVES)):
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text)
            written.append(folder / name)
    entry = (f"\n[[assignment]]\nslug = {_toml_string(slug)}\ntitle = {_toml_string(title)}\n"
             f"lectures = [{', '.join(map(_toml_string, lectures))}]\nbuilds = {_toml_string(builds)}\n"
             f"needs = [{', '.join(map(_toml_string, needs))}]\n")
    manifest = root / layout.MANIFEST
    before = manifest.read_text()
    manifest.write_text(before.rstrip("\n") + "\n" + entry)
    try:
        layout.manifest(root)
    except ValueError:
        manifest.write_text(before)
        raise
    written.append(manifest)
    return written
