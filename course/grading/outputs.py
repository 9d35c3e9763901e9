"""What a run leaves for the instructor and the students, all read back from the class gradebook:
``grades.csv`` (one row per student of the class), ``cells.csv`` (one row per graded cell),
nbgrader's own CSV export, ``run.json``, and each student's feedback page in
``feedback/<student>/<assignment>/`` (nbgrader's layout, so ``release_feedback`` returns it),
made by nbgrader's ``generate_feedback`` with the hidden tests removed."""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .classbook import read_flags
from .course import Course
from .records import StudentResult, Template, atomic_write

GRADE_COLUMNS = ["student", "first_name", "last_name", "score", "raw_score", "late_penalty", "max_score", "status",
                 "needs_manual_grading", "submitted_at", "seconds_late", "reason", "grading_seconds"]
CELL_COLUMNS = ["student", "grade_id", "kind", "score", "max_score", "result", "previous_manual_score", "message"]


@dataclass
class BookCell:
    grade_id: str
    score: float
    max_score: float
    auto_score: float | None
    manual_score: float | None
    needs_manual: bool
    comment: str


@dataclass
class BookEntry:
    """One student's submission as the class gradebook holds it now (hand grades included)."""

    raw_score: float
    penalty: float
    max_score: float
    needs_manual: bool
    timestamp: str
    seconds_late: float
    cells: dict[str, BookCell]

    @property
    def score(self) -> float:
        return self.raw_score - self.penalty

    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps([self.raw_score, self.penalty, self.timestamp, sorted(
            (c.grade_id, c.score, c.needs_manual, c.comment) for c in self.cells.values())]).encode()).hexdigest()


