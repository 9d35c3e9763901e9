"""What each cell of a course notebook is, and the markers that hide parts of it.

The one place that decides a cell's role (:class:`CellRole`, :func:`role`) and that
knows the solution and hidden-test markers (:data:`MARKERS`). The markers are read
once from ``nbgrader_config.py`` (``ClearSolutions`` / ``ClearHiddenTests``), so a
change there reaches every parser of the course: the release generator (nbgrader
itself), the feedback that hides hidden tests, the submission screen and the lint.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .layout import ROOT

EXPERIMENT_TAG = "experiment"


class CellRole(enum.Enum):
    ANSWER = "answer"  # autograded answer: a code cell the student fills in
    TEST = "test"  # autograder test: a locked code cell with points
    MANUAL = "manual"  # manually graded answer (markdown, or code with solution and grade)
    LOCKED = "locked"  # read-only nbgrader cell: setup, quick checks, instructions
    EXPERIMENT = "experiment"  # a plain code cell that mutation runs skip
    PLAIN = "plain"  # anything else


def meta(cell) -> dict:
    """The cell's nbgrader metadata (``{}`` when absent or malformed)."""
    m = cell.get("metadata", {}).get("nbgrader")
    return m if isinstance(m, dict) else {}


def grade_id(cell) -> str | None:
    return meta(cell).get("grade_id")


def points(cell) -> float:
    """The points a graded cell is worth (0 for any other cell)."""
    m = meta(cell)
    return float(m.get("points", 0)) if m.get("grade") else 0.0


def role(cell) -> CellRole:
    m = meta(cell)
    code = cell.get("cell_type") == "code"
    if m.get("grade") and m.get("solution"):
        return CellRole.MANUAL
    if code and m.get("solution"):
        return CellRole.ANSWER
    if code and m.get("grade"):
        return CellRole.TEST
    if EXPERIMENT_TAG in cell.get("metadata", {}).get("tags", []):
        return CellRole.EXPERIMENT
    if m.get("locked"):
        return CellRole.LOCKED
    return CellRole.PLAIN


def is_answer(cell) -> bool:
    return role(cell) is CellRole.ANSWER


def is_test(cell) -> bool:
    return role(cell) is CellRole.TEST


def is_manual(cell) -> bool:
    return role(cell) is CellRole.MANUAL


def is_experiment(cell) -> bool:
    return role(cell) is CellRole.EXPERIMENT


def graded_cells(nb) -> list:
    """The autograded test cells."""
    return [c for c in nb.cells if is_test(c)]


def total_points(nb) -> float:
    return float(sum(points(c) for c in nb.cells))


def autograded_points(nb) -> float:
    return float(sum(points(c) for c in graded_cells(nb)))


def defined_names(source: str) -> list[str]:
    """Top-level functions and classes a cell defines (empty when it does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)]


# ---------------------------------------------------------------------------
# Markers
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Markers:
    begin_solution: str
    end_solution: str
    begin_hidden: str
    end_hidden: str

    def all(self) -> tuple[str, str, str, str]:
        return (self.begin_solution, self.end_solution, self.begin_hidden, self.end_hidden)


# nbgrader's own defaults, used only for a setting that nbgrader_config.py leaves out
_NBGRADER_DEFAULTS = {
    ("ClearSolutions", "begin_solution_delimeter"): "BEGIN SOLUTION",
    ("ClearSolutions", "end_solution_delimeter"): "END SOLUTION",
    ("ClearHiddenTests", "begin_test_delimeter"): "BEGIN HIDDEN TESTS",
    ("ClearHiddenTests", "end_test_delimeter"): "END HIDDEN TESTS",
}


def load_markers(config_dir: Path | None = None) -> Markers:
    """The solution and hidden-test delimiters set in ``config_dir/nbgrader_config.py``."""
    from traitlets.config import PyFileConfigLoader

    cfg = PyFileConfigLoader("nbgrader_config.py", path=str(config_dir or ROOT)).load_config()

    def get(section: str, key: str) -> str:
        values = cfg[section] if section in cfg else {}
        return str(values[key]) if key in values else _NBGRADER_DEFAULTS[section, key]

    keys = list(_NBGRADER_DEFAULTS)
    return Markers(*(get(section, key) for section, key in keys))


MARKERS = load_markers()


def classify(source: str, begin: str, end: str) -> Iterator[tuple[str, str]]:
    """Each line of ``source`` with where it stands between ``begin`` and ``end`` markers:
    ``"begin"``, ``"end"``, ``"inside"`` or ``"outside"``."""
    inside = False
    for line in source.splitlines():
        if begin in line:
            inside = True
            yield line, "begin"
        elif end in line:
            inside = False
            yield line, "end"
        else:
            yield line, "inside" if inside else "outside"


def split_hidden(source: str, markers: Markers | None = None) -> tuple[str, list[str]]:
    """A test cell's source without its hidden-test block (what students see) and the lines of
    that block; the marker lines belong to neither."""
    m = markers or MARKERS
    visible, hidden = [], []
    for line, where in classify(source, m.begin_hidden, m.end_hidden):
        if where == "outside":
            visible.append(line)
        elif where == "inside":
            hidden.append(line)
    return "\n".join(visible), hidden


def secret_regions(source: str, markers: Markers | None = None) -> tuple[list[str], list[str]]:
    """The stripped lines inside solution or hidden-test regions, and the stripped lines outside
    them (marker lines in neither)."""
    m = markers or MARKERS
    inside, outside, secret = [], [], False
    for line in source.splitlines():
        if m.begin_solution in line or m.begin_hidden in line:
            secret = True
        elif m.end_solution in line or m.end_hidden in line:
            secret = False
        else:
            (inside if secret else outside).append(line.strip())
    return inside, outside
