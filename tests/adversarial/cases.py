"""Hostile and broken submissions for assignment 01, each with the grade it must get.

The notebooks are generated from the committed release and solution of
``01_computation_graph`` (so they follow the master when it changes), written as a
class of submissions ``DIR/<student>/<file>``. Scores are out of the notebook's 20
points: 18 autograded plus a 2-point question graded by hand (0 until an instructor
grades it). ``train`` (2 points) is the last answer; its test cell is the last one,
so a kernel that dies or hangs in the ``train`` answer cell loses exactly those 2.

    python -m tests.adversarial.cases DIR      # write the class, print the expectations
"""

from __future__ import annotations

import copy
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course import cells

ROOT = Path(__file__).resolve().parents[2]
SLUG = "01_computation_graph"
ANSWERS = ["sigmoid", "forward", "squared_error", "grad_output_weights", "grad_hidden_weights",
           "autograd_gradients", "leaf_tensors", "train"]
POINTS = {"sigmoid": 2, "forward": 3, "squared_error": 1, "grad_output_weights": 3, "grad_hidden_weights": 3,
          "autograd_gradients": 2, "leaf_tensors": 2, "train": 2}
FULL = float(sum(POINTS.values()))  # 18: what the autograder can give
MAX = FULL + 2  # the hand-graded question


NAMES = [
    "correct", "correct_renamed", "blank", "partial", "partial_late", "edited_tests", "emptied_tests",
    "deleted_test", "deleted_all_tests", "duplicate_ids", "changed_cell_types", "tampered_metadata",
    "eq_always_true", "patched_np_testing", "patched_np_allclose", "patched_torch_allclose", "patched_check_helpers",
    "patched_reference", "sys_exit", "os_exit",
    "segfault", "infinite_loop", "loop_ignoring_interrupt", "memory_bomb", "output_flood", "read_other_student",
    "read_source", "network", "steal_hidden_tests", "not_a_notebook", "empty_file", "json_not_notebook",
    "wrong_nbformat",
]


@dataclass
class Case:
    name: str
    what: str
    score: float
    statuses: tuple[str, ...]
    needs: str | None = None  # "network" / "filesystem": the isolation the expectation relies on


_BASE = [ROOT]  # where release/ and solutions/ are read from (build_class's ``root``)


def _read(kind: str):
    return nbformat.read(str(_BASE[0] / kind / SLUG / f"{SLUG}.ipynb"), as_version=4)


def _cell(nb, gid: str):
    return next(c for c in nb.cells if cells.grade_id(c) == gid)


def _index(nb, gid: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if cells.grade_id(c) == gid)


def _tests(nb) -> list[str]:
    return [cells.grade_id(c) for c in nb.cells if cells.is_test(c)]


def _dump(nb) -> bytes:
    return nbformat.writes(nb).encode()


def _prepend(nb, gid: str, code: str):
    c = _cell(nb, gid)
    c.source = code.rstrip() + "\n\n" + c.source
    return nb


def _partial(answers=("sigmoid", "forward", "squared_error")):
    """The blank release with some answers taken from the solution."""
    rel, sol = _read("release"), _read("solutions")
    for gid in answers:
        _cell(rel, gid).source = _cell(sol, gid).source
    return rel


def _blank_answers(nb, answers):
    rel = _read("release")
    for gid in answers:
        _cell(nb, gid).source = _cell(rel, gid).source
    return nb


def _replace_answers(nb, body: str):
    """Every answer cell defines its function with ``body`` (wrong or hostile)."""
    for gid in ANSWERS:
        c = _cell(nb, gid)
        header = c.source.split("\n")[0]  # "def name(args...):"
        c.source = f"{header}\n    {body}\n"
    return nb


