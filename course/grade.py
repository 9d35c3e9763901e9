"""``course grade``: grade a whole class with real nbgrader, robustly, in isolation, in parallel.

    course grade 01 --submissions collected/ --out grading/01 --workers 2

For each student this runs, in a worker process of its own:

1. **pre-screening** (:mod:`course.screen`): the raw file is checked against the
   release notebook and repaired where nbgrader can grade it, or scored 0 with a reason;
2. nbgrader's **autograde** in a private course folder (a copy of a template
   gradebook made once by ``generate_assignment``), with the kernel started in the
   **sandbox** (:mod:`course.sandbox`) and run by :class:`course.nbplugins.GuardedExecute`;
3. nbgrader's **generate_feedback**, with hidden tests removed
   (:class:`course.nbplugins.HideHiddenTests`);
4. the grades are read back from that gradebook and written to
   ``--out/.work/results/<student>.json``.

The main process hands students to the workers, kills a worker that runs past the
time limit, merges every result into ``--out/gradebook.db`` (one writer: itself),
and writes ``grades.csv``, ``cells.csv``, ``nbgrader_export.csv`` (nbgrader's own
CSV export of that gradebook), ``feedback/<student>.html``,
``autograded/<student>/<assignment>/<assignment>.ipynb`` and ``run.json``.

A student whose files, assignment master, limits and grading code have not changed
since the last run is not graded again: re-running is idempotent, and a run that
was interrupted resumes where it stopped. See GRADING.md for the whole workflow.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path

from . import cells as course_cells
from . import layout

GRADER_VERSION = "1"
STATUSES = ("graded", "repaired", "timeout", "crashed", "invalid")
_CODE_FILES = ("grade.py", "screen.py", "sandbox.py", "nbplugins.py", "cells.py")
_ID_BAD = re.compile(r"[^A-Za-z0-9_.@+-]+")
MAX_FILE = 50 * 2**20
MAX_STUDENT_BYTES = 200 * 2**20
MAX_ZIP_BYTES = 2 * 2**30
MAX_ZIP_ENTRIES = 20000


# ---------------------------------------------------------------------------
# limits
# ---------------------------------------------------------------------------
def _config_value(section: str, key: str, default):
    from traitlets.config import PyFileConfigLoader

    try:
        cfg = PyFileConfigLoader("nbgrader_config.py", path=str(layout.ROOT)).load_config()
        return cfg[section][key] if key in cfg[section] else default
    except Exception:  # noqa: BLE001
        return default


@dataclass
class Limits:
    """What one student's grading may use. Environment variables override the defaults."""

    cell_timeout: int = 120  # s of wall time per cell (nbgrader_config.py's Execute.timeout)
    student_timeout: int = 900  # s of wall time for the whole student, grading included
    iopub_timeout: int = 30  # s to wait for a cell's last outputs (nbgrader_config.py)
    memory_mb: int = 4096  # address space of the kernel (RLIMIT_AS)
    output_kb: int = 1024  # output kept per cell
    disk_mb: int = 512  # the kernel's working directory and /tmp (tmpfs), and any file it writes
    sandbox: str = "auto"  # auto | strict | off

    ENV = {
        "cell_timeout": "COURSE_GRADE_CELL_TIMEOUT",
        "student_timeout": "COURSE_GRADE_TIMEOUT",
        "iopub_timeout": "COURSE_GRADE_IOPUB_TIMEOUT",
        "memory_mb": "COURSE_GRADE_MEMORY_MB",
        "output_kb": "COURSE_GRADE_OUTPUT_KB",
        "disk_mb": "COURSE_GRADE_DISK_MB",
        "sandbox": "COURSE_GRADE_SANDBOX",
    }

    @classmethod
    def from_env(cls, **overrides) -> Limits:
        lim = cls(
            cell_timeout=int(_config_value("Execute", "timeout", 120)),
            iopub_timeout=int(_config_value("Execute", "iopub_timeout", 30)),
        )
        for name, var in cls.ENV.items():
            if os.environ.get(var):
                value = os.environ[var]
                setattr(lim, name, value if name == "sandbox" else int(value))
        for name, value in overrides.items():
            if value is not None:
                setattr(lim, name, value)
        if lim.sandbox not in ("auto", "strict", "off"):
            raise SystemExit(f"course grade: COURSE_GRADE_SANDBOX must be auto, strict or off, not {lim.sandbox!r}")
        return lim

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.ENV}


# ---------------------------------------------------------------------------
# collecting submissions
# ---------------------------------------------------------------------------
@dataclass
class Submission:
    student: str
    files: list[tuple[str, str]] = field(default_factory=list)  # (path inside the submission, path on disk)
    notebook: str | None = None  # which of the files is graded
    notes: list[str] = field(default_factory=list)


def student_id(name: str) -> str:
    """A student id nbgrader and file systems accept, from a folder or file name."""
    sid = _ID_BAD.sub("_", name).strip("._-")[:64]
    return sid or "student"


