"""Fast scoring of a master notebook's checks, for mutation testing.

``score_master`` executes the setup, answer, quick-check and test cells of a
master notebook (skipping cells tagged ``experiment``), optionally with the
answers replaced (by the release's blanks) or extended (by a mutant or an
alternative), and scores every autograder test cell with nbgrader's own
``determine_grade``: an error or anything on stderr scores 0, like in
``nbgrader autograde``.

Variants of the solution live in ``tests/mutants/<slug>/`` (wrong answers that must
lose points) and ``tests/alternatives/<slug>/`` (correct answers in another idiom that
must keep every point); both have the same file forms (see :func:`variants`).
"""

from __future__ import annotations

import ast
import contextlib
import copy
import math
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from nbclient import NotebookClient

from . import cells, layout


@dataclass
class Score:
    score: float
    max_score: float
    cells: dict[str, tuple[float, float]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def failed(self) -> list[str]:
        return sorted(g for g, (s, m) in self.cells.items() if s < m)


def _error_text(cell) -> str:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return f"{out.get('ename')}: {out.get('evalue')}"[:500]
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            return "stderr: " + "".join(out.get("text", ""))[:500]
    return ""


def kernel_env() -> dict[str, str]:
    """The environment of the kernels we start: ours, without ``PYTHONWARNINGS``.

    A student's JupyterLab kernel shows warnings; so must ours, or a test cell that a
    warning zeroes would pass here and fail for the student (the check helpers keep
    warnings out of test cells, and the tests prove it on this environment).
    """
    env = dict(os.environ)
    env.pop("PYTHONWARNINGS", None)
    return env


# A kernel can die before it answers when another process takes one of its TCP ports
# between the moment they were picked and bound (several test runs on one machine).
STARTUP_TRIES = 3


@contextlib.contextmanager
def kernel_client(nb, cwd: Path, timeout: int = 120):
    """A ``NotebookClient`` for ``nb`` with a fresh kernel started (in :func:`kernel_env`).

    A kernel that dies before it answers is started again (up to ``STARTUP_TRIES``
    times); nothing of ``nb`` has run by then. The kernel is shut down on exit.
    """
    for attempt in range(1, STARTUP_TRIES + 1):
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": str(cwd)}},
            extra_arguments=["--HistoryManager.hist_file=:memory:"],
        )
        setup = client.setup_kernel(env=kernel_env())
        try:
            setup.__enter__()
        except RuntimeError as exc:
            if attempt == STARTUP_TRIES or "kernel_info" not in str(exc):
                raise
            continue
        break
    try:
        yield client
    except BaseException:
        if not setup.__exit__(*sys.exc_info()):
            raise
    else:
        setup.__exit__(None, None, None)


def execute(nb, cwd: Path, timeout: int = 120, stop=None):
    """Execute ``nb`` in place in a fresh kernel (:func:`kernel_client`), continuing past errors.

    ``stop(cell)``, when given, is asked after each cell; when it returns True the
    remaining cells are left unexecuted.
    """
    with kernel_client(nb, cwd, timeout) as client:
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
            if stop is not None and stop(cell):
                break
    return nb


def score(nb) -> Score:
    from nbgrader.utils import determine_grade

    result = Score(0.0, 0.0)
    for cell in nb.cells:
        if not cells.is_test(cell):
            continue
        got, mx = determine_grade(cell)
        gid = cells.meta(cell)["grade_id"]
        result.cells[gid] = (float(got or 0.0), float(mx))
        result.score += float(got or 0.0)
        result.max_score += float(mx)
        if (got or 0.0) < mx:
            result.errors[gid] = _error_text(cell)
    return result


def graded_only(nb):
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if c.cell_type == "markdown" or not cells.is_experiment(c)]
    return nb


def with_blank_answers(master):
    """The master with each answer cell blanked as nbgrader's ClearSolutions does for the release."""
    from nbgrader.preprocessors import ClearSolutions

    from .build import nbgrader_config

    nb = copy.deepcopy(master)
    blanker = ClearSolutions(config=nbgrader_config(layout.ROOT, "sqlite://"))
    for i, cell in enumerate(nb.cells):
        if cells.is_answer(cell):
            nb.cells[i], _ = blanker.preprocess_cell(cell, {"language": "python"}, i)
    return nb


