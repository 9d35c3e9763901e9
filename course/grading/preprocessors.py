"""The nbgrader plug-ins of ``course grade`` (and of nbgrader_config.py's feedback).

* :class:`SandboxKernelManager` starts every kernel through ``course/grading/sandbox.py``
  (separate uid, namespaces, rlimits) and talks to it over Unix sockets.
* :class:`GuardedExecute` replaces nbgrader's ``Execute`` in ``autograde``: it caps
  the output a cell may keep, records cell timeouts, and when the kernel dies
  (``os._exit``, a segfault, a memory or CPU limit) or does not stop when
  interrupted, it stops the kernel, marks every cell after it "not run" and lets
  nbgrader score the notebook as it stands, instead of failing the submission.
* :class:`HideHiddenTests` runs in ``generate_feedback``: it removes the hidden
  part of every test cell, reduces a test cell's traceback to its message, scrubs
  verbatim copies of hidden test lines from every output, and drops active content
  (HTML, JavaScript, SVG) from outputs.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Integer, List, Unicode, default

from .. import cells
from .sandbox import SPEC_ENV

SANDBOX_SCRIPT = Path(__file__).with_name("sandbox.py")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# What happened while the last notebook ran in this process (one at a time per worker).
LAST_RUN: dict = {}


def _spec() -> dict | None:
    path = os.environ.get(SPEC_ENV)
    if not path:
        return None
    with open(path) as f:
        return json.load(f)


class SandboxKernelManager(AsyncKernelManager):
    """Start the kernel through ``course/grading/sandbox.py`` when ``COURSE_SANDBOX_SPEC`` is set.

    The kernel is then always ``sys.executable -m ipykernel_launcher`` (whatever
    kernelspec the notebook names), and it talks to the grader over ZMQ's ``ipc``
    transport in the spec's ``ipc_dir``: it needs no network.
    """

    async def _async_pre_start_kernel(self, **kw):
        spec = _spec()
        if spec is not None:
            self.transport = "ipc"
            self.connection_file = os.path.join(spec["ipc_dir"], "kernel.json")
            self.ip = os.path.join(spec["ipc_dir"], "k")
        return await super()._async_pre_start_kernel(**kw)

    def format_kernel_cmd(self, extra_arguments=None):
        spec_path = os.environ.get(SPEC_ENV)
        if not spec_path:
            return super().format_kernel_cmd(extra_arguments)
        kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", os.path.realpath(self.connection_file)]
        kernel += list(extra_arguments or [])
        return [sys.executable, "-I", "-S", str(SANDBOX_SCRIPT), spec_path, "--", *kernel]


def _label(cell, index: int) -> str:
    gid = (cell.get("metadata", {}).get("nbgrader") or {}).get("grade_id")
    return f"'{gid}'" if gid else f"number {index + 1}"


def _describe_exit(code) -> str:
    if code is None:
        return "it stopped answering"
    if code < 0:
        sig = -code
        names = {
            signal.SIGSEGV: "a segmentation fault",
            signal.SIGKILL: "SIGKILL (a memory or CPU limit, or the out-of-memory killer)",
            signal.SIGXCPU: "its CPU time limit",
            signal.SIGABRT: "an abort",
            signal.SIGBUS: "a bus error",
            signal.SIGFPE: "a floating-point exception",
        }
        if sig not in names:
            try:
                names[sig] = signal.Signals(sig).name
            except ValueError:
                names[sig] = f"signal {sig}"
        return f"killed by {names[sig]}"
    return f"the process exited with code {code} (os._exit, exit() or quit()?)"


def _size(content: dict) -> int:
    if "text" in content:
        return len(content.get("text") or "")
    data = content.get("data") or {}
    return sum(len(v) if isinstance(v, str) else len(json.dumps(v)) for v in data.values())


class GuardedExecute(Execute):
    """nbgrader's ``Execute`` that survives a dead or stuck kernel and caps outputs."""

    max_output_bytes = Integer(1_000_000, help="output kept per cell; the rest is dropped").tag(config=True)

    def __init__(self, *args, **kwargs):
        if os.environ.get(SPEC_ENV):
            kwargs["kernel_manager_class"] = SandboxKernelManager
        super().__init__(*args, **kwargs)

    # -- bookkeeping -------------------------------------------------------
    def preprocess(self, nb, resources=None, km=None):
        LAST_RUN.clear()
        LAST_RUN.update(events=[], stopped=None)
        self._stopped = None
        return super().preprocess(nb, resources, km)

    def _event(self, kind: str, cell_label: str, detail: str) -> None:
        LAST_RUN["events"].append({"kind": kind, "cell": cell_label, "detail": detail})

    def _kernel_exit_code(self):
        proc = getattr(getattr(self.km, "provisioner", None), "process", None)
        if proc is None:
            return None
        try:
            return proc.wait(timeout=5)
        except Exception:  # noqa: BLE001
            return proc.poll()

    def _kill_kernel(self) -> None:
        proc = getattr(getattr(self.km, "provisioner", None), "process", None)
        if proc is not None and proc.poll() is None:
            try:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
            except (OSError, Exception):  # noqa: BLE001
                pass

    # -- execution ---------------------------------------------------------
    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return super().preprocess_cell(cell, resources, index)
        if self._stopped:
            cell.outputs = [new_output("error", ename="NotRun", evalue=self._stopped,
                                       traceback=[f"NotRun: {self._stopped}"])]
            cell.execution_count = None
            return cell, self.resources
        self._cell_bytes = 0
        self._cell_dropped = 0
        self._stderr_marked = False
        label = _label(cell, index)
        self._current_label = label
        try:
            cell, self.resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            code = self._kernel_exit_code()
            why = _describe_exit(code)
            kind = "timeout" if code in (-signal.SIGXCPU,) else "crash"
            self._stopped = f"the kernel died while running cell {label}: {why}; later cells were not run"
            self._event(kind, label, why)
            cell.outputs.append(new_output("error", ename="KernelDied", evalue=self._stopped,
                                           traceback=[f"KernelDied: {self._stopped}"]))
        except CellTimeoutError:
            self._kill_kernel()
            self._stopped = (f"cell {label} ran past the time limit and did not stop when interrupted: "
                             "the kernel was stopped; later cells were not run")
            cell.outputs.append(new_output("error", ename="CellTimeoutError", evalue=self._stopped,
                                           traceback=[f"CellTimeoutError: {self._stopped}"]))
        if self._stopped and not LAST_RUN.get("stopped"):
            LAST_RUN["stopped"] = self._stopped
        if self._cell_dropped:  # first, so that nbgrader's LimitOutput (which keeps the first lines) keeps it
            cell.outputs.insert(0, new_output(
                "stream", name="stdout",
                text=f"\n[{self._cell_dropped} more bytes of output were dropped: a cell keeps at most "
                     f"{self.max_output_bytes} bytes]\n"))
            self._event("output", label, f"{self._cell_dropped} bytes of output dropped")
        return cell, self.resources

    async def _async_handle_timeout(self, timeout, cell=None):
        label = getattr(self, "_current_label", "?")
        self._event("timeout", label, f"ran past {timeout} s and was interrupted")
        return await super()._async_handle_timeout(timeout, cell)

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        if msg.get("msg_type") != "error":
            size = _size(content)
            if self._cell_bytes + size > self.max_output_bytes:
                self._cell_dropped += size
                if content.get("name") == "stderr" and not self._stderr_marked:
                    # keep the fact that something went to stderr: nbgrader scores that as a failure
                    self._stderr_marked = True
                    outs.append(new_output("stream", name="stderr", text="[stderr output dropped]\n"))
                return None
            self._cell_bytes += size
        return super().output(outs, msg, display_id, cell_index)