def _files_under(folder: Path) -> list[tuple[str, str]]:
    out = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__MACOSX")
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if name.startswith(".") or p.is_symlink() or not p.is_file():
                continue
            out.append((p.relative_to(folder).as_posix(), str(p)))
    return out


def _pick_notebook(sub: Submission, slug: str) -> None:
    nbfiles = [rel for rel, _ in sub.files if rel.lower().endswith(".ipynb")]
    if not nbfiles:
        sub.notebook = None
        return
    exact = [r for r in nbfiles if Path(r).name == f"{slug}.ipynb"]
    named = [r for r in nbfiles if slug in Path(r).name or slug[:2] == Path(r).name[:2]]
    top = [r for r in nbfiles if "/" not in r]
    for choice in (exact, named, top, nbfiles):
        if choice:
            sub.notebook = sorted(choice, key=lambda r: (r.count("/"), r))[0]
            break
    if len(nbfiles) > 1:
        sub.notes.append(f"{len(nbfiles)} notebooks submitted: graded {sub.notebook}")


def _flat_student(stem: str, slug: str) -> str:
    for suffix in (slug, slug[3:], slug[:2]):
        for sep in ("_", "-", " ", "."):
            if stem.endswith(sep + suffix) and len(stem) > len(suffix) + 1:
                return stem[: -len(suffix) - 1]
    return stem


def _safe_extract(zpath: Path, dest: Path) -> list[str]:
    """Extract a zip of submissions without following links or leaving ``dest``."""
    notes = []
    total = 0
    with zipfile.ZipFile(zpath) as zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise SystemExit(f"course grade: {zpath} has {len(infos)} entries (at most {MAX_ZIP_ENTRIES})")
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = [p for p in name.split("/") if p not in ("", ".")]
            mode = (info.external_attr >> 16) & 0o170000
            if info.is_dir() or not parts:
                continue
            if name.startswith("/") or ".." in parts or mode == 0o120000:
                notes.append(f"skipped unsafe zip entry {name!r}")
                continue
            if parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts):
                continue
            total += info.file_size
            if info.file_size > MAX_FILE * 4 or total > MAX_ZIP_BYTES:
                raise SystemExit(f"course grade: {zpath} unpacks to more than {MAX_ZIP_BYTES >> 20} MB")
            target = dest.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
    return notes


def collect(path: Path, slug: str, work: Path) -> tuple[list[Submission], list[str]]:
    """The submissions in ``path``: a folder (``<student>/<notebook>.ipynb``, nbgrader's
    ``submitted/<student>/<assignment>/``, or flat ``<student>.ipynb`` files) or a zip of any of those."""
    notes: list[str] = []
    path = Path(path)
    if path.is_file() and zipfile.is_zipfile(path):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        dest = work / "unzipped" / digest
        if not dest.is_dir():
            tmp = work / "unzipped" / f".{digest}.tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            notes += _safe_extract(path, tmp)
            os.replace(tmp, dest)
        path = dest
    if not path.is_dir():
        raise SystemExit(f"course grade: {path} is neither a folder nor a zip of submissions")
    if (path / "submitted").is_dir():
        path = path / "submitted"
    entries = [p for p in sorted(path.iterdir()) if not p.name.startswith(".") and p.name != "__MACOSX"]
    dirs = [p for p in entries if p.is_dir() and not p.is_symlink()]
    # a zip or folder that wraps everything in one folder of folders
    if len(dirs) == 1 and len(entries) == 1 and not any(f.suffix == ".ipynb" for f in dirs[0].iterdir()):
        inner = [p for p in dirs[0].iterdir() if p.is_dir()]
        if inner and not (dirs[0] / slug).is_dir():
            subs, more = collect(dirs[0], slug, work)
            return subs, notes + more
    subs: dict[str, Submission] = {}

    def add(name: str, files, extra=()):
        sid = student_id(name)
        base, n = sid, 2
        while sid in subs:
            sid = f"{base}_{n}"
            n += 1
        sub = Submission(sid, files, notes=list(extra))
        if sid != name:
            sub.notes.append(f"submitted as {name!r}")
        subs[sid] = sub

    for p in entries:
        if p.is_dir() and not p.is_symlink():
            inner = p / slug
            folder = inner if inner.is_dir() else p
            add(p.name, _files_under(folder))
        elif p.is_file() and p.suffix.lower() == ".ipynb":
            add(_flat_student(p.stem, slug), [(f"{slug}.ipynb", str(p))], [f"submitted as the file {p.name}"])
    for sub in subs.values():
        _pick_notebook(sub, slug)
    return [subs[k] for k in sorted(subs)], notes


# ---------------------------------------------------------------------------
# the template: the assignment in a gradebook, made once
# ---------------------------------------------------------------------------
def _sha(*chunks: bytes) -> str:
    h = hashlib.sha256()
    for c in chunks:
        h.update(hashlib.sha256(c).digest())
    return h.hexdigest()


def _code_hash() -> str:
    here = Path(__file__).parent
    return _sha(GRADER_VERSION.encode(), *[(here / f).read_bytes() for f in _CODE_FILES])


