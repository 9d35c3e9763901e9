"""The class gradebook: one nbgrader gradebook for every student and every assignment (the one
formgrader, ``nbgrader db student add`` and ``nbgrader export`` use). The main process is its only
writer: it merges each student's result in, keeping what was graded by hand, and applies the
late-submission penalties nbgrader's configuration asks for."""

from __future__ import annotations

import json
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

from .. import cells as course_cells
from .. import layout
from .course import Course
from .records import StudentResult, atomic_write

# nbgrader's update_or_create_submission autoflushes half-made rows (harmless, and said on every student)
warnings.filterwarnings("ignore", message=".*not in session.*")


@dataclass
class Flag:
    """A hand grade that regrading had to set aside, kept visible for the grader."""

    grade_id: str
    previous_manual_score: float
    why: str


def _sources(path: Path) -> dict[str, str]:
    """The student's cells of a graded notebook by grade_id: answers, written answers, tests."""
    if not path.is_file():
        return {}
    try:
        nb = layout.read(path)
    except Exception:  # noqa: BLE001 - an unreadable old notebook counts as changed
        return {}
    return {course_cells.grade_id(c): c.source for c in nb.cells if course_cells.grade_id(c)}


def _answers_changed(old: dict[str, str], new: dict[str, str], answer_ids: set[str]) -> bool:
    return not old or any(old.get(g) != new.get(g) for g in answer_ids)


def flags_path(work: Path, student: str) -> Path:
    return work / "flags" / f"{student}.json"


def read_flags(work: Path, student: str) -> list[Flag]:
    p = flags_path(work, student)
    if not p.is_file():
        return []
    return [Flag(**f) for f in json.loads(p.read_text())]


def merge(course: Course, slug: str, res: StudentResult, prev: StudentResult | None, timestamp: str | None,
          work: Path) -> list[Flag]:
    """Write one student's result into the class gradebook and the course folder.

    Hand grading is kept where the student's work it judged is unchanged: a written answer's
    manual score stays while its text is the same, and partial credit on a test cell stays while
    every answer cell is the same. Otherwise the old score is set aside (returned as a
    :class:`Flag` and listed in cells.csv) and the cell waits for manual grading again.
    """
    from nbgrader.api import Gradebook
    from nbgrader.utils import parse_utc

    nb_name = f"{slug}.ipynb"
    dest = course.autograded(res.student, slug)
    staged = work / "staged" / res.student
    old = _sources(dest / nb_name)
    new = _sources(staged / nb_name) if res.graded and staged.is_dir() else (old if res.graded else {})
    answer_ids = {g for g in new if g not in {c.grade_id for c in res.cells if c.kind == "test"}}
    answers_changed = _answers_changed(old, new, answer_ids)
    flags = read_flags(work, res.student)
    with Gradebook(course.db_url) as gb:
        gb.update_or_create_student(res.student)
        sub = gb.update_or_create_submission(slug, res.student, timestamp=parse_utc(timestamp) if timestamp else None)
        for c in res.cells:
            g = gb.find_grade(c.grade_id, slug, slug, res.student)
            before = g.manual_score
            was_ours = prev is not None and (prev.cell(c.grade_id) or c).result == "deleted"
            if not res.graded:
                g.auto_score, g.manual_score, g.needs_manual_grade = 0.0, None, False
            elif c.result == "deleted":
                g.auto_score = c.auto_score if c.auto_score is not None else 0.0
                g.manual_score, g.needs_manual_grade = 0.0, False
            elif c.kind == "test":
                g.auto_score = c.auto_score if c.auto_score is not None else 0.0
                if was_ours:  # the 0 of a deleted test cell, now back
                    g.manual_score, g.needs_manual_grade = None, False
                elif g.manual_score is not None and answers_changed:
                    g.manual_score, g.needs_manual_grade = None, True  # the grader looks again
                elif answers_changed:
                    g.needs_manual_grade = False
                # unchanged answers: the hand score and its flag stay as the grader left them
            else:  # a written answer
                if old.get(c.grade_id) != new.get(c.grade_id) or not old:
                    g.auto_score, g.manual_score, g.needs_manual_grade = c.auto_score, None, c.needs_manual
            if before is not None and g.manual_score is None and not was_ours:
                why = ("the written answer changed after it was graded" if c.kind == "manual"
                       else "the answers changed after this partial credit was given")
                if not res.graded:
                    why = f"the new submission could not be graded ({res.status})"
                flags = [f for f in flags if f.grade_id != c.grade_id] + [Flag(c.grade_id, float(before), why)]
        gb.db.commit()
        _apply_late_penalty(course, gb, sub)
    # the course folder: the graded notebook where formgrader and generate_feedback look for it
    if res.graded and staged.is_dir():
        tmp = dest.with_name(f".{slug}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staged, tmp)
        shutil.rmtree(dest, ignore_errors=True)
        tmp.rename(dest)
        shutil.rmtree(staged, ignore_errors=True)
    elif not res.graded:
        shutil.rmtree(dest, ignore_errors=True)
    atomic_write(flags_path(work, res.student), json.dumps([f.__dict__ for f in flags], indent=1))
    return flags


def _apply_late_penalty(course: Course, gb, sub) -> None:
    """nbgrader's own AssignLatePenalties rule, with the plug-in and method nbgrader_config.py sets."""
    from nbgrader.preprocessors import AssignLatePenalties

    late = AssignLatePenalties(config=course.config())
    late.init_plugin()
    seconds = sub.total_seconds_late
    for nb in sub.notebooks:
        nb.late_submission_penalty = None
        if seconds > 0:
            penalty = late.plugin_inst.late_submission_penalty(sub.student.id, nb.score, seconds)
            if penalty is not None:
                nb.late_submission_penalty = late._check_late_penalty(nb, penalty)
    gb.db.commit()


def apply_late_penalties(course: Course, slug: str) -> None:
    """Recompute every submission's penalty (a hand grade changes the score a penalty may depend on)."""
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gb:
        for sub in gb.find_assignment(slug).submissions:
            _apply_late_penalty(course, gb, sub)


def class_students(course: Course, add: list[str] = ()) -> dict[str, tuple[str, str]]:
    """Every student in the class gradebook, after adding those in ``add`` (names are kept):
    id -> (first name, last name)."""
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gb:
        known = {s.id for s in gb.students}
        for sid in add:
            if sid not in known:
                gb.add_student(sid)
        return {s.id: (s.first_name or "", s.last_name or "") for s in gb.students}
