"""Repository-level checks: lint, CI workflow, packaging, the CLI's script format."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from course import authoring, cells, layout
from course.layout import ROOT

BIN = Path(sys.executable).parent


def test_ruff_is_clean_on_code_and_notebooks():
    proc = subprocess.run([str(BIN / "ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _workflow():
    return yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())


def test_workflow_validates_against_the_github_schema():
    proc = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
         str(ROOT / ".github" / "workflows" / "ci.yml")],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflow_jobs():
    wf = _workflow()
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as True
    assert {"push", "pull_request", "workflow_dispatch"} <= set(triggers)
    cpu, gpu = wf["jobs"]["test"], wf["jobs"]["gpu"]
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme
    assert any("make test" in step.get("run", "") for step in cpu["steps"]), "the CPU job runs the README's command"
    assert gpu["runs-on"] == ["self-hosted", "gpu"]
    cond = gpu["if"]
    assert "pull_request" not in cond or "!=" in cond, "the GPU job never runs on pull requests"
    assert "push" in cond and "workflow_dispatch" in cond
    text = yaml.safe_dump(gpu)
    assert "COURSE_DEVICE" in text and "cuda" in text and "solutions" in text


def test_ci_script_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text()
    assert "make test" in script and "COURSE_DATA_DIR" in script


def test_pins_are_the_same_in_pyproject_and_environment_yml():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = project["dependencies"] + project["optional-dependencies"]["test"]
    env = (ROOT / "environment.yml").read_text()
    for pin in pins:
        assert "==" in pin, f"unpinned dependency {pin}"
        assert pin in env, f"environment.yml lacks {pin}"
    assert "torch==2.13.0" in pins


def test_from_script_builds_nbgrader_cells():
    nb = authoring.script_to_notebook(
        "# %% [markdown]\n# # 09. Title\n# %% setup id=setup\nimport torch\n"
        "# %% answer id=f\ndef f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n"
        "# %% test id=test_f points=2\nassert f(1) == 1\n# %% experiment\nprint(1)\n"
        "# %% manual id=q_why points=1\n# Because.\n"
    )
    kinds = [(c.cell_type, cells.meta(c).get("grade_id")) for c in nb.cells]
    assert kinds == [("markdown", None), ("code", "setup"), ("code", "f"), ("code", "test_f"),
                     ("code", None), ("markdown", "q_why")]
    assert cells.is_answer(nb.cells[2]) and cells.is_test(nb.cells[3]) and cells.is_manual(nb.cells[5])
    assert cells.meta(nb.cells[3])["points"] == 2 and cells.is_experiment(nb.cells[4])
    assert nb.cells[0].source == "# 09. Title"
    with pytest.raises(ValueError, match="id="):
        authoring.script_to_notebook("# %% answer\ndef f(): pass\n")
    with pytest.raises(ValueError, match="unknown"):
        authoring.script_to_notebook("# %% answr id=f\n")


def test_mutant_injection_targets_the_defining_answer():
    from course.runner import inject

    master = layout.read(layout.master_path("01_computation_graph"))
    nb = inject(master, "def forward(x, W_hidden, W_out):\n    return None\n")
    changed = [c for c, o in zip(nb.cells, master.cells) if c.source != o.source]
    assert len(changed) == 1 and cells.meta(changed[0])["grade_id"] == "forward"
    with pytest.raises(ValueError):
        inject(master, "def not_an_answer():\n    pass\n")


def test_edit_mutants_change_only_their_answer_and_fail_loudly_when_stale():
    from course.runner import edit_spec, inject

    master = layout.read(layout.master_path("01_computation_graph"))
    mutant = 'TARGET = "forward"\nEDITS = [("x @ W_hidden.T", "x @ W_hidden")]\n'
    assert edit_spec(mutant) == ("forward", [("x @ W_hidden.T", "x @ W_hidden")])
    nb = inject(master, mutant)
    changed = [(c, o) for c, o in zip(nb.cells, master.cells) if c.source != o.source]
    assert len(changed) == 1 and cells.meta(changed[0][0])["grade_id"] == "forward"
    assert "sigmoid(x @ W_hidden)\n" in changed[0][0].source
    with pytest.raises(ValueError, match="occurs 0 times"):
        inject(master, 'TARGET = "forward"\nEDITS = [("no such text", "")]\n')
    with pytest.raises(ValueError, match="no answer cell"):
        inject(master, 'TARGET = "nothing"\nEDITS = [("a", "b")]\n')
    assert edit_spec("def forward(x):\n    return x\n") is None
