"""``course grade``: pre-screening, isolation, the adversarial suite, a 31-student class,
parallel == sequential, resume after an interruption, idempotent re-runs, feedback.

The class run (the slow part, about two minutes on 2 cores) is made once and shared:
every test that needs it runs in the same xdist group.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from course import cells, grade, layout, screen

from .adversarial import cases as adv

ROOT = Path(__file__).resolve().parent.parent
SLUG = adv.SLUG
pytestmark = pytest.mark.xdist_group("grading")

# Short limits for the tests: an infinite loop costs CELL + IOPUB seconds.
LIMITS = dict(cell_timeout=20, iopub_timeout=10, student_timeout=300, memory_mb=2048, output_kb=1024)
SUBSET = ["correct", "partial", "deleted_test", "os_exit", "eq_always_true"]


def _reference():
    return layout.read(layout.release_path(SLUG))


def _rows(path: Path) -> list[dict]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------------------
# fast: collecting submissions, screening, limits
# ---------------------------------------------------------------------------
def test_collect_folder_layouts(tmp_path):
    sol = layout.solution_path(SLUG)
    d = tmp_path / "subs"
    (d / "alice").mkdir(parents=True)
    shutil.copy(sol, d / "alice" / f"{SLUG}.ipynb")
    (d / "alice" / "notes.txt").write_text("mine")
    (d / "bob" / SLUG).mkdir(parents=True)  # nbgrader's submitted/<student>/<assignment>/
    shutil.copy(sol, d / "bob" / SLUG / f"{SLUG}.ipynb")
    (d / "carol").mkdir()
    shutil.copy(sol, d / "carol" / "my work (1).ipynb")
    (d / "dave").mkdir()  # nothing submitted
    shutil.copy(sol, d / f"eve_{SLUG}.ipynb")  # flat file named after the student
    (d / "jöhn doe").mkdir()
    shutil.copy(sol, d / "jöhn doe" / f"{SLUG}.ipynb")
    subs, _ = grade.collect(d, SLUG, tmp_path / "work")
    by = {s.student: s for s in subs}
    assert sorted(by) == ["alice", "bob", "carol", "dave", "eve", "j_hn_doe"]
    assert by["alice"].notebook == f"{SLUG}.ipynb" and ("notes.txt" in dict(by["alice"].files))
    assert by["bob"].notebook == f"{SLUG}.ipynb"
    assert by["carol"].notebook == "my work (1).ipynb"
    assert by["dave"].notebook is None
    assert "submitted as" in " ".join(by["j_hn_doe"].notes)
    # the course folder layout with submitted/ inside
    course = tmp_path / "course"
    shutil.copytree(d, course / "submitted")
    assert [s.student for s in grade.collect(course, SLUG, tmp_path / "work2")[0]] == sorted(by)


def test_collect_zip(tmp_path):
    sol = layout.solution_path(SLUG).read_bytes()
    z = tmp_path / "export.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr(f"export/alice/{SLUG}.ipynb", sol)
        zf.writestr(f"export/bob/{SLUG}/{SLUG}.ipynb", sol)
        zf.writestr("export/__MACOSX/._junk", b"x")
        zf.writestr("../../escape.ipynb", sol)  # zip-slip: refused
    subs, notes = grade.collect(z, SLUG, tmp_path / "work")
    assert [s.student for s in subs] == ["alice", "bob"]
    assert any("unsafe" in n for n in notes)
    assert not (tmp_path / "escape.ipynb").exists()
    flat = tmp_path / "flat.zip"
    with zipfile.ZipFile(flat, "w") as zf:
        zf.writestr(f"carol_{SLUG}.ipynb", sol)
        zf.writestr(f"dan-{SLUG}.ipynb", sol)
    assert [s.student for s in grade.collect(flat, SLUG, tmp_path / "work3")[0]] == ["carol", "dan"]


def test_screen_every_adversarial_file(tmp_path):
    """Pre-screening alone: every case is invalid, repaired or left alone as its expected status says."""
    made = adv.build_class(tmp_path, {"other_student": "/nonexistent", "source": [], "port": 9})
    assert list(made) == adv.NAMES and len(made) >= 30
    ref = _reference()
    for name, case in made.items():
        f = next((tmp_path / name).iterdir())
        s = screen.screen(f.read_bytes(), ref)
        want = "invalid" if "invalid" in case.statuses else "repaired" if "repaired" in case.statuses else "ok"
        assert s.status == want, f"{name}: {s.status} ({s.reason})"
        if s.notebook is not None:
            nbformat.validate(s.notebook)
            ids = [cells.meta(c)["grade_id"] for c in s.notebook.cells if cells.meta(c).get("grade_id")]
            assert len(ids) == len(set(ids)), name
            ref_ids = [cells.meta(c)["grade_id"] for c in ref.cells if cells.meta(c).get("grade_id")]
            assert ids == ref_ids, f"{name}: graded cells out of order or missing"
    s = screen.screen((tmp_path / "deleted_test" / f"{SLUG}.ipynb").read_bytes(), ref)
    assert s.deleted_tests == ["test_forward"]


def test_screen_reasons_are_plain():
    ref = _reference()
    assert screen.screen(b"", ref).reason == "the file is empty"
    assert "not valid JSON" in screen.screen(b"{oops", ref).reason
    assert "nbformat 99" in screen.screen(b'{"nbformat": 99, "cells": []}', ref).reason
    blank = nbformat.v4.new_notebook()
    blank.cells = [nbformat.v4.new_code_cell("print(1)")]
    assert "right notebook" in screen.screen(nbformat.writes(blank).encode(), ref).reason


def test_limits_from_env(monkeypatch):
    monkeypatch.setenv("COURSE_GRADE_CELL_TIMEOUT", "7")
    monkeypatch.setenv("COURSE_GRADE_SANDBOX", "strict")
    lim = grade.Limits.from_env()
    assert lim.cell_timeout == 7 and lim.sandbox == "strict"
    assert lim.iopub_timeout == 30  # from nbgrader_config.py
    monkeypatch.setenv("COURSE_GRADE_SANDBOX", "nope")
    with pytest.raises(SystemExit):
        grade.Limits.from_env()


def test_sandbox_walls(tmp_path):
    """The wrapper alone: a hidden folder, the network and the uid, checked from inside."""
    if os.geteuid() != 0:
        pytest.skip("the full sandbox needs root here; see GRADING.md for what is enforced without it")
    from course import sandbox

    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "gradebook.db").write_text("42")
    work = tmp_path / "work" / "autograded"
    work.mkdir(parents=True)
    (work / "data.txt").write_text("mine")
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    uid = sandbox.free_uids(1)[0]
    spec = {
        "mode": "auto", "uid": uid, "gid": uid, "workdir_root": str(work), "report": str(tmp_path / "rep.json"),
        "hide": [str(secret), str(ROOT), "/root"], "private_tmp": ["/tmp"],
        "keep_ro": [sys.prefix, sys.base_prefix], "keep_rw": [], "disk_mb": 16,
        "rlimits": {"as": 2**31, "cpu": 30, "fsize": 2**20, "nofile": 256, "core": 0, "nproc": 64},
        "env": {"PATH": "/usr/bin:/bin"},
    }
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    probe = (
        "import os, socket, json\n"
        "r = {'uid': os.getuid(), 'own': open('data.txt').read()}\n"
        f"r['secret'] = os.path.exists({str(secret / 'gradebook.db')!r})\n"
        f"r['source'] = os.path.exists({str(layout.master_path(SLUG))!r})\n"
        "try:\n"
        f"    socket.create_connection(('127.0.0.1', {port}), timeout=2); r['net'] = True\n"
        "except OSError:\n"
        "    r['net'] = False\n"
        "try:\n"
        "    open('big', 'wb').write(b'x' * 2**21); r['fsize'] = True\n"
        "except OSError:\n"
        "    r['fsize'] = False\n"
        "print(json.dumps(r))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-I", "-S", str(Path(sandbox.__file__)), str(tmp_path / "spec.json"), "--",
         sys.executable, "-c", probe],
        cwd=work, capture_output=True, text=True, timeout=60,
    )
    srv.close()
    report = json.loads((tmp_path / "rep.json").read_text())
    assert proc.returncode == 0, proc.stderr + json.dumps(report)
    seen = json.loads(proc.stdout)
    assert seen["uid"] == uid and seen["own"] == "mine"
    if report.get("filesystem"):
        assert not seen["secret"] and not seen["source"]
    if report.get("network"):
        assert not seen["net"]
    assert not seen["fsize"]
    if report.get("filesystem"):
        assert not (work / "big").exists()  # the working directory the kernel wrote to was a private copy


# ---------------------------------------------------------------------------
# slow: a whole class
# ---------------------------------------------------------------------------
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
    subs, out = base / "submissions", base / "out"
    listener = _Listener()
    secrets = {
        "other_student": str(subs / "correct" / f"{SLUG}.ipynb"),
        "source": [str(layout.master_path(SLUG)), str(layout.solution_path(SLUG)), str(out / "gradebook.db")],
        "port": listener.port,
    }
    made = adv.build_class(subs, secrets)
    t0 = time.monotonic()
    run = grade.grade_class(SLUG, subs, out, workers=2, limits=grade.Limits.from_env(**LIMITS))
    seconds = time.monotonic() - t0
    listener.close()
    table = ["| case | expected | got | status |", "|---|---:|---:|---|"]
    for name, case in made.items():
        r = run.results[name]
        table.append(f"| {name} | {case.score:g} | {r['score']:g} | {r['status']} |")
    (out / "adversarial.md").write_text("\n".join(table) + "\n")
    print("\n".join(table), f"\n{len(made)} students in {seconds:.0f} s", flush=True)
    return {"cases": made, "run": run, "out": out, "subs": subs, "listener": listener, "seconds": seconds}


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
    assert res["score"] == case.score and res["status"] in case.statuses, (
        f"{name}: expected {case.score:g} {case.statuses}, got {res['score']:g} {res['status']}: {res['reason']}")
    assert res["max_score"] == adv.MAX, "tampering must not change the maximum score"


@pytest.mark.slow
def test_everyone_graded_and_outputs(klass):
    out, made = klass["out"], klass["cases"]
    rows = _rows(out / "grades.csv")
    assert sorted(r["student"] for r in rows) == sorted(made)
    for r in rows:
        assert r["status"] in grade.STATUSES
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

    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        assert len(gb.find_assignment(SLUG).submissions) == len(made)
        assert gb.find_submission(SLUG, "correct").score == adv.FULL
    for name in made:
        assert (out / "feedback" / f"{name}.html").is_file()
    assert (out / "autograded" / "correct" / SLUG / f"{SLUG}.ipynb").is_file()
    assert not (out / "autograded" / "empty_file").exists()
    run = json.loads((out / "run.json").read_text())
    assert run["students"] == len(made) and run["students_per_minute"] > 0


@pytest.mark.slow
def test_feedback_hides_hidden_tests_and_keeps_messages(klass):
    out = klass["out"]
    tpl = json.loads(next((out / ".work").glob("template-*/template.json")).read_text())
    hidden = [h for h in tpl["hidden_lines"] if len(h) >= 12]
    assert len(hidden) > 20
    for page in (out / "feedback").glob("*.html"):
        text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text()))
        leaks = [h for h in hidden if h in text]
        assert not leaks, f"{page.name} shows hidden test code: {leaks[:3]}"
        assert cells.MARKERS.begin_hidden not in text, page.name
        assert "<script>alert" not in page.read_text()
    partial = html.unescape(re.sub(r"<[^>]+>", "", (out / "feedback" / "partial.html").read_text()))
    assert "NotImplementedError" in partial  # the failure message is kept
    assert "hidden tests: not shown" in partial
    eq = html.unescape(re.sub(r"<[^>]+>", "", (out / "feedback" / "eq_always_true.html").read_text()))
    assert "expected a torch.Tensor" in eq
    deleted = (out / "feedback" / "deleted_test.html").read_text()
    assert "deleted from your submission" in deleted
    assert "Score: 0 / 20" in (out / "feedback" / "empty_file.html").read_text()


@pytest.mark.slow
def test_hostile_code_reached_nothing(klass):
    run = klass["run"]
    if _isolation_ok(run, "network"):
        assert klass["listener"].hits == 0
    for name in ("read_other_student", "read_source", "network"):
        page = html.unescape(re.sub(r"<[^>]+>", "", (klass["out"] / "feedback" / f"{name}.html").read_text()))
        assert "LEAKED [" not in page or not _isolation_ok(run, klass["cases"][name].needs), name
    if os.geteuid() == 0:
        assert run.isolation["separate_uid"], run.isolation
    flood = klass["out"] / "feedback" / "output_flood.html"
    assert flood.stat().st_size < 3 * 2**20
    assert "bytes of output were dropped" in flood.read_text()


@pytest.mark.slow
def test_sequential_resume_equals_parallel_and_reruns_are_idempotent(klass, tmp_path):
    """A sequential run of a few students, killed after two results and resumed, gives the parallel
    run's grades; running it again grades nobody and changes nothing."""
    subs, out = tmp_path / "subs", tmp_path / "out"
    for name in SUBSET:
        shutil.copytree(klass["subs"] / name, subs / name)
    env = dict(os.environ, **{grade.Limits.ENV[k]: str(v) for k, v in LIMITS.items()})
    proc = subprocess.Popen([sys.executable, "-m", "course", "grade", SLUG, "--submissions", str(subs),
                             "--out", str(out), "--workers", "1"], env=env, cwd=ROOT,
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

    run = grade.grade_class(SLUG, subs, out, workers=1, limits=grade.Limits.from_env(**LIMITS), quiet=True)
    assert sorted(run.graded_now) == sorted(set(SUBSET) - set(done_before)), "resume re-graded or lost students"
    for s, mtime in done_before.items():
        assert (results / f"{s}.json").stat().st_mtime == mtime
    par = klass["run"].results
    for s in SUBSET:
        seq = run.results[s]
        assert (seq["score"], seq["status"]) == (par[s]["score"], par[s]["status"]), s
        assert [(c["grade_id"], c["score"]) for c in seq["cells"]] == [
            (c["grade_id"], c["score"]) for c in par[s]["cells"]], s
    before = (out / "grades.csv").read_bytes()
    again = grade.grade_class(SLUG, subs, out, workers=2, limits=grade.Limits.from_env(**LIMITS), quiet=True)
    assert again.graded_now == []
    assert (out / "grades.csv").read_bytes() == before
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        assert len(gb.find_assignment(SLUG).submissions) == len(SUBSET)
        assert len(gb.students) == len(SUBSET)
