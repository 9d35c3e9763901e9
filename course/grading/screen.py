"""Pre-screening of a submitted notebook before nbgrader sees it.

nbgrader aborts a whole ``autograde`` run on a duplicated ``grade_id`` or on
metadata that fails its validator, and leaves a submission with a deleted test
cell waiting for a manual grade. :func:`screen` looks at the raw bytes of one
submission, against the release notebook of the assignment, and returns either a
notebook that nbgrader can grade (repaired where needed, every repair written
down in plain words) or a reason why it cannot be graded (scored 0):

====================================  =============================================
problem                               what happens
====================================  =============================================
empty, not UTF-8, not JSON, not a     invalid, scored 0
notebook, nbformat other than 3/4
nbformat 3                            converted to 4 (repaired)
none of the assignment's graded       invalid, scored 0 ("not this assignment's
cells present                         notebook")
cell type changed (test cell made     type restored (repaired); locked cells get
markdown, answer cell made raw...)    their source back
locked cell edited or emptied         source restored (repaired); nbgrader puts the
(test, setup, read-only)              hidden tests back as usual
test cell deleted                     restored from the release and scored 0
answer / locked cell deleted          restored (blank answer / release source)
duplicated grade_id (a copied cell)   the cell that matches the release keeps the id,
                                      copies become ordinary cells
unknown or malformed nbgrader         stripped: the cell becomes an ordinary cell
metadata on a student's cell
tampered nbgrader metadata (points,   restored from the release
grade, solution, locked, schema)
kernelspec / language changed         restored from the release
bad, missing or duplicated cell ids   regenerated
====================================  =============================================
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field

import nbformat

from .. import cells as course_cells

MAX_BYTES = 20 * 2**20
_ID_RE = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")
_KEYS = ("grade", "solution", "locked", "points", "task", "schema_version")


@dataclass
class Screened:
    status: str  # "ok", "repaired" or "invalid"
    problems: list[str] = field(default_factory=list)
    notebook: nbformat.NotebookNode | None = None
    deleted_tests: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "; ".join(self.problems)


def _kind(meta: dict, cell_type: str) -> str:
    if meta.get("grade") and not meta.get("solution"):
        return "test"
    if meta.get("grade") and meta.get("solution"):
        return "manual answer"
    if meta.get("solution"):
        return "answer"
    if meta.get("locked"):
        return "read-only"
    return "nbgrader"


def _source(cell) -> str:
    src = cell.get("source", "")
    if isinstance(src, list):
        src = "".join(s if isinstance(s, str) else "" for s in src)
    return src if isinstance(src, str) else ""


def _visible(source: str) -> str:
    """A locked cell's source without its hidden-test block, for comparison with the release."""
    out = [line.rstrip() for line in course_cells.split_hidden(source)[0].splitlines()]
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _norm(meta: dict) -> dict:
    out = {}
    for k in _KEYS:
        v = meta.get(k)
        if k == "points" and v is not None:
            try:
                v = float(v)
            except (TypeError, ValueError):
                v = repr(v)
        out[k] = v
    return out


def _fresh_cell(cell_type: str, source: str, metadata: dict):
    if cell_type == "code":
        c = nbformat.v4.new_code_cell(source)
    elif cell_type == "markdown":
        c = nbformat.v4.new_markdown_cell(source)
    else:
        c = nbformat.v4.new_raw_cell(source)
    c.metadata = nbformat.from_dict(copy.deepcopy(metadata))
    c.pop("id", None)
    return c


def _load(raw: bytes) -> tuple[dict | None, str | None]:
    if not raw.strip():
        return None, "the file is empty"
    if len(raw) > MAX_BYTES:
        return None, f"the file is too large to be a notebook ({len(raw) / 2**20:.0f} MB)"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "not a notebook: the file is not text (UTF-8)"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"not a notebook: not valid JSON ({exc.msg} at line {exc.lineno})"
    except RecursionError:
        return None, "not a notebook: JSON nested too deeply"
    if not isinstance(data, dict) or "cells" not in data and "worksheets" not in data:
        return None, "not a notebook: JSON without notebook cells"
    return data, None