def _hidden_lines(master, release) -> list[str]:
    public = set()  # what students see, and the solutions (not tests: they are no secret to hide)
    for cell in release.cells:
        public.update(line.strip() for line in cell.source.splitlines())
    for cell in master.cells:
        if not course_cells.is_test(cell):
            public.update(line.strip() for line in cell.source.splitlines())
    hidden = []
    for cell in master.cells:
        for line in course_cells.split_hidden(cell.source)[1]:
            s = line.strip()
            if len(s) >= 12 and s not in public and not s.startswith("#"):
                hidden.append(s)
    return sorted(set(hidden))


def prepare_template(slug: str, work: Path) -> dict:
    """Generate the assignment once into ``work/template-<hash>``: gradebook, release, cell table."""
    from . import build

    master_path = layout.master_path(slug)
    src_dir = master_path.parent
    digest = _sha(*[p.read_bytes() for p in sorted(src_dir.rglob("*")) if p.is_file()])[:16]
    tdir = work / f"template-{digest}"
    info_path = tdir / "template.json"
    if info_path.is_file():
        return json.loads(info_path.read_text())
    tmp = work / f".template-{digest}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(src_dir, tmp / "source" / slug, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    cfg = build.nbgrader_config(tmp, f"sqlite:///{tmp}/gradebook.db")
    api = build._api(cfg)
    res = api.generate_assignment(slug)
    if not res.get("success"):
        raise RuntimeError(f"generate_assignment {slug} failed:\n{res.get('error')}\n{res.get('log')}")
    release = layout.read(tmp / "release" / slug / f"{slug}.ipynb")
    master = layout.read(master_path)
    cells = []
    for cell in release.cells:
        meta = course_cells.meta(cell)
        if not meta.get("grade"):
            continue
        kind = "test" if course_cells.is_test(cell) else "manual"
        cells.append({"grade_id": meta["grade_id"], "kind": kind, "max_score": float(meta.get("points", 0))})
    info = {
        "slug": slug,
        "digest": digest,
        "gradebook": str(tdir / "gradebook.db"),
        "release": str(tdir / "release" / slug / f"{slug}.ipynb"),
        "source_files": str(tdir / "source" / slug),
        "cells": cells,
        "max_score": sum(c["max_score"] for c in cells),
        "auto_max_score": sum(c["max_score"] for c in cells if c["kind"] == "test"),
        "hidden_lines": _hidden_lines(master, release),
        "master_sha": _sha(master_path.read_bytes()),
    }
    # the copy of source/ a student's course folder gets: data files only, never the master
    for p in list((tmp / "source" / slug).rglob("*.ipynb")):
        p.unlink()
    (tmp / "template.json").write_text(json.dumps(info, indent=1))
    shutil.rmtree(tdir, ignore_errors=True)
    os.replace(tmp, tdir)
    return info


# ---------------------------------------------------------------------------
# one student, in a worker process
# ---------------------------------------------------------------------------
def _atomic_write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data.encode() if isinstance(data, str) else data)
    os.replace(tmp, path)


def _simple_feedback(student: str, slug: str, score: float, max_score: float, status: str, reason: str) -> str:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Feedback</title></head><body>"
        f"<h1>{html.escape(slug)}: feedback for {html.escape(student)}</h1>"
        f"<p><b>Score: {score:g} / {max_score:g}</b> ({html.escape(status)})</p>"
        f"<p>{html.escape(reason or '')}</p>"
        "<p>Your notebook could not be graded as it was submitted. Ask your instructor if this is unexpected.</p>"
        "</body></html>\n"
    )


def _zero_result(job: dict, status: str, reasons: list[str], **extra) -> dict:
    tpl = job["template"]
    cells = [
        {**c, "score": 0.0, "auto_score": 0.0, "manual_score": None, "needs_manual": False,
         "result": "not graded", "message": ""}
        for c in tpl["cells"]
    ]
    res = {
        "student": job["student"], "key": job["key"], "status": status, "reason": "; ".join(reasons),
        "score": 0.0, "max_score": tpl["max_score"], "auto_max_score": tpl["auto_max_score"], "cells": cells,
        "deleted_tests": [], "events": [], "isolation": None, "notebook": job.get("notebook"),
        "seconds": 0.0,
    }
    res.update(extra)
    return res


def _finish(job: dict, res: dict, feedback_html: str | None = None) -> dict:
    out = Path(job["out"])
    if feedback_html is None:
        feedback_html = _simple_feedback(res["student"], job["slug"], res["score"], res["max_score"],
                                         res["status"], res["reason"])
    _atomic_write(out / "feedback" / f"{res['student']}.html", feedback_html)
    _atomic_write(out / ".work" / "results" / f"{res['student']}.json", json.dumps(res, indent=1))
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


