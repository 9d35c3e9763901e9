"""The instructor's whole term, end to end, on a class of six over assignments 01 and 02.

The class gradebook is made with nbgrader's own commands (``db student import``, ``db assignment
add`` with due dates); submissions arrive in nbgrader's layout with ``timestamp.txt`` (one late,
one student missing, one missing only 02); ``course grade`` grades both assignments into that
gradebook; hand grades, partial credit and a comment are set through formgrader's HTTP API on a
Jupyter server the test starts on 127.0.0.1; ``course feedback`` remakes the pages; a resubmission
after hand grading is regraded; nbgrader's export gives the class. Every number is checked, and
every feedback page (course grade's, and formgrader's "Generate feedback") is free of hidden lines.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from course import build, cells

from .common import ROOT, hidden_lines, leaked, make_course, nbgrader, page_text

A1, A2 = "01_computation_graph", "02_cross_entropy_softmax"
DUE = {A1: "2026-12-01 12:00:00 UTC", A2: "2026-12-08 12:00:00 UTC"}
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading")]
ENV = {"COURSE_GRADE_CELL_TIMEOUT": "60", "COURSE_GRADE_TIMEOUT": "600"}


def _rows(path: Path) -> dict[str, dict]:
    with open(path, newline="") as f:
        return {r["student"]: r for r in csv.DictReader(f)}


def _cells(path: Path) -> dict[tuple[str, str], dict]:
    with open(path, newline="") as f:
        return {(r["student"], r["grade_id"]): r for r in csv.DictReader(f)}


def _course(course: Path, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "course", *args, "--course-dir", str(course)], cwd=ROOT,
                          capture_output=True, text=True, timeout=1500, env={**os.environ, **ENV})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout


def _written_id(course: Path, slug: str) -> str:
    nb = nbformat.read(course / "release" / slug / f"{slug}.ipynb", 4)
    (gid,) = [cells.grade_id(c) for c in nb.cells if cells.is_manual(c)]
    return gid


def _submit(course: Path, student: str, slug: str, kind: str, when: str, written: str | None = None) -> None:
    """submitted/<student>/<slug>/ as nbgrader collect leaves it: the notebook and timestamp.txt."""
    nb = nbformat.read(course / kind / slug / f"{slug}.ipynb", 4)
    if written is not None:
        for c in nb.cells:
            if cells.is_manual(c):
                c.source = written
    dest = course / "submitted" / student / slug
    dest.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dest / f"{slug}.ipynb")
    (dest / "timestamp.txt").write_text(when)


class Formgrader:
    """A Jupyter server with nbgrader's formgrader, on 127.0.0.1, token auth; stopped by the test."""

    def __init__(self, course: Path, tmp: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.token = secrets.token_hex(16)
        cmd = [str(Path(sys.executable).with_name("jupyter")), "server", "--no-browser", "--ip=127.0.0.1",
               f"--port={self.port}", "--ServerApp.port_retries=0", f"--ServerApp.token={self.token}",
               f"--ServerApp.root_dir={course}"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp / "runtime")}
        self.log = open(tmp / "server.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, cwd=course, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180
        while not self._up():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.stop()
                log = (tmp / "server.log").read_text()[-2000:]
                raise RuntimeError(f"the Jupyter server did not start: {log}")
            time.sleep(1)

    def _up(self) -> bool:
        try:
            self.get("/formgrader/api/status")
        except (OSError, urllib.error.URLError):
            return False
        return True

    def call(self, method: str, path: str, body: dict | None = None):
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=300) as r:
            return json.loads(r.read() or b"null")

    def get(self, path: str):
        return self.call("GET", path)

    def grade(self, slug: str, student: str, grade_id: str, *, score: float | None = None,
              comment: str | None = None) -> None:
        """What a grader does on the submission's page: a manual score and a comment for one cell."""
        subs = self.get(f"/formgrader/api/submitted_notebooks/{slug}/{slug}")
        (nb_sub,) = [s for s in subs if s["student"] == student]
        if score is not None:
            (g,) = [g for g in self.get(f"/formgrader/api/grades?submission_id={nb_sub['id']}")
                    if g["name"] == grade_id]
            saved = self.call("PUT", f"/formgrader/api/grade/{g['id']}", {"manual_score": score})
            assert saved["manual_score"] == score
        if comment is not None:
            (c,) = [c for c in self.get(f"/formgrader/api/comments?submission_id={nb_sub['id']}")
                    if c["name"] == grade_id]
            self.call("PUT", f"/formgrader/api/comment/{c['id']}", {"manual_comment": comment})

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def test_a_term_of_grading(tmp_path):
    t0 = time.monotonic()
    course = make_course(tmp_path / "course", [A1, A2], release=False)
    with open(course / "nbgrader_config.py", "a") as f:  # the course's policy: late work scores 0
        f.write('\nc.LateSubmissionPlugin.penalty_method = "zero"\n')
    for slug in (A1, A2):  # release/ and solutions/ of these masters, as make course makes them
        build.generate(slug, root=course, execute=False)
    (tmp_path / "students.csv").write_text(
        "id,first_name,last_name,email\n" + "".join(f"{s},{s.title()},Student,{s}@example.org\n"
                                                     for s in ("alice", "bob", "carol", "dave", "erin", "frank")))
    nbgrader(course, "db", "student", "import", str(tmp_path / "students.csv"))
    for slug in (A1, A2):
        nbgrader(course, "db", "assignment", "add", slug, f"--duedate={DUE[slug]}")
    w1, w2 = _written_id(course, A1), _written_id(course, A2)

    # the submissions: frank submits nothing, dave nothing for 02 and 01 an hour late
    on_time, late = "2026-12-01 11:00:00.000000 UTC", "2026-12-01 13:00:00.000000 UTC"
    _submit(course, "alice", A1, "solutions", on_time)
    _submit(course, "bob", A1, "release", on_time)
    _submit(course, "carol", A1, "solutions", on_time, written="YOUR ANSWER HERE")  # the stub, untouched
    _submit(course, "dave", A1, "solutions", late)
    _submit(course, "erin", A1, "solutions", on_time)
    for s, kind in (("alice", "solutions"), ("bob", "solutions"), ("carol", "release"), ("erin", "solutions")):
        _submit(course, s, A2, kind, "2026-12-08 10:00:00.000000 UTC")

    _course(course, "grade", A1, "--workers", "2")
    _course(course, "grade", A2, "--workers", "2")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        a1 = gb.find_assignment(A1)
        max1, max2 = float(a1.max_score), float(gb.find_assignment(A2).max_score)
        written1 = float(gb.find_grade_cell(w1, A1, A1).max_score)
        auto2 = max2 - float(gb.find_grade_cell(w2, A2, A2).max_score)
        assert float(gb.find_grade_cell("test_sigmoid", A1, A1).max_score) > 1.0  # so 1 point is partial credit
    auto1 = max1 - written1
    g1 = _rows(course / "grading" / A1 / "grades.csv")
    assert sorted(g1) == ["alice", "bob", "carol", "dave", "erin", "frank"]
    assert (g1["alice"]["first_name"], g1["alice"]["last_name"]) == ("Alice", "Student")
    for s in ("alice", "erin"):
        assert (float(g1[s]["score"]), g1[s]["status"], g1[s]["needs_manual_grading"]) == (auto1, "graded", "yes")
    assert (float(g1["bob"]["score"]), g1["bob"]["needs_manual_grading"]) == (0.0, "no")
    assert (float(g1["carol"]["score"]), g1["carol"]["needs_manual_grading"]) == (auto1, "no")
    assert (g1["dave"]["seconds_late"], float(g1["dave"]["raw_score"])) == ("3600", auto1)
    assert (float(g1["dave"]["late_penalty"]), float(g1["dave"]["score"])) == (auto1, 0.0)
    assert (g1["frank"]["status"], g1["frank"]["score"]) == ("missing", "0")
    g2 = _rows(course / "grading" / A2 / "grades.csv")
    assert (g2["dave"]["status"], g2["frank"]["status"]) == ("missing", "missing")  # dave's 01 is not graded as 02
    assert float(g2["bob"]["score"]) == auto2 and float(g2["carol"]["score"]) == 0.0
    c1 = _cells(course / "grading" / A1 / "cells.csv")
    assert c1[("carol", w1)]["result"] == "not answered"
    assert c1[("alice", w1)]["result"] == "needs manual grading"

    # hand grading in formgrader: alice's written answer, a comment, partial credit for bob
    server = Formgrader(course, tmp_path)
    try:
        listed = server.get(f"/formgrader/api/submissions/{A1}")
        assert sorted(s["student"] for s in listed if s["autograded"]) == ["alice", "bob", "carol", "dave", "erin"]
        server.grade(A1, "alice", w1, score=written1, comment="Clear and complete: NOTE-FOR-ALICE")
        server.grade(A1, "bob", "test_sigmoid", score=1.0)
        server.grade(A1, "erin", w1, score=1.0)
        # formgrader's own "Generate feedback" button, as an instructor may well click it
        assert server.call("POST", f"/formgrader/api/assignment/{A1}/alice/generate_feedback")["success"]
        formgrader_page = (course / "feedback" / "alice" / A1 / f"{A1}.html").read_text()
    finally:
        server.stop()
    _course(course, "feedback", A1)
    g1 = _rows(course / "grading" / A1 / "grades.csv")
    assert (float(g1["alice"]["score"]), g1["alice"]["needs_manual_grading"]) == (max1, "no")
    assert float(g1["bob"]["score"]) == 1.0 and float(g1["erin"]["score"]) == auto1 + 1.0
    c1 = _cells(course / "grading" / A1 / "cells.csv")
    assert c1[("alice", w1)]["result"] == "graded by hand" and float(c1[("alice", w1)]["score"]) == written1
    alice_page = page_text((course / "feedback" / "alice" / A1 / f"{A1}.html").read_text())
    assert "NOTE-FOR-ALICE" in alice_page and f"Score: {max1:.1f} / {max1:.1f}" in alice_page

    # alice resubmits a new written answer after it was graded; nobody else changes anything
    _submit(course, "alice", A1, "solutions", "2026-12-01 11:30:00.000000 UTC", written="A new answer.")
    _course(course, "grade", A1, "--workers", "2")
    g1 = _rows(course / "grading" / A1 / "grades.csv")
    c1 = _cells(course / "grading" / A1 / "cells.csv")
    assert (float(g1["alice"]["score"]), g1["alice"]["needs_manual_grading"]) == (auto1, "yes")
    assert c1[("alice", w1)]["result"] == "needs manual grading"
    assert float(c1[("alice", w1)]["previous_manual_score"]) == written1  # the old score stays visible
    assert "changed after it was graded" in g1["alice"]["reason"]
    assert float(g1["bob"]["score"]) == 1.0 and c1[("bob", "test_sigmoid")]["score"] == "1"  # partial credit kept
    assert float(g1["erin"]["score"]) == auto1 + 1.0  # erin's hand grade kept

    # the class, every assignment, through nbgrader's own export
    nbgrader(course, "export", f"--to={tmp_path / 'class.csv'}")
    with open(tmp_path / "class.csv", newline="") as f:
        export = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(f)}
    assert len(export) == 12  # six students, two assignments
    expect = {
        (A1, "alice"): auto1, (A1, "bob"): 1.0, (A1, "carol"): auto1, (A1, "dave"): 0.0, (A1, "erin"): auto1 + 1,
        (A1, "frank"): 0.0, (A2, "alice"): auto2, (A2, "bob"): auto2, (A2, "carol"): 0.0, (A2, "dave"): 0.0,
        (A2, "erin"): auto2, (A2, "frank"): 0.0,
    }
    assert {k: float(r["score"]) for k, r in export.items()} == expect
    assert float(export[(A1, "dave")]["late_submission_penalty"]) == auto1
    assert export[(A1, "alice")]["first_name"] == "Alice"

    # no page, whichever tool made it, shows a hidden line
    for slug in (A1, A2):
        hidden = hidden_lines(course, slug)
        assert len(hidden) > 20, slug
        pages = sorted((course / "feedback").glob(f"*/{slug}/*.html"))
        assert len(pages) == (5 if slug == A1 else 4), pages
        for page in pages:
            assert leaked(page.read_text(), hidden) == [], page
        if slug == A1:
            assert leaked(formgrader_page, hidden) == []
    print(f"a term of grading: {time.monotonic() - t0:.0f} s")
