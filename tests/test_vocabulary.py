"""The shape of the course code: imports go one way, cell roles and markers live in one place."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from course import authoring, cells, layout
from course.layout import ROOT


def _imports(source: str, package: str) -> set[str]:
    """The absolute names of the modules that ``source`` (a module of ``package``) imports."""
    here = package.split(".")
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            mod = ".".join(base + ([node.module] if node.module else []))
            out.add(mod)
            out.update(f"{mod}.{a.name}" for a in node.names)  # `from . import cli` imports course.cli
    return out


def _modules(folder: str) -> dict[str, set[str]]:
    """Each module under ``folder`` (a package at the repository root) with what it imports."""
    out = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
            package = ".".join(parts)
        else:
            package = ".".join(parts[:-1])
        out[".".join(parts)] = _imports(path.read_text(), package)
    return out


def test_imports_go_one_way():
    course = _modules("course")
    assert {"course.layout", "course.cells", "course.cli"} <= set(course)
    for name, imported in course.items():
        if name != "course.__main__":
            assert "course.cli" not in imported, f"{name} imports the command line; only course/__main__.py may"
    assert not {m for m in course["course"] if m.startswith("course")}, "course/__init__.py imports nothing"
    own = {m for m in course["course.layout"] if m.startswith("course")}
    assert not own, f"course.layout must not import the rest of course: {own}"
    own = {m for m in course["course.cells"] if m.startswith("course") and not m.startswith("course.layout")}
    assert not own, f"course.cells may import only course.layout: {own}"
    for name, imported in _modules("helpers").items():
        assert not {m for m in imported if m == "course" or m.startswith("course.")}, f"{name} imports course"


def test_the_import_walker_sees_every_spelling_of_an_import():
    # the direction test is only as good as this walker
    cases = [("from .cli import main", "course"), ("from . import cli as c", "course"),
             ("from .. import cli", "course.grading"), ("import course.cli", "course"),
             ("from course.cli import main", "course.grading")]
    for source, package in cases:
        assert "course.cli" in _imports(source, package), source
    assert "course.cli" not in _imports("from . import cells", "course")


def test_resolve_slug():
    first = layout.assignments()[0]
    assert layout.resolve_slug(first) == first
    assert layout.resolve_slug(first[:2]) == first
    assert layout.resolve_slug(str(int(first[:2]))) == first
    with pytest.raises(ValueError, match="unknown assignment"):
        layout.resolve_slug("99")


def test_cell_roles_from_a_script():
    m = cells.MARKERS
    nb = authoring.script_to_notebook(
        "# %% [markdown]\n# # 09. Title\n# %% setup id=setup\nimport torch\n"
        f"# %% answer id=f\ndef f(x):\n    ### {m.begin_solution}\n    return x\n    ### {m.end_solution}\n"
        "# %% test id=test_f points=2\nassert f(1) == 1\n# %% experiment\nprint(1)\n"
        "# %% manual id=q_why points=1\n# Because.\n# %%\nx = 1\n"
    )
    R = cells.CellRole
    assert [cells.role(c) for c in nb.cells] == [R.PLAIN, R.LOCKED, R.ANSWER, R.TEST, R.EXPERIMENT, R.MANUAL,
                                                R.PLAIN]
    assert [cells.grade_id(c) for c in nb.cells] == [None, "setup", "f", "test_f", None, "q_why", None]
    assert [cells.points(c) for c in nb.cells] == [0, 0, 0, 2, 0, 1, 0]
    assert cells.total_points(nb) == 3 and cells.autograded_points(nb) == 2
    assert cells.meta({"metadata": {"nbgrader": "tampered"}}) == {}


def test_split_hidden_and_secret_regions():
    m = cells.MARKERS
    src = f"check(f(1))\n### {m.begin_hidden}\ncheck(f(2), 4)\n### {m.end_hidden}\nprint('ok')"
    assert cells.split_hidden(src) == ("check(f(1))\nprint('ok')", ["check(f(2), 4)"])
    answer = f"def f(x):\n    ### {m.begin_solution}\n    return 2 * x\n    ### {m.end_solution}\n"
    assert cells.secret_regions(answer) == (["return 2 * x"], ["def f(x):"])


# ---------------------------------------------------------------------------
# the markers follow nbgrader_config.py: feedback cannot silently stop hiding
# ---------------------------------------------------------------------------
NEW = {"begin_solution": "ANSWER STARTS", "end_solution": "ANSWER ENDS",
       "begin_hidden": "SECRET CHECKS START", "end_hidden": "SECRET CHECKS STOP"}


def _config_with_new_markers(folder: Path) -> None:
    text = (ROOT / "nbgrader_config.py").read_text()
    for key, new in NEW.items():
        old = getattr(cells.MARKERS, key)
        assert f'"{old}"' in text, f"nbgrader_config.py does not set {old!r}"
        text = text.replace(f'"{old}"', f'"{new}"')
    (folder / "nbgrader_config.py").write_text(text)


def test_markers_are_read_from_the_nbgrader_config(tmp_path):
    _config_with_new_markers(tmp_path)
    assert cells.load_markers(tmp_path) == cells.Markers(**NEW)
    assert cells.load_markers(ROOT) == cells.MARKERS
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")  # get_config: defined by the loader
    assert cells.load_markers(tmp_path) == cells.load_markers(ROOT), "nbgrader's defaults, as in the repository"


@pytest.mark.slow
def test_feedback_hides_hidden_tests_written_with_the_configured_markers(tmp_path):
    """A copy of the course package beside an nbgrader_config.py with other markers: nbgrader's
    ClearHiddenTests, cells.MARKERS and the feedback's HideHiddenTests all follow the new markers."""
    shutil.copytree(ROOT / "course", tmp_path / "course", ignore=shutil.ignore_patterns("__pycache__"))
    _config_with_new_markers(tmp_path)
    secret = "check(f(2), 4)  # the secret case"
    script = textwrap.dedent(f"""
        import json, sys
        from traitlets.config import PyFileConfigLoader
        from nbgrader.preprocessors import ClearHiddenTests
        from course import authoring, cells
        from course.grading.preprocessors import HideHiddenTests

        m = cells.MARKERS
        nb = authoring.script_to_notebook(
            "# %% answer id=f\\ndef f(x):\\n    ### " + m.begin_solution + "\\n    return 2 * x\\n    ### "
            + m.end_solution + "\\n# %% test id=test_f points=1\\ncheck(f(1), 2)\\n### " + m.begin_hidden
            + "\\n{secret}\\n### " + m.end_hidden + "\\n")
        cfg = PyFileConfigLoader("nbgrader_config.py", path=sys.argv[1]).load_config()
        released = ClearHiddenTests(config=cfg).preprocess_cell(nb.cells[1].copy(), {{}}, 1)[0].source
        hide = HideHiddenTests()  # no configuration at all: the defaults
        shown = hide._strip_source(nb.cells[1].source)
        print(json.dumps({{"root": str(cells.ROOT), "markers": cells.MARKERS.__dict__,
                          "begin": hide.begin, "released": released, "shown": shown}}))
    """)
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["root"] == str(tmp_path), "the copy of the package was imported"
    assert got["markers"] == NEW and got["begin"] == NEW["begin_hidden"]
    assert secret not in got["released"], "nbgrader itself follows the configuration"
    assert secret not in got["shown"] and "hidden tests: not shown" in got["shown"]
    assert "check(f(1), 2)" in got["shown"]


def test_feedback_follows_the_markers_of_its_configuration():
    """In ``course grade``, HideHiddenTests gets the configuration loaded from nbgrader_config.py:
    the ClearHiddenTests delimiters in it win over the defaults."""
    from traitlets.config import Config

    from course.grading.preprocessors import HideHiddenTests

    cfg = Config()
    cfg.ClearHiddenTests.begin_test_delimeter = NEW["begin_hidden"]
    cfg.ClearHiddenTests.end_test_delimeter = NEW["end_hidden"]
    hide = HideHiddenTests(config=cfg)
    src = f"visible()\n### {NEW['begin_hidden']}\nsecret()\n### {NEW['end_hidden']}\n"
    assert hide._strip_source(src) == "visible()\n# (hidden tests: not shown)"
    assert HideHiddenTests().begin == cells.MARKERS.begin_hidden
