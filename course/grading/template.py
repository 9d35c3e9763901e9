"""The assignment, generated once per version of its master: a template gradebook that every
student's private course folder copies, the release notebook pre-screening compares against,
the graded cells and the hidden-test lines feedback must never show. Also registers the
assignment in the class gradebook (without touching ``release/``)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict
from pathlib import Path

from .. import cells as course_cells
from .. import layout
from .course import Course
from .records import Template


def sha(*chunks: bytes) -> str:
    h = hashlib.sha256()
    for c in chunks:
        h.update(hashlib.sha256(c).digest())
    return h.hexdigest()


def hidden_lines(master, release) -> list[str]:
    """Lines of the master's hidden tests that students never see (not in the release) and may not
    write themselves (not in the solution): what a feedback page must not contain."""
    public = set()
    for cell in release.cells:
        public.update(line.strip() for line in cell.source.splitlines())
    for cell in master.cells:
        if not course_cells.is_test(cell):
            public.update(line.strip() for line in cell.source.splitlines())
    hidden = set()
    for cell in master.cells:
        for line in course_cells.split_hidden(cell.source)[1]:
            s = line.strip()
            if len(s) >= 12 and s not in public and not s.startswith("#"):
                hidden.add(s)
    # a hidden line that is part of a visible one (a continuation line, a call without its comment)
    # gives nothing away, and scrubbing it would garble what students may see
    return sorted(h for h in hidden if not any(h in p for p in public))


def _generate(course: Course, slug: str, root: Path, db_url: str) -> None:
    shutil.copytree(course.source(slug), root / "source" / slug, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    res = course.api(course.config(root=root, db_url=db_url)).generate_assignment(slug, force=True, create=True)
    if not res.get("success"):
        raise RuntimeError(f"generate_assignment {slug} failed:\n{res.get('error')}\n{res.get('log')}")


def prepare(course: Course, slug: str, work: Path) -> Template:
    """Generate the assignment once into ``work/template-<hash>``: gradebook, release, cell table."""
    master_path = course.source(slug) / f"{slug}.ipynb"
    if not master_path.is_file():
        raise SystemExit(f"course grade: no master {master_path}")
    src_dir = master_path.parent
    digest = sha(*[p.read_bytes() for p in sorted(src_dir.rglob("*")) if p.is_file()])[:16]
    tdir = work / f"template-{digest}"
    info_path = tdir / "template.json"
    if info_path.is_file():
        return Template(**json.loads(info_path.read_text()))
    tmp = work / f".template-{digest}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    _generate(course, slug, tmp, f"sqlite:///{tmp}/gradebook.db")
    release = layout.read(tmp / "release" / slug / f"{slug}.ipynb")
    master = layout.read(master_path)
    graded = []
    for cell in release.cells:
        meta = course_cells.meta(cell)
        if not meta.get("grade"):
            continue
        kind = "test" if course_cells.is_test(cell) else "manual"
        graded.append({"grade_id": meta["grade_id"], "kind": kind, "max_score": float(meta.get("points", 0))})
    tpl = Template(
        slug=slug, digest=digest, gradebook=str(tdir / "gradebook.db"),
        release=str(tdir / "release" / slug / f"{slug}.ipynb"), source_files=str(tdir / "source" / slug),
        cells=graded, max_score=sum(c["max_score"] for c in graded),
        auto_max_score=sum(c["max_score"] for c in graded if c["kind"] == "test"),
        hidden_lines=hidden_lines(master, release), master_sha=sha(master_path.read_bytes()),
    )
    # the copy of source/ a student's course folder gets: data files only, never the master
    for p in list((tmp / "source" / slug).rglob("*.ipynb")):
        p.unlink()
    (tmp / "template.json").write_text(json.dumps(asdict(tpl), indent=1))
    shutil.rmtree(tdir, ignore_errors=True)
    os.replace(tmp, tdir)
    return tpl


def register(course: Course, tpl: Template, work: Path) -> None:
    """Put the assignment (its notebook and cells) into the class gradebook, once per master version,
    as ``nbgrader generate_assignment`` does, but writing the release to a scratch folder: the
    due date and everything else already in the gradebook stay."""
    from nbgrader.api import Gradebook, MissingEntry

    mark = work / "registered.txt"
    with Gradebook(course.db_url) as gb:
        try:
            gb.find_notebook(tpl.slug, tpl.slug)
            known = True
        except MissingEntry:
            known = False
    if known and mark.is_file() and mark.read_text() == tpl.digest:
        return
    scratch = work / ".register"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    try:
        _generate(course, tpl.slug, scratch, course.db_url)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    mark.write_text(tpl.digest)