def _sandbox_spec(job: dict, course: Path, ipc: Path, home: Path) -> dict:
    import importlib.util

    lim = job["limits"]
    threads = int(job.get("threads", 1))
    keep_ro = [sys.prefix, sys.base_prefix, str(Path(sys.executable).resolve().parent.parent)]
    spec_helpers = importlib.util.find_spec("helpers")
    if spec_helpers and spec_helpers.submodule_search_locations:
        keep_ro.append(list(spec_helpers.submodule_search_locations)[0])
    data_dir = os.environ.get("COURSE_DATA_DIR")
    if data_dir and Path(data_dir).is_dir():
        keep_ro.append(data_dir)
    hide = [str(layout.ROOT), job["submissions"], job["out"], job["base"], "/home", "/root", "/run", "/mnt",
            "/media", "/srv"]
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
        "OMP_NUM_THREADS": str(threads),
        "MKL_NUM_THREADS": str(threads),
        "OPENBLAS_NUM_THREADS": str(threads),
        "MALLOC_ARENA_MAX": "2",
    }
    for var in ("COURSE_DATA_DIR", "COURSE_DEVICE", "CUDA_VISIBLE_DEVICES"):
        if os.environ.get(var):
            env[var] = os.environ[var]
    return {
        "mode": lim["sandbox"],
        "uid": job.get("uid"),
        "gid": job.get("uid"),
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
            "cpu": lim["student_timeout"] * max(1, threads),
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


def _last_error(res: dict) -> str:
    text = (res.get("error") or "") + "\n" + (res.get("log") or "")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    interesting = [ln for ln in lines if "Error" in ln or "error" in ln]
    return (interesting or lines or ["unknown error"])[-1][:300]


def grade_job(job: dict) -> dict:
    """Grade one student (in a worker process). Always returns a result and writes its files."""
    from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
    from nbgrader.api import Gradebook
    from nbgrader.converters import Autograde, GenerateFeedback
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        GetGrades,
        IgnorePattern,
        LimitOutput,
        SaveAutoGrades,
    )

    from . import build, nbplugins, screen

    t0 = time.monotonic()
    tpl, slug, student = job["template"], job["slug"], job["student"]
    out = Path(job["out"])
    reasons = list(job.get("notes", []))
    if not job.get("notebook"):
        return _finish(job, _zero_result(job, "invalid", reasons + ["no notebook (.ipynb) in the submission"]))
    nb_disk = dict(job["files"])[job["notebook"]]
    try:
        raw = Path(nb_disk).read_bytes() if Path(nb_disk).stat().st_size <= screen.MAX_BYTES * 2 else b"x" * (
            screen.MAX_BYTES + 1)
    except OSError as exc:
        return _finish(job, _zero_result(job, "invalid", reasons + [f"cannot read the notebook: {exc.strerror}"]))
    reference = layout.read(Path(tpl["release"]))
    scr = screen.screen(raw, reference)
    reasons += scr.problems
    if scr.status == "invalid":
        return _finish(job, _zero_result(job, "invalid", reasons, seconds=time.monotonic() - t0))

    # a private course folder: template gradebook, data files, this student's files only
    course = Path(job["base"]) / f"s{job['index']}"
    shutil.rmtree(course, ignore_errors=True)
    course.mkdir(mode=0o711, parents=True)
    shutil.copyfile(tpl["gradebook"], course / "gradebook.db")
    os.chmod(course / "gradebook.db", 0o600)
    shutil.copytree(tpl["source_files"], course / "source" / slug)
    os.chmod(course / "source", 0o700)
    sub_dir = course / "submitted" / student / slug
    sub_dir.mkdir(parents=True)
    os.chmod(course / "submitted", 0o700)
    budget = MAX_STUDENT_BYTES
    for rel, disk in job["files"]:
        if rel == job["notebook"] or rel.lower().endswith(".ipynb") or rel == f"{slug}.ipynb":
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
    ipc = course / "ipc"
    ipc.mkdir(mode=0o700)
    home = course / "home"
    (home / ".config").mkdir(parents=True)
    mpl = Path(job["base"]) / "mpl"
    if mpl.is_dir():
        shutil.copytree(mpl, home / ".config" / "matplotlib")
    if job.get("uid") is not None and os.geteuid() == 0:
        for p in (ipc, home, *home.rglob("*")):
            os.chown(p, job["uid"], job["uid"], follow_symlinks=False)
    spec = _sandbox_spec(job, course, ipc, home)
    spec_path = course / "sandbox.json"
    spec_path.write_text(json.dumps(spec, indent=1))
    os.chmod(spec_path, 0o600)

    lim = job["limits"]
    cfg = build.nbgrader_config(course, f"sqlite:///{course}/gradebook.db")
    cfg.Execute.timeout = lim["cell_timeout"]
    cfg.Execute.iopub_timeout = lim["iopub_timeout"]
    cfg.Execute.kernel_name = "python3"
    cfg.GuardedExecute.max_output_bytes = lim["output_kb"] * 1024
    cfg.Autograde.create_student = True
    cfg.Autograde.autograde_preprocessors = [
        nbplugins.GuardedExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
        AssignLatePenalties, CheckCellMetadata,
    ]
    notes = [r if r.endswith(".") else r + "." for r in scr.problems]
    cfg.HideHiddenTests.hidden_lines = tpl["hidden_lines"]
    cfg.HideHiddenTests.deleted_tests = scr.deleted_tests
    cfg.HideHiddenTests.notes = notes
    cfg.GenerateFeedback.preprocessors = [GetGrades, nbplugins.HideHiddenTests, CSSHTMLHeaderPreprocessor]
    cfg.HTMLExporter.sanitize_html = True

    os.environ[nbplugins.SPEC_ENV] = str(spec_path)
    try:
        res = _nbgrader_run(Autograde, cfg, slug, student)
    finally:
        os.environ.pop(nbplugins.SPEC_ENV, None)
    run = dict(nbplugins.LAST_RUN)
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
    autograded = course / "autograded" / student / slug / f"{slug}.ipynb"
    if not res.get("success") or not autograded.is_file():
        why = "the kernel could not start" if "kernel_info" in (res.get("log") or "") + (res.get("error") or "") \
            else "nbgrader could not grade this submission"
        if isolation and isolation.get("errors") and lim["sandbox"] == "strict":
            why += " (sandbox: " + "; ".join(isolation["errors"])[-300:] + ")"
        detail = _last_error(res)
        result = _zero_result(job, "crashed", reasons + [f"{why}: {detail}"], isolation=isolation,
                              seconds=time.monotonic() - t0, kernel_log=kernel_log[-500:])
        shutil.rmtree(course, ignore_errors=True)
        return _finish(job, result)

    # deleted test cells score 0 (they were restored so that nbgrader can grade the rest)
    with Gradebook(f"sqlite:///{course}/gradebook.db") as gb:
        for gid in scr.deleted_tests:
            g = gb.find_grade(gid, slug, slug, student)
            g.manual_score = 0.0
            g.needs_manual_grade = False
        gb.db.commit()
    fb = _nbgrader_run(GenerateFeedback, cfg, slug, student)
    fb_path = course / "feedback" / student / slug / f"{slug}.html"
    feedback_html = fb_path.read_text() if fb.get("success") and fb_path.is_file() else None
    if feedback_html is None:
        reasons.append("the feedback page could not be generated: " + _last_error(fb))

    graded_nb = layout.read(autograded)
    by_id = {course_cells.meta(c).get("grade_id"): c for c in graded_nb.cells if course_cells.meta(c).get("grade_id")}
    kinds = {c["grade_id"]: c["kind"] for c in tpl["cells"]}
    cells = []
    with Gradebook(f"sqlite:///{course}/gradebook.db") as gb:
        sub = gb.find_submission(slug, student)
        score, max_score = float(sub.score), float(sub.max_score)
        for nb in sub.notebooks:
            for g in nb.grades:
                kind = kinds.get(g.name, "test")
                row = {
                    "grade_id": g.name, "kind": kind, "score": float(g.score or 0.0),
                    "max_score": float(g.max_score), "auto_score": g.auto_score, "manual_score": g.manual_score,
                    "needs_manual": bool(g.needs_manual_grade),
                }
                if g.name in scr.deleted_tests:
                    row["result"], row["message"] = "deleted", "the test cell was deleted: restored and scored 0"
                elif kind == "manual":
                    row["result"] = "needs manual grading" if g.needs_manual_grade else "graded"
                    row["message"] = ""
                elif row["score"] >= row["max_score"]:
                    row["result"], row["message"] = "passed", ""
                else:
                    row["result"], row["message"] = _message(by_id.get(g.name, {}))
                cells.append(row)
    order = {c["grade_id"]: i for i, c in enumerate(tpl["cells"])}
    cells.sort(key=lambda r: order.get(r["grade_id"], 999))
    dest = out / "autograded" / student / slug / f"{slug}.ipynb"
    _atomic_write(dest, autograded.read_bytes())
    result = {
        "student": student, "key": job["key"], "status": status, "reason": "; ".join(dict.fromkeys(reasons)),
        "score": score, "max_score": max_score, "auto_max_score": tpl["auto_max_score"], "cells": cells,
        "deleted_tests": scr.deleted_tests, "events": events, "isolation": isolation, "notebook": job["notebook"],
        "seconds": round(time.monotonic() - t0, 2), "kernel_log": kernel_log[-500:] if status == "crashed" else "",
    }
    shutil.rmtree(course, ignore_errors=True)
    return _finish(job, result, feedback_html)