def edit_spec(source: str) -> tuple[str, list[tuple[str, str]]] | None:
    """``(TARGET, EDITS)`` of an edit mutant, or None for a redefinition mutant.

    An edit mutant is a file with two assignments and no definitions::

        TARGET = "train_classifier"          # the answer cell's grade_id
        EDITS = [("exact text of the solution", "what the mutant writes instead"), ...]
    """
    tree = ast.parse(source)
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            values[node.targets[0].id] = ast.literal_eval(node.value)
    if "TARGET" not in values:
        return None
    edits = values.get("EDITS")
    if not edits or not all(isinstance(e, tuple) and len(e) == 2 for e in edits):
        raise ValueError("an edit mutant needs EDITS = [(old, new), ...]")
    return values["TARGET"], list(edits)


def _answer_names(master) -> list[str]:
    """The names that the master's answer cells define, in notebook order."""
    return [n for c in master.cells if cells.is_answer(c) for n in cells.defined_names(c.source)]


def redefined_answer(source: str, answer_names) -> str | None:
    """The answer a redefinition variant replaces: the first name it defines that an answer defines.

    An alternative may define a helper of its own first (``def logsumexp`` before
    ``def log_softmax``); the answer it is about is the first of its names that the
    master's answer cells define. None when it defines none of them.
    """
    return next((n for n in cells.defined_names(source) if n in set(answer_names)), None)


def inject(master, mutant_source: str):
    """Apply a mutant (or an alternative) to the master.

    A redefinition variant is appended to the answer cell that defines the first of its
    names that an answer cell defines (:func:`redefined_answer`); an edit variant
    (``TARGET`` / ``EDITS``) replaces, in the answer cell with that grade_id, each ``old``
    text (which must occur exactly once) by its ``new`` text.
    """
    spec = edit_spec(mutant_source)
    if spec is not None:
        target, edits = spec
        nb = copy.deepcopy(master)
        cell = next((c for c in nb.cells if cells.is_answer(c) and cells.meta(c)["grade_id"] == target), None)
        if cell is None:
            raise ValueError(f"no answer cell {target!r}")
        for old, new in edits:
            if cell.source.count(old) != 1:
                raise ValueError(f"the mutant's text occurs {cell.source.count(old)} times in {target!r} "
                                 f"(the solution changed? update the mutant): {old!r}")
            cell.source = cell.source.replace(old, new)
        return nb
    names = cells.defined_names(mutant_source)
    if not names:
        raise ValueError("a mutant must define at least one function or class")
    target = redefined_answer(mutant_source, _answer_names(master))
    if target is None:
        raise ValueError(f"no answer cell defines any of {names}")
    nb = copy.deepcopy(master)
    for cell in nb.cells:
        if cells.is_answer(cell) and target in cells.defined_names(cell.source):
            cell.source = cell.source.rstrip() + "\n\n\n# --- mutant ---\n" + mutant_source
            return nb
    raise AssertionError("unreachable: the target was found among the answer cells")


def _first_loss_after(must_fail: list[str]):
    """A ``stop`` predicate: stop once a test cell lost points and every named one has run."""
    from nbgrader.utils import determine_grade

    pending = set(must_fail)
    lost = []

    def stop(cell) -> bool:
        if not cells.is_test(cell):
            return False
        got, mx = determine_grade(cell)
        if (got or 0.0) < mx:
            lost.append(cells.meta(cell)["grade_id"])
        pending.discard(cells.meta(cell)["grade_id"])
        return bool(lost) and not pending

    return stop


def score_master(slug: str, *, mutant: str | None = None, blank: bool = False, full: bool = False,
                 timeout: int = 120, must_fail: list[str] | None = None) -> Score:
    """Execute the graded path of ``slug``'s master (or of a variant) and score it.

    With ``must_fail`` (a mutant's named checks), execution stops as soon as some test
    lost points and all the named tests have run: the cells left can only lose more, and
    ``Score.max_score`` still counts every test cell.
    """
    master = layout.read(layout.master_path(slug))
    if blank:
        master = with_blank_answers(master)
    if mutant is not None:
        master = inject(master, mutant)
    nb = master if full else graded_only(master)
    stop = _first_loss_after(must_fail) if must_fail is not None else None
    execute(nb, layout.master_path(slug).parent, timeout=timeout, stop=stop)
    return score(nb)


