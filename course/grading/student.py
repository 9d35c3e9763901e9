"""One student, in a worker process: pre-screen the file, make a private course folder (a copy of
the template gradebook and this student's files only), run nbgrader's ``autograde`` with the
kernel in the sandbox, score deleted test cells 0, and read the cells back.

The result goes to ``<work>/results/<student>.json`` and the graded folder to
``<work>/staged/<student>/``; the main process merges both into the class gradebook and the
course folder (it is their only writer) and makes the feedback from there.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
import time
from pathlib import Path

from .. import cells as course_cells
from .. import layout
from . import screen
from .records import CellResult, Job, StudentResult, atomic_write

MAX_FILE = 50 * 2**20
MAX_STUDENT_BYTES = 200 * 2**20


def finish(job: Job, res: StudentResult) -> StudentResult:
    atomic_write(Path(job.work) / "results" / f"{res.student}.json", res.to_json())
    return res


def _message(cell) -> tuple[str, str]:
    """(result, message) for an executed test cell, from its outputs."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            ename, evalue = out.get("ename", ""), str(out.get("evalue", ""))
            result = "not run" if ename in ("NotRun",) else "failed"
            return result, f"{ename}: {evalue}".replace("\n", " ")[:300]
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            return "failed", ("wrote to stderr: " + str(out.get("text", ""))).replace("\n", " ")[:300]
    return "failed", ""


def sandbox_spec(job: Job, course: Path, ipc: Path, home: Path) -> dict:
    """What :mod:`course.grading.sandbox` needs to wall the kernel in (see GRADING.md, Isolation)."""
    lim = job.limits
    threads = max(1, int(job.threads))
    keep_ro = [sys.prefix, sys.base_prefix, str(Path(sys.executable).resolve().parent.parent)]
    spec_helpers = importlib.util.find_spec("helpers")
    if spec_helpers and spec_helpers.submodule_search_locations:
        keep_ro.append(list(spec_helpers.submodule_search_locations)[0])
    data_dir = os.environ.get("COURSE_DATA_DIR")
    if data_dir and Path(data_dir).is_dir():
        keep_ro.append(data_dir)
    hide = [str(layout.ROOT), *job.hide, job.base, "/home", "/root", "/run", "/mnt", "/media", "/srv"]
    parent = layout.ROOT.parent
    if str(parent) not in ("/", "/usr", "/var", "/opt", "/etc"):
        hide.append(str(parent))
    hide += [p for p in os.environ.get("COURSE_GRADE_HIDE", "").split(os.pathsep) if p]
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "USER": "student",
        "LOGNAME": "student",
        "LANG": "C.UTF-8",
        "TMPDIR": "/tmp",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": str(home / ".config" / "matplotlib"),
        "IPYTHONDIR": str(home / ".ipython"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "JUPYTER_PREFER_ENV_PATH": "1",
        "NBGRADER_EXECUTION": "autograde",
        # each kernel gets its share of the cores: N workers on N cores must not fight over threads
        "OMP_NUM_THREADS": str(threads),
        "MKL_NUM_THREADS": str(threads),
        "OPENBLAS_NUM_THREADS": str(threads),
        "NUMEXPR_NUM_THREADS": str(threads),
        "MALLOC_ARENA_MAX": "2",
    }
    for var in ("COURSE_DATA_DIR", "COURSE_DEVICE", "CUDA_VISIBLE_DEVICES"):
        if os.environ.get(var):
            env[var] = os.environ[var]
    return {
        "mode": lim["sandbox"],
        "uid": job.uid,
        "gid": job.uid,
        "network": True,
        "workdir_root": str(course / "autograded"),
        "ipc_dir": str(ipc),
        "home": str(home),
        "report": str(course / "sandbox-report.json"),
        "log": str(course / "kernel.log"),
        "hide": hide,
        "private_tmp": ["/tmp", "/var/tmp", "/dev/shm"],
        "keep_ro": keep_ro,
        "keep_rw": [str(ipc)],
        "disk_mb": lim["disk_mb"],
        "rlimits": {
            "as": lim["memory_mb"] * 2**20,
            "cpu": lim["student_timeout"] * threads,
            "fsize": lim["disk_mb"] * 2**20,
            "nofile": 1024,
            "core": 0,
            "nproc": 512,
        },
        "env": env,
    }


