"""Plain nbgrader from a course folder that uses the repository's ``nbgrader_config.py``.

An instructor follows nbgrader's own docs: ``generate_assignment`` (no ``--force``),
``autograde``, ``generate_feedback``, ``release_feedback``. The assignment must be
registered, the release must stay what ``make course`` commits, the log must be free of
the "not absolute" noise, and no feedback page may show a line of the hidden tests.
"""

from __future__ import annotations

import filecmp
import shutil

import pytest

from course import build
from course import layout as nbs

from .common import hidden_lines, leaked, make_course
from .common import nbgrader as _nbgrader

SLUG = "01_computation_graph"
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading")]


def test_plain_nbgrader_registers_grades_and_hides_hidden_tests(tmp_path):
    course = make_course(tmp_path / "course", [SLUG])
    logs = [_nbgrader(course, "generate_assignment", SLUG)]
    assert "Skipping existing assignment" not in logs[0]
    # the release is what `make course` (course.build.generate) writes from the same source
    made = tmp_path / "made"  # the same source (the repository's may change while the test runs)
    shutil.copytree(course / "source", made / "source")
    shutil.copy(course / "nbgrader_config.py", made / "nbgrader_config.py")
    build.generate(SLUG, root=made, execute=False)
    ours, theirs = course / "release" / SLUG, made / "release" / SLUG
    cmp = filecmp.dircmp(ours, theirs, ignore=["__pycache__", f"{SLUG}.ipynb"])
    assert not (cmp.diff_files or cmp.left_only or cmp.right_only), (cmp.diff_files, cmp.left_only, cmp.right_only)
    # the same notebook, metadata included (dl_course.generated_from names the master)
    assert nbs.read(ours / f"{SLUG}.ipynb") == nbs.read(theirs / f"{SLUG}.ipynb")
    assert nbs.read(ours / f"{SLUG}.ipynb").metadata["dl_course"]["generated_from"] == f"source/{SLUG}/{SLUG}.ipynb"

    # two submissions: the solution, and the untouched release (every test cell fails on it)
    for student, nb in (("alice", nbs.solution_path(SLUG)), ("bob", nbs.release_path(SLUG))):
        dest = course / "submitted" / student / SLUG
        dest.mkdir(parents=True)
        shutil.copy(nb, dest / f"{SLUG}.ipynb")
        (dest / "timestamp.txt").write_text("2026-12-01 12:00:00.000000 UTC")  # as `nbgrader collect` leaves them
        (dest / "submission_secret.txt").write_text(f"secret-{student}")
    logs.append(_nbgrader(course, "autograde", SLUG))
    assert "No assignment" not in logs[-1]
    assert (course / "autograded" / "bob" / SLUG / f"{SLUG}.ipynb").is_file()
    logs.append(_nbgrader(course, "generate_feedback", SLUG))
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    logs.append(_nbgrader(course, "release_feedback", SLUG, f"--Exchange.root={exchange}"))
    for log in logs:
        assert "is not absolute" not in log, log
        assert "not recognized" not in log, log

    hidden = hidden_lines(course, SLUG)
    assert len(hidden) > 50  # the master of 01 has about 90 distinct hidden lines
    pages = sorted((course / "feedback").rglob("*.html")) + sorted(exchange.rglob("*.html"))
    assert len(pages) == 4, pages  # two students, in feedback/ and in the exchange
    for page in pages:
        text = page.read_text()
        assert leaked(text, hidden) == [], page
        assert "hidden tests: not shown" in text
    bob = (course / "feedback" / "bob" / SLUG / f"{SLUG}.html").read_text()
    assert "NotImplementedError" in bob  # the failure is still explained
