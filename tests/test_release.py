"""The student's first run: a release notebook runs top to bottom, and every error it
raises comes from the answers it asks for: a NotImplementedError, or a later cell that
needs what an earlier failing cell would have made (JupyterLab's Run All stops at the
first error anyway; the autograder runs on and must not meet any other error).

And Validate tells the truth: on the blank release every graded test cell fails, so
Validate lists each one instead of saying "Success!" for a cell that checks nothing
visible. Both tests read one execution of the release per assignment."""

from __future__ import annotations

import ast
import functools

import pytest

from course import cells, layout, runner

from .conftest import assignments

pytestmark = pytest.mark.slow


def _names(source: str) -> tuple[set[str], set[str]]:
    """(names a cell binds or mutates, names it reads)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set(), set()
    stored, loaded = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (stored if isinstance(node.ctx, ast.Store) else loaded).add(node.id)
        elif isinstance(node, ast.Subscript | ast.Attribute) and isinstance(node.ctx, ast.Store):
            base = node.value
            while isinstance(base, ast.Subscript | ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name):
                stored.add(base.id)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            stored.add(node.name)
    return stored, loaded


@functools.cache
def _executed_release(slug: str):
    """The release notebook of ``slug`` after one run (blank answers, visible tests only)."""
    nb = layout.read(layout.release_path(slug))
    runner.execute(nb, layout.release_path(slug).parent, timeout=300)
    return nb


# one worker runs both tests of an assignment (pytest -n ... --dist loadgroup), so it executes once
SLUGS = [pytest.param(slug, marks=pytest.mark.xdist_group(f"release-{slug}")) for slug in assignments()]


@pytest.mark.parametrize("slug", SLUGS)
def test_release_raises_only_what_the_blank_answers_cause(slug):
    nb = _executed_release(slug)
    broken: set[str] = set()  # names that a failing cell did not finish making
    others = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        stored, loaded = _names(cell.source)
        for out in errors:
            if out.get("ename") == "NotImplementedError" or loaded & broken:
                continue
            others.append(f"cell {i} ({cells.meta(cell).get('grade_id', 'code')}): "
                          f"{out.get('ename')}: {out.get('evalue')}"[:200])
        if errors:
            broken |= stored
    assert not others, "a blank release raises errors its blank answers do not explain:\n" + "\n".join(others)
    answers = [c for c in nb.cells if cells.is_answer(c)]
    assert answers and all("raise NotImplementedError()" in c.source for c in answers)


@pytest.mark.parametrize("slug", SLUGS)
def test_validate_lists_every_graded_test_cell_on_the_blank_release(slug):
    """A graded test cell that passes on the blank answers has no visible check: Validate would
    say "Success!" for it whatever the student writes (GUIDE section 3, "Validate must not lie")."""
    nb = _executed_release(slug)
    tests = [c for c in nb.cells if cells.is_test(c)]
    silent = [cells.meta(c)["grade_id"] for c in tests
              if not any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert tests
    assert not silent, (f"{len(silent)} of {len(tests)} graded test cells pass on the blank release, so Validate "
                        f"cannot see them: {silent}; give each a visible check of the student's function")
