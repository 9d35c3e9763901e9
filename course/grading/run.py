"""The whole class: collect, register the assignment, grade the students who need it with a pool
of workers, merge each result into the class gradebook, and write the tables and feedback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import classbook, outputs, template
from .collect import MAX_FILE, collect, import_into
from .course import Course
from .records import STATUSES, Job, Limits, StudentResult, atomic_write

GRADER_VERSION = "2"


def code_hash() -> str:
    """Every file of the grading code: a change to any of them grades everyone again."""
    here = Path(__file__).parent
    files = sorted(here.glob("*.py")) + [here.parent / "cells.py"]  # cells: the markers and cell roles
    return template.sha(GRADER_VERSION.encode(), *[f.read_bytes() for f in files])


def cores() -> int:
    """The cores this process may run on (a taskset or a container's cpuset counts, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _file_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes() if os.path.getsize(path) <= MAX_FILE else b"(too large)"
    except OSError:
        return b"(unreadable)"


def _mpl_cache(base: Path) -> None:
    """Build matplotlib's font cache once, so that no kernel spends seconds on it."""
    target = base / "mpl"
    target.mkdir(exist_ok=True)
    env = dict(os.environ, MPLCONFIGDIR=str(target), MPLBACKEND="Agg")
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env, capture_output=True,
                   timeout=300, check=False)
    for p in [target, *target.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)


@dataclass
class ClassRun:
    slug: str
    results: dict[str, StudentResult]
    graded_now: list[str]
    seconds: float  # wall time of the grading itself (workers running)
    total_seconds: float
    workers: int
    isolation: dict
    out: Path

    @property
    def students_per_minute(self) -> float:
        return 60.0 * len(self.graded_now) / self.seconds if self.graded_now and self.seconds > 0 else 0.0


def _cached(work: Path, student: str) -> StudentResult | None:
    p = work / "results" / f"{student}.json"
    try:
        return StudentResult.from_json(p.read_text()) if p.is_file() else None
    except (ValueError, TypeError, KeyError):
        return None


def _in_book(course: Course, slug: str) -> set[str]:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gb:
        return {s.student.id for s in gb.find_assignment(slug).submissions}


