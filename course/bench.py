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
    from . import grade

    return grade.throughput(slug, n_students=1, workers=1)["seconds"]


def main(slugs: list[str], out: Path, workers: int = 2) -> int:
    rows = []
    for slug in slugs:
        sol = time_solution(slug)
        auto = time_autograde(slug)
        cg = time_course_grade(slug)
        rows.append((slug, sol, auto, cg))
        print(f"{slug}: solution {sol:.1f} s, nbgrader autograde {auto:.1f} s, course grade {cg:.1f} s", flush=True)
    lines = [
        "# Benchmarks",
        "",
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
    from . import grade

    if slugs:
        slug = slugs[0]
        lines += ["", f"Class grading throughput (`course grade`, {slug}):", "",
                  "| workers | students | seconds | students per minute |", "|---:|---:|---:|---:|"]
        for w in sorted({1, workers}):
            res = grade.throughput(slug, n_students=max(4, 2 * w), workers=w)
            lines.append(
                f"| {w} | {res['students']} | {res['seconds']:.1f} | {res['students_per_minute']:.1f} |"
            )
            print(f"grading with {w} worker(s): {res['students_per_minute']:.1f} students/minute", flush=True)
    if not torch.cuda.is_available():
        lines += ["", "GPU: not measured here (no CUDA device). CI's GPU job executes every solution with "
                  "`COURSE_DEVICE=cuda`; run `make bench` on a GPU machine to add its figures."]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print(f"wrote {out}")
    return 0


# ---------------------------------------------------------------------------
# Validate: the student's button
# ---------------------------------------------------------------------------
VALIDATE_HEADING = "## Validate (the student's button)"
VALIDATE_BUDGET_S = 30.0


def time_validate(slug: str) -> tuple[float, str]:
    """Seconds of nbgrader's ``Validator`` (what the Validate button runs) on the solution
    notebook, with the cell settings the student edition gives Validate; and its verdict."""
    from nbgrader.validator import Validator
    from traitlets.config import Config

    from . import publish

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(layout.solution_path(slug).parent, tmp, dirs_exist_ok=True)
        validator = Validator(config=Config(publish.validate_config()))
        t0 = time.perf_counter()
        result = validator.validate(str(Path(tmp) / f"{slug}.ipynb"))
        seconds = time.perf_counter() - t0
    problems = [k for k in ("failed", "changed", "type_changed") if result.get(k)]
    return seconds, ("passes" if not problems else "FAILS: " + ", ".join(problems))


def validate_section(slugs: list[str]) -> tuple[list[str], list[str]]:
    """The Markdown section of Validate's seconds per notebook, and the notebooks over budget."""
    rows, over = [], []
    for slug in slugs:
        seconds, verdict = time_validate(slug)
        print(f"{slug}: Validate {seconds:.1f} s ({verdict})", flush=True)
        rows.append(f"| {slug} | {seconds:.1f} | {verdict} |")
        if seconds > VALIDATE_BUDGET_S or verdict != "passes":
            over.append(slug)
    lines = [
        VALIDATE_HEADING,
        "",
        f"Measured {_dt.date.today().isoformat()} by `course bench --validate` on: {machine()}.",
        "",
        "Per notebook: nbgrader's `Validator` (what the Validate button runs) on the solution notebook,",
        "which it executes from the top in a fresh kernel, with the student edition's cell settings.",
        f"Budget: {VALIDATE_BUDGET_S:.0f} s per notebook on 2 cores. In the student edition Validate",
        "runs in a worker thread of the server (`dl_course_lab`), so JupyterLab keeps answering meanwhile.",
        "",
        "| notebook | Validate (s) | result |",
        "|---|---:|---|",
        *rows,
    ]
    return lines, over


def validate_main(slugs: list[str], out: Path) -> int:
    """``course bench --validate``: write (or replace) the Validate section of ``out``."""
    lines, over = validate_section(slugs)
    text = out.read_text() if out.exists() else "# Benchmarks\n"
    head, sep, rest = text.partition(VALIDATE_HEADING)
    if sep:  # drop the old section, keep any section after it
        nxt = rest.find("\n## ")
        text = head.rstrip() + ("\n\n" + rest[nxt + 1:] if nxt >= 0 else "")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text.rstrip() + "\n\n" + "\n".join(lines) + "\n")
    print(f"wrote the Validate section of {out}")
    if over:
        print(f"over {VALIDATE_BUDGET_S:.0f} s or failing: {', '.join(over)}")
    return 1 if over else 0