def _worker_main() -> int:
    """A long-lived worker: one JSON job per line on stdin, one JSON line per result on fd 3's copy of stdout."""
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything printed (nbgrader, kernels) goes to the log, never into the protocol
    import logging

    logging.disable(logging.WARNING)
    import nbgrader.converters  # noqa: F401 - import once, before the first student
    import nbgrader.preprocessors  # noqa: F401

    from . import nbplugins, screen  # noqa: F401

    proto.write(json.dumps({"ready": os.getpid()}) + "\n")
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        try:
            res = grade_job(job)
        except BaseException as exc:  # noqa: BLE001 - one student's problem stays that student's
            import traceback

            traceback.print_exc()
            res = _finish(job, _zero_result(job, "crashed", [*job.get("notes", []),
                                                             f"grading failed: {type(exc).__name__}: {exc}"[:400]]))
        proto.write(json.dumps({"done": job["student"], "status": res["status"]}) + "\n")
    return 0


# ---------------------------------------------------------------------------
# the pool of workers (the main process)
# ---------------------------------------------------------------------------
def _json_or_none(line: bytes):
    try:
        return json.loads(line)
    except ValueError:
        return None


def _file_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes() if os.path.getsize(path) <= MAX_FILE else b"(too large)"
    except OSError:
        return b"(unreadable)"


