"""The student edition (``course publish``): what it holds, that no secret line reaches it,
its Jupyter settings, and the helpers version check of its server extension."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import tomllib
import yaml

from course import cells, layout, publish

ROOT = layout.ROOT
NBGRADER_LAB = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter" / "nbgrader"


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("edition") / "dl-course"
    summary = publish.build(out, check=False)
    return out, summary


def test_edition_holds_what_students_get_and_nothing_else(edition):
    out, summary = edition
    top = {p.name for p in out.iterdir()}
    assert top == {"README.md", "pyproject.toml", "environment.yml", ".gitignore", "release", "notebooks",
                   "helpers", "dl_course_lab", "jupyter-config"}
    slugs = layout.assignments()
    assert sorted(p.name for p in (out / "release").iterdir()) == slugs
    assert sorted(p.stem for p in (out / "notebooks").glob("*.ipynb")) == slugs
    assert {p.name for p in (out / "helpers").glob("*.py")} == {p.name for p in (ROOT / "helpers").glob("*.py")}
    for slug in slugs:
        nb = layout.read(out / "release" / slug / f"{slug}.ipynb")
        release = layout.read(layout.release_path(slug))
        assert [c.source for c in nb.cells] == [c.source for c in release.cells], slug
        assert nb.metadata["dl_course"] == {"assignment": slug, "helpers_version": publish.helpers_version()}
    # no instructor material under any name
    names = {p.name for p in out.rglob("*")}
    assert not names & {"source", "solutions", "tests", "course", "nbgrader_config.py", "gradebook.db"}
    assert summary["files"] == sum(1 for p in out.rglob("*") if p.is_file())


def test_no_solution_or_hidden_test_line_anywhere_in_the_edition(edition):
    _, summary = edition
    assert not summary["leaks"], (
        f"{len(summary['leaks'])} secret line(s) in the student edition:\n" + "\n".join(summary["leaks"]))


def test_leak_check_finds_a_planted_solution_line_and_a_marker(tmp_path):
    out = tmp_path / "edition"
    (out / "release").mkdir(parents=True)
    slug = layout.assignments()[0]
    secret = sorted(publish.secret_lines({slug: layout.read(layout.master_path(slug))}))
    assert secret, "the first master hides no line"
    (out / "helpers.py").write_text(f"def f(x):\n    {secret[0]}\n")
    (out / "notes.md").write_text(f"x = 1  # {cells.MARKERS.begin_hidden}\n")
    found = publish.leaks(out)
    assert any(f.startswith("helpers.py:") and repr(secret[0]) in f for f in found), found
    assert any(f.startswith("notes.md:") and "marker" in f for f in found), found


def test_edition_environment_pins_the_course_runtime(edition):
    out, _ = edition
    course = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    student = tomllib.loads((out / "pyproject.toml").read_text())
    assert student["project"]["dependencies"] == course["dependencies"]
    assert student["project"]["version"] == publish.helpers_version()
    assert set(student["tool"]["setuptools"]["packages"]) == {"helpers", "dl_course_lab"}
    for files in student["tool"]["setuptools"]["data-files"].values():
        assert all((out / f).is_file() for f in files)
    env = yaml.safe_load((out / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert [p for p in pip if "==" in p] == course["dependencies"]
    assert pip[-1] == "-e ."
    assert any("download.pytorch.org/whl/cpu" in p for p in pip)


def test_student_readme_has_the_assignments_and_no_template_field(edition):
    out, _ = edition
    text = (out / "README.md").read_text()
    assert not re.search(r"@[A-Z_]+@", text)
    for slug in layout.assignments():
        assert f"`{slug}`" in text
    for step in ("## 1. Install", "## 2. Open", "## 4. Validate", "## 5. Submit"):
        assert step in text


def test_jupyter_config_hides_instructor_tools_and_keeps_validate(edition):
    out, _ = edition
    page = json.loads((out / "jupyter-config/labconfig/page_config.d/dl-course-student.json").read_text())
    disabled = {k for k, v in page["disabledExtensions"].items() if v}
    assert "@jupyter/nbgrader:validate-assignment" not in disabled
    assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
            "@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:menu"} <= disabled
    # the plug-in ids are nbgrader's own (a renamed plug-in would silently stay enabled)
    bundle = "".join(p.read_text(errors="ignore") for p in (NBGRADER_LAB / "static").glob("*.js"))
    for plugin in disabled | {"@jupyter/nbgrader:validate-assignment"}:
        assert f'"{plugin}"' in bundle, plugin
    server = json.loads((out / "jupyter-config/jupyter_server_config.d/zz-dl-course-student.json").read_text())
    ext = server["ServerApp"]["jpserver_extensions"]
    assert ext["dl_course_lab"] is True
    for name in ("formgrader", "assignment_list", "course_list", "validate_assignment"):
        assert ext[f"nbgrader.server_extensions.{name}"] is False
    # loaded after nbgrader's own nbgrader.json in the same folder, so that it wins
    assert sorted(["nbgrader.json", "notebook.json", "zz-dl-course-student.json"])[-1] == "zz-dl-course-student.json"
    validate = json.loads((out / "jupyter-config/nbgrader_config.json").read_text())
    assert validate["Execute"]["timeout"] >= 60


def test_validate_reports_a_helpers_version_mismatch(tmp_path, monkeypatch):
    lab = publish.lab_module()
    have = lab.installed_helpers_version()
    assert have == publish.helpers_version()
    nb = tmp_path / "a.ipynb"
    for wanted, problem in [(have, False), ("0.0.1", True), (None, False)]:
        meta = {"dl_course": {"helpers_version": wanted}} if wanted else {}
        nb.write_text(json.dumps({"cells": [], "metadata": meta, "nbformat": 4, "nbformat_minor": 5}))
        msg = lab.version_problem(nb)
        assert bool(msg) is problem, (wanted, msg)
        if problem:
            assert "0.0.1" in msg and have in msg and "pip install -e ." in msg


def test_validate_runs_the_checks_without_the_experiment_cells(tmp_path):
    """The edition's Validate executes every cell but the ``experiment`` ones: a failing check
    still fails, and the experiment (here: it leaves a file) does not run; nbgrader's own
    Validator runs it."""
    import nbformat
    from nbgrader.utils import compute_checksum
    from nbgrader.validator import Validator

    lab = publish.lab_module()
    assert lab.EXPERIMENT_TAG == cells.EXPERIMENT_TAG
    nb = nbformat.v4.new_notebook()
    answer = nbformat.v4.new_code_cell("x = 1")
    experiment = nbformat.v4.new_code_cell("open('experiment_ran', 'w').close()")
    experiment.metadata["tags"] = [lab.EXPERIMENT_TAG]
    check = nbformat.v4.new_code_cell("assert x == 2, 'x should be 2'")
    check.metadata["nbgrader"] = {"grade": True, "grade_id": "t", "points": 1, "solution": False,
                                  "locked": True, "schema_version": 3}
    check.metadata["nbgrader"]["checksum"] = compute_checksum(check)
    nb.cells = [answer, experiment, check]
    path = tmp_path / "a.ipynb"
    nbformat.write(nb, str(path))

    result = lab.CourseValidator().validate(str(path))
    assert len(result.get("failed", [])) == 1 and "x should be 2" in json.dumps(result)
    assert not (tmp_path / "experiment_ran").exists()
    Validator().validate(str(path))
    assert (tmp_path / "experiment_ran").exists()  # the control: nbgrader's Validator runs it
