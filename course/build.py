"""Generate ``release/`` and ``solutions/`` from ``source/`` with nbgrader, and
check both directions with nbgrader's Python API (never its exit code)."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from traitlets.config import Config, PyFileConfigLoader

from . import cells, layout

log = logging.getLogger("course")
warnings.filterwarnings("ignore", category=Warning, module="nbgrader")
warnings.filterwarnings("ignore", message=".*not in session.*")


def nbgrader_config(root: Path, db_url: str, **overrides) -> Config:
    """The repository's ``nbgrader_config.py`` with ``root`` and ``db_url`` replaced."""
    loader = PyFileConfigLoader("nbgrader_config.py", path=str(layout.ROOT))
    cfg = loader.load_config()
    cfg.CourseDirectory.root = str(root)
    cfg.CourseDirectory.db_url = db_url
    for section, values in overrides.items():
        for key, value in values.items():
            setattr(getattr(cfg, section), key, value)
    return cfg


def venv_on_path() -> None:
    """nbgrader calls ``alembic`` from PATH when it creates a gradebook: put our venv first."""
    import sys

    bindir = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if not path.startswith(bindir + os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + path


def _api(cfg: Config):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    venv_on_path()
    coursedir = CourseDirectory(config=cfg)
    return NbGraderAPI(coursedir=coursedir, config=cfg)


def _run_converter(api, cls, slug: str) -> dict:
    from nbgrader.utils import capture_log, temp_attrs

    with temp_attrs(api.coursedir, assignment_id=slug):
        app = cls(coursedir=api.coursedir, parent=api)
        app.force = True
        app.create_assignment = True
        return capture_log(app)


def _ok(result: dict, what: str) -> None:
    if not result.get("success"):
        raise RuntimeError(f"{what} failed:\n{result.get('error', '')}\n{result.get('log', '')}")


def generate(slug: str, root: Path | None = None, execute: bool = True) -> None:
    """Regenerate ``release/<slug>`` and ``solutions/<slug>`` (executed unless ``execute=False``)."""
    from nbgrader.converters import GenerateAssignment, GenerateSolution

    root = root or layout.ROOT
    with tempfile.TemporaryDirectory(prefix="course-build-") as tmp:
        cfg = nbgrader_config(root, f"sqlite:///{tmp}/gradebook.db")
        if not execute:
            cfg.GenerateSolution.preprocessors = [
                "nbgrader.preprocessors.IncludeHeaderFooter",
                "nbgrader.preprocessors.LockCells",
                "nbgrader.preprocessors.ClearOutput",
                "nbgrader.preprocessors.ClearMarkScheme",
            ]
        api = _api(cfg)
        for sub in ("release", "solutions"):
            shutil.rmtree(Path(root) / sub / slug, ignore_errors=True)
        _ok(_run_converter(api, GenerateAssignment, slug), f"generate_assignment {slug}")
        _ok(_run_converter(api, GenerateSolution, slug), f"generate_solution {slug}")
        for sub in ("release", "solutions"):
            for junk in (Path(root) / sub / slug).rglob("__pycache__"):
                shutil.rmtree(junk, ignore_errors=True)


@dataclass
class GradeReport:
    """Scores of one autograded submission, per test cell."""

    student: str
    score: float
    max_score: float
    cells: dict[str, tuple[float, float]] = field(default_factory=dict)  # grade_id -> (score, max)


def autograde(slug: str, submissions: dict[str, Path], source_root: Path | None = None) -> dict[str, GradeReport]:
    """Autograde notebooks with real nbgrader in a temporary course directory.

    ``submissions`` maps a student id to the notebook it submits for ``slug``.
    Returns a report per student, read from the gradebook.
    """
    from nbgrader.api import Gradebook

    source_root = source_root or layout.ROOT
    reports = {}
    with tempfile.TemporaryDirectory(prefix="course-grade-") as tmp:
        tmp = Path(tmp)
        shutil.copytree(source_root / "source" / slug, tmp / "source" / slug)
        db = f"sqlite:///{tmp}/gradebook.db"
        cfg = nbgrader_config(tmp, db)
        api = _api(cfg)
        _ok(api.generate_assignment(slug), f"generate_assignment {slug}")
        for student, nb_path in submissions.items():
            dest = tmp / "submitted" / student / slug
            dest.mkdir(parents=True)
            shutil.copy(nb_path, dest / f"{slug}.ipynb")
            _ok(api.autograde(slug, student), f"autograde {slug} for {student}")
        with Gradebook(db) as gb:
            for student in submissions:
                sub = gb.find_submission(slug, student)
                rep = GradeReport(student, float(sub.score), float(sub.max_score))
                for nb in sub.notebooks:
                    for grade in nb.grades:
                        if grade.cell.cell_type == "code":
                            rep.cells[grade.name] = (float(grade.score), float(grade.max_score))
                reports[student] = rep
    return reports


@dataclass
class CheckRow:
    slug: str
    graded_cells: int
    points: float
    solution_score: float
    release_score: float
    seconds: float
    problems: list[str]
    mutants: int = 0  # wrong answers kept in tests/mutants/<slug>/ (each must lose points)
    alternatives: int = 0  # right answers in other idioms kept in tests/alternatives/<slug>/ (each keeps all)


def build_and_check(slug: str, execute: bool = True, check: bool = True, root: Path | None = None) -> CheckRow:
    """Generate one assignment, then autograde its solution (must be full) and release (must be 0).

    The row also counts the mutants and alternatives the assignment keeps (``course mutants`` and
    ``course alternatives`` run them).
    """
    from . import runner

    root = root or layout.ROOT
    t0 = time.perf_counter()
    generate(slug, root=root, execute=execute)
    master = layout.read(layout.master_path(slug, root))
    graded = cells.graded_cells(master)
    points = cells.autograded_points(master)
    problems: list[str] = []
    sol = rel = float("nan")
    if check:
        reports = autograde(
            slug, {"solution": layout.solution_path(slug, root), "release": layout.release_path(slug, root)}, root
        )
        s, r = reports["solution"], reports["release"]
        sol = sum(v[0] for k, v in s.cells.items())
        rel = sum(v[0] for k, v in r.cells.items())
        for gid, (score, mx) in sorted(s.cells.items()):
            if score < mx:
                problems.append(f"solution loses points on {gid} ({score:g}/{mx:g})")
        for gid, (score, _mx) in sorted(r.cells.items()):
            if score > 0:
                problems.append(f"release scores {score:g} on {gid}: that check passes on a blank answer")
        problems += [
            f"the executed solution raises {out.get('ename')} in cell {i}"
            for i, cell in enumerate(layout.read(layout.solution_path(slug, root)).cells)
            for out in cell.get("outputs", [])
            if out.get("output_type") == "error"
        ]
        if abs(sum(v[1] for v in s.cells.values()) - points) > 1e-9:
            problems.append("the gradebook's points differ from the master's")
    return CheckRow(slug, len(graded), points, sol, rel, time.perf_counter() - t0, problems,
                    len(runner.mutants(slug)), len(runner.alternatives(slug)))


def _worker(args):
    slug, execute, check = args
    logging.disable(logging.WARNING)
    try:
        return build_and_check(slug, execute, check)
    except Exception as exc:  # noqa: BLE001 - reported in the table
        return CheckRow(slug, 0, 0.0, float("nan"), float("nan"), 0.0, [f"{type(exc).__name__}: {exc}"])


def build_all(slugs: list[str], jobs: int = 1, execute: bool = True, check: bool = True) -> list[CheckRow]:
    args = [(s, execute, check) for s in slugs]
    if jobs <= 1 or len(slugs) == 1:
        return [_worker(a) for a in args]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_worker, args))


def format_table(rows: list[CheckRow]) -> str:
    head = "| assignment | graded cells | points | solution score | release score | mutants | alternatives | seconds |"
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [
        f"| {r.slug} | {r.graded_cells} | {r.points:g} | {r.solution_score:g} | {r.release_score:g} "
        f"| {r.mutants} | {r.alternatives} | {r.seconds:.1f} |"
        for r in rows
    ]
    return "\n".join(lines)
