"""``make bench``: per notebook, seconds to execute the solution and seconds to autograde
one submission; with the grading tool, students graded per minute. Written as a Markdown
table with a description of the machine."""

from __future__ import annotations

import datetime as _dt
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

import torch

from . import build, layout, runner


def write_section(out: Path, heading: str, lines: list[str]) -> None:
    """Write ``lines`` as the section ``heading`` (a ``## `` line) of the Markdown file ``out``:
    the old section, up to the next ``## `` heading, is replaced; the other sections are kept."""
    text = out.read_text() if out.exists() else "# Benchmarks\n"
    body = "\n".join([heading, "", *lines]).rstrip() + "\n"
    start = text.find(heading + "\n")
    if start < 0:
        text = text.rstrip() + "\n\n" + body
    else:
        nxt = text.find("\n## ", start + len(heading))
        text = text[:start] + body + ("\n" + text[nxt + 1:] if nxt >= 0 else "")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            names = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
        if names:
            cpu = names[0]
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        mem = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    device = torch.cuda.get_device_name() if torch.cuda.is_available() else "no GPU"
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}, {device}; Python {platform.python_version()}, "
        f"torch {torch.__version__}, {platform.system()} {platform.release()}"
    )


def time_solution(slug: str) -> float:
    """Seconds to execute the solution notebook top to bottom in a fresh kernel."""
    nb = layout.read(layout.solution_path(slug))
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(layout.solution_path(slug).parent, tmp, dirs_exist_ok=True)
        t0 = time.perf_counter()
        runner.execute(nb, Path(tmp), timeout=600)
        return time.perf_counter() - t0


def time_autograde(slug: str) -> float:
    """Seconds of ``nbgrader autograde`` for one submission (the solution)."""
    t0 = time.perf_counter()
    build.autograde(slug, {"student": layout.solution_path(slug)})
    return time.perf_counter() - t0


def time_course_grade(slug: str) -> float:
    """Seconds of ``course grade`` (screening, sandboxed kernel, feedback) for one student."""
    return throughput(slug, n_students=1, workers=1)["seconds"]


