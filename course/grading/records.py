"""The records that travel between the grading steps and processes: limits, a student's job,
a graded cell, a student's result. Plain dataclasses, written to and read from JSON."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

STATUSES = ("graded", "repaired", "timeout", "crashed", "invalid", "missing")


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write ``path`` all at once (a reader or an interrupted run never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data.encode() if isinstance(data, str) else data)
    os.replace(tmp, path)


def _config_value(config_dir: Path, section: str, key: str, default):
    from traitlets.config import PyFileConfigLoader

    if not (config_dir / "nbgrader_config.py").is_file():
        return default
    cfg = PyFileConfigLoader("nbgrader_config.py", path=str(config_dir)).load_config()
    return cfg[section][key] if section in cfg and key in cfg[section] else default


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
    def from_env(cls, config_dir: Path | None = None, **overrides) -> Limits:
        from ..layout import ROOT

        where = Path(config_dir or ROOT)
        lim = cls(
            cell_timeout=int(_config_value(where, "Execute", "timeout", 120)),
            iopub_timeout=int(_config_value(where, "Execute", "iopub_timeout", 30)),
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


@dataclass
class Template:
    """The assignment generated once: its gradebook, release notebook and graded cells."""

    slug: str
    digest: str
    gradebook: str
    release: str
    source_files: str  # the assignment's data files (no master) that a student's course folder gets
    cells: list[dict]  # {"grade_id", "kind": "test" | "manual", "max_score"} in notebook order
    max_score: float
    auto_max_score: float
    hidden_lines: list[str]
    master_sha: str


@dataclass
class Job:
    """One student to grade, as the main process hands it to a worker."""

    student: str
    slug: str
    files: list[list[str]]  # (path inside the submission, path on disk)
    notebook: str | None
    notes: list[str]
    template: Template
    work: str  # the run's private folder (results, staged autograded notebooks)
    base: str  # the per-run folder in /tmp for the students' course folders
    hide: list[str]  # folders the kernel must not see
    index: int
    limits: dict
    key: str
    threads: int = 1
    uid: int | None = None
    config_dir: str = ""  # where nbgrader_config.py is read from (the course folder's, else the repository's)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Job:
        d = json.loads(text)
        d["template"] = Template(**d["template"])
        return cls(**d)


@dataclass
class CellResult:
    """One graded cell of one student, as the autograder left it."""

    grade_id: str
    kind: str  # "test" | "manual"
    max_score: float
    score: float = 0.0
    auto_score: float | None = 0.0
    manual_score: float | None = None
    needs_manual: bool = False
    result: str = "not graded"  # passed | failed | not run | deleted | needs manual grading | not answered | ...
    message: str = ""


@dataclass
class StudentResult:
    """One student's grading: status, score, cells, what happened. Cached as JSON per student."""

    student: str
    key: str
    status: str
    reason: str
    score: float
    max_score: float
    auto_max_score: float
    cells: list[CellResult]
    deleted_tests: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # pre-screening notes shown at the top of the feedback
    events: list[dict] = field(default_factory=list)
    isolation: dict | None = None
    notebook: str | None = None
    seconds: float = 0.0
    kernel_log: str = ""

    @property
    def graded(self) -> bool:
        """Whether nbgrader graded the notebook (an autograded notebook exists)."""
        return self.status not in ("invalid", "missing") and not all(c.result == "not graded" for c in self.cells)

    def cell(self, grade_id: str) -> CellResult | None:
        return next((c for c in self.cells if c.grade_id == grade_id), None)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1)

    @classmethod
    def from_json(cls, text: str) -> StudentResult:
        d = json.loads(text)
        names = {f.name for f in fields(cls)}
        d = {k: v for k, v in d.items() if k in names}
        d["cells"] = [CellResult(**c) for c in d["cells"]]
        return cls(**d)

    @classmethod
    def zero(cls, job: Job, status: str, reasons: list[str], **extra) -> StudentResult:
        """A result that scores 0 without grading (invalid, crashed before nbgrader, timed out)."""
        tpl = job.template
        cells = [CellResult(c["grade_id"], c["kind"], c["max_score"]) for c in tpl.cells]
        res = cls(job.student, job.key, status, "; ".join(reasons), 0.0, tpl.max_score, tpl.auto_max_score, cells,
                  notebook=job.notebook)
        for k, v in extra.items():
            setattr(res, k, v)
        return res
