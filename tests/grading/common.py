"""Shared by the grading tests: a temporary course folder, the hidden-test lines of a master, and
the ones a feedback page gives away."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

from course import cells
from course import layout as nbs

_TAG = re.compile(r"<[^>]+>")
ROOT = Path(__file__).resolve().parents[2]


def make_course(dest: Path, slugs: list[str], release: bool = True) -> Path:
    """A course folder as an instructor has it: the repository's config, source/ (and release/)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    for slug in slugs:
        shutil.copytree(nbs.master_path(slug).parent, dest / "source" / slug,
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        if release:
            shutil.copytree(nbs.release_path(slug).parent, dest / "release" / slug,
                            ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    return dest


def nbgrader(course: Path, *args: str) -> str:
    """Plain ``nbgrader ARGS`` run in ``course``; its log (fails the test when nbgrader fails)."""
    exe = Path(sys.executable).with_name("nbgrader")
    proc = subprocess.run([str(exe), *args], cwd=course, capture_output=True, text=True, timeout=900)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{log[-3000:]}"
    return log


def hidden_lines(course: Path, slug: str) -> list[str]:
    """Lines inside the master's hidden-test blocks (``course/source``) that a student neither
    sees (in the release made from that master, ``course/release``) nor may write (in the
    solution): 12 characters or more, not comments, not part of a visible line.

    Written here independently of the grading code, which it checks."""
    master = nbs.read(course / "source" / slug / f"{slug}.ipynb")
    release = nbs.read(course / "release" / slug / f"{slug}.ipynb")
    public = {line.strip() for cell in release.cells for line in cell.source.splitlines()}
    public |= {line.strip() for cell in master.cells if not cells.is_test(cell) for line in cell.source.splitlines()}
    hidden = set()
    for cell in master.cells:
        inside = False
        for line in cell.source.splitlines():
            if cells.MARKERS.begin_hidden in line:
                inside = True
            elif cells.MARKERS.end_hidden in line:
                inside = False
            elif inside and len(line.strip()) >= 12 and not line.strip().startswith("#"):
                hidden.add(line.strip())
    return sorted(h for h in hidden if not any(h in p for p in public))


def page_text(page: str) -> str:
    """A feedback page as the student reads it: tags removed, entities decoded."""
    return html.unescape(_TAG.sub("", page))


def leaked(page: str, hidden: list[str]) -> list[str]:
    text = page_text(page)
    raw = html.unescape(page)
    return [h for h in hidden if h in text or h in raw]