def _die_with_parent() -> None:  # runs in the child between fork and exec
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001
        pass


class _Worker:
    def __init__(self, slot: int, uid: int | None, log: Path):
        self.slot, self.uid = slot, uid
        log.parent.mkdir(parents=True, exist_ok=True)
        self.log = open(log, "ab")  # noqa: SIM115
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "course.grade", "--worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
            start_new_session=True, preexec_fn=_die_with_parent, env=env, cwd=str(layout.ROOT),
        )
        self.buf = b""
        self.ready = False
        self.job: dict | None = None
        self.deadline = 0.0
        self.started = 0.0

    def send(self, job: dict) -> None:
        job = dict(job, uid=self.uid)
        self.job = job
        self.started = time.monotonic()
        self.deadline = self.started + job["limits"]["student_timeout"]
        self.proc.stdin.write((json.dumps(job) + "\n").encode())
        self.proc.stdin.flush()

    def lines(self) -> list[dict] | None:
        data = os.read(self.proc.stdout.fileno(), 1 << 16)
        if not data:
            return None
        self.buf += data
        *complete, self.buf = self.buf.split(b"\n")
        return [m for m in map(_json_or_none, complete) if m is not None]

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        self.sweep()
        self.log.close()

    def sweep(self) -> None:
        if self.uid is not None:
            from .sandbox import kill_uid

            kill_uid(self.uid)

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()
        self.sweep()
        if not self.log.closed:
            self.log.close()


def _run_pool(jobs: list[dict], workers: int, logs: Path, uids: list[int | None], on_result) -> None:
    pending = deque(jobs)
    pool = [_Worker(i, uids[i], logs / f"worker-{i}.log") for i in range(min(workers, len(jobs)))]
    try:
        while pending or any(w.job for w in pool):
            for w in pool:
                if w.ready and w.job is None and pending:
                    w.send(pending.popleft())
            busy = [w for w in pool if w.job]
            now = time.monotonic()
            wait = min([w.deadline - now for w in busy] + [5.0])
            fds = {w.proc.stdout.fileno(): w for w in pool}
            readable, _, _ = select.select(list(fds), [], [], max(0.05, wait))
            for fd in readable:
                w = fds[fd]
                msgs = w.lines()
                if msgs is None:  # the worker died
                    job = w.job
                    code = w.proc.poll()
                    w.kill()
                    pool[pool.index(w)] = _Worker(w.slot, w.uid, logs / f"worker-{w.slot}.log")
                    if job is not None:
                        on_result(job, _finish(job, _zero_result(
                            job, "crashed", [*job.get("notes", []), f"the grading process died (exit code {code})"])))
                    continue
                for msg in msgs:
                    if "ready" in msg:
                        w.ready = True
                    elif "done" in msg and w.job is not None:
                        job, w.job = w.job, None
                        w.sweep()
                        path = Path(job["out"]) / ".work" / "results" / f"{job['student']}.json"
                        on_result(job, json.loads(path.read_text()))
            now = time.monotonic()
            for w in list(pool):
                if w.job is not None and now > w.deadline:
                    job = w.job
                    w.kill()
                    pool[pool.index(w)] = _Worker(w.slot, w.uid, logs / f"worker-{w.slot}.log")
                    lim = job["limits"]["student_timeout"]
                    on_result(job, _finish(job, _zero_result(
                        job, "timeout", [*job.get("notes", []),
                                         f"grading took longer than {lim} s in all: stopped, scored 0"],
                        seconds=float(lim))))
    finally:
        for w in pool:
            if w.job is not None or w.proc.poll() is not None:
                w.kill()
            else:
                w.close()


