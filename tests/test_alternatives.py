"""The other half of the checks' promise: a correct answer written in another idiom keeps every
point. Each file in tests/alternatives/NN_slug/ is such an answer (same forms as the mutants),
quoting the text that makes it legal; it must score full marks through the graded path and
through real nbgrader."""

from __future__ import annotations

import re

import nbformat
import pytest

from course import build, layout, runner

from .conftest import assignments

MIN_PER_ASSIGNMENT = 5
CASES = [(slug, a.name) for slug in assignments() for a in runner.alternatives(slug)]
IDS = [f"{s}/{n}" for s, n in CASES]


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _fragments(quote: str) -> list[str]:
    """The pieces of a ``legal`` quote: it may elide with "..." and join quotes with " / " or " and "."""
    quote = quote.replace('\\"', '"')
    parts = re.split(r'\s*\.\.\.\s*|"\s*(?:/|and|;|,)\s*"', quote)
    return [p.strip(' "') for p in parts if p.strip(' "')]


# ---------------------------------------------------------------------------
# lint (fast): the form of every alternative
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("slug", assignments())
def test_every_assignment_keeps_enough_alternatives(slug):
    alts = runner.alternatives(slug)
    assert len(alts) >= MIN_PER_ASSIGNMENT, (
        f"{slug} keeps {len(alts)} alternative(s) in tests/alternatives/{slug}/: at least {MIN_PER_ASSIGNMENT} "
        "correct answers in other idioms are needed (NumPy scalars, ints for floats, loops, harmless warnings, "
        "another stable formula, tuples/lists where the text allows...)"
    )


@pytest.mark.parametrize("slug, name", CASES, ids=IDS)
def test_alternative_quotes_the_text_that_allows_it(slug, name):
    alt = next(a for a in runner.alternatives(slug) if a.name == name)
    lines = alt.source.splitlines()
    assert alt.legal, f'{alt.path.name}: the first line must be # legal: "<quote of the exercise text>"'
    assert len(lines) > 1 and lines[1].startswith("# ") and lines[1][2:].strip(), (
        f"{alt.path.name}: the second line must be a comment saying which idiom the answer uses"
    )
    assert not alt.must_fail, f"{alt.path.name}: an alternative fails nothing (no '# fails:' line)"
    master = layout.read(layout.master_path(slug))
    text = _normalize("\n".join(c.source for c in master.cells))
    missing = [f for f in _fragments(alt.legal) if _normalize(f) not in text]
    assert not missing, f"{alt.path.name}: the quote is not (or no longer) in the master's text: {missing}"
    runner.inject(master, alt.source)  # raises when it no longer fits the solution


# ---------------------------------------------------------------------------
# the graded path (slow): every alternative keeps every point
# ---------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("slug, name", CASES, ids=IDS)
def test_alternative_scores_full_marks(slug, name):
    alt = next(a for a in runner.alternatives(slug) if a.name == name)
    res = runner.score_master(slug, mutant=alt.source)
    assert res.max_score > 0
    lost = {gid: res.errors.get(gid, "") for gid in res.failed()}
    assert res.score == res.max_score, f"the alternative {name} loses points (a check rejects a right answer): {lost}"


@pytest.mark.slow
@pytest.mark.parametrize("slug", [s for s in assignments() if runner.alternatives(s)])
def test_nbgrader_autograde_gives_every_alternative_full_marks(slug, tmp_path):
    """One nbgrader run per assignment: one student per alternative, who submits the master with that
    answer in place (its graded path: the experiment cells, which score nothing, are left out)."""
    master = layout.read(layout.master_path(slug))
    submissions = {}
    for alt in runner.alternatives(slug):
        path = tmp_path / alt.name / f"{slug}.ipynb"
        path.parent.mkdir()
        nbformat.write(runner.graded_only(runner.inject(master, alt.source)), str(path))
        submissions[alt.name.replace("_", "-")] = path
    reports = build.autograde(slug, submissions)
    lost = {
        student: {gid: f"{s:g}/{m:g}" for gid, (s, m) in rep.cells.items() if s < m}
        for student, rep in reports.items()
    }
    lost = {student: cells for student, cells in lost.items() if cells}
    assert not lost, f"nbgrader takes points from right answers: {lost}"
    assert all(rep.max_score > 0 and rep.cells for rep in reports.values())