# ---------------------------------------------------------------------------
# class grading throughput: course grade with 1 and N workers, plain nbgrader autograde
# ---------------------------------------------------------------------------
def _class_course(tmp: Path, slug: str, n_students: int) -> Path:
    """A temporary course (the repository's config and the master) whose submitted/ holds
    ``n_students`` copies of the solution."""
    course = tmp / "course"
    (course / "source").mkdir(parents=True)
    shutil.copy(layout.ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(layout.master_path(slug).parent, course / "source" / slug,
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    for i in range(n_students):
        d = course / "submitted" / f"student{i:03d}" / slug
        d.mkdir(parents=True)
        shutil.copyfile(layout.solution_path(slug), d / f"{slug}.ipynb")
    return course


def throughput(slug: str, n_students: int = 4, workers: int = 1) -> dict:
    """``course grade`` of ``n_students`` copies of the solution with ``workers`` workers: students
    per minute over the grading itself (the one-off template and registration not counted)."""
    from .grading import grade_class

    with tempfile.TemporaryDirectory(prefix="course-throughput-") as tmp:
        course = _class_course(Path(tmp), slug, n_students)
        run = grade_class(slug, course_dir=course, workers=workers, quiet=True)
        graded = sum(1 for r in run.results.values() if r.status in ("graded", "repaired"))
        return {"tool": "course grade", "slug": slug, "students": n_students, "workers": workers,
                "graded": graded, "seconds": run.seconds, "students_per_minute": run.students_per_minute}


def nbgrader_throughput(slug: str, n_students: int = 4) -> dict:
    """The same class through plain ``nbgrader autograde`` (sequential, unsandboxed, no feedback)."""
    from .grading.course import Course

    with tempfile.TemporaryDirectory(prefix="course-throughput-") as tmp:
        course = Course.at(_class_course(Path(tmp), slug, n_students))
        api = course.api()
        res = api.generate_assignment(slug)
        if not res.get("success"):
            raise RuntimeError(f"generate_assignment {slug} failed: {res.get('error')}")
        t0 = time.perf_counter()
        for i in range(n_students):
            res = api.autograde(slug, f"student{i:03d}")
            if not res.get("success"):
                raise RuntimeError(f"autograde failed: {res.get('error')}")
        seconds = time.perf_counter() - t0
        return {"tool": "nbgrader autograde", "slug": slug, "students": n_students, "workers": 1,
                "graded": n_students, "seconds": seconds, "students_per_minute": 60.0 * n_students / seconds}


THROUGHPUT_HEADING = "## Class grading throughput"


def throughput_main(slug: str, out: Path, workers: int, n_students: int | None = None) -> int:
    """``course bench --throughput``: measure and write (or replace) the throughput section of ``out``."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = throughput_section(slug, workers, n_students)
    lines[1:1] = [f"Measured {_dt.date.today().isoformat()} by `course bench --throughput` on: {machine()}; "
                  f"load average {load:.1f} when it started (other jobs share the machine)."]
    write_section(out, THROUGHPUT_HEADING, lines)
    print(f"wrote the throughput table of {out}")
    return 0

def throughput_section(slug: str, workers: int, n_students: int | None = None) -> list[str]:
    """The Markdown table ``make bench`` writes: students per minute, 1 and N workers and nbgrader."""
    n = n_students or max(8, 4 * workers)
    runs = [throughput(slug, n, w) for w in sorted({1, workers})] + [nbgrader_throughput(slug, n)]
    base = runs[0]["students_per_minute"] or 1.0
    lines = [f"{slug}, {n} copies of the solution; students per minute over the "
             "grading itself, feedback included; kernels get cores / workers threads.", "",
             "| tool | workers | students | seconds | students per minute | vs 1 worker |",
             "|---|---:|---:|---:|---:|---:|"]
    for r in runs:
        lines.append(f"| {r['tool']} | {r['workers']} | {r['students']} | {r['seconds']:.1f} | "
                     f"{r['students_per_minute']:.1f} | {r['students_per_minute'] / base:.2f}x |")
        print(f"{r['tool']}, {r['workers']} worker(s): {r['students_per_minute']:.1f} students/minute", flush=True)
    return lines


PER_NOTEBOOK_HEADING = "## Per notebook"


def main(slugs: list[str], out: Path, workers: int = 2, throughput: bool = True) -> int:
    rows = []
    for slug in slugs:
        sol = time_solution(slug)
        auto = time_autograde(slug)
        cg = time_course_grade(slug)
        rows.append((slug, sol, auto, cg))
        print(f"{slug}: solution {sol:.1f} s, nbgrader autograde {auto:.1f} s, course grade {cg:.1f} s", flush=True)
    lines = [
        f"Measured {_dt.date.today().isoformat()} by `make bench` on: {machine()}.",
        "",
        "Per notebook: executing the solution top to bottom in a fresh kernel; `nbgrader autograde` of",
        "one submission (the solution) in a temporary course; `course grade` of one student (pre-screening,",
        "a sandboxed kernel, autograde, feedback).",
        "",
        "| notebook | execute solution (s) | nbgrader autograde, one submission (s) | course grade, one student (s) |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {slug} | {sol:.1f} | {auto:.1f} | {cg:.1f} |" for slug, sol, auto, cg in rows]
    lines.append(
        f"| **total** | {sum(r[1] for r in rows):.1f} | {sum(r[2] for r in rows):.1f} | {sum(r[3] for r in rows):.1f} |"
    )
    if not torch.cuda.is_available():
        lines += ["", "GPU: not measured here (no CUDA device). CI's GPU job executes every solution with "
                  "`COURSE_DEVICE=cuda`; run `make bench` on a GPU machine to add its figures."]
    write_section(out, PER_NOTEBOOK_HEADING, lines)
    if slugs and throughput:
        write_section(out, THROUGHPUT_HEADING, throughput_section(slugs[0], workers))
    print(f"wrote {out}")
    return 0


# ---------------------------------------------------------------------------
# Validate: the student's button
# ---------------------------------------------------------------------------
VALIDATE_HEADING = "## Validate (the student's button)"
VALIDATE_BUDGET_S = 30.0


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the kernels it ran)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def time_validate(slug: str) -> tuple[float, float, str]:
    """Wall seconds and CPU seconds of the student edition's ``CourseValidator`` (what the
    Validate button runs: nbgrader's ``Validator`` without the experiment cells) on the solution
    notebook, with the cell settings the student edition gives Validate; and its verdict."""
    from traitlets.config import Config

    from . import publish

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(layout.solution_path(slug).parent, tmp, dirs_exist_ok=True)
        validator = publish.lab_module().CourseValidator(config=Config(publish.validate_config()))
        t0, c0 = time.perf_counter(), _cpu()
        result = validator.validate(str(Path(tmp) / f"{slug}.ipynb"))
        seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    problems = [k for k in ("failed", "changed", "type_changed") if result.get(k)]
    return seconds, cpu, ("passes" if not problems else "FAILS: " + ", ".join(problems))


def validate_section(slugs: list[str]) -> tuple[list[str], list[str]]:
    """The Markdown section of Validate's seconds per notebook, and the notebooks over budget."""
    rows, over = [], []
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    for slug in slugs:
        if not layout.solution_path(slug).is_file():
            print(f"{slug}: no solution notebook yet (course build {slug[:2]}); not timed", flush=True)
            rows.append(f"| {slug} | | | not built yet | |")
            continue
        seconds, cpu, verdict = time_validate(slug)
        full = time_solution(slug)
        print(f"{slug}: Validate {seconds:.1f} s wall, {cpu:.1f} s CPU ({verdict}); "
              f"whole notebook {full:.1f} s", flush=True)
        rows.append(f"| {slug} | {cpu:.1f} | {seconds:.1f} | {verdict} | {full:.1f} |")
        if cpu > VALIDATE_BUDGET_S or verdict != "passes":
            over.append(slug)
    lines = [
        f"Measured {_dt.date.today().isoformat()} by `course bench --validate` on: {machine()};",
        f"load average {load} at the start (other jobs on the same cores stretch the wall time).",
        "",
        "Per notebook: the student edition's `CourseValidator` (what the Validate button runs) on the",
        "solution notebook, which it executes from the top in a fresh kernel, with the student edition's",
        "cell settings, leaving out the cells tagged `experiment` (no answer, no check; `course score`",
        "grades every solution without them). The last column is the whole solution notebook, experiments",
        "included, executed top to bottom in a fresh kernel (what Run All costs), measured in the same run.",
        "CPU seconds (the kernel's and the validator's) depend less on the other jobs than wall",
        "seconds, but they too rise on a crowded machine (shared caches and memory bandwidth); on an",
        "idle 2-core machine Validate's wall time is about its CPU time or less. The budget is",
        f"{VALIDATE_BUDGET_S:.0f} s of CPU per notebook; `course bench --validate` exits 1 when a notebook",
        "is over it. In the student edition Validate runs in a worker thread of the server",
        "(`dl_course_lab`), so JupyterLab keeps answering meanwhile.",
        "",
        "| notebook | Validate, CPU (s) | Validate, wall (s) | result | whole notebook, wall (s) |",
        "|---|---:|---:|---|---:|",
        *rows,
    ]
    return lines, over


def validate_main(slugs: list[str], out: Path) -> int:
    """``course bench --validate``: write (or replace) the Validate section of ``out``."""
    lines, over = validate_section(slugs)
    write_section(out, VALIDATE_HEADING, lines)
    print(f"wrote the Validate section of {out}")
    if over:
        print(f"over {VALIDATE_BUDGET_S:.0f} s or failing: {', '.join(over)}")
    return 1 if over else 0
