"""Notebook lint, sync of the generated folders, and no leaks into release/."""

from __future__ import annotations

import re
import shutil

import nbformat
import pytest

from course import build, cells, layout
from course.layout import ROOT
from course.runner import mutants

SLUGS = layout.assignments()
NB_KEYS = {"grade", "grade_id", "locked", "schema_version", "solution", "task"}
M = cells.MARKERS
MARKER_ROLES = {
    M.begin_solution: cells.CellRole.ANSWER,
    M.end_solution: cells.CellRole.ANSWER,
    M.begin_hidden: cells.CellRole.TEST,
    M.end_hidden: cells.CellRole.TEST,
}


def test_the_manifest_lists_exactly_the_assignment_folders():
    def folders(name):
        return sorted(p.name for p in (ROOT / name).iterdir() if p.is_dir() and layout.SLUG_RE.match(p.name))

    assert sorted(SLUGS) == folders("source"), "course.toml and source/ disagree: add or remove the entry"
    for folder in ("release", "solutions"):
        assert folders(folder) == sorted(SLUGS), f"{folder}/ is not what `make course` makes from course.toml"
    assert sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb")) == sorted(SLUGS)


def test_the_readme_table_is_the_manifest():
    rows = [line for line in (ROOT / "README.md").read_text().splitlines() if re.match(r"^\| \d\d \|", line)]
    table = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    want = [[a.number, f"`{a.slug}`", ", ".join(a.lectures), a.builds] for a in layout.manifest()]
    assert table == want, "README.md's assignment table differs from course.toml"


def _master(slug):
    return layout.read(layout.master_path(slug))


@pytest.mark.parametrize("slug", SLUGS)
def test_master_is_valid_nbgrader_schema_3(slug):
    nb = _master(slug)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    ids = []
    for cell in nb.cells:
        meta = cells.meta(cell)
        if not meta:
            continue
        assert NB_KEYS <= set(meta), f"{meta.get('grade_id')}: nbgrader metadata misses {NB_KEYS - set(meta)}"
        assert meta["schema_version"] == 3
        assert re.fullmatch(r"[A-Za-z0-9_]+", meta["grade_id"]), f"bad grade_id {meta['grade_id']!r}"
        ids.append(meta["grade_id"])
        if meta["grade"]:
            assert meta.get("points", 0) > 0, f"{meta['grade_id']}: a graded cell needs points"
        if cells.is_test(cell):
            assert meta["locked"], f"{meta['grade_id']}: test cells must be locked"
        if cells.is_manual(cell):
            assert cell.cell_type == "markdown" and meta["grade_id"].startswith("q_")
        if not meta["solution"] and not meta["grade"]:
            assert meta["locked"], f"{meta['grade_id']}: a read-only cell must be locked"
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicated grade_ids: {duplicates}"


@pytest.mark.parametrize("slug", SLUGS)
def test_master_anatomy(slug):
    nb = _master(slug)
    title = nb.cells[0]
    entry = layout.assignment(slug)
    assert title.cell_type == "markdown" and title.source.startswith(f"# {entry.number}. {entry.title}\n"), (
        f"first cell: '# {entry.number}. {entry.title}' (the title in course.toml)")
    assert re.search(r"lecture L\d", title.source, re.I), "the title cell cites the lecture it follows"
    named = set(re.findall(r"\bL\d+\b", title.source))
    assert set(entry.lectures) <= named, f"the title cell does not name lectures {set(entry.lectures) - named}"
    assert "points" in title.source.lower(), "the title cell has a points table"
    setup = [c for c in nb.cells if cells.meta(c).get("grade_id") == "setup"]
    assert setup and setup[0].cell_type == "code" and cells.meta(setup[0])["locked"], "a locked setup cell"
    assert any(cells.is_answer(c) for c in nb.cells) and any(cells.is_test(c) for c in nb.cells)


