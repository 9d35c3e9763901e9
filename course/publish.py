"""``course publish OUT`` (``make student``): the student edition.

A folder, ready to become its own public repository, plus ``OUT.zip``, holding exactly what a
student gets:

- ``release/NN_slug/``: the release notebooks (with any data files beside them), each with
  the ``helpers`` version it was built for in its metadata (``metadata.dl_course``);
- ``notebooks/``: the lecture companions;
- ``helpers/``: the package every notebook imports;
- ``dl_course_lab/`` and ``jupyter-config/``: the course's Jupyter server extension and
  settings (Validate in a worker thread, a helpers version check, nbgrader's instructor tools
  hidden), installed into the environment by ``pip install -e .``;
- ``pyproject.toml``, ``environment.yml``, ``README.md`` (for students), ``.gitignore``.

Nothing else: no ``source/``, ``solutions/``, ``tests/`` or ``course/``. Before it writes the
zip, :func:`leaks` scans every file of the edition for every secret line of every master (a
solution line, a hidden test line, a written answer) and the publication fails if it finds
one.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import nbformat

from . import cells, layout

try:
    import tomllib
except ImportError:  # Python 3.10
    from pip._vendor import tomli as tomllib

EDITION = Path(__file__).resolve().parent / "edition"
METADATA_KEY = "dl_course"  # read by dl_course_lab.version_problem
# Packages of the instructor's environment that a student does not need.
INSTRUCTOR_ONLY: set[str] = set()
SKIP = {"__pycache__", ".ipynb_checkpoints", ".DS_Store"}
# Validate's seconds on a 2-core machine, for the students' README (benchmarks/results.md).
VALIDATE_RANGE = "from about 4 seconds (01) to about 20 seconds (08)"


class LeakError(RuntimeError):
    pass


def helpers_version(root: Path = layout.ROOT) -> str:
    text = (root / "helpers" / "__init__.py").read_text(encoding="utf-8")
    m = re.search(r"^__version__\s*=\s*[\"']([^\"']+)[\"']", text, re.MULTILINE)
    if not m:
        raise RuntimeError("helpers/__init__.py has no __version__ = '...' line")
    return m.group(1)


def _commit(root: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "source", "release",
                                "notebooks", "helpers", "course/edition"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "an unknown commit"
    return f"commit {out}" + (" (with uncommitted changes)" if dirty else "")


def runtime_dependencies(root: Path = layout.ROOT) -> list[str]:
    """The pinned dependencies of the instructor's project that the notebooks need."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = [d for d in project["dependencies"] if re.split(r"[=<>!~\[ ;]", d, maxsplit=1)[0] not in INSTRUCTOR_ONLY]
    unpinned = [d for d in deps if "==" not in d]
    if unpinned:
        raise RuntimeError(f"pyproject.toml: the student edition needs exact pins, not {unpinned}")
    return deps


def assignment_table(root: Path = layout.ROOT) -> list[str]:
    """The rows of the students' assignment table, from the manifest (``course.toml``), in the
    form of the instructor's README: ``| 01 | `01_slug` | L1, L2 | what you build |``."""
    return [f"| {a.number} | `{a.slug}` | {', '.join(a.lectures)} | {a.builds} |" for a in layout.manifest(root)]


def validate_config(root: Path = layout.ROOT) -> dict:
    """The ``Execute`` settings of the course's ``nbgrader_config.py`` (cell timeouts, kernel
    arguments), for the student's Validate: it then runs the notebook as grading does."""
    from traitlets.config import PyFileConfigLoader

    cfg = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    execute = {k: v for k, v in dict(cfg.get("Execute", {})).items()
               if isinstance(v, bool | int | float | str | list)}
    return {"Execute": execute}


