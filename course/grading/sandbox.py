"""Run one student's Jupyter kernel in a sandbox.

``course grade`` never runs student code in its own process: nbgrader starts a
kernel, and the kernel is started through this module::

    python -I -S course/grading/sandbox.py SPEC.json -- python -m ipykernel_launcher -f kernel.json ...

The wrapper starts as the grader (root on a grading machine), sets the kernel's
walls up, then ``exec``s the kernel, which keeps only what the walls allow:

* **a separate uid** (root only): a per-worker uid that owns no file, so the
  gradebook, ``source/``, ``solutions/`` and other students' work (mode 0600/0700,
  owned by the grader) cannot be read, the grader's processes cannot be signalled,
  and everything the kernel leaves running is killed after each student;
* **a network namespace** of its own, with no interface up: no network at all,
  not even localhost. The kernel talks to the grader over Unix sockets (ZMQ
  ``ipc`` transport), which do not need a network;
* **a mount namespace** of its own, where the course repository, the
  submissions, the output folder, the grader's work folders, ``/home``,
  ``/root``, ``/run`` and ``/mnt`` are covered with empty read-only tmpfs, the
  Python environment and ``helpers/`` are put back read-only, ``/tmp``,
  ``/var/tmp`` and ``/dev/shm`` are private and size-limited, and the working
  directory is a private size-limited tmpfs holding a copy of that student's
  files only;
* **rlimits**: address space (memory), CPU seconds, size of any file written,
  number of processes (with a separate uid), open files, no core dumps;
* ``PR_SET_NO_NEW_PRIVS`` (no setuid escalation) and ``PR_SET_PDEATHSIG`` (the
  kernel dies with the grading process that started it);
* a clean environment: no variable of the grader reaches the kernel unless it is
  listed in the spec.

Each mechanism is tried and reported (``report`` in the spec: a JSON file the
grader reads back). Where one is not available (not root, no user namespaces, not
Linux), ``mode="auto"`` carries on with what is available and says so in the
report; ``mode="strict"`` refuses to start the kernel; ``mode="off"`` applies the
rlimits only. See GRADING.md for what an instructor should add on a shared server.

This file uses the standard library only and runs as a script (``python -I -S
course/grading/sandbox.py``), so that starting a kernel costs no extra imports;
``course.grading.preprocessors.SandboxKernelManager`` is the kernel manager that starts
kernels this way.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import json
import os
import resource
import shutil
import signal
import stat
import sys
from pathlib import Path

SPEC_ENV = "COURSE_SANDBOX_SPEC"

# <sched.h>, <sys/mount.h>, <sys/prctl.h>
CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38

EXIT_SANDBOX_REFUSED = 70


# ---------------------------------------------------------------------------
# libc calls that Python 3.10/3.11 do not wrap
# ---------------------------------------------------------------------------
_LIBC = None


def _libc():
    global _LIBC
    if _LIBC is None:
        _LIBC = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    return _LIBC


def _check(ret: int, what: str) -> None:
    if ret != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"{what}: {os.strerror(e)}")


def _unshare(flags: int) -> None:
    _check(_libc().unshare(ctypes.c_int(flags)), "unshare")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = lambda s: None if s is None else os.fsencode(s)  # noqa: E731
    ret = _libc().mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data))
    _check(ret, f"mount {target}")


def _prctl(option: int, arg: int) -> None:
    _check(_libc().prctl(option, ctypes.c_ulong(arg), 0, 0, 0), "prctl")


# ---------------------------------------------------------------------------
# paths
# ---------------------------------------------------------------------------
def _under(path: str, parent: str) -> bool:
    return path == parent or path.startswith(parent.rstrip("/") + "/")


def _outermost(paths: list[str]) -> list[str]:
    out: list[str] = []
    for p in sorted(set(paths), key=len):
        if not any(_under(p, q) for q in out):
            out.append(p)
    return out


def _copy_tree(src: str, dst: str, uid: int | None, gid: int | None, budget: list[int]) -> None:
    """Copy regular files and folders (never links, devices...) from ``src`` into ``dst``."""
    for entry in os.scandir(src):
        s = os.path.join(src, entry.name)
        d = os.path.join(dst, entry.name)
        st = os.lstat(s)
        if stat.S_ISDIR(st.st_mode):
            os.mkdir(d, 0o700)
            _copy_tree(s, d, uid, gid, budget)
        elif stat.S_ISREG(st.st_mode):
            budget[0] -= st.st_size
            if budget[0] < 0:
                raise OSError(errno.EFBIG, "the submission's files do not fit the working directory's size limit")
            shutil.copyfile(s, d, follow_symlinks=False)
            os.chmod(d, 0o600 | (st.st_mode & 0o100))
        else:
            continue
        if uid is not None:
            os.chown(d, uid, gid)


def _chown_tree(path: str, uid: int, gid: int) -> None:
    os.chown(path, uid, gid, follow_symlinks=False)
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames:
            os.chown(os.path.join(dirpath, name), uid, gid, follow_symlinks=False)


# ---------------------------------------------------------------------------
# the wrapper
# ---------------------------------------------------------------------------
def _set_rlimits(limits: dict, report: dict) -> None:
    names = {
        "as": resource.RLIMIT_AS,
        "cpu": resource.RLIMIT_CPU,
        "fsize": resource.RLIMIT_FSIZE,
        "nofile": resource.RLIMIT_NOFILE,
        "core": resource.RLIMIT_CORE,
    }
    if hasattr(resource, "RLIMIT_NPROC"):
        names["nproc"] = resource.RLIMIT_NPROC
    for key, value in limits.items():
        if value is None or key not in names:
            continue
        value = int(value)
        hard = value + 5 if key == "cpu" else value  # SIGXCPU first, SIGKILL 5 s later
        try:
            resource.setrlimit(names[key], (value, hard))
            report["rlimits"][key] = value
        except (ValueError, OSError) as exc:
            report["errors"].append(f"rlimit {key}: {exc}")


def _write_map(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def _enter_namespaces(spec: dict, report: dict) -> bool:
    """unshare a mount and a network namespace; True when the mount namespace is ours."""
    want_net = spec.get("network", True)
    is_root = os.geteuid() == 0
    flags = CLONE_NEWNS | (CLONE_NEWNET if want_net else 0)
    uid, gid = os.geteuid(), os.getegid()
    attempts = [flags] if is_root else [flags | CLONE_NEWUSER]
    attempts.append((CLONE_NEWUSER if not is_root else 0) | CLONE_NEWNS)
    if want_net:
        attempts.append((CLONE_NEWUSER if not is_root else 0) | CLONE_NEWNET)
    for fl in attempts:
        try:
            _unshare(fl)
        except OSError as exc:
            report["errors"].append(f"unshare({fl:#x}): {exc.strerror}")
            continue
        if fl & CLONE_NEWUSER:
            try:
                _write_map("/proc/self/setgroups", "deny")
            except OSError:
                pass
            _write_map("/proc/self/uid_map", f"{uid} {uid} 1")
            _write_map("/proc/self/gid_map", f"{gid} {gid} 1")
            report["user_namespace"] = True
        if fl & CLONE_NEWNET:
            report["network"] = "none: a network namespace of its own with no interface up"
        return bool(fl & CLONE_NEWNS)
    return False


def _build_walls(spec: dict, report: dict, cwd: str, uid: int | None, gid: int | None) -> str:
    """In the new mount namespace: hide, put back, and give the kernel private folders. Returns the cwd."""
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    disk = f"{int(spec.get('disk_mb', 512))}m"
    keep_ro = [os.path.realpath(p) for p in spec.get("keep_ro", []) if os.path.exists(p)]
    keep_rw = [os.path.realpath(p) for p in spec.get("keep_rw", []) if os.path.exists(p)]
    hide = [os.path.realpath(p) for p in spec.get("hide", []) if os.path.isdir(p)]
    private = [os.path.realpath(p) for p in spec.get("private_tmp", []) if os.path.isdir(p)]
    # O_PATH handles on what must stay reachable, taken before anything is covered.
    handles = {p: os.open(p, os.O_PATH) for p in keep_ro + keep_rw}
    wd_handle = os.open(cwd, os.O_PATH | os.O_DIRECTORY)
    home = spec.get("home")
    home_handle = os.open(home, os.O_PATH | os.O_DIRECTORY) if home and os.path.isdir(home) else None

    covered = []
    for p in _outermost(hide + private):
        if p in private:
            _mount("tmpfs", p, "tmpfs", MS_NOSUID | MS_NODEV, f"size={disk},mode=1777")
        else:
            _mount("tmpfs", p, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
        covered.append(p)
    report["hidden"] = [p for p in covered if p not in private]
    report["private"] = [p for p in covered if p in private]

    def put_back(path: str, rw: bool) -> None:
        if not any(_under(path, c) for c in covered):
            if not rw:  # not covered but must be read-only for the kernel all the same
                _mount(path, path, None, MS_BIND | MS_REC)
                _mount(None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID)
            return
        if os.path.isdir(f"/proc/self/fd/{handles[path]}"):
            os.makedirs(path, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "a").close()
        _mount(f"/proc/self/fd/{handles[path]}", path, None, MS_BIND | MS_REC)
        if not rw:
            _mount(None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID)

    for p in _outermost(keep_ro):
        put_back(p, rw=False)
    for p in _outermost(keep_rw):
        put_back(p, rw=True)
    report["read_only"] = _outermost(keep_ro)
    # hidden paths that lie inside something put back are covered again
    for p in hide:
        if any(_under(p, k) and p != k for k in keep_ro + keep_rw):
            _mount("tmpfs", p, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")

    # the working directory: a private tmpfs with a copy of the student's files
    os.makedirs(cwd, exist_ok=True)
    _mount("tmpfs", cwd, "tmpfs", MS_NOSUID | MS_NODEV, f"size={disk},mode=0700")
    _copy_tree(f"/proc/self/fd/{wd_handle}", cwd, uid, gid, [int(spec.get("disk_mb", 512)) * 2**20])
    if uid is not None:
        os.chown(cwd, uid, gid)
    report["workdir"] = f"private tmpfs ({disk}) with a copy of the student's files"

    # the home folder: a private tmpfs with a copy of what the grader put there (matplotlib's font cache)
    if home_handle is not None:
        os.makedirs(home, exist_ok=True)
        _mount("tmpfs", home, "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=0700")
        _copy_tree(f"/proc/self/fd/{home_handle}", home, uid, gid, [64 * 2**20])
        if uid is not None:
            os.chown(home, uid, gid)
    for fd in [*handles.values(), wd_handle] + ([home_handle] if home_handle is not None else []):
        os.close(fd)
    return cwd


def run_wrapper(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print("usage: python -I -S sandbox.py SPEC.json -- COMMAND...", file=sys.stderr)
        return 2
    with open(argv[0]) as f:
        spec = json.load(f)
    cmd = list(argv[2:])
    mode = spec.get("mode", "auto")
    report: dict = {"mode": mode, "uid": None, "network": None, "filesystem": None, "rlimits": {}, "errors": []}
    report_fd = os.open(spec["report"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600) if spec.get("report") else None
    # the kernel's own stdout/stderr (not cell outputs): opened now, the folder is hidden later
    log_fd = os.open(spec["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600) if spec.get("log") else None

    def write_report() -> None:
        if report_fd is not None:
            os.ftruncate(report_fd, 0)
            os.pwrite(report_fd, json.dumps(report, indent=1).encode(), 0)

    cwd = os.path.realpath(os.getcwd())
    root = spec.get("workdir_root")
    if root and not _under(cwd, os.path.realpath(root)):
        report["errors"].append(f"refusing to run outside {root}: cwd is {cwd}")
        write_report()
        return EXIT_SANDBOX_REFUSED

    is_root = os.geteuid() == 0
    uid = spec.get("uid") if is_root and mode != "off" else None
    gid = spec.get("gid", uid) if uid is not None else None

    # the connection file: a copy the kernel's uid can read
    if "-f" in cmd and spec.get("ipc_dir"):
        i = cmd.index("-f") + 1
        conn = os.path.join(spec["ipc_dir"], "kernel-sandbox.json")
        shutil.copyfile(cmd[i], conn)
        os.chmod(conn, 0o600)
        if uid is not None:
            os.chown(conn, uid, gid)
            os.chown(spec["ipc_dir"], uid, gid)
        cmd[i] = conn

    if mode != "off":
        try:
            ns = _enter_namespaces(spec, report)
            if ns:
                cwd = _build_walls(spec, report, cwd, uid, gid)
                report["filesystem"] = "mount namespace: course, submissions, outputs and homes hidden"
        except OSError as exc:
            report["errors"].append(f"walls: {exc}")
            report["filesystem"] = None
    if mode != "off" and report["filesystem"] is None and uid is not None:
        # no mount namespace: the uid alone keeps the grader's 0700 folders closed
        for p in (cwd, spec.get("home")):
            if p and os.path.isdir(p):
                _chown_tree(p, uid, gid)

    limits = dict(spec.get("rlimits", {}))
    if uid is None:
        limits.pop("nproc", None)  # would count every process of the grader's own uid
    _set_rlimits(limits, report)

    if log_fd is not None:
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        os.close(log_fd)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)

    parent = os.getppid()
    if uid is not None:
        try:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            report["uid"] = uid
        except OSError as exc:
            report["errors"].append(f"setuid {uid}: {exc}")
    try:
        _prctl(PR_SET_NO_NEW_PRIVS, 1)
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        report["no_new_privs"] = True
    except OSError as exc:
        report["errors"].append(f"prctl: {exc}")
    if os.getppid() != parent:  # the grader died while we were getting ready
        return EXIT_SANDBOX_REFUSED

    missing = []
    if mode == "strict":
        if report["uid"] is None:
            missing.append("a separate uid")
        if report["network"] is None and spec.get("network", True):
            missing.append("a network namespace")
        if report["filesystem"] is None:
            missing.append("a mount namespace")
    if missing:
        report["errors"].append("strict sandbox refused: no " + ", no ".join(missing))
        write_report()
        return EXIT_SANDBOX_REFUSED
    write_report()
    if report_fd is not None:
        os.close(report_fd)
    os.chdir(cwd)
    env = {k: str(v) for k, v in spec.get("env", {}).items()}
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    os.execve(cmd[0], cmd, env)
    return 127  # not reached


# ---------------------------------------------------------------------------
# helpers for the grader
# ---------------------------------------------------------------------------
def kill_uid(uid: int) -> None:
    """Kill every process running as ``uid`` (what a kernel left behind). Root only."""
    if os.geteuid() != 0:
        return
    pid = os.fork()
    if pid == 0:  # child: become uid, kill(-1) reaches exactly that uid's processes
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass
        os._exit(0)
    os.waitpid(pid, 0)


_UID_LOCKS: list = []  # open lock files: a uid stays reserved while this process lives


def _reserve(uid: int) -> bool:
    """Take an exclusive lock on a per-uid file, so that two grading runs never share a uid
    (each kills every process of its uids after each student)."""
    import fcntl
    import tempfile

    path = Path(tempfile.gettempdir()) / f"course-grade-uid-{uid}.lock"
    try:
        f = open(path, "a")  # noqa: SIM115 - held open on purpose
    except OSError:
        return False
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.close()
        return False
    _UID_LOCKS.append(f)
    return True


def free_uids(count: int, start: int = 61000) -> list[int]:
    """``count`` uids with no account, no running process and no other grading run holding
    them, for the kernels of the workers."""
    import pwd

    busy = set()
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                busy.add(d.stat().st_uid)
            except OSError:
                pass
    out = []
    uid = start
    while len(out) < count and uid < start + 4000:
        try:
            pwd.getpwuid(uid)
        except KeyError:
            if uid not in busy and _reserve(uid):
                out.append(uid)
        uid += 1
    return out


def main() -> int:
    return run_wrapper(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
