"""End to end with real nbgrader: a temporary course, two students (the filled solution
and the untouched release), `nbgrader autograde` and `nbgrader export` from the command line."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course import cells, layout

from .conftest import ROOT, assignments

pytestmark = pytest.mark.slow

CONFIG = """\
import os
exec(open({repo_config!r}).read())
c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = "sqlite:///" + os.path.join({root!r}, "gradebook.db")
"""


def _nbgrader(args, cwd):
    exe = Path(sys.executable).parent / "nbgrader"
    # conftest puts the venv's bin first on PATH: nbgrader finds its `alembic` there
    proc = subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.mark.parametrize("slug", assignments())
def test_autograde_and_export(slug, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(ROOT / "source" / slug, course / "source" / slug)
    (course / "nbgrader_config.py").write_text(
        CONFIG.format(repo_config=str(ROOT / "nbgrader_config.py"), root=str(course))
    )
    _nbgrader(["generate_assignment", slug, "--force"], course)
    for student, nb in (("alice", layout.solution_path(slug)), ("bob", layout.release_path(slug))):
        dest = course / "submitted" / student / slug
        dest.mkdir(parents=True)
        shutil.copy(nb, dest / f"{slug}.ipynb")
    _nbgrader(["autograde", slug, "--force"], course)
    _nbgrader(["export", "--to", str(course / "grades.csv")], course)
    with open(course / "grades.csv") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    points = cells.autograded_points(layout.read(layout.master_path(slug)))
    assert float(rows["alice"]["raw_score"]) == pytest.approx(points), "the solution must score every autograded point"
    assert float(rows["bob"]["raw_score"]) == 0.0, "the untouched release must score 0"
    assert float(rows["alice"]["max_score"]) == pytest.approx(cells.total_points(layout.read(layout.master_path(slug))))


def _course_copy(tmp_path, slug):
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "source" / slug, root / "source" / slug)
    return root, layout.master_path(slug, root)


def test_build_reports_a_check_that_fails_on_the_solution(tmp_path):
    """`make course` reads the scores from the gradebook, not nbgrader's exit code."""
    from course import build

    slug = "01_computation_graph"
    root, master_file = _course_copy(tmp_path, slug)
    master = layout.read(master_file)
    cell = next(c for c in master.cells if cells.meta(c).get("grade_id") == "test_squared_error")
    end = f"### {cells.MARKERS.end_hidden}"
    cell.source = cell.source.replace(end, f"raise AssertionError('broken check')\n{end}")
    layout.write(master, master_file)
    row = build.build_and_check(slug, root=root, execute=False)
    assert row.solution_score == row.points - 1
    assert any("test_squared_error" in p for p in row.problems)
    assert "| 01_computation_graph | 8 | 18 | 17 | 0 |" in build.format_table([row])


def test_build_reports_a_check_that_passes_on_the_blank_release(tmp_path):
    from course import build

    slug = "01_computation_graph"
    root, master_file = _course_copy(tmp_path, slug)
    master = layout.read(master_file)
    cell = next(c for c in master.cells if cells.meta(c).get("grade_id") == "test_leaf_tensors")
    cell.source = "pass  # a check that cannot fail"
    layout.write(master, master_file)
    row = build.build_and_check(slug, root=root, execute=False)
    assert row.release_score == 2
    assert any("release scores 2 on test_leaf_tensors" in p for p in row.problems)