def lab_module():
    """The student edition's Jupyter server extension (``dl_course_lab``), loaded from its source
    here: ``course bench --validate`` times its ``CourseValidator``, the Validate button's."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("dl_course_lab", EDITION / "dl_course_lab" / "__init__.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _fill(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace(f"@{key}@", value)
    left = re.findall(r"@[A-Z_]+@", template)
    if left:
        raise RuntimeError(f"unfilled template fields: {left}")
    return template


def _copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, ignore=lambda _d, names: [n for n in names if n in SKIP or n.endswith(".pyc")])


def _stamp(nb_path: Path, version: str, slug: str) -> None:
    nb = nbformat.read(str(nb_path), as_version=4)
    nb.metadata[METADATA_KEY] = {"assignment": slug, "helpers_version": version}
    nbformat.write(nb, str(nb_path))


# ---------------------------------------------------------------------------
# leak check
# ---------------------------------------------------------------------------
def secret_lines(masters) -> dict[str, str]:
    """Lines a student must not see, each with the assignment it comes from: inside solution or
    hidden-test regions, or in a written answer, of any master, unless some master shows the
    line outside those regions (``loss.backward()`` in one assignment's answer and in another's
    instructions is no secret). Lines of 3 characters or fewer (``)``, ``]``) say nothing."""
    secret: dict[str, str] = {}
    public: set[str] = set()
    for slug, master in masters.items():
        for cell in master.cells:
            inside, outside = cells.secret_regions(cell.source)
            if cells.is_manual(cell):
                inside = [line.strip() for line in cell.source.splitlines()]
            else:
                public.update(outside)
            for line in inside:
                secret.setdefault(line, slug)
    return {s: slug for s, slug in secret.items() if s not in public and len(s) > 3}


def public_lines() -> set[str]:
    """The reviewed idioms of ``edition/public_lines.txt`` (see that file)."""
    text = (EDITION / "public_lines.txt").read_text(encoding="utf-8")
    return {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}


def _file_lines(path: Path) -> set[str] | None:
    """The stripped lines of a text file; for a notebook, of its cells' sources and text outputs."""
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None
    lines = {line.strip() for line in text.splitlines()}
    if path.suffix == ".ipynb":
        nb = json.loads(text)
        for cell in nb.get("cells", []):
            src = cell.get("source", "")
            lines.update(line.strip() for line in ("".join(src) if isinstance(src, list) else src).splitlines())
            for out in cell.get("outputs", []):
                for part in (out.get("text", ""), *out.get("data", {}).values()):
                    body = "".join(part) if isinstance(part, list) else part
                    if isinstance(body, str):
                        lines.update(line.strip() for line in body.splitlines())
    return lines


def leaks(edition: Path, root: Path = layout.ROOT) -> list[str]:
    """Every (file, secret line) of ``edition`` that shows a line of a master's solutions,
    hidden tests or written answers, and every file that holds an nbgrader marker."""
    secrets = secret_lines({slug: layout.read(layout.master_path(slug, root)) for slug in layout.assignments(root)})
    for line in public_lines():
        secrets.pop(line, None)
    markers = cells.MARKERS.all()
    found = []
    for path in sorted(p for p in edition.rglob("*") if p.is_file()):
        rel = path.relative_to(edition)
        lines = _file_lines(path)
        if lines is None:
            if path.suffix not in {".png", ".jpg", ".gz", ".zip", ".pt", ".npz"}:
                found.append(f"{rel}: not a text file, cannot be checked")
            continue
        found += [f"{rel}: {line!r} (from {secrets[line]})" for line in sorted(lines & secrets.keys())]
        text = path.read_text(encoding="utf-8")
        found += [f"{rel}: marker {m!r}" for m in markers if m in text]
    return found


