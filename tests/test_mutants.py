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


# ---------------------------------------------------------------------------
# course sweep: how often a random check fails a right answer
# ---------------------------------------------------------------------------
def test_failure_rate_bound_is_the_exact_one_sided_95_percent_bound():
    assert runner.failure_rate_bound(0, 1000) == pytest.approx(0.0029912495, rel=1e-6)  # about 3 / runs
    assert runner.failure_rate_bound(2, 300) == pytest.approx(0.0208362305, rel=1e-6)
    assert runner.failure_rate_bound(5, 10000) == pytest.approx(0.0010510137, rel=1e-6)
    assert runner.failure_rate_bound(0, 0) == 1.0 and runner.failure_rate_bound(3, 3) == 1.0
    assert runner.failure_rate_bound(0, 30_000) < 1e-4  # what "under 1 in 10,000" takes


def _coin_master(tmp_path, slug):
    import nbformat

    def test(gid, src):
        cell = nbformat.v4.new_code_cell(src)
        cell.metadata["nbgrader"] = {"grade": True, "grade_id": gid, "locked": True, "points": 1,
                                     "schema_version": 3, "solution": False, "task": False}
        return cell

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import torch"),
        test("test_coin", "from helpers.checks import check_true, fresh_generator\n\n"
                          "check_true(torch.rand(1, generator=fresh_generator()).item() < 0.5, 'heads')"),
        test("test_sure", "from helpers.checks import check_true\n\ncheck_true(True, 'never')"),
        test("test_slow", "import time\n\ntime.sleep(0.2)"),
    ])
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    path = tmp_path / "source" / slug / f"{slug}.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(nb, str(path))


def test_sweep_counts_false_failures_on_fresh_inputs_and_keeps_to_its_time_budget(tmp_path):
    slug = "99_coin"
    _coin_master(tmp_path, slug)
    lines = []
    _first, rows = runner.sweep(slug, ["test_coin", "test_sure"], runs=60, out=lines.append, root=tmp_path)
    coin, sure = rows
    assert (coin.cell, coin.runs, sure.runs) == ("test_coin", 60, 60)
    assert 10 <= coin.failures <= 50 and "heads" in coin.first_failure  # P(outside) < 1e-6 for a fair coin
    assert sure.failures == 0 and not sure.stopped
    assert any(line.startswith(f"test_coin: {coin.failures}/60, ") for line in lines)
    _first, (slow,) = runner.sweep(slug, ["test_slow"], runs=1000, max_seconds=1.0, out=lines.append, root=tmp_path)
    assert slow.stopped and 1 <= slow.runs < 20 and "time budget reached" in lines[-1]
    with pytest.raises(ValueError, match="no test cell"):
        runner.sweep(slug, ["test_missing"], root=tmp_path)
