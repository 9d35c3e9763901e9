"""Collect a class's submissions: nbgrader's ``submitted/<student>/<assignment>/``, one folder per
student, flat ``<student>.ipynb`` files, or a zip of any of those (as an LMS exports it)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..layout import SLUG_RE

_ID_BAD = re.compile(r"[^A-Za-z0-9_.@+-]+")
MAX_FILE = 50 * 2**20
MAX_ZIP_BYTES = 2 * 2**30
MAX_ZIP_ENTRIES = 20000
TIMESTAMP = "timestamp.txt"


@dataclass
class Submission:
    student: str
    files: list[tuple[str, str]] = field(default_factory=list)  # (path inside the submission, path on disk)
    notebook: str | None = None  # which of the files is graded
    notes: list[str] = field(default_factory=list)
    timestamp: str | None = None  # when it was submitted (timestamp.txt), as nbgrader writes it
    missing: bool = False  # the student has a folder, but nothing for this assignment


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
            if not inner.is_dir() and any(q.is_dir() and SLUG_RE.match(q.name) for q in p.iterdir()):
                add(p.name, [])  # submitted/<student>/ holds other assignments only: missing
                list(subs.values())[-1].missing = True
                continue
            add(p.name, _files_under(inner if inner.is_dir() else p))
        elif p.is_file() and p.suffix.lower() == ".ipynb":
            add(_flat_student(p.stem, slug), [(f"{slug}.ipynb", str(p))], [f"submitted as the file {p.name}"])
    for sub in subs.values():
        _pick_notebook(sub, slug)
        sub.timestamp = _timestamp(sub)
    return [subs[k] for k in sorted(subs)], notes


def _timestamp(sub: Submission) -> str | None:
    """The submission time nbgrader's ``collect`` (or the instructor) left in ``timestamp.txt``."""
    for rel, disk in sub.files:
        if rel == TIMESTAMP:
            try:
                text = open(disk, encoding="utf-8", errors="replace").read(200).strip()
            except OSError:
                return None
            return text or None
    return None


def import_into(subs: list[Submission], submitted: Path, slug: str) -> None:
    """Copy submissions collected elsewhere into nbgrader's ``submitted/<student>/<assignment>/``
    (the graded notebook as ``<assignment>.ipynb``), so that formgrader and nbgrader's tools see them."""
    for sub in subs:
        if sub.missing:
            continue
        dest = submitted / sub.student / slug
        if all(Path(disk).resolve().is_relative_to(dest.resolve()) for _, disk in sub.files) and sub.files:
            continue  # already there
        tmp = dest.with_name(f".{slug}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for rel, disk in sub.files:
            target = tmp / (f"{slug}.ipynb" if rel == sub.notebook else rel)
            if rel != sub.notebook and rel.lower().endswith(".ipynb"):
                continue
            if os.path.getsize(disk) > MAX_FILE:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(disk, target)
        shutil.rmtree(dest, ignore_errors=True)
        os.replace(tmp, dest)
        sub.files = [(rel, str(dest / rel)) for rel, _ in _files_under(dest)]
        sub.notebook = f"{slug}.ipynb" if sub.notebook else None