@pytest.mark.parametrize("slug", SLUGS)
def test_answers_are_named_after_their_function_and_followed_by_tests(slug):
    nb = _master(slug)
    current = None
    tested: dict[str, int] = {}
    for cell in nb.cells:
        meta = cells.meta(cell)
        if cells.is_answer(cell):
            if current is not None:
                assert tested[current], f"answer {current!r} is not followed by a test cell before the next answer"
            current = meta["grade_id"]
            assert current in cells.defined_names(cell.source), (
                f"answer cell {current!r} must define a function or class named {current!r}"
            )
            assert f"### {M.begin_solution}" in cell.source and f"### {M.end_solution}" in cell.source
            tested[current] = 0
        elif cells.is_test(cell):
            gid = meta["grade_id"]
            assert current is not None, f"test {gid!r} comes before any answer"
            assert gid == f"test_{current}" or gid.startswith(f"test_{current}_"), (
                f"test cell {gid!r} follows answer {current!r}: name it test_{current}[_what]"
            )
            tested[current] += 1
    assert current is not None and tested[current], f"the last answer {current!r} has no test"


@pytest.mark.parametrize("slug", SLUGS)
def test_markers_only_in_their_cells(slug):
    for cell in _master(slug).cells:
        for marker, role in MARKER_ROLES.items():
            if marker not in cell.source:
                continue
            assert cells.role(cell) is role, (
                f"{marker!r} appears in a cell that is not an {role.value} cell: {cell.source[:80]!r}")
        if cells.is_test(cell):
            assert cell.source.count(M.begin_hidden) == cell.source.count(M.end_hidden) <= 1


@pytest.mark.parametrize("path", [layout.master_path(s) for s in SLUGS] + sorted((ROOT / "notebooks").glob("*.ipynb")),
                         ids=lambda p: p.name)
def test_no_outputs_in_hand_edited_notebooks(path):
    nb = layout.read(path)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{path.name} has outputs: strip them"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_assignment_has_a_companion_and_mutants(slug):
    companion = layout.companion_path(slug)
    assert companion.is_file(), f"missing lecture companion {companion}"
    cnb = layout.read(companion)
    assert cnb.cells[0].cell_type == "markdown" and re.search(r"lecture L\d", cnb.cells[0].source, re.I)
    targets = {m.target for m in mutants(slug)}
    answers = {cells.meta(c)["grade_id"] for c in _master(slug).cells if cells.is_answer(c)}
    assert answers - targets == set(), f"answers without any mutant in tests/mutants/{slug}: {answers - targets}"


# ---------------------------------------------------------------------------
# release/ and solutions/ are what make course generates
# ---------------------------------------------------------------------------
def _cells_signature(nb):
    """What a generation without execution must reproduce: the notebook's metadata and each cell's type,
    source and metadata (outputs are compared by test_rebuilding_changes_no_byte)."""
    return [nb.metadata] + [(cell.cell_type, cell.source, cell.metadata) for cell in nb.cells]


@pytest.fixture(scope="module")
def fresh_generation(tmp_path_factory):
    root = tmp_path_factory.mktemp("regen")
    shutil.copytree(ROOT / "source", root / "source")
    for slug in SLUGS:
        build.generate(slug, root=root, execute=False)
    return root


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("kind", ["release", "solutions"])
def test_generated_folders_are_in_sync(fresh_generation, slug, kind):
    committed = ROOT / kind / slug / f"{slug}.ipynb"
    fresh = fresh_generation / kind / slug / f"{slug}.ipynb"
    assert committed.is_file(), f"{committed} is missing: run `make course`"
    a, b = _cells_signature(layout.read(committed)), _cells_signature(layout.read(fresh))
    assert len(a) == len(b), f"{kind}/{slug}: {len(a)} cells committed, {len(b)} generated: run `make course`"
    for i, (x, y) in enumerate(zip(a, b)):
        assert x == y, f"{kind}/{slug}: cell {i} differs from a fresh generation: run `make course`"
    committed_files = sorted(p.name for p in committed.parent.iterdir())
    fresh_files = sorted(p.name for p in fresh.parent.iterdir())
    assert committed_files == fresh_files


def test_generated_folders_say_so():
    for kind in ("release", "solutions"):
        text = (ROOT / kind / "README.md").read_text()
        assert text == build.GENERATED_README.format(folder=kind, what=build._WHAT[kind]), "run `make course`"
        assert "generated by `make course`" in text and "source/" in text