def build_class(dest: Path, secrets: dict, root: Path | None = None) -> dict[str, Case]:
    """Write every case as ``dest/<case>/<file>``; ``secrets`` names what hostile code reaches for:
    ``other_student`` (a path), ``source`` (a list of paths), ``port`` (a localhost TCP port).
    The cases start from ``root``'s release and solution (default: the repository's)."""
    _BASE[0] = Path(root or ROOT)
    sol = lambda: _read("solutions")  # noqa: E731
    rel = lambda: _read("release")  # noqa: E731
    cases: list[tuple[Case, bytes, str]] = []

    def add(case: Case, data, filename: str = f"{SLUG}.ipynb"):
        cases.append((case, data if isinstance(data, bytes) else _dump(data), filename))

    partial3 = POINTS["sigmoid"] + POINTS["forward"] + POINTS["squared_error"]
    add(Case("correct", "the solution", FULL, ("graded",)), sol())
    add(Case("correct_renamed", "the solution saved as 'homework (1).ipynb'", FULL, ("graded",)), sol(),
        "homework (1).ipynb")
    add(Case("blank", "the release, untouched", 0, ("graded",)), rel())
    add(Case("partial", "three answers right, the rest blank", partial3, ("graded",)), _partial())
    add(Case("partial_late", "all but leaf_tensors and train", FULL - 4, ("graded",)),
        _blank_answers(sol(), ["leaf_tensors", "train"]))

    nb = _partial()
    for gid in _tests(nb):
        _cell(nb, gid).source = "pass  # all good"
    add(Case("edited_tests", "three answers right; every test cell replaced by `pass`", partial3, ("repaired",)), nb)

    nb = _partial()
    for gid in _tests(nb):
        _cell(nb, gid).source = ""
    add(Case("emptied_tests", "three answers right; every test cell emptied", partial3, ("repaired",)), nb)

    nb = sol()
    del nb.cells[_index(nb, "test_forward")]
    add(Case("deleted_test", "the solution without the test cell of forward", FULL - POINTS["forward"],
             ("repaired",)), nb)

    nb = sol()
    nb.cells = [c for c in nb.cells if cells.grade_id(c) not in _tests(nb)]
    add(Case("deleted_all_tests", "the solution without any test cell", 0, ("repaired",)), nb)

    nb = sol()
    nb.cells.append(copy.deepcopy(_cell(nb, "test_sigmoid")))
    nb.cells.insert(3, copy.deepcopy(_cell(nb, "sigmoid")))
    add(Case("duplicate_ids", "a copied test cell and a copied answer cell (duplicated grade_ids)", FULL,
             ("repaired",)), nb)

    nb = sol()
    for gid in ("test_sigmoid", "test_forward"):
        c = _cell(nb, gid)
        c.cell_type = "markdown"
        c.pop("outputs", None)
        c.pop("execution_count", None)
    c = _cell(nb, "squared_error")
    c.cell_type = "raw"
    c.pop("outputs", None)
    c.pop("execution_count", None)
    add(Case("changed_cell_types", "two test cells made markdown, an answer cell made raw", FULL, ("repaired",)), nb)

    nb = sol()
    _cell(nb, "test_sigmoid").metadata.nbgrader["points"] = 100
    _cell(nb, "test_forward").metadata.nbgrader["grade"] = False
    _cell(nb, "leaf_tensors").metadata.nbgrader.update(grade=True, locked=True, points=50)
    nb.metadata["kernelspec"] = {"name": "evil", "display_name": "evil", "language": "python"}
    bonus = nbformat.v4.new_code_cell("pass")
    bonus.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "locked": True, "points": 100,
                                  "schema_version": 3, "solution": False, "task": False}
    nb.cells.append(bonus)
    add(Case("tampered_metadata", "points raised, a test ungraded, an answer made graded, a bonus cell, "
                                  "another kernel", FULL, ("repaired",)), nb)

    always = ("class _AlwaysEqual:\n"
              "    __eq__ = lambda self, other: True\n"
              "    __ne__ = lambda self, other: False\n"
              "    __hash__ = lambda self: 0\n"
              "    def __getattr__(self, name): return lambda *a, **k: self\n"
              "    def __iter__(self): return iter([self, self, self])\n"
              "    def __len__(self): return 3\n")
    nb = _replace_answers(rel(), "return _AlwaysEqual()")
    _prepend(nb, "sigmoid", always)
    add(Case("eq_always_true", "every answer returns an object whose __eq__ is always True", 0, ("graded",)), nb)

    nb = _replace_answers(rel(), "return None")
    _prepend(nb, "sigmoid", "import numpy as np\n"
                            "np.testing.assert_allclose = lambda *a, **k: None\n"
                            "np.testing.assert_array_equal = lambda *a, **k: None\n"
                            "np.testing.assert_almost_equal = lambda *a, **k: None")
    add(Case("patched_np_testing", "np.testing's asserts patched to do nothing, wrong answers", 0, ("graded",)), nb)

    nb = _replace_answers(rel(), "return None")
    _prepend(nb, "sigmoid", "import numpy as np\n"
                            "np.allclose = lambda *a, **k: True\n"
                            "np.isclose = lambda *a, **k: True\n"
                            "np.array_equal = lambda *a, **k: True")
    add(Case("patched_np_allclose", "np.allclose / isclose / array_equal patched to True, wrong answers", 0,
             ("graded",)), nb)

    nb = _replace_answers(rel(), "return None")
    _prepend(nb, "sigmoid", "import torch\n"
                            "torch.allclose = lambda *a, **k: True\n"
                            "torch.isclose = lambda *a, **k: True\n"
                            "torch.equal = lambda *a, **k: True\n"
                            "torch.testing.assert_close = lambda *a, **k: None")
    add(Case("patched_torch_allclose", "torch.allclose / isclose / equal / testing patched, wrong answers", 0,
             ("graded",)), nb)

    nb = _replace_answers(rel(), "return None")
    _prepend(nb, "sigmoid", "import helpers.checks as _hc\n"
                            "for _n in dir(_hc):\n"
                            "    if _n.startswith('check_') or _n in ('forbid', 'fresh_generator'):\n"
                            "        try:\n"
                            "            setattr(_hc, _n, lambda *a, **k: None)\n"
                            "        except AttributeError:\n"
                            "            pass\n"
                            "        _hc.__dict__[_n] = lambda *a, **k: None")
    add(Case("patched_check_helpers", "helpers.checks' functions replaced by no-ops, wrong answers", 0,
             ("graded",)), nb)

    nb = sol()
    cell = _cell(nb, "sigmoid")
    cell.source = cell.source.rstrip() + ("\n\n\ndef sigmoid(x):\n"
                                          "    return 1.0 / (1.0 + torch.exp(x))\n\n\n"
                                          "torch.sigmoid = sigmoid  # so that the reference agrees\n")
    # the later checks run the student's code with the references for the earlier functions (one
    # mistake costs one exercise), and torch is put back before each test cell: only sigmoid's points go
    wrong_sigmoid = FULL - POINTS["sigmoid"]
    add(Case("patched_reference", "a wrong sigmoid that also replaces torch.sigmoid, the tests' reference",
             wrong_sigmoid, ("graded",)), nb)

    late = FULL - POINTS["train"]
    add(Case("sys_exit", "sys.exit(1) at the top of the last answer cell", late, ("graded",)),
        _prepend(sol(), "train", "import sys\nsys.exit(1)"))
    add(Case("os_exit", "os._exit(1) at the top of the last answer cell: the kernel dies", late, ("crashed",)),
        _prepend(sol(), "train", "import os\nos._exit(1)"))
    add(Case("segfault", "a segmentation fault (ctypes.string_at(0)) in the last answer cell", late, ("crashed",)),
        _prepend(sol(), "train", "import ctypes\nctypes.string_at(0)"))
    add(Case("infinite_loop", "`while True: pass` in the last answer cell", late, ("timeout",)),
        _prepend(sol(), "train", "while True:\n    pass"))
    add(Case("loop_ignoring_interrupt", "an infinite loop that ignores SIGINT: the kernel is stopped", late,
             ("timeout",)),
        _prepend(sol(), "train", "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n"
                                 "    pass"))
    add(Case("memory_bomb", "allocates 50 MB blocks until memory runs out", late, ("graded", "crashed")),
        _prepend(sol(), "train", "_hog = []\nwhile True:\n    _hog.append(b'x' * (50 * 2**20))"))
    add(Case("output_flood", "prints 10 MB before defining the last answer", FULL, ("graded",)),
        _prepend(sol(), "train", "for _ in range(100_000):\n    print('x' * 100)"))

    # hostile reads and network: leaf_tensors is right only if the attack worked
    def leak(attack: str) -> nbformat.NotebookNode:
        nb = sol()
        c = _cell(nb, "leaf_tensors")
        answer = c.source.replace("\n", "\n    ")
        c.source = (f"_stolen = []\n{attack.rstrip()}\n"
                    "if _stolen:\n"
                    "    print('LEAKED', _stolen)\n"
                    f"    {answer}\n"
                    "else:\n"
                    "    def leaf_tensors(y):\n"
                    "        raise NotImplementedError('the attack failed')\n")
        return nb

    read_files = ("import glob, os\n"
                  "def _try(paths):\n"
                  "    for p in paths:\n"
                  "        if os.path.realpath(p).startswith(os.getcwd()):\n"
                  "            continue  # its own notebook\n"
                  "        try:\n"
                  "            with open(p, 'rb') as f:\n"
                  "                _stolen.append((p, len(f.read(100))))\n"
                  "        except OSError:\n"
                  "            pass\n")
    other = json.dumps([secrets["other_student"]])
    add(Case("read_other_student", "reads another student's notebook (submissions and grader folders)", late,
             ("graded",), "filesystem"),
        leak(read_files + f"_try({other} + glob.glob('/tmp/cg-*/s*/submitted/*/*/*.ipynb')"
                          " + glob.glob('/tmp/cg-*/s*/autograded/*/*/*.ipynb'))"))
    srcs = json.dumps(secrets["source"])
    add(Case("read_source", "reads the master (source/), the solutions and the gradebooks", late, ("graded",),
             "filesystem"),
        leak(read_files + f"_try({srcs} + glob.glob('/tmp/cg-*/s*/gradebook.db')"
                          " + glob.glob('/tmp/cg-*/template-*/gradebook.db'))"))
    add(Case("network", "connects to a TCP server on localhost", late, ("graded",), "network"),
        leak("import socket\n"
             "try:\n"
             f"    socket.create_connection(('127.0.0.1', {int(secrets['port'])}), timeout=3).close()\n"
             "    _stolen.append('connected')\n"
             "except OSError:\n"
             "    pass\n"))
    nb = sol()
    _cell(nb, "train").source += "\n\nprint('\\n'.join(In))  # every cell run so far, hidden tests included\n"
    add(Case("steal_hidden_tests", "prints the kernel's input history (hidden tests) into its output", FULL,
             ("graded",)), nb)

    add(Case("not_a_notebook", "a Python script named .ipynb", 0, ("invalid",)), b"def sigmoid(x):\n    return x\n")
    add(Case("empty_file", "an empty file", 0, ("invalid",)), b"")
    add(Case("json_not_notebook", "JSON, but not a notebook", 0, ("invalid",)), b'{"hello": "world"}')
    nb_json = json.loads(_dump(sol()))
    nb_json["nbformat"] = 99
    add(Case("wrong_nbformat", "nbformat 99", 0, ("invalid",)), json.dumps(nb_json).encode())

    out = {}
    for case, data, filename in cases:
        d = dest / case.name
        d.mkdir(parents=True, exist_ok=True)
        (d / filename).write_bytes(data)
        out[case.name] = case
    return out


def main(argv: list[str]) -> int:
    dest = Path(argv[0])
    cases = build_class(dest, {"other_student": str(dest / "correct" / f"{SLUG}.ipynb"),
                               "source": [str(ROOT / "source" / SLUG / f"{SLUG}.ipynb")], "port": 9})
    for c in cases.values():
        print(f"{c.name:26s} {c.score:5g}/{MAX:g}  {'/'.join(c.statuses):18s} {c.what}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