VARIANT_KINDS = ("mutants", "alternatives")


@dataclass
class Variant:
    """A mutant (a wrong answer) or an alternative (a right answer in another idiom) of ``slug``."""

    slug: str
    name: str
    path: Path
    source: str
    must_fail: list[str]
    kind: str = "mutants"

    @property
    def target(self) -> str:
        """The grade_id (edit form) or the answer's function or class name (redefinition form)."""
        spec = edit_spec(self.source)
        if spec:
            return spec[0]
        master = layout.read(layout.master_path(self.slug))
        return redefined_answer(self.source, _answer_names(master)) or cells.defined_names(self.source)[0]

    @property
    def legal(self) -> str | None:
        """An alternative's quote of the text that allows it: its first line ``# legal: "<quote>"``."""
        first = self.source.split("\n", 1)[0].rstrip()
        prefix = '# legal: "'
        if first.startswith(prefix) and first.endswith('"') and len(first) > len(prefix) + 1:
            return first[len(prefix):-1]
        return None


Mutant = Variant  # the name the mutation tests have always used


def variants(slug: str, kind: str = "mutants", root: Path | None = None) -> list[Variant]:
    """The variants kept in ``tests/<kind>/<slug>/*.py``, ``kind`` being mutants or alternatives.

    A variant file is Python that either redefines one answer's function or class (with
    helpers of its own if it needs them), or edits the solution's text (``TARGET`` and
    ``EDITS``, see ``edit_spec``). A mutant may name, in a line ``# fails: test_a,
    test_b``, test cells that must lose their points (beyond the notebook losing points
    at all). An alternative starts with ``# legal: "<quote of the exercise text>"`` and a
    comment line saying which idiom it uses; it must keep every point.
    """
    if kind not in VARIANT_KINDS:
        raise ValueError(f"unknown kind of variant {kind!r}: {VARIANT_KINDS}")
    folder = (root or layout.ROOT) / "tests" / kind / slug
    out = []
    for path in sorted(folder.glob("*.py")):
        src = path.read_text()
        ast.parse(src)
        must = []
        for line in src.splitlines():
            if line.startswith("# fails:"):
                must = [w.strip() for w in line.split(":", 1)[1].split(",") if w.strip()]
        out.append(Variant(slug, path.stem, path, src, must, kind))
    return out


def mutants(slug: str, root: Path | None = None) -> list[Variant]:
    """The wrong answers kept in ``tests/mutants/<slug>/*.py`` (see :func:`variants`)."""
    return variants(slug, "mutants", root)


def alternatives(slug: str, root: Path | None = None) -> list[Variant]:
    """The right answers in other idioms kept in ``tests/alternatives/<slug>/*.py`` (see :func:`variants`)."""
    return variants(slug, "alternatives", root)


def check_alternatives(slugs: list[str], only: list[str] | None = None, out=print) -> int:
    """``course alternatives``: score every alternative through the full graded path (no early stop).

    Prints ``accepted`` or ``REJECTED`` per alternative, with the cells that lost points
    and their messages; returns 1 when any is rejected (or cannot be injected), else 0.
    """
    status = 0
    for slug in slugs:
        alts = [a for a in alternatives(slug) if not only or a.name in only]
        accepted = 0
        for alt in alts:
            try:
                res = score_master(slug, mutant=alt.source)
            except ValueError as exc:  # the alternative no longer fits the solution
                out(f"REJECTED {slug}/{alt.name}: cannot inject it: {exc}")
                status = 1
                continue
            ok = res.max_score > 0 and res.score == res.max_score
            accepted += ok
            status |= not ok
            out(f"{'accepted' if ok else 'REJECTED'} {slug}/{alt.name}: {res.score:g}/{res.max_score:g}")
            for gid in res.failed():
                got, mx = res.cells[gid]
                out(f"   {gid} ({got:g}/{mx:g}): {res.errors.get(gid) or 'no output'}")
        out(f"{slug}: {accepted}/{len(alts)} alternatives accepted")
    return status