def test_clean_generated_strips_what_changes_from_run_to_run():
    slug = SLUGS[0]
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                   "language_info": {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"},
                   "widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}}
    stamp = {"iopub.execute_input": "2026-11-24T04:45:37.1Z", "shell.execute_reply": "2026-11-24T04:45:38.2Z"}
    code = nbformat.v4.new_code_cell("print(f)", execution_count=1, metadata={"execution": stamp})
    code.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="<function f at 0x7f3a2b1c9d30>"),
        nbformat.v4.new_output("stream", name="stdout", text="\n"),
        nbformat.v4.new_output("display_data", data={
            "application/vnd.jupyter.widget-view+json": {"model_id": "9f1c", "version_major": 2},
            "text/plain": "  0%|          | 0/10 [00:00<?, ?it/s]"}),
        nbformat.v4.new_output("display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "a"}}),
        nbformat.v4.new_output("execute_result", execution_count=1,
                               data={"text/plain": ["<Linear object at 0xDEADBEEF>"]}),
    ]
    timing = nbformat.v4.new_code_cell("time_it()", execution_count=2, metadata={"tags": [build.VOLATILE_TAG]})
    timing.outputs = [nbformat.v4.new_output("stream", name="stdout", text="0.265 ms\n")]
    nb.cells = [code, timing]
    build.clean_generated(nb, slug, ROOT)
    assert nb.metadata == {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                           "language_info": {"name": "python"},
                           "dl_course": {"generated_from": f"source/{slug}/{slug}.ipynb"}}
    assert "execution" not in code.metadata and code.execution_count == 1
    assert [o.get("text") or o["data"] for o in code.outputs] == [
        "<function f>\n", {"text/plain": "  0%|          | 0/10 [00:00<?, ?it/s]"}, {"text/plain": ["<Linear object>"]}]
    assert timing.outputs == [{"output_type": "stream", "name": "stdout", "text": build.VOLATILE_NOTE}]
    assert timing.outputs[0].output_type == "stream"  # a notebook node, as nbgrader reads it
    assert timing.execution_count == 2
    nbformat.validate(nb)


STABLE = SLUGS[0]  # the first assignment: it executes in well under a minute


@pytest.mark.slow
def test_rebuilding_changes_no_byte(tmp_path):
    """Two generations of one master give the same bytes, and those are the committed ones (outputs
    included): what CI checks for every assignment with `make course && git diff --exit-code`."""
    runs = []
    for run in ("a", "b"):
        root = tmp_path / run
        shutil.copytree(ROOT / "source" / STABLE, root / "source" / STABLE)
        build.generate(STABLE, root=root)
        runs.append({p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*"))
                     if p.is_file() and p.parts[len(root.parts)] in ("release", "solutions")})
    a, b = runs
    assert sorted(a) == sorted(b)
    unstable = [str(p) for p in a if a[p] != b[p]]
    assert not unstable, f"a rebuild changed {unstable}: tag the cells whose output varies `volatile`"
    stale = [str(p) for p in a if not (ROOT / p).is_file() or (ROOT / p).read_bytes() != a[p]]
    assert not stale, f"the committed {stale} differ from a fresh build: run `make course`"


@pytest.mark.parametrize("slug", SLUGS)
def test_solutions_are_executed(slug):
    nb = layout.read(layout.solution_path(slug))
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert all(c.execution_count is not None for c in code), "solutions/ holds executed notebooks: run `make course`"
    errors = [c for c in code if any(o.get("output_type") == "error" for o in c.outputs)]
    assert not errors, f"the committed solution has errors in {len(errors)} cell(s)"


# ---------------------------------------------------------------------------
# nothing secret in release/
# ---------------------------------------------------------------------------
def _lines(nb) -> set[str]:
    return {line.strip() for c in nb.cells for line in c.source.splitlines()}


@pytest.mark.parametrize("slug", SLUGS)
def test_no_solution_or_hidden_test_leaks_into_release(slug):
    master = _master(slug)
    release = layout.read(layout.release_path(slug))
    secret, public = set(), set()
    for cell in master.cells:
        inside, outside = cells.secret_regions(cell.source)
        secret.update(inside)
        if cells.is_manual(cell):
            secret.update(line.strip() for line in cell.source.splitlines())
        else:  # lines that the master also shows outside secret regions are public anyway
            public.update(outside)
    secret = {s for s in secret - public if len(s) > 3}
    leaked = sorted(secret & _lines(release))
    assert not leaked, f"release/{slug} shows {len(leaked)} secret line(s), e.g. {leaked[:3]}"
    text = "\n".join(c.source for c in release.cells)
    for marker in M.all():
        assert marker not in text
