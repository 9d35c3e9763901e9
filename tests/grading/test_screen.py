"""Pre-screening: every broken or tampered notebook is repaired or refused, with a plain reason."""

from __future__ import annotations

import nbformat

from course import cells, layout
from course.grading import screen

from ..adversarial import cases as adv

SLUG = adv.SLUG


def _reference():
    return layout.read(layout.release_path(SLUG))


def test_screen_every_adversarial_file(tmp_path):
    """Pre-screening alone: every case is invalid, repaired or left alone as its expected status says."""
    made = adv.build_class(tmp_path, {"other_student": "/nonexistent", "source": [], "port": 9})
    assert list(made) == adv.NAMES and len(made) >= 30
    ref = _reference()
    for name, case in made.items():
        f = next((tmp_path / name).iterdir())
        s = screen.screen(f.read_bytes(), ref)
        want = "invalid" if "invalid" in case.statuses else "repaired" if "repaired" in case.statuses else "ok"
        assert s.status == want, f"{name}: {s.status} ({s.reason})"
        if s.notebook is not None:
            nbformat.validate(s.notebook)
            ids = [cells.meta(c)["grade_id"] for c in s.notebook.cells if cells.meta(c).get("grade_id")]
            assert len(ids) == len(set(ids)), name
            ref_ids = [cells.meta(c)["grade_id"] for c in ref.cells if cells.meta(c).get("grade_id")]
            assert ids == ref_ids, f"{name}: graded cells out of order or missing"
    s = screen.screen((tmp_path / "deleted_test" / f"{SLUG}.ipynb").read_bytes(), ref)
    assert s.deleted_tests == ["test_forward"]


def test_screen_reasons_are_plain():
    ref = _reference()
    assert screen.screen(b"", ref).reason == "the file is empty"
    assert "not valid JSON" in screen.screen(b"{oops", ref).reason
    assert "nbformat 99" in screen.screen(b'{"nbformat": 99, "cells": []}', ref).reason
    blank = nbformat.v4.new_notebook()
    blank.cells = [nbformat.v4.new_code_cell("print(1)")]
    assert "right notebook" in screen.screen(nbformat.writes(blank).encode(), ref).reason