def grade_class(slug: str, submissions: Path | None = None, course_dir: Path | None = None, out: Path | None = None,
                workers: int | None = None, limits: Limits | None = None, force: bool = False,
                quiet: bool = False) -> ClassRun:
    """Grade every submission of ``slug`` into the class gradebook of ``course_dir`` (default: the
    repository). ``submissions`` defaults to the course's ``submitted/``; anything else (a folder of
    folders, flat notebooks, a zip) is first copied into ``submitted/<student>/<slug>/``. Tables,
    resume state and logs go to ``out`` (default ``<course>/grading/<slug>``)."""
    from .sandbox import free_uids
    from .worker import run_pool

    t_start = time.monotonic()
    course = Course.at(course_dir)
    limits = limits or Limits.from_env(course.config_dir)
    workers = max(1, int(workers or cores()))
    out = Path(out or course.grading(slug)).resolve()
    work = out / ".work"
    (work / "results").mkdir(parents=True, exist_ok=True)
    os.chmod(out, 0o700)
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))

    source = Path(submissions).resolve() if submissions else course.submitted()
    if not submissions:
        source.mkdir(parents=True, exist_ok=True)
    subs, notes = collect(source, slug, work)
    for n in notes:
        say(f"note: {n}")
    if source != course.submitted():
        import_into(subs, course.submitted(), slug)
    tpl = template.prepare(course, slug, work)
    template.register(course, tpl, work)
    names = classbook.class_students(course, add=[s.student for s in subs])

    code = code_hash()
    lim = limits.as_dict()
    results: dict[str, StudentResult] = {}
    previous: dict[str, StudentResult] = {}
    jobs: list[Job] = []
    uids: list[int | None] = [None] * workers
    if os.geteuid() == 0 and limits.sandbox != "off":
        found = free_uids(workers)
        uids = [*found, *[None] * (workers - len(found))]
    threads = max(1, cores() // workers)
    base = Path(tempfile.mkdtemp(prefix="cg-", dir="/tmp" if os.access("/tmp", os.W_OK) else None))
    os.chmod(base, 0o711)
    booked = _in_book(course, slug)
    timestamps = {}
    for i, sub in enumerate(subs):
        timestamps[sub.student] = sub.timestamp
        if sub.missing:
            continue
        contents = [chunk for rel, disk in sub.files for chunk in (rel.encode(), _file_bytes(disk))]
        key = template.sha(code.encode(), tpl.master_sha.encode(), json.dumps(lim, sort_keys=True).encode(),
                           (sub.notebook or "").encode(), *contents)
        prev = _cached(work, sub.student)
        if prev is not None:
            previous[sub.student] = prev
            if not force and prev.key == key:
                graded_nb = course.autograded(sub.student, slug) / f"{slug}.ipynb"
                if sub.student not in booked and (
                        not prev.graded or (work / "staged" / sub.student).is_dir() or graded_nb.is_file()):
                    # graded, but the run was stopped before the merge (or the gradebook is new): merge now
                    classbook.merge(course, slug, prev, None, sub.timestamp, work)
                    booked.add(sub.student)
                if sub.student in booked:
                    results[sub.student] = prev
                    continue
        jobs.append(Job(
            student=sub.student, slug=slug, files=[list(f) for f in sub.files], notebook=sub.notebook,
            notes=sub.notes, template=tpl, work=str(work), base=str(base),
            hide=[str(course.root), str(source), str(out)], index=i, limits=lim, key=key, threads=threads,
            config_dir=str(course.config_dir),
        ))
    submitted = {s.student for s in subs if not s.missing}
    for s in sorted((set(names) | {x.student for x in subs}) - submitted):
        results[s] = StudentResult(s, "", "missing", "no submission for this assignment", 0.0, tpl.max_score,
                                   tpl.auto_max_score, [])
    missing = len(results) - (len(submitted) - len(jobs))
    say(f"{slug}: {len(submitted)} submission(s), {len(submitted) - len(jobs)} already graded, {len(jobs)} to grade "
        f"with {min(workers, max(1, len(jobs)))} worker(s); {missing} student(s) without a submission")

    graded_now: list[str] = []
    t_pool = time.monotonic()

    def on_result(job: Job, res: StudentResult) -> None:
        # while the workers grade the next students: merge, then the student's feedback page
        classbook.merge(course, slug, res, previous.get(res.student), timestamps.get(res.student), work)
        outputs.write_feedback(course, tpl, res, outputs.read_book(course, slug, {res.student}).get(res.student), work)
        results[res.student] = res
        graded_now.append(res.student)
        say(f"[{len(graded_now)}/{len(jobs)}] {res.student}: {res.score:g}/{res.max_score:g} "
            f"{res.status} ({res.seconds:.1f} s){': ' + res.reason[:150] if res.reason else ''}")

    try:
        if jobs:
            _mpl_cache(base)
            run_pool(jobs, workers, work / "logs", uids, on_result)
    finally:
        pool_seconds = time.monotonic() - t_pool
        shutil.rmtree(base, ignore_errors=True)
        finish_outputs(course, tpl, out, results, names, quiet=quiet)
    run = ClassRun(slug, results, graded_now, pool_seconds, time.monotonic() - t_start, workers,
                   outputs.isolation_summary(results), out)
    counts = Counter(r.status for r in results.values())
    atomic_write(out / "run.json", json.dumps({
        "assignment": slug, "course": str(course.root), "gradebook": course.db_url, "students": len(results),
        "graded_this_run": len(graded_now), "workers": workers, "threads_per_kernel": threads,
        "seconds": round(pool_seconds, 1), "students_per_minute": round(run.students_per_minute, 2),
        "statuses": dict(counts), "limits": lim, "isolation": run.isolation,
    }, indent=1))
    say(f"{slug}: " + ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s]) +
        f"; {len(graded_now)} graded in {pool_seconds:.0f} s ({run.students_per_minute:.1f} students/minute)")
    iso = run.isolation
    if "separate_uid" in iso and not (iso["separate_uid"] and "none" in str(iso["network"])
                                      and iso["filesystem"] != "NOT isolated"):
        say("warning: isolation is incomplete on this machine (see run.json and GRADING.md): "
            f"uid separated: {iso['separate_uid']}, network: {iso['network']}, filesystem: {iso['filesystem']}")
    say(f"wrote {out / 'grades.csv'}, {out / 'cells.csv'}, feedback in {course.feedback()}/<student>/{slug}/")
    return run