def read_book(course: Course, slug: str, students: set[str] | None = None) -> dict[str, BookEntry]:
    """The class gradebook's entries for ``slug`` (of ``students`` only, when given)."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(course.db_url) as gb:
        for sub in gb.find_assignment(slug).submissions:
            if students is not None and sub.student.id not in students:
                continue
            cells, comments = {}, {}
            for nb in sub.notebooks:
                for cm in nb.comments:
                    comments[cm.name] = cm.manual_comment or ""
                for g in nb.grades:
                    cells[g.name] = BookCell(g.name, float(g.score or 0.0), float(g.max_score), g.auto_score,
                                             g.manual_score, bool(g.needs_manual_grade), "")
            for name, text in comments.items():
                if name in cells:
                    cells[name].comment = text
            out[sub.student.id] = BookEntry(
                float(sub.score), float(sub.late_submission_penalty or 0.0), float(sub.max_score),
                bool(sub.needs_manual_grade), sub.timestamp.isoformat(sep=" ") if sub.timestamp else "",
                float(sub.total_seconds_late or 0.0), cells)
    return out


def _cell_result(c, book: BookCell | None) -> str:
    """What cells.csv says of a cell, from the gradebook as it is now."""
    if book is None or c.result in ("not graded", "deleted"):
        return c.result
    if book.needs_manual:
        return "needs manual grading"
    if book.manual_score is not None:
        return "graded by hand" if c.kind == "manual" else f"{c.result}, score set by hand"
    if c.kind == "manual":
        return "not answered"  # nbgrader scores an unchanged stub 0 without asking anyone
    return c.result


def write_tables(course: Course, slug: str, out: Path, work: Path, results: dict[str, StudentResult],
                 names: dict[str, tuple[str, str]]) -> None:
    book = read_book(course, slug)
    rows, cell_rows = [], []
    for s in sorted(set(results) | set(names)):
        r = results.get(s)
        b = book.get(s) if r is None or r.status != "missing" else None
        first, last = names.get(s, ("", ""))
        if r is None or b is None:
            status = "missing" if b is None else "graded"
            rows.append({"student": s, "first_name": first, "last_name": last, "score": "0", "raw_score": "0",
                         "late_penalty": "0", "max_score": "", "status": status, "needs_manual_grading": "no",
                         "submitted_at": "", "seconds_late": "", "grading_seconds": "",
                         "reason": r.reason if r is not None else "no submission for this assignment"})
            continue
        flags = {f.grade_id: f for f in read_flags(work, s)}
        pending = [f for f in flags.values() if (b.cells.get(f.grade_id) and b.cells[f.grade_id].manual_score is None)]
        reason = r.reason
        if pending:
            reason = "; ".join([reason] * bool(reason) + [
                f"{f.grade_id}: {f.why} (was {f.previous_manual_score:g})" for f in pending])
        rows.append({
            "student": s, "first_name": first, "last_name": last, "score": f"{b.score:g}",
            "raw_score": f"{b.raw_score:g}", "late_penalty": f"{b.penalty:g}", "max_score": f"{b.max_score:g}",
            "status": r.status, "needs_manual_grading": "yes" if b.needs_manual else "no",
            "submitted_at": b.timestamp, "seconds_late": f"{b.seconds_late:.0f}" if b.seconds_late else "0",
            "reason": reason, "grading_seconds": f"{r.seconds:.1f}",
        })
        for c in r.cells:
            bc = b.cells.get(c.grade_id)
            f = flags.get(c.grade_id)
            cell_rows.append({
                "student": s, "grade_id": c.grade_id, "kind": c.kind, "score": f"{bc.score if bc else c.score:g}",
                "max_score": f"{c.max_score:g}", "result": _cell_result(c, bc),
                "previous_manual_score": f"{f.previous_manual_score:g}" if f and bc and bc.manual_score is None else "",
                "message": c.message,
            })
    write_csv(out / "grades.csv", rows, GRADE_COLUMNS)
    write_csv(out / "cells.csv", cell_rows, CELL_COLUMNS)
    try:  # nbgrader's own export of the class gradebook: every student, every assignment
        from nbgrader.api import Gradebook
        from nbgrader.plugins import CsvExportPlugin

        tmp = out / ".nbgrader_export.csv.tmp"
        with Gradebook(course.db_url) as gb:
            CsvExportPlugin(to=str(tmp)).export(gb)
        os.replace(tmp, out / "nbgrader_export.csv")
    except Exception as exc:  # noqa: BLE001
        print(f"course grade: nbgrader export failed: {exc}", file=sys.stderr)


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns)
        w.writeheader()
        w.writerows(rows)
    os.replace(tmp, path)


def isolation_summary(results: dict[str, StudentResult]) -> dict:
    reports = [r.isolation for r in results.values() if r.isolation]
    if not reports:
        return {"note": "no kernel was started in this run"}
    worst = min(reports, key=lambda r: (r.get("uid") is not None) + bool(r.get("network")) + bool(r.get("filesystem")))
    return {
        "separate_uid": worst.get("uid") is not None,
        "network": worst.get("network") or "NOT isolated",
        "filesystem": worst.get("filesystem") or "NOT isolated",
        "rlimits": worst.get("rlimits"),
        "errors": sorted({e for r in reports for e in r.get("errors", [])})[:10],
    }


# ---------------------------------------------------------------------------
# feedback
# ---------------------------------------------------------------------------
def simple_feedback(student: str, slug: str, res: StudentResult) -> str:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Feedback</title></head><body>"
        f"<h1>{html.escape(slug)}: feedback for {html.escape(student)}</h1>"
        f"<p><b>Score: {res.score:g} / {res.max_score:g}</b> ({html.escape(res.status)})</p>"
        f"<p>{html.escape(res.reason or '')}</p>"
        "<p>Your notebook could not be graded as it was submitted. Ask your instructor if this is unexpected.</p>"
        "</body></html>\n"
    )


def _feedback_page(course: Course, tpl: Template, res: StudentResult) -> tuple[str | None, str]:
    """nbgrader's generate_feedback for one student, from the class gradebook (hand grades and
    comments included), with HideHiddenTests told the hidden lines and the screening notes."""
    from nbgrader.converters import GenerateFeedback
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    from .student import last_error

    cfg = course.config()
    cfg.HideHiddenTests.hidden_lines = tpl.hidden_lines
    cfg.HideHiddenTests.deleted_tests = res.deleted_tests
    cfg.HideHiddenTests.notes = res.notes
    cfg.HTMLExporter.sanitize_html = True
    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = tpl.slug
    coursedir.student_id = res.student
    app = GenerateFeedback(coursedir=coursedir, config=cfg)
    app.force = True
    out = capture_log(app)
    page = course.feedback(res.student, tpl.slug) / f"{tpl.slug}.html"
    if out.get("success") and page.is_file():
        return page.read_text(), ""
    return None, last_error(out)


def write_feedback(course: Course, tpl: Template, res: StudentResult, entry: BookEntry | None, work: Path,
                   force: bool = False) -> bool:
    """Make ``feedback/<student>/<assignment>/<assignment>.html`` when the student's grades changed
    since the page was made (or ``force``). Returns whether a page was written."""
    slug = tpl.slug
    dest = course.feedback(res.student, slug)
    stamp = work / "feedback" / f"{res.student}.txt"
    fingerprint = hashlib.sha256(f"{res.key}|{entry.fingerprint() if entry else res.status}".encode()).hexdigest()
    page = dest / f"{slug}.html"
    if not force and page.is_file() and stamp.is_file() and stamp.read_text() == fingerprint:
        return False
    made = None
    if res.graded and course.autograded(res.student, slug).joinpath(f"{slug}.ipynb").is_file():
        made, why = _feedback_page(course, tpl, res)
        if made is None:
            print(f"course grade: feedback for {res.student} failed: {why}", file=sys.stderr)
    if made is None:
        atomic_write(page, simple_feedback(res.student, slug, res))
    # what release_feedback needs beside the page
    for name in ("timestamp.txt", "submission_secret.txt"):
        src = course.submitted(res.student, slug) / name
        if src.is_file() and not (dest / name).is_file():
            shutil.copyfile(src, dest / name)
    atomic_write(stamp, fingerprint)
    return True