# ---------------------------------------------------------------------------
# the gradebook and the outputs
# ---------------------------------------------------------------------------
def _merge(db_url: str, slug: str, res: dict) -> None:
    """Write one student's result into the class gradebook (the main process is its only writer)."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        gb.update_or_create_student(res["student"])
        gb.update_or_create_submission(slug, res["student"])
        for c in res["cells"]:
            g = gb.find_grade(c["grade_id"], slug, slug, res["student"])
            if res["status"] == "invalid" or c.get("result") == "not graded":
                g.auto_score, g.manual_score, g.needs_manual_grade = 0.0, None, False
            elif c["kind"] == "manual":
                g.auto_score = c["auto_score"]
                g.needs_manual_grade = bool(c["needs_manual"]) and g.manual_score is None
            else:
                g.auto_score = c["auto_score"] if c["auto_score"] is not None else 0.0
                g.manual_score = c["manual_score"]
                g.needs_manual_grade = False
        gb.db.commit()


def _read_gradebook(db_url: str, slug: str, students: list[str]) -> dict:
    from nbgrader.api import Gradebook, MissingEntry

    out = {}
    with Gradebook(db_url) as gb:
        for s in students:
            try:
                sub = gb.find_submission(slug, s)
            except MissingEntry:
                continue
            cells = {}
            for nb in sub.notebooks:
                for g in nb.grades:
                    cells[g.name] = (float(g.score or 0.0), float(g.max_score), bool(g.needs_manual_grade))
            out[s] = (float(sub.score), float(sub.max_score), bool(sub.needs_manual_grade), cells)
    return out


def _write_outputs(out: Path, slug: str, results: dict[str, dict], db_url: str) -> None:
    students = sorted(results)
    book = _read_gradebook(db_url, slug, students)
    rows = []
    for s in students:
        r = results[s]
        score, max_score, manual, _ = book.get(s, (r["score"], r["max_score"], False, {}))
        rows.append({
            "student": s, "score": f"{score:g}", "max_score": f"{max_score:g}", "status": r["status"],
            "reason": r["reason"], "needs_manual_grading": "yes" if manual else "no",
            "seconds": f"{r.get('seconds', 0):.1f}",
        })
    _write_csv(out / "grades.csv", rows, ["student", "score", "max_score", "status", "reason",
                                          "needs_manual_grading", "seconds"])
    cell_rows = []
    for s in students:
        gcells = book.get(s, (0, 0, False, {}))[3]
        for c in results[s]["cells"]:
            score = gcells.get(c["grade_id"], (c["score"],))[0]
            cell_rows.append({"student": s, "grade_id": c["grade_id"], "kind": c["kind"], "score": f"{score:g}",
                              "max_score": f"{c['max_score']:g}", "result": c["result"], "message": c["message"]})
    _write_csv(out / "cells.csv", cell_rows, ["student", "grade_id", "kind", "score", "max_score", "result",
                                              "message"])
    try:  # nbgrader's own export of the class gradebook
        from nbgrader.api import Gradebook
        from nbgrader.plugins import CsvExportPlugin

        tmp = out / ".nbgrader_export.csv.tmp"
        with Gradebook(db_url) as gb:
            CsvExportPlugin(to=str(tmp)).export(gb)
        os.replace(tmp, out / "nbgrader_export.csv")
    except Exception as exc:  # noqa: BLE001
        print(f"course grade: nbgrader export failed: {exc}", file=sys.stderr)


def _write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns)
        w.writeheader()
        w.writerows(rows)
    os.replace(tmp, path)


def _isolation_summary(results: dict[str, dict]) -> dict:
    reports = [r["isolation"] for r in results.values() if r.get("isolation")]
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
# the whole class
# ---------------------------------------------------------------------------
@dataclass
class ClassRun:
    slug: str
    results: dict[str, dict]
    graded_now: list[str]
    seconds: float  # wall time of the grading itself (workers running)
    total_seconds: float
    workers: int
    isolation: dict

    @property
    def students_per_minute(self) -> float:
        return 60.0 * len(self.graded_now) / self.seconds if self.graded_now and self.seconds > 0 else 0.0


def _slug(name: str) -> str:
    try:
        return layout.resolve_slug(name)
    except ValueError as e:
        raise SystemExit(f"course grade: {e}") from None


def _mpl_cache(base: Path) -> None:
    """Build matplotlib's font cache once, so that no kernel spends seconds on it."""
    target = base / "mpl"
    target.mkdir(exist_ok=True)
    env = dict(os.environ, MPLCONFIGDIR=str(target), MPLBACKEND="Agg")
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env, capture_output=True,
                   timeout=300, check=False)
    for p in [target, *target.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)


