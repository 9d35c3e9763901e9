"""What the browser test needs besides the browser: a student's environment with the edition
installed, a JupyterLab server in it, and the notebooks a student would have.

The student's environment is a virtual environment made the way the edition's README says
(``pip install torch==... --index-url .../cpu``, then ``pip install`` of the edition), in
``build/ui-venv/``. Building it downloads JupyterLab, nbgrader and the course's pins (a minute
or two; torch comes from pip's configured index or ``PIP_EXTRA_INDEX_URL``). A later run reuses
it while the edition's pins are unchanged (a stamp holds their hash) and only reinstalls the
edition itself into it, so that its ``helpers``, server extension and Jupyter settings are the
ones just published. A fresh clone (CI) always builds it from scratch. ``UI_STUDENT_VENV`` puts
it elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import tomllib

from course import layout

VENV = Path(os.environ.get("UI_STUDENT_VENV") or layout.ROOT / "build" / "ui-venv")
CHROMIUM = next((p for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium") if Path(p).exists()), None)
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def _pip(venv: Path, *args: str) -> None:
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", *args], check=True)


def student_venv(edition: Path, venv: Path = VENV) -> Path:
    """The student's environment with ``edition`` installed (see the module's docstring)."""
    project = tomllib.loads((edition / "pyproject.toml").read_text())["project"]
    pins = "\n".join(project["dependencies"]) + f"\n{sys.version_info[:2]}"
    digest = hashlib.sha256(pins.encode()).hexdigest()[:16]
    stamp = venv / ".pins"
    if not (stamp.is_file() and stamp.read_text() == digest):
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        torch = next(d for d in project["dependencies"] if d.startswith("torch=="))
        _pip(venv, torch)  # first and alone, as the README says: the CPU build where the index has it
        _pip(venv, str(edition))
        stamp.write_text(digest)
    else:
        _pip(venv, "--no-deps", "--force-reinstall", str(edition))
    return venv


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """``jupyter lab`` from the student's environment, on 127.0.0.1 with a token, serving
    ``root``; its own config, data and runtime folders so that nothing of this machine's user
    settings leaks in. Stop it with :meth:`stop` (also on failure)."""

    def __init__(self, venv: Path, root: Path, home: Path):
        self.port = free_port()
        self.token = hashlib.sha256(os.urandom(16)).hexdigest()[:24]
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = home / "jupyter.log"
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("JUPYTER", "MPLBACKEND", "PYTHONPATH", "VIRTUAL_ENV"))}
        env.update(PATH=f"{venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}", VIRTUAL_ENV=str(venv),
                   JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
                   JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"), JUPYTER_PREFER_ENV_PATH="1",
                   PYDEVD_DISABLE_FILE_VALIDATION="1", IPYTHONDIR=str(home / "ipython"))
        # the first-run question about Jupyter news would cover the page
        news = home / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
        news.parent.mkdir(parents=True, exist_ok=True)
        news.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        cmd = [str(venv / "bin" / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
               f"--ServerApp.token={self.token}", f"--ServerApp.root_dir={root}",
               "--LabApp.expose_app_in_browser=True"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")  # CI and these machines run as root; a student does not need it
        self._out = open(self.log, "w")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=self._out, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self._wait_up()

    def api(self, path: str, method: str = "GET", timeout: float = 30.0) -> tuple[float, dict]:
        """(seconds, JSON) of one request to the server's REST API."""
        req = urllib.request.Request(f"{self.url}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        t0 = time.perf_counter()
        with urllib.request.urlopen(req, timeout=timeout) as r:
            body = r.read()
        return time.perf_counter() - t0, (json.loads(body) if body else {})

    def _wait_up(self, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.proc.returncode}:\n{self.log.read_text()[-3000:]}")
            try:
                self.api("/api/status", timeout=5)
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"jupyter lab did not answer in {timeout} s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                self.api("/api/shutdown", method="POST", timeout=10)
                self.proc.wait(timeout=20)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._out.close()


# ---------------------------------------------------------------------------
# the notebooks a student would have
# ---------------------------------------------------------------------------
def _strip_markers(source: str) -> str:
    from course.cells import MARKERS

    return "\n".join(line for line in source.splitlines() if not any(m in line for m in MARKERS.all()))


def solved(release_nb, solution_nb, written: str):
    """The release notebook with the solution's answer bodies typed into its answer cells (what a
    student who solved everything has: release test cells and checksums, no hidden tests)."""
    import copy

    from course.cells import grade_id, is_answer, is_manual

    answers = {grade_id(c): _strip_markers(c.source) for c in solution_nb.cells if is_answer(c)}
    nb = copy.deepcopy(release_nb)
    for cell in nb.cells:
        if is_answer(cell):
            cell.source = answers[grade_id(cell)]
        elif is_manual(cell):
            cell.source = written
    return nb


def with_answer(nb, gid: str, body: str):
    """``nb`` with the answer cell ``gid`` replaced: its first line (the ``def``) kept, then ``body``."""
    import copy

    from course.cells import grade_id

    nb = copy.deepcopy(nb)
    cell = next(c for c in nb.cells if grade_id(c) == gid)
    cell.source = cell.source.splitlines()[0] + "\n" + body
    return nb
