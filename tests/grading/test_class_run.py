"""``course grade`` on a whole class: the adversarial suite (a 33-student class of assignment 01,
correct, partial, blank and hostile submissions), graded into a temporary course's gradebook with
2 workers; parallel == sequential, resume after a SIGKILL, idempotent re-runs, feedback.

The class run (the slow part, a few minutes on 2 cores) is made once and shared: every test that
needs it runs in the same xdist group.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from course import build, cells, layout
from course.grading import STATUSES, Limits, grade_class

from ..adversarial import cases as adv
from .common import leaked, make_course, page_text

ROOT = Path(__file__).resolve().parents[2]
SLUG = adv.SLUG
pytestmark = pytest.mark.xdist_group("grading")

# Short limits for the tests: an infinite loop costs CELL + IOPUB seconds.
LIMITS = dict(cell_timeout=20, iopub_timeout=10, student_timeout=300, memory_mb=2048, output_kb=1024)
SUBSET = ["correct", "partial", "deleted_test", "os_exit", "eq_always_true"]


def _rows(path: Path) -> list[dict]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def _page(course: Path, student: str) -> Path:
    return course / "feedback" / student / SLUG / f"{SLUG}.html"


class _Listener:
    """A TCP server on localhost that counts connections (the network case aims at it)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self):
        self.stop = True
        self.thread.join(5)
        self.sock.close()


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    base = tmp_path_factory.mktemp("class")
    course = make_course(base / "course", [SLUG], release=False)
    subs = base / "submissions"
    out = course / "grading" / SLUG
    listener = _Listener()
    secrets = {
        "other_student": str(course / "submitted" / "correct" / SLUG / f"{SLUG}.ipynb"),
        "source": [str(layout.master_path(SLUG)), str(layout.solution_path(SLUG)), str(course / "gradebook.db"),
                   str(course / "source" / SLUG / f"{SLUG}.ipynb")],
        "port": listener.port,
    }
    build.generate(SLUG, root=course, execute=False)  # the release and solution of this very master
    made = adv.build_class(subs, secrets, root=course)
    t0 = time.monotonic()
    run = grade_class(SLUG, subs, course, workers=2, limits=Limits.from_env(**LIMITS))
    seconds = time.monotonic() - t0
    listener.close()
    table = ["| case | expected | got | status |", "|---|---:|---:|---|"]
    for name, case in made.items():
        r = run.results[name]
        table.append(f"| {name} | {case.score:g} | {r.score:g} | {r.status} |")
    (out / "adversarial.md").write_text("\n".join(table) + "\n")
    print("\n".join(table), f"\n{len(made)} students in {seconds:.0f} s", flush=True)
    return {"cases": made, "run": run, "out": out, "course": course, "subs": subs, "listener": listener,
            "seconds": seconds}


def _isolation_ok(run, need: str | None) -> bool:
    iso = run.isolation
    if need == "network":
        return "none" in str(iso.get("network"))
    if need == "filesystem":
        return iso.get("filesystem") not in (None, "NOT isolated")
    return True


@pytest.mark.slow
@pytest.mark.parametrize("name", adv.NAMES)
def test_adversarial(klass, name):
    case = klass["cases"][name]
    res = klass["run"].results[name]
    if not _isolation_ok(klass["run"], case.needs):
        pytest.skip(f"this machine gives no {case.needs} isolation (see run.json): {name} cannot be contained")
    assert res.score == case.score and res.status in case.statuses, (
        f"{name}: expected {case.score:g} {case.statuses}, got {res.score:g} {res.status}: {res.reason}")
    assert res.max_score == adv.MAX, "tampering must not change the maximum score"


@pytest.mark.slow
def test_everyone_graded_and_outputs(klass):
    out, made, course = klass["out"], klass["cases"], klass["course"]
    rows = _rows(out / "grades.csv")
    assert sorted(r["student"] for r in rows) == sorted(made)
    for r in rows:
        assert r["status"] in STATUSES
        assert float(r["score"]) == made[r["student"]].score, r
        assert (r["status"] in ("graded",)) or r["reason"], f"{r['student']}: a status without a reason"
    cells = _rows(out / "cells.csv")
    assert len(cells) == 9 * len(made)
    by = {(c["student"], c["grade_id"]): c for c in cells}
    assert by[("deleted_test", "test_forward")]["result"] == "deleted"
    assert by[("os_exit", "test_train")]["result"] == "not run"
    assert "expected" in by[("eq_always_true", "test_sigmoid")]["message"]
    assert by[("correct", "q_static_vs_dynamic")]["result"] == "needs manual grading"
    export = _rows(out / "nbgrader_export.csv")
    assert sorted(r["student_id"] for r in export) == sorted(made)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assert len(gb.find_assignment(SLUG).submissions) == len(made)
        assert gb.find_submission(SLUG, "correct").score == adv.FULL
    for name in made:
        assert _page(course, name).is_file()
        assert (course / "submitted" / name / SLUG).is_dir()  # where formgrader lists submissions
    assert (course / "autograded" / "correct" / SLUG / f"{SLUG}.ipynb").is_file()
    assert not (course / "autograded" / "empty_file").exists()
    run = json.loads((out / "run.json").read_text())
    assert run["students"] == len(made) and run["students_per_minute"] > 0