def screen(raw: bytes, reference) -> Screened:
    """Screen the bytes of one submitted notebook against ``reference`` (the release notebook)."""
    data, err = _load(raw)
    if err:
        return Screened("invalid", [err])
    problems: list[str] = []
    major = data.get("nbformat")
    if major == 3:
        try:
            data = json.loads(nbformat.writes(nbformat.v4.upgrade(nbformat.from_dict(data))))
        except Exception as exc:  # noqa: BLE001
            return Screened("invalid", [f"nbformat 3 notebook that cannot be converted ({type(exc).__name__})"])
        problems.append("converted from nbformat 3 to 4")
    elif major != 4:
        return Screened("invalid", [f"unsupported notebook format (nbformat {major!r}; this course uses 4)"])
    cells_in = data.get("cells")
    if not isinstance(cells_in, list):
        return Screened("invalid", ["not a notebook: 'cells' is not a list"])

    ref_cells = [c for c in reference.cells if course_cells.meta(c).get("grade_id")]
    ref = {course_cells.meta(c)["grade_id"]: c for c in ref_cells}
    order = [course_cells.meta(c)["grade_id"] for c in ref_cells]

    # 1. well-formed cells only, outputs dropped (nbgrader clears them anyway)
    cells = []
    dropped = 0
    for c in cells_in:
        if not isinstance(c, dict) or c.get("cell_type") not in ("code", "markdown", "raw"):
            dropped += 1
            continue
        meta = c.get("metadata") if isinstance(c.get("metadata"), dict) else {}
        cell = _fresh_cell(c["cell_type"], _source(c), {})
        cell.metadata = nbformat.from_dict(copy.deepcopy(meta))
        if "id" in c and isinstance(c["id"], str):
            cell["id"] = c["id"]
        if c["cell_type"] == "markdown" and isinstance(c.get("attachments"), dict):
            cell["attachments"] = c["attachments"]
        cells.append(cell)
    if dropped:
        problems.append(f"{dropped} malformed cell(s) dropped")

    # 2. which cell carries which grade_id
    candidates: dict[str, list[int]] = {}
    for i, cell in enumerate(cells):
        raw_meta = cell.metadata.get("nbgrader")
        if raw_meta is None:
            continue
        gid = raw_meta.get("grade_id") if isinstance(raw_meta, dict) else None
        if not isinstance(gid, str) or gid not in ref:
            del cell.metadata["nbgrader"]
            if isinstance(gid, str):
                problems.append(f"unknown grade_id '{gid}': the cell is kept as an ordinary cell")
            elif isinstance(raw_meta, dict) and (raw_meta.get("grade") or raw_meta.get("solution")):
                problems.append(f"cell {i + 1} claimed to be graded without a grade_id: kept as an ordinary cell")
            continue
        candidates.setdefault(gid, []).append(i)

    owner: dict[str, int] = {}
    for gid, idxs in candidates.items():
        keep = idxs[0]
        if len(idxs) > 1:
            rsrc = _source(ref[gid])
            same = [i for i in idxs
                    if cells[i].cell_type == ref[gid].cell_type and _visible(cells[i].source) == _visible(rsrc)]
            if course_cells.meta(ref[gid]).get("locked") and same:
                keep = same[0]
            problems.append(f"grade_id '{gid}' appears {len(idxs)} times (a copied cell): "
                            "the copies are kept as ordinary cells")
            for i in idxs:
                if i != keep:
                    del cells[i].metadata["nbgrader"]
                    cells[i].metadata.pop("deletable", None)
                    cells[i].metadata.pop("editable", None)
        owner[gid] = keep

    kinds = {_kind(course_cells.meta(ref[g]), ref[g].cell_type) for g in owner}
    if not kinds & {"test", "answer", "manual answer"}:
        graded = sum(1 for g in order if _kind(course_cells.meta(ref[g]), "") in ("test", "answer"))
        return Screened("invalid", problems + [
            f"none of the assignment's {graded} answer and test cells is in this notebook: "
            "is it the right notebook?"])

    # 3. restore type, metadata and locked sources
    for gid, i in owner.items():
        cell, rc = cells[i], ref[gid]
        rmeta = course_cells.meta(rc)
        kind = _kind(rmeta, rc.cell_type)
        label = f"{kind} cell '{gid}'"
        if cell.cell_type != rc.cell_type:
            problems.append(f"{label}: type changed from {rc.cell_type} to {cell.cell_type}, restored")
            new = _fresh_cell(rc.cell_type, cell.source, cell.metadata)
            if "id" in cell:
                new["id"] = cell["id"]
            cells[i] = cell = new
        smeta = course_cells.meta(cell)
        if _norm(smeta) != _norm(rmeta):
            diffs = [f"{k} {rmeta.get(k)!r} -> {smeta.get(k)!r}" for k in _KEYS if _norm(smeta)[k] != _norm(rmeta)[k]]
            problems.append(f"{label}: nbgrader metadata changed ({', '.join(diffs)}), restored")
        cell.metadata["nbgrader"] = copy.deepcopy(rmeta)
        for k in ("deletable", "editable"):
            if k in rc.metadata:
                cell.metadata[k] = rc.metadata[k]
            else:
                cell.metadata.pop(k, None)
        if rmeta.get("locked") and _visible(cell.source) != _visible(rc.source):
            what = "emptied" if not cell.source.strip() else "edited"
            problems.append(f"{label} was {what}: restored")
        if rmeta.get("locked"):
            cell.source = rc.source

    # 4. put back what was deleted, after the previous cell of the release that is present
    deleted_tests = []
    present = dict(owner)
    for pos, gid in enumerate(order):
        if gid in present:
            continue
        rc = ref[gid]
        kind = _kind(course_cells.meta(rc), rc.cell_type)
        new = _fresh_cell(rc.cell_type, rc.source, rc.metadata)
        if kind == "test":
            deleted_tests.append(gid)
            problems.append(f"test cell '{gid}' was deleted: restored and scored 0")
        elif kind in ("answer", "manual answer"):
            problems.append(f"{kind} cell '{gid}' was deleted: restored blank")
        else:
            problems.append(f"{kind} cell '{gid}' was deleted: restored")
        prev = [present[g] for g in order[:pos] if g in present]
        at = max(prev) + 1 if prev else 0
        cells.insert(at, new)
        for g in present:
            if present[g] >= at:
                present[g] += 1
        present[gid] = at

    # 5. the notebook around the cells
    nb = nbformat.v4.new_notebook()
    meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    nb.metadata = nbformat.from_dict(copy.deepcopy(meta))
    for key in ("kernelspec", "language_info"):
        if key in reference.metadata:
            if meta.get(key) != reference.metadata[key] and key == "kernelspec":
                problems.append("the notebook's kernel was changed: restored")
            nb.metadata[key] = copy.deepcopy(reference.metadata[key])
    nb.nbformat, nb.nbformat_minor = 4, reference.get("nbformat_minor", 5)
    seen = set()
    for n, cell in enumerate(cells):
        cid = cell.get("id")
        if not isinstance(cid, str) or not _ID_RE.match(cid) or cid in seen:
            cid = f"cell-{n:04d}"
            while cid in seen:
                cid += "x"
            cell["id"] = cid
        seen.add(cid)
    nb.cells = cells

    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        return Screened("invalid", problems + [f"not a valid notebook after repair: {exc.message[:200]}"])
    try:
        from nbgrader.nbgraderformat import MetadataValidator

        MetadataValidator().validate_nb(nb)
    except Exception as exc:  # noqa: BLE001
        return Screened("invalid", problems + [f"nbgrader metadata cannot be repaired: {exc}"[:300]])
    return Screened("repaired" if problems else "ok", problems, nb, deleted_tests)