# ---------------------------------------------------------------------------
# the edition
# ---------------------------------------------------------------------------
def build(out: Path, root: Path = layout.ROOT, zip_it: bool = True, check: bool = True) -> dict:
    """Write the student edition to ``out`` (replaced if it exists) and ``out.zip``; return a
    summary. Raises :class:`LeakError` when the edition would show a secret line, unless
    ``check`` is False (the summary's ``leaks`` then lists them; no zip is written)."""
    out, root = Path(out).resolve(), Path(root).resolve()
    if out == root or out in root.parents or (
            root in out.parents and out.relative_to(root).parts[0] not in {"build", "dist"}):
        raise ValueError(f"{out} would overwrite part of the course; publish into build/ or outside the course")
    if out.exists() and not (out / "release").is_dir() and any(out.iterdir()):
        raise ValueError(f"{out} exists and is not a student edition; refusing to replace it")
    # written beside it first: a failed publication leaves the previous edition as it was
    work = out.with_name(f".{out.name}.partial")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        slugs, version = _write(work, root)
        found = leaks(work, root)
        if found and check:
            raise LeakError(f"the student edition would show {len(found)} secret line(s):\n  "
                            + "\n  ".join(found[:20]))
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    shutil.rmtree(out, ignore_errors=True)
    work.rename(out)
    files = sorted(p for p in out.rglob("*") if p.is_file())
    summary = {"out": str(out), "files": len(files), "bytes": sum(p.stat().st_size for p in files),
               "assignments": len(slugs), "helpers_version": version, "leaks": found}
    archive = out.with_suffix(".zip")
    archive.unlink(missing_ok=True)
    if zip_it and not found:
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in files:
                zf.write(p, Path(out.name) / p.relative_to(out))
        summary["zip"] = str(archive)
        summary["zip_bytes"] = archive.stat().st_size
    return summary


def _write(out: Path, root: Path) -> tuple[list[str], str]:
    """Every file of the edition, into the empty folder ``out``; (slugs, helpers version)."""
    version = helpers_version(root)
    deps = runtime_dependencies(root)
    torch_pin = next(d.split("==")[1] for d in deps if d.startswith("torch=="))

    slugs = layout.assignments(root)
    for slug in slugs:
        src = layout.release_path(slug, root).parent
        if not src.is_dir():
            raise FileNotFoundError(f"{src} is missing: run `course build {slug[:2]}` first")
        _copy_tree(src, out / "release" / slug)
        _stamp(out / "release" / slug / f"{slug}.ipynb", version, slug)
        companion = layout.companion_path(slug, root)
        if companion.is_file():
            (out / "notebooks").mkdir(exist_ok=True)
            shutil.copy2(companion, out / "notebooks" / companion.name)
    _copy_tree(root / "helpers", out / "helpers")
    _copy_tree(EDITION / "dl_course_lab", out / "dl_course_lab")
    _copy_tree(EDITION / "jupyter-config", out / "jupyter-config")
    (out / "jupyter-config" / "nbgrader_config.json").write_text(json.dumps(validate_config(root), indent=2) + "\n")
    shutil.copy2(EDITION / "gitignore", out / ".gitignore")

    dep_lines = "\n".join(f'    "{d}",' for d in deps)
    (out / "pyproject.toml").write_text(
        _fill((EDITION / "pyproject.toml.in").read_text(), {"VERSION": version, "DEPENDENCIES": dep_lines,
                                                           "TORCH": torch_pin}))
    (out / "environment.yml").write_text(
        _fill((EDITION / "environment.yml.in").read_text(),
              {"PIP_LINES": "\n".join(f"      - {d}" for d in deps)}))
    table = assignment_table(root)
    (out / "README.md").write_text(
        _fill((EDITION / "README.md.in").read_text(),
              {"TABLE": "\n".join(table), "TORCH": torch_pin, "VERSION": version,
               "COMMIT": _commit(root), "VALIDATE_RANGE": VALIDATE_RANGE}))

    return slugs, version


def main(out: str, zip_it: bool = True) -> int:
    try:
        s = build(Path(out), zip_it=zip_it)
    except (LeakError, FileNotFoundError, RuntimeError, ValueError) as exc:
        print(f"course publish: {exc}")
        return 1
    print(f"student edition: {s['out']} ({s['files']} files, {s['bytes'] / 1e6:.1f} MB, "
          f"{s['assignments']} assignments, helpers {s['helpers_version']}); no secret line found")
    if "zip" in s:
        print(f"zip: {s['zip']} ({s['zip_bytes'] / 1e6:.1f} MB)")
    return 0
