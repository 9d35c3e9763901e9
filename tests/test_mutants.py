"""Checks of the checks: each graded cell passes on the solution, fails on the blank
release, and every wrong answer kept in tests/mutants/ loses points."""

from __future__ import annotations

import pytest

from course import runner

from .conftest import assignments

pytestmark = pytest.mark.slow

CASES = [(slug, m.name) for slug in assignments() for m in runner.mutants(slug)]


@pytest.mark.parametrize("slug", assignments())
def test_solution_scores_full_and_blank_scores_zero(slug):
    full = runner.score_master(slug)
    assert full.max_score > 0
    assert full.score == full.max_score, f"the solution loses points: {full.errors}"
    blank = runner.score_master(slug, blank=True)
    passing = sorted(g for g, (s, _m) in blank.cells.items() if s > 0)
    assert not passing, f"these checks pass on the untouched release: {passing}"


@pytest.mark.parametrize("slug, name", CASES, ids=[f"{s}/{n}" for s, n in CASES])
def test_mutant_loses_points(slug, name):
    mutant = next(m for m in runner.mutants(slug) if m.name == name)
    res = runner.score_master(slug, mutant=mutant.source, must_fail=mutant.must_fail)
    assert res.score < res.max_score, f"mutant {name} keeps all {res.max_score:g} points: a check lets it through"
    missing = [g for g in mutant.must_fail if g not in res.failed()]
    assert not missing, f"mutant {name} should fail {missing} too; it fails {res.failed()}"
