"""The limits and the sandbox wrapper alone (the class run checks them with real submissions)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from course import layout
from course.grading import Limits, sandbox

from ..adversarial import cases as adv

ROOT = Path(__file__).resolve().parents[2]
SLUG = adv.SLUG


def test_limits_from_env(monkeypatch):
    monkeypatch.setenv("COURSE_GRADE_CELL_TIMEOUT", "7")
    monkeypatch.setenv("COURSE_GRADE_SANDBOX", "strict")
    lim = Limits.from_env()
    assert lim.cell_timeout == 7 and lim.sandbox == "strict"
    assert lim.iopub_timeout == 30  # from nbgrader_config.py
    monkeypatch.setenv("COURSE_GRADE_SANDBOX", "nope")
    with pytest.raises(SystemExit):
        Limits.from_env()


def test_sandbox_walls(tmp_path):
    """The wrapper alone: a hidden folder, the network and the uid, checked from inside."""
    if os.geteuid() != 0:
        pytest.skip("the full sandbox needs root here; see GRADING.md for what is enforced without it")
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "gradebook.db").write_text("42")
    work = tmp_path / "work" / "autograded"
    work.mkdir(parents=True)
    (work / "data.txt").write_text("mine")
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    uid = sandbox.free_uids(1)[0]
    spec = {
        "mode": "auto", "uid": uid, "gid": uid, "workdir_root": str(work), "report": str(tmp_path / "rep.json"),
        "hide": [str(secret), str(ROOT), "/root"], "private_tmp": ["/tmp"],
        "keep_ro": [sys.prefix, sys.base_prefix], "keep_rw": [], "disk_mb": 16,
        "rlimits": {"as": 2**31, "cpu": 30, "fsize": 2**20, "nofile": 256, "core": 0, "nproc": 64},
        "env": {"PATH": "/usr/bin:/bin"},
    }
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    probe = (
        "import os, socket, json\n"
        "r = {'uid': os.getuid(), 'own': open('data.txt').read()}\n"
        f"r['secret'] = os.path.exists({str(secret / 'gradebook.db')!r})\n"
        f"r['source'] = os.path.exists({str(layout.master_path(SLUG))!r})\n"
        "try:\n"
        f"    socket.create_connection(('127.0.0.1', {port}), timeout=2); r['net'] = True\n"
        "except OSError:\n"
        "    r['net'] = False\n"
        "try:\n"
        "    open('big', 'wb').write(b'x' * 2**21); r['fsize'] = True\n"
        "except OSError:\n"
        "    r['fsize'] = False\n"
        "print(json.dumps(r))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-I", "-S", str(Path(sandbox.__file__)), str(tmp_path / "spec.json"), "--",
         sys.executable, "-c", probe],
        cwd=work, capture_output=True, text=True, timeout=60,
    )
    srv.close()
    report = json.loads((tmp_path / "rep.json").read_text())
    assert proc.returncode == 0, proc.stderr + json.dumps(report)
    seen = json.loads(proc.stdout)
    assert seen["uid"] == uid and seen["own"] == "mine"
    if report.get("filesystem"):
        assert not seen["secret"] and not seen["source"]
    if report.get("network"):
        assert not seen["net"]
    assert not seen["fsize"]
    if report.get("filesystem"):
        assert not (work / "big").exists()  # the working directory the kernel wrote to was a private copy