def _nbgrader_run(cls, cfg, slug: str, student: str) -> dict:
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = slug
    coursedir.student_id = student
    app = cls(coursedir=coursedir, config=cfg)
    app.force = True
    return capture_log(app)


def last_error(res: dict) -> str:
    text = (res.get("error") or "") + "\n" + (res.get("log") or "")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    interesting = [ln for ln in lines if "Error" in ln or "error" in ln]
    return (interesting or lines or ["unknown error"])[-1][:300]


def _make_course(job: Job, scr, reasons: list[str]) -> Path:
    """A private course folder: template gradebook, data files, this student's files only."""
    tpl, slug, student = job.template, job.slug, job.student
    course = Path(job.base) / f"s{job.index}"
    shutil.rmtree(course, ignore_errors=True)
    course.mkdir(mode=0o711, parents=True)
    shutil.copyfile(tpl.gradebook, course / "gradebook.db")
    os.chmod(course / "gradebook.db", 0o600)
    shutil.copytree(tpl.source_files, course / "source" / slug)
    os.chmod(course / "source", 0o700)
    sub_dir = course / "submitted" / student / slug
    sub_dir.mkdir(parents=True)
    os.chmod(course / "submitted", 0o700)
    budget = MAX_STUDENT_BYTES
    for rel, disk in job.files:
        if rel == job.notebook or rel.lower().endswith(".ipynb"):
            continue
        size = os.path.getsize(disk)
        budget -= size
        if size > MAX_FILE or budget < 0:
            reasons.append(f"file {rel} not copied (too large)")
            continue
        dest = sub_dir / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(disk, dest)
    layout.write(scr.notebook, sub_dir / f"{slug}.ipynb")
    (course / "autograded").mkdir(mode=0o711)
    (course / "ipc").mkdir(mode=0o700)
    home = course / "home"
    (home / ".config").mkdir(parents=True)
    mpl = Path(job.base) / "mpl"
    if mpl.is_dir():
        shutil.copytree(mpl, home / ".config" / "matplotlib")
    if job.uid is not None and os.geteuid() == 0:
        for p in (course / "ipc", home, *home.rglob("*")):
            os.chown(p, job.uid, job.uid, follow_symlinks=False)
    spec_path = course / "sandbox.json"
    spec_path.write_text(json.dumps(sandbox_spec(job, course, course / "ipc", home), indent=1))
    os.chmod(spec_path, 0o600)
    return course


def _autograde(job: Job, course: Path) -> dict:
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import CheckCellMetadata, IgnorePattern, LimitOutput, SaveAutoGrades

    from . import preprocessors
    from .course import Course

    lim = job.limits
    cfg = Course.at(Path(job.config_dir or layout.ROOT)).config(root=course, db_url=f"sqlite:///{course}/gradebook.db")
    cfg.Execute.timeout = lim["cell_timeout"]
    cfg.Execute.iopub_timeout = lim["iopub_timeout"]
    cfg.Execute.kernel_name = "python3"
    cfg.GuardedExecute.max_output_bytes = lim["output_kb"] * 1024
    cfg.Autograde.create_student = True
    # late penalties are the class gradebook's business (the main process applies them)
    cfg.Autograde.autograde_preprocessors = [
        preprocessors.GuardedExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
        CheckCellMetadata,
    ]
    from nbgrader.converters import Autograde

    os.environ[preprocessors.SPEC_ENV] = str(course / "sandbox.json")
    try:
        return _nbgrader_run(Autograde, cfg, job.slug, job.student)
    finally:
        os.environ.pop(preprocessors.SPEC_ENV, None)


def _read_cells(job: Job, course: Path, graded_nb, deleted: list[str]) -> tuple[float, float, list[CellResult]]:
    from nbgrader.api import Gradebook

    slug, student = job.slug, job.student
    by_id = {course_cells.grade_id(c): c for c in graded_nb.cells if course_cells.grade_id(c)}
    kinds = {c["grade_id"]: c["kind"] for c in job.template.cells}
    out = []
    with Gradebook(f"sqlite:///{course}/gradebook.db") as gb:
        for gid in deleted:  # restored so that nbgrader can grade the rest: they score 0
            g = gb.find_grade(gid, slug, slug, student)
            g.manual_score = 0.0
            g.needs_manual_grade = False
        gb.db.commit()
        sub = gb.find_submission(slug, student)
        score, max_score = float(sub.score), float(sub.max_score)
        for nb in sub.notebooks:
            for g in nb.grades:
                c = CellResult(g.name, kinds.get(g.name, "test"), float(g.max_score), float(g.score or 0.0),
                               g.auto_score, g.manual_score, bool(g.needs_manual_grade))
                if g.name in deleted:
                    c.result, c.message = "deleted", "the test cell was deleted: restored and scored 0"
                elif c.kind == "manual":
                    c.result = "needs manual grading" if c.needs_manual else "not answered"
                elif c.score >= c.max_score:
                    c.result = "passed"
                else:
                    c.result, c.message = _message(by_id.get(g.name, {}))
                out.append(c)
    order = {c["grade_id"]: i for i, c in enumerate(job.template.cells)}
    out.sort(key=lambda c: order.get(c.grade_id, 999))
    return score, max_score, out