def grade_class(slug: str, submissions: Path, out: Path, workers: int | None = None, limits: Limits | None = None,
                force: bool = False, quiet: bool = False) -> ClassRun:
    """Grade every submission in ``submissions`` for ``slug`` into ``out`` (see the module docstring)."""
    from .sandbox import free_uids

    t_start = time.monotonic()
    limits = limits or Limits.from_env()
    workers = max(1, int(workers or os.cpu_count() or 1))
    out = Path(out).resolve()
    submissions = Path(submissions).resolve()
    work = out / ".work"
    (work / "results").mkdir(parents=True, exist_ok=True)
    os.chmod(out, 0o700)
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))

    subs, notes = collect(submissions, slug, work)
    for n in notes:
        say(f"note: {n}")
    tpl = prepare_template(slug, work)
    db_path = out / "gradebook.db"
    db_url = f"sqlite:///{db_path}"
    if not db_path.exists():
        shutil.copyfile(tpl["gradebook"], db_path)
    else:
        from nbgrader.api import Gradebook, MissingEntry

        with Gradebook(db_url) as gb:
            try:
                gb.find_assignment(slug)
            except MissingEntry:
                raise SystemExit(f"course grade: {db_path} holds another assignment: use a separate --out") from None
    os.chmod(db_path, 0o600)

    code = _code_hash()
    lim = limits.as_dict()
    results: dict[str, dict] = {}
    jobs = []
    uids: list[int | None] = [None] * workers
    if os.geteuid() == 0 and limits.sandbox != "off":
        found = free_uids(workers)
        uids = [*found, *[None] * (workers - len(found))]
    threads = max(1, (os.cpu_count() or 1) // workers)
    base = Path(tempfile.mkdtemp(prefix="cg-", dir="/tmp" if os.access("/tmp", os.W_OK) else None))
    os.chmod(base, 0o711)
    for i, sub in enumerate(subs):
        contents = [chunk for rel, disk in sub.files for chunk in (rel.encode(), _file_bytes(disk))]
        key = _sha(code.encode(), tpl["master_sha"].encode(), json.dumps(lim, sort_keys=True).encode(),
                   (sub.notebook or "").encode(), *contents)
        cached = work / "results" / f"{sub.student}.json"
        if not force and cached.is_file():
            try:
                prev = json.loads(cached.read_text())
                if prev.get("key") == key:
                    results[sub.student] = prev
                    continue
            except ValueError:
                pass
        jobs.append({
            "student": sub.student, "slug": slug, "files": sub.files, "notebook": sub.notebook, "notes": sub.notes,
            "template": tpl, "out": str(out), "base": str(base), "submissions": str(submissions), "index": i,
            "limits": lim, "key": key, "threads": threads,
        })
    say(f"{slug}: {len(subs)} submission(s), {len(results)} already graded, {len(jobs)} to grade "
        f"with {min(workers, max(1, len(jobs)))} worker(s)")

    # results already graded but missing from the gradebook (a deleted or new gradebook) go in now
    book = _read_gradebook(db_url, slug, list(results))
    for s, r in results.items():
        if s not in book:
            _merge(db_url, slug, r)

    graded_now: list[str] = []
    t_pool = time.monotonic()

    def on_result(job: dict, res: dict) -> None:
        _merge(db_url, slug, res)
        results[res["student"]] = res
        graded_now.append(res["student"])
        say(f"[{len(graded_now)}/{len(jobs)}] {res['student']}: {res['score']:g}/{res['max_score']:g} "
            f"{res['status']} ({res.get('seconds', 0):.1f} s){': ' + res['reason'][:150] if res['reason'] else ''}")

    try:
        if jobs:
            _mpl_cache(base)
            _run_pool(jobs, workers, work / "logs", uids, on_result)
    finally:
        pool_seconds = time.monotonic() - t_pool
        shutil.rmtree(base, ignore_errors=True)
        # outputs for everyone graded so far, also after an interruption
        _write_outputs(out, slug, {s: r for s, r in results.items() if s in {x.student for x in subs}}, db_url)
    run = ClassRun(slug, results, graded_now, pool_seconds, time.monotonic() - t_start, workers,
                   _isolation_summary(results))
    counts = Counter(r["status"] for r in results.values())
    _atomic_write(out / "run.json", json.dumps({
        "assignment": slug, "students": len(subs), "graded_this_run": len(graded_now), "workers": workers,
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
    say(f"wrote {out / 'grades.csv'}, {out / 'cells.csv'}, {out / 'feedback'}/")
    return run


def main(args) -> int:
    slug = _slug(args.assignment)
    force = bool(getattr(args, "force", False)) or os.environ.get("COURSE_GRADE_FORCE") == "1"
    try:
        grade_class(slug, Path(args.submissions), Path(args.out), workers=args.workers, force=force)
    except KeyboardInterrupt:
        print("course grade: interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    return 0


def throughput(slug: str, n_students: int = 4, workers: int = 1) -> dict:
    """Students graded per minute: ``n_students`` copies of the solution, graded with ``workers``."""
    slug = _slug(slug)
    with tempfile.TemporaryDirectory(prefix="course-throughput-") as tmp:
        tmp = Path(tmp)
        for i in range(n_students):
            d = tmp / "submissions" / f"student{i:03d}"
            d.mkdir(parents=True)
            shutil.copyfile(layout.solution_path(slug), d / f"{slug}.ipynb")
        run = grade_class(slug, tmp / "submissions", tmp / "out", workers=workers, quiet=True)
        graded = sum(1 for r in run.results.values() if r["status"] in ("graded", "repaired"))
        return {
            "slug": slug, "students": n_students, "workers": workers, "graded": graded,
            "seconds": run.seconds, "total_seconds": run.total_seconds,
            "students_per_minute": run.students_per_minute,
            "seconds_per_student": run.seconds / max(1, n_students),
        }


if __name__ == "__main__":
    # `python -m course.grade --worker` is a grading worker (started by grade_class); people run `course grade`
    if sys.argv[1:] != ["--worker"]:
        sys.exit("usage: python -m course.grade --worker (a worker of `course grade`; run `course grade` instead)")
    sys.exit(_worker_main())
