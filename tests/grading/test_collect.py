"""Collecting a class's submissions: every layout an instructor meets, zips, nbgrader's own."""

from __future__ import annotations

import shutil
import zipfile

from course import layout
from course.grading.collect import collect, import_into

from ..adversarial import cases as adv

SLUG = adv.SLUG


def test_collect_folder_layouts(tmp_path):
    sol = layout.solution_path(SLUG)
    d = tmp_path / "subs"
    (d / "alice").mkdir(parents=True)
    shutil.copy(sol, d / "alice" / f"{SLUG}.ipynb")
    (d / "alice" / "notes.txt").write_text("mine")
    (d / "bob" / SLUG).mkdir(parents=True)  # nbgrader's submitted/<student>/<assignment>/
    shutil.copy(sol, d / "bob" / SLUG / f"{SLUG}.ipynb")
    (d / "carol").mkdir()
    shutil.copy(sol, d / "carol" / "my work (1).ipynb")
    (d / "dave").mkdir()  # nothing submitted
    shutil.copy(sol, d / f"eve_{SLUG}.ipynb")  # flat file named after the student
    (d / "jöhn doe").mkdir()
    shutil.copy(sol, d / "jöhn doe" / f"{SLUG}.ipynb")
    subs, _ = collect(d, SLUG, tmp_path / "work")
    by = {s.student: s for s in subs}
    assert sorted(by) == ["alice", "bob", "carol", "dave", "eve", "j_hn_doe"]
    assert by["alice"].notebook == f"{SLUG}.ipynb" and ("notes.txt" in dict(by["alice"].files))
    assert by["bob"].notebook == f"{SLUG}.ipynb"
    assert by["carol"].notebook == "my work (1).ipynb"
    assert by["dave"].notebook is None
    assert "submitted as" in " ".join(by["j_hn_doe"].notes)
    # the course folder layout with submitted/ inside
    course = tmp_path / "course"
    shutil.copytree(d, course / "submitted")
    assert [s.student for s in collect(course, SLUG, tmp_path / "work2")[0]] == sorted(by)


def test_collect_zip(tmp_path):
    sol = layout.solution_path(SLUG).read_bytes()
    z = tmp_path / "export.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr(f"export/alice/{SLUG}.ipynb", sol)
        zf.writestr(f"export/bob/{SLUG}/{SLUG}.ipynb", sol)
        zf.writestr("export/__MACOSX/._junk", b"x")
        zf.writestr("../../escape.ipynb", sol)  # zip-slip: refused
    subs, notes = collect(z, SLUG, tmp_path / "work")
    assert [s.student for s in subs] == ["alice", "bob"]
    assert any("unsafe" in n for n in notes)
    assert not (tmp_path / "escape.ipynb").exists()
    flat = tmp_path / "flat.zip"
    with zipfile.ZipFile(flat, "w") as zf:
        zf.writestr(f"carol_{SLUG}.ipynb", sol)
        zf.writestr(f"dan-{SLUG}.ipynb", sol)
    assert [s.student for s in collect(flat, SLUG, tmp_path / "work3")[0]] == ["carol", "dan"]


def test_collect_nbgrader_layout_missing_and_timestamp(tmp_path):
    """submitted/<student>/<assignment>/: a student whose folder holds only another assignment is
    missing (never graded with that other notebook); timestamp.txt is the submission time."""
    sub = tmp_path / "submitted"
    (sub / "alice" / SLUG).mkdir(parents=True)
    shutil.copy(layout.solution_path(SLUG), sub / "alice" / SLUG / f"{SLUG}.ipynb")
    (sub / "alice" / SLUG / "timestamp.txt").write_text("2026-12-01 13:23:04.089432 UTC\n")
    (sub / "erin" / "02_cross_entropy_softmax").mkdir(parents=True)
    shutil.copy(layout.solution_path(SLUG), sub / "erin" / "02_cross_entropy_softmax" / f"{SLUG}.ipynb")
    subs, _ = collect(sub, SLUG, tmp_path / "work")
    by = {s.student: s for s in subs}
    assert by["alice"].timestamp == "2026-12-01 13:23:04.089432 UTC" and not by["alice"].missing
    assert by["erin"].missing and by["erin"].notebook is None and by["erin"].files == []


def test_import_into_nbgrader_layout(tmp_path):
    """Submissions collected elsewhere are copied into submitted/<student>/<assignment>/ (the graded
    notebook renamed after the assignment), where formgrader and nbgrader find them."""
    d = tmp_path / "collected" / "carol"
    d.mkdir(parents=True)
    shutil.copy(layout.solution_path(SLUG), d / "my work.ipynb")
    (d / "notes.txt").write_text("mine")
    subs, _ = collect(tmp_path / "collected", SLUG, tmp_path / "work")
    import_into(subs, tmp_path / "course" / "submitted", SLUG)
    dest = tmp_path / "course" / "submitted" / "carol" / SLUG
    assert sorted(p.name for p in dest.iterdir()) == [f"{SLUG}.ipynb", "notes.txt"]
    assert subs[0].notebook == f"{SLUG}.ipynb" and dict(subs[0].files)[f"{SLUG}.ipynb"] == str(dest / f"{SLUG}.ipynb")