def finish_outputs(course: Course, tpl, out: Path, results: dict[str, StudentResult], names: dict,
                   force_feedback: bool = False, quiet: bool = True) -> int:
    """Penalties, feedback pages (those whose grades changed) and tables, from the class gradebook."""
    slug = tpl.slug
    work = out / ".work"
    classbook.apply_late_penalties(course, slug)
    book = outputs.read_book(course, slug)
    made = 0
    for s, res in sorted(results.items()):
        if res.status == "missing":
            continue
        made += outputs.write_feedback(course, tpl, res, book.get(s), work, force=force_feedback)
    outputs.write_tables(course, slug, out, work, results, classbook.class_students(course))
    if not quiet and made:
        print(f"{slug}: {made} feedback page(s) written", flush=True)
    return made


def feedback(slug: str, course_dir: Path | None = None, out: Path | None = None, force: bool = False,
             quiet: bool = False) -> int:
    """``course feedback``: after hand grading, remake the feedback pages (hand scores and comments
    in, hidden tests out) and the tables from the class gradebook, without grading anyone again."""
    course = Course.at(course_dir)
    out = Path(out or course.grading(slug)).resolve()
    work = out / ".work"
    if not (work / "results").is_dir():
        raise SystemExit(f"course feedback: {out} holds no graded run of {slug}: run `course grade {slug}` first")
    tpl = template.prepare(course, slug, work)
    results = {p.stem: r for p in sorted((work / "results").glob("*.json")) if (r := _cached(work, p.stem))}
    names = classbook.class_students(course)
    for s in names:
        if s not in results and not course.submitted(s, slug).is_dir():
            results[s] = StudentResult(s, "", "missing", "no submission for this assignment", 0.0, tpl.max_score,
                                       tpl.auto_max_score, [])
    return finish_outputs(course, tpl, out, results, names, force_feedback=force)


def main(*, assignment: str, submissions: str | None = None, course_dir: str | None = None, out: str | None = None,
         workers: int | None = None, force: bool = False) -> int:
    """``course grade`` (the CLI turns its arguments into these keywords)."""
    from ..layout import resolve_slug

    course = Course.at(Path(course_dir) if course_dir else None)
    try:
        slug = resolve_slug(assignment)
    except ValueError as exc:
        raise SystemExit(f"course grade: {exc}") from None
    force = force or os.environ.get("COURSE_GRADE_FORCE") == "1"
    try:
        grade_class(slug, Path(submissions) if submissions else None, course.root, Path(out) if out else None,
                    workers=workers, force=force)
    except KeyboardInterrupt:
        print("course grade: interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    return 0


def feedback_main(*, assignment: str, course_dir: str | None = None, out: str | None = None,
                  force: bool = False) -> int:
    """``course feedback``."""
    from ..layout import resolve_slug

    course = Course.at(Path(course_dir) if course_dir else None)
    try:
        slug = resolve_slug(assignment)
    except ValueError as exc:
        raise SystemExit(f"course feedback: {exc}") from None
    made = feedback(slug, course.root, Path(out) if out else None, force=force)
    print(f"{slug}: {made} feedback page(s) written to {course.feedback()}/<student>/{slug}/")
    return 0