@dataclass
class SweepRow:
    """How one test cell fared when run again and again on the solution."""

    cell: str
    runs: int
    failures: int
    seconds: float
    stopped: bool  # the time budget ended the sweep before ``runs`` runs
    first_failure: str = ""

    @property
    def upper_bound(self) -> float:
        """The exact (Clopper-Pearson) one-sided 95% upper bound on the failure rate; about 3 / runs
        when no run failed, so proving a rate under 1 in 10,000 takes about 30,000 clean runs."""
        return failure_rate_bound(self.failures, self.runs)


def failure_rate_bound(failures: int, runs: int, alpha: float = 0.05) -> float:
    """The largest failure rate ``p`` with P(at most ``failures`` in ``runs``) >= ``alpha``."""
    if runs == 0 or failures >= runs:
        return 1.0
    if failures == 0:
        return 1.0 - alpha ** (1.0 / runs)

    def cdf(p: float) -> float:
        return sum(math.exp(math.lgamma(runs + 1) - math.lgamma(i + 1) - math.lgamma(runs - i + 1)
                            + i * math.log(p) + (runs - i) * math.log1p(-p)) for i in range(failures + 1))

    lo, hi = failures / runs, 1.0
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if cdf(mid) > alpha else (lo, mid)
    return hi


def sweep(slug: str, names: list[str] | None = None, runs: int = 1000, max_seconds: float = 60.0,
          timeout: int = 300, out=print, root: Path | None = None) -> tuple[Score, list[SweepRow]]:
    """Run the solution's graded path once, then each named test cell ``runs`` times more in that kernel.

    The test cells draw fresh inputs on every run (``fresh_generator()``), so each run is a
    new trial of the check on a correct answer; a failure is a false failure. A cell stops
    early once it has run for ``max_seconds``. Returns the first pass's score and a row per cell.
    """
    from nbgrader.utils import determine_grade

    master = layout.master_path(slug, root)
    nb = graded_only(layout.read(master))
    tests = [(i, c) for i, c in enumerate(nb.cells) if cells.is_test(c)]
    known = [cells.meta(c)["grade_id"] for _, c in tests]
    unknown = sorted(set(names or []) - set(known))
    if unknown:
        raise ValueError(f"{slug} has no test cell {unknown}; its test cells: {', '.join(known)}")
    rows = []
    with kernel_client(nb, master.parent, timeout) as client:
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        first = score(nb)
        for gid, err in first.errors.items():
            out(f"the solution fails {gid} on the first run: {err}")
        for index, cell in tests:
            gid = cells.meta(cell)["grade_id"]
            if names and gid not in names:
                continue
            row = SweepRow(gid, 0, 0, 0.0, False)
            t0 = time.perf_counter()
            while row.runs < runs:
                if time.perf_counter() - t0 >= max_seconds:
                    row.stopped = True
                    break
                trial = copy.deepcopy(cell)
                trial.outputs = []
                client.execute_cell(trial, index)
                got, mx = determine_grade(trial)
                row.runs += 1
                if (got or 0.0) < mx:
                    row.failures += 1
                    row.first_failure = row.first_failure or _error_text(trial)
            row.seconds = time.perf_counter() - t0
            rows.append(row)
            out(format_sweep_row(row))
    return first, rows


def format_sweep_row(row: SweepRow) -> str:
    text = f"{row.cell}: {row.failures}/{row.runs}, {row.seconds:.1f} s"
    if row.stopped:
        text += " (time budget reached)"
    text += f"; failure rate < {row.upper_bound:.2g} (95%)"
    if row.first_failure:
        text += f"\n   first failure: {row.first_failure}"
    return text


def sweep_main(slug: str, names: list[str] | None, runs: int, max_seconds: float) -> int:
    """``course sweep``: 1 when the solution fails a cell on the first run or in any sweep run."""
    first, rows = sweep(slug, names, runs=runs, max_seconds=max_seconds)
    failed = sum(r.failures for r in rows)
    print(f"{slug}: {len(rows)} cell(s), {sum(r.runs for r in rows)} runs, {failed} failure(s)")
    return 1 if failed or first.errors else 0