# ---------------------------------------------------------------------------
# feedback
# ---------------------------------------------------------------------------
_SAFE_MIME = ("text/plain", "image/png", "image/jpeg", "image/gif")


class HideHiddenTests(NbGraderPreprocessor):
    """Make an autograded notebook fit to show its student (see the module docstring)."""

    begin = Unicode(help="hidden-test start marker (default: ClearHiddenTests.begin_test_delimeter)").tag(
        config=True)
    end = Unicode(help="hidden-test end marker (default: ClearHiddenTests.end_test_delimeter)").tag(config=True)
    hidden_lines = List(Unicode(), help="lines of the hidden tests that appear nowhere in the release").tag(
        config=True)
    deleted_tests = List(Unicode(), help="grade_ids of test cells the student had deleted").tag(config=True)
    notes = List(Unicode(), help="what pre-screening found, shown at the top").tag(config=True)
    # set by nbconvert's HTMLExporter for every preprocessor (as nbgrader's GetGrades declares it)
    display_data_priority = List(["text/html", "application/pdf", "text/latex", "image/svg+xml", "image/png",
                                  "image/jpeg", "text/plain"], config=True)

    @default("begin")
    def _default_begin(self):
        # the markers nbgrader itself uses in this configuration, else those of nbgrader_config.py
        return self.config.ClearHiddenTests.get("begin_test_delimeter", cells.MARKERS.begin_hidden)

    @default("end")
    def _default_end(self):
        return self.config.ClearHiddenTests.get("end_test_delimeter", cells.MARKERS.end_hidden)

    def _strip_source(self, source: str) -> str:
        out = []
        for line, where in cells.classify(source, self.begin, self.end):
            if where == "begin":
                indent = line[: len(line) - len(line.lstrip())]
                out.append(f"{indent}# (hidden tests: not shown)")
            elif where == "outside":
                out.append(line)
        return "\n".join(out)

    def _scrub(self, text: str) -> str:
        if not text:
            return text
        lines = text.split("\n")
        changed = False
        for i, line in enumerate(lines):
            plain = ANSI.sub("", line)
            if self.begin in plain or self.end in plain or any(h in plain for h in self._hidden):
                lines[i] = "[a line of the hidden tests was removed here]"
                changed = True
        return "\n".join(lines) if changed else text

    def _lines_from_gradebook(self, resources) -> list[str]:
        """The hidden lines of this notebook's master, read from the gradebook's source cells.

        Used when ``hidden_lines`` is not configured (plain ``nbgrader generate_feedback``
        and formgrader): lines inside the hidden blocks of test cells, except lines that
        also appear outside them (in the solution, a stub or a visible test), which a
        student may well have written.
        """
        info = (resources or {}).get("nbgrader") or {}
        if not info.get("db_url"):
            return []
        from nbgrader.api import Gradebook

        try:
            with Gradebook(info["db_url"]) as gb:
                notebook = gb.find_notebook(info["notebook"], info["assignment"])
                sources = [c.source or "" for c in notebook.source_cells]
        except Exception:  # noqa: BLE001 - no gradebook or no such notebook: the markers alone
            return []
        hidden, public = set(), set()
        for source in sources:
            for line, where in cells.classify(source, self.begin, self.end):
                if where in ("inside", "outside"):
                    (hidden if where == "inside" else public).add(line.strip())
        return sorted(h for h in hidden - public if len(h) >= 12 and not h.startswith("#"))

    def preprocess(self, nb, resources):
        lines = self.hidden_lines or self._lines_from_gradebook(resources)
        self._hidden = [h for h in lines if len(h) >= 12]
        if self.notes:
            from nbformat.v4 import new_markdown_cell

            text = "**Grading notes.** " + " ".join(self.notes)
            nb.cells.insert(0, new_markdown_cell(text))
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        meta = cells.meta(cell)
        is_test = cells.is_test(cell)
        if not is_test:  # a student's own cell may hold a copy of hidden test code
            cell.source = self._scrub(cell.source)
        if cell.cell_type == "code" and is_test:
            cell.source = self._strip_source(cell.source)
            if meta.get("grade_id") in self.deleted_tests:
                cell.source = ("# This test cell had been deleted from your submission: it was put back "
                               "and scores 0.\n" + cell.source)
        outputs = []
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                out["evalue"] = self._scrub(str(out.get("evalue", "")))
                if is_test:
                    out["traceback"] = [f"{out.get('ename')}: {out['evalue']}"]
                else:
                    out["traceback"] = [self._scrub(t) for t in out.get("traceback", [])]
            elif kind == "stream":
                out["text"] = self._scrub(out.get("text", ""))
            elif kind in ("display_data", "execute_result"):
                data = {k: v for k, v in out.get("data", {}).items() if k in _SAFE_MIME}
                if "text/plain" in data:
                    plain = data["text/plain"]
                    data["text/plain"] = self._scrub("".join(plain) if isinstance(plain, list) else plain)
                if not data:
                    continue
                out["data"] = data
            outputs.append(out)
        if cell.cell_type == "code":
            cell.outputs = outputs
        return cell, resources
