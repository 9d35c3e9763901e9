"""`course new`: a scaffolded assignment is in the manifest, passes the lint and builds at once."""

from __future__ import annotations

import re
import shutil

import pytest

from course import authoring, build, cells, layout, runner
from course.layout import ROOT

from .test_alternatives import MIN_PER_ASSIGNMENT

SLUG = "99_scaffold_check"


@pytest.fixture
def course_copy(tmp_path):
    """A copy of the repository's course layout (the manifest and the nbgrader configuration)."""
    for name in (layout.MANIFEST, "nbgrader_config.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    written = authoring.new_assignment(SLUG, "A scaffolded assignment", ["L3", "L4"], tmp_path,
                                       builds="a mean squared error")
    return tmp_path, written


def test_new_assignment_is_in_the_manifest_and_passes_the_lint(course_copy):
    root, written = course_copy
    entries = layout.manifest(root)
    assert [a.slug for a in entries] == layout.assignments() + [SLUG], "appended, last"
    assert entries[-1] == layout.Assignment(SLUG, "A scaffolded assignment", ("L3", "L4"), "a mean squared error")
    master = layout.read(layout.master_path(SLUG, root))
    title = master.cells[0].source
    assert title.startswith("# 99. A scaffolded assignment\n") and "**lecture L3** and **lecture L4**" in title
    roles = [cells.role(c) for c in master.cells]
    R = cells.CellRole
    assert [r for r in roles if r is not R.PLAIN] == [R.LOCKED, R.ANSWER, R.LOCKED, R.TEST]
    assert cells.grade_id(master.cells[roles.index(R.LOCKED)]) == "setup"
    table_total = re.search(r"\*\*total\*\* \| \*\*(\d+)\*\*", title)
    assert table_total and float(table_total.group(1)) == cells.total_points(master) == 2
    test = next(c for c in master.cells if cells.is_test(c))
    visible, hidden = cells.split_hidden(test.source)
    assert "check_tensor" in visible and hidden, "a visible check and a hidden part"
    companion = layout.read(layout.companion_path(SLUG, root))
    assert re.search(r"lecture L\d", companion.cells[0].source)
    forms = set()
    for path in sorted((root / "tests" / "mutants" / SLUG).glob("*.py")):
        source = path.read_text()
        forms.add("edit" if runner.edit_spec(source) else "redefinition")
        assert runner.inject(master, source) is not None
    assert forms == {"edit", "redefinition"}
    alternatives = sorted((root / "tests" / "alternatives" / SLUG).glob("*.py"))
    assert len(alternatives) >= MIN_PER_ASSIGNMENT, "as many as the alternatives' lint asks for"
    text = " ".join(" ".join(c.source for c in master.cells).split())
    for path in alternatives:
        legal = path.read_text().splitlines()[0]
        assert legal.startswith('# legal: "') and legal[len('# legal: "'):-1] in text, path.name
        assert runner.inject(master, path.read_text()) is not None
    assert set(written) >= {layout.master_path(SLUG, root), layout.companion_path(SLUG, root), root / "course.toml"}


def test_new_assignment_refuses_what_the_manifest_would_not_hold(tmp_path):
    shutil.copy(ROOT / layout.MANIFEST, tmp_path / layout.MANIFEST)
    before = (tmp_path / layout.MANIFEST).read_text()
    with pytest.raises(ValueError, match="lectures"):
        authoring.new_assignment("90_x", "Bad lectures", ["lecture 3"], tmp_path)
    with pytest.raises(ValueError, match="unknown data"):
        authoring.new_assignment("90_x", "Bad data", ["L3"], tmp_path, needs=("imagenet",))
    with pytest.raises(ValueError, match="NN_lowercase"):
        authoring.new_assignment("9_bad", "Bad", ["L1"], tmp_path)
    with pytest.raises(ValueError, match="taken"):
        authoring.new_assignment(layout.assignments()[-1][:2] + "_again", "Taken", ["L1"], tmp_path)
    assert (tmp_path / layout.MANIFEST).read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [layout.MANIFEST], "nothing written"
    authoring.new_assignment("90_y", "Fine", ["L3"], tmp_path)
    with pytest.raises(ValueError, match="would not be last"):
        authoring.new_assignment("89_z", "Out of order", ["L3"], tmp_path)


@pytest.mark.slow
def test_new_assignment_builds_at_once(course_copy):
    """`make course` on the scaffold: the solution scores full, the blank release 0; each mutant loses
    points and the alternative keeps them all."""
    root, _ = course_copy
    row = build.build_and_check(SLUG, root=root)
    assert row.problems == [], row.problems
    assert row.points == 2 and row.solution_score == 2 and row.release_score == 0
    master = layout.read(layout.master_path(SLUG, root))

    def score(source):
        nb = runner.graded_only(runner.inject(master, source))
        runner.execute(nb, layout.master_path(SLUG, root).parent)
        return runner.score(nb).score

    for path in sorted((root / "tests" / "mutants" / SLUG).glob("*.py")):
        assert score(path.read_text()) < 2, f"mutant {path.name} keeps its points"
    for path in sorted((root / "tests" / "alternatives" / SLUG).glob("*.py")):
        assert score(path.read_text()) == 2, f"alternative {path.name} loses points"