@pytest.mark.slow
def test_feedback_hides_hidden_tests_and_keeps_messages(klass):
    out, course = klass["out"], klass["course"]
    tpl = json.loads(next((out / ".work").glob("template-*/template.json")).read_text())
    hidden = [h for h in tpl["hidden_lines"] if len(h) >= 12]
    assert len(hidden) > 20
    pages = sorted((course / "feedback").rglob("*.html"))
    assert len(pages) == len(klass["cases"])
    for page in pages:
        assert leaked(page.read_text(), hidden) == [], page
        assert cells.MARKERS.begin_hidden not in page_text(page.read_text()), page
        assert "<script>alert" not in page.read_text()
    partial = page_text(_page(course, "partial").read_text())
    assert "NotImplementedError" in partial  # the failure message is kept
    assert "hidden tests: not shown" in partial
    eq = page_text(_page(course, "eq_always_true").read_text())
    assert "expected a torch.Tensor" in eq
    assert "deleted from your submission" in _page(course, "deleted_test").read_text()
    assert "Score: 0 / 20" in _page(course, "empty_file").read_text()


@pytest.mark.slow
def test_hostile_code_reached_nothing(klass):
    run = klass["run"]
    if _isolation_ok(run, "network"):
        assert klass["listener"].hits == 0
    for name in ("read_other_student", "read_source", "network"):
        page = page_text(_page(klass["course"], name).read_text())
        assert "LEAKED [" not in page or not _isolation_ok(run, klass["cases"][name].needs), name
    if os.geteuid() == 0:
        assert run.isolation["separate_uid"], run.isolation
    flood = _page(klass["course"], "output_flood")
    assert flood.stat().st_size < 3 * 2**20
    assert "bytes of output were dropped" in flood.read_text()


@pytest.mark.slow
def test_sequential_resume_equals_parallel_and_reruns_are_idempotent(klass, tmp_path):
    """A sequential run of a few students, killed after two results and resumed, gives the parallel
    run's grades; running it again grades nobody and changes nothing."""
    course = make_course(tmp_path / "course", [SLUG], release=False)
    subs, out = tmp_path / "subs", tmp_path / "out"
    for name in SUBSET:
        shutil.copytree(klass["subs"] / name, subs / name)
    env = dict(os.environ, **{Limits.ENV[k]: str(v) for k, v in LIMITS.items()})
    proc = subprocess.Popen([sys.executable, "-m", "course", "grade", SLUG, "--submissions", str(subs),
                             "--course-dir", str(course), "--out", str(out), "--workers", "1"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = out / ".work" / "results"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        if results.is_dir() and len(list(results.glob("*.json"))) >= 2:
            break
        time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)  # the hardest interruption: no clean-up at all
    proc.wait()
    done_before = {p.stem: p.stat().st_mtime for p in results.glob("*.json")}
    assert 2 <= len(done_before) < len(SUBSET)

    run = grade_class(SLUG, subs, course, out, workers=1, limits=Limits.from_env(**LIMITS), quiet=True)
    assert sorted(run.graded_now) == sorted(set(SUBSET) - set(done_before)), "resume re-graded or lost students"
    for s, mtime in done_before.items():
        assert (results / f"{s}.json").stat().st_mtime == mtime
    par = klass["run"].results
    for s in SUBSET:
        seq = run.results[s]
        assert (seq.score, seq.status) == (par[s].score, par[s].status), s
        assert [(c.grade_id, c.score) for c in seq.cells] == [(c.grade_id, c.score) for c in par[s].cells], s
    before = (out / "grades.csv").read_bytes()
    again = grade_class(SLUG, subs, course, out, workers=2, limits=Limits.from_env(**LIMITS), quiet=True)
    assert again.graded_now == []
    assert (out / "grades.csv").read_bytes() == before
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assert len(gb.find_assignment(SLUG).submissions) == len(SUBSET)
        assert len(gb.students) == len(SUBSET)