def grade_job(job: Job) -> StudentResult:
    """Grade one student (in a worker process). Always returns a result and writes it."""
    from . import preprocessors

    t0 = time.monotonic()
    reasons = list(job.notes)
    if not job.notebook:
        return finish(job, StudentResult.zero(job, "invalid", reasons + ["no notebook (.ipynb) in the submission"]))
    nb_disk = dict(job.files)[job.notebook]
    try:
        raw = Path(nb_disk).read_bytes() if Path(nb_disk).stat().st_size <= screen.MAX_BYTES * 2 else b"x" * (
            screen.MAX_BYTES + 1)
    except OSError as exc:
        return finish(job, StudentResult.zero(job, "invalid", reasons + [f"cannot read the notebook: {exc.strerror}"]))
    scr = screen.screen(raw, layout.read(Path(job.template.release)))
    reasons += scr.problems
    if scr.status == "invalid":
        return finish(job, StudentResult.zero(job, "invalid", reasons, seconds=time.monotonic() - t0))

    course = _make_course(job, scr, reasons)
    res = _autograde(job, course)
    run = dict(preprocessors.LAST_RUN)
    try:
        isolation = json.loads((course / "sandbox-report.json").read_text())
    except (OSError, ValueError):
        isolation = None
    kernel_log = ""
    try:
        kernel_log = (course / "kernel.log").read_bytes()[-2000:].decode("utf-8", "replace")
    except OSError:
        pass
    status = "repaired" if scr.status == "repaired" else "graded"
    events = run.get("events", [])
    for ev in events:
        if ev["kind"] == "timeout":
            status = "timeout"
            reasons.append(f"cell {ev['cell']} {ev['detail']}")
    if run.get("stopped"):
        reasons.append(run["stopped"])
        if status != "timeout":
            status = "timeout" if any(e["kind"] == "timeout" for e in events) else "crashed"
    for ev in events:
        if ev["kind"] == "output":
            reasons.append(f"cell {ev['cell']}: {ev['detail']}")
    autograded = course / "autograded" / job.student / job.slug
    if not res.get("success") or not (autograded / f"{job.slug}.ipynb").is_file():
        log = (res.get("log") or "") + (res.get("error") or "")
        why = "the kernel could not start" if "kernel_info" in log else "nbgrader could not grade this submission"
        if isolation and isolation.get("errors") and job.limits["sandbox"] == "strict":
            why += " (sandbox: " + "; ".join(isolation["errors"])[-300:] + ")"
        result = StudentResult.zero(job, "crashed", reasons + [f"{why}: {last_error(res)}"], isolation=isolation,
                                    seconds=time.monotonic() - t0, kernel_log=kernel_log[-500:])
        shutil.rmtree(course, ignore_errors=True)
        return finish(job, result)

    graded_nb = layout.read(autograded / f"{job.slug}.ipynb")
    score, max_score, cells = _read_cells(job, course, graded_nb, scr.deleted_tests)
    staged = Path(job.work) / "staged" / job.student
    shutil.rmtree(staged, ignore_errors=True)
    staged.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(autograded, staged)
    result = StudentResult(
        student=job.student, key=job.key, status=status, reason="; ".join(dict.fromkeys(reasons)), score=score,
        max_score=max_score, auto_max_score=job.template.auto_max_score, cells=cells,
        deleted_tests=scr.deleted_tests, notes=[r if r.endswith(".") else r + "." for r in scr.problems],
        events=events, isolation=isolation, notebook=job.notebook, seconds=round(time.monotonic() - t0, 2),
        kernel_log=kernel_log[-500:] if status == "crashed" else "",
    )
    shutil.rmtree(course, ignore_errors=True)
    return finish(job, result)
