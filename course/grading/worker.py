"""The worker processes: ``python -m course.grading.worker`` reads one job (JSON) per line on stdin,
grades it (:func:`course.grading.student.grade_job`) and answers one JSON line; the main process
runs a pool of them (:func:`run_pool`), kills one that runs past the time limit, and replaces one
that died."""

from __future__ import annotations

import dataclasses
import json
import os
import select
import signal
import subprocess
import sys
import time
from collections import deque
from pathlib import Path

from .. import layout
from .records import Job, StudentResult
from .student import finish, grade_job


def worker_main() -> int:
    """A long-lived worker: one JSON job per line on stdin, one JSON line per result on fd 3's copy of stdout."""
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything printed (nbgrader, kernels) goes to the log, never into the protocol
    import logging

    logging.disable(logging.WARNING)
    import nbgrader.converters  # noqa: F401 - import once, before the first student
    import nbgrader.preprocessors  # noqa: F401

    from . import preprocessors, screen  # noqa: F401

    proto.write(json.dumps({"ready": os.getpid()}) + "\n")
    for line in sys.stdin:
        if not line.strip():
            continue
        job = Job.from_json(line)
        try:
            res = grade_job(job)
        except BaseException as exc:  # noqa: BLE001 - one student's problem stays that student's
            import traceback

            traceback.print_exc()
            res = finish(job, StudentResult.zero(job, "crashed", [
                *job.notes, f"grading failed: {type(exc).__name__}: {exc}"[:400]]))
        proto.write(json.dumps({"done": job.student, "status": res.status}) + "\n")
    return 0


def _json_or_none(line: bytes):
    try:
        return json.loads(line)
    except ValueError:
        return None


def _die_with_parent() -> None:  # runs in the child between fork and exec
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001
        pass


class _Worker:
    def __init__(self, slot: int, uid: int | None, log: Path):
        self.slot, self.uid = slot, uid
        log.parent.mkdir(parents=True, exist_ok=True)
        self.log = open(log, "ab")  # noqa: SIM115
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "course.grading.worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
            start_new_session=True, preexec_fn=_die_with_parent, env=env, cwd=str(layout.ROOT),
        )
        self.buf = b""
        self.ready = False
        self.job: Job | None = None
        self.deadline = 0.0
        self.started = 0.0

    def send(self, job: Job) -> None:
        job = dataclasses.replace(job, uid=self.uid)
        self.job = job
        self.started = time.monotonic()
        self.deadline = self.started + job.limits["student_timeout"]
        self.proc.stdin.write((job.to_json() + "\n").encode())
        self.proc.stdin.flush()

    def lines(self) -> list[dict] | None:
        data = os.read(self.proc.stdout.fileno(), 1 << 16)
        if not data:
            return None
        self.buf += data
        *complete, self.buf = self.buf.split(b"\n")
        return [m for m in map(_json_or_none, complete) if m is not None]

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        self.sweep()
        self.log.close()

    def sweep(self) -> None:
        if self.uid is not None:
            from .sandbox import kill_uid  # noqa: PLC0415

            kill_uid(self.uid)

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()
        self.sweep()
        if not self.log.closed:
            self.log.close()


def run_pool(jobs: list[Job], workers: int, logs: Path, uids: list[int | None], on_result) -> None:
    """Grade ``jobs`` with ``workers`` worker processes; ``on_result(job, result)`` runs in this process."""
    pending = deque(jobs)
    pool = [_Worker(i, uids[i], logs / f"worker-{i}.log") for i in range(min(workers, len(jobs)))]
    try:
        while pending or any(w.job for w in pool):
            for w in pool:
                if w.ready and w.job is None and pending:
                    w.send(pending.popleft())
            busy = [w for w in pool if w.job]
            now = time.monotonic()
            wait = min([w.deadline - now for w in busy] + [5.0])
            fds = {w.proc.stdout.fileno(): w for w in pool}
            readable, _, _ = select.select(list(fds), [], [], max(0.05, wait))
            for fd in readable:
                w = fds[fd]
                msgs = w.lines()
                if msgs is None:  # the worker died
                    job = w.job
                    code = w.proc.poll()
                    w.kill()
                    pool[pool.index(w)] = _Worker(w.slot, w.uid, logs / f"worker-{w.slot}.log")
                    if job is not None:
                        on_result(job, finish(job, StudentResult.zero(
                            job, "crashed", [*job.notes, f"the grading process died (exit code {code})"])))
                    continue
                for msg in msgs:
                    if "ready" in msg:
                        w.ready = True
                    elif "done" in msg and w.job is not None:
                        job, w.job = w.job, None
                        w.sweep()
                        if pending:  # the worker starts its next student before this one is merged
                            w.send(pending.popleft())
                        path = Path(job.work) / "results" / f"{job.student}.json"
                        on_result(job, StudentResult.from_json(path.read_text()))
            now = time.monotonic()
            for w in list(pool):
                if w.job is not None and now > w.deadline:
                    job = w.job
                    w.kill()
                    pool[pool.index(w)] = _Worker(w.slot, w.uid, logs / f"worker-{w.slot}.log")
                    lim = job.limits["student_timeout"]
                    on_result(job, finish(job, StudentResult.zero(
                        job, "timeout", [*job.notes, f"grading took longer than {lim} s in all: stopped, scored 0"],
                        seconds=float(lim))))
    finally:
        for w in pool:
            if w.job is not None or w.proc.poll() is not None:
                w.kill()
            else:
                w.close()


if __name__ == "__main__":
    sys.exit(worker_main())
