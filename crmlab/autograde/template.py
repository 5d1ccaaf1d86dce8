"""Grading kernels forked from a template: Python, IPython and the course's modules imported once.

Starting a kernel costs about half a CPU second (a Python process, IPython,
NumPy, pandas and crmlab), as much as running a notebook of the course. A
*template* is one Python process per grading process, in a bubblewrap sandbox
like a kernel's, that has imported all of that and then only forks: each
grading kernel is a fork of it, isolated again before any student code runs.

What a forked kernel gets, in order (:func:`_kernel_namespaces`,
:func:`_private_mounts`, :func:`_become_kernel`):

- new mount, PID, IPC, network and UTS namespaces, and, as an ordinary user,
  a user namespace of its own mapped to the template's one uid;
- a fresh, size-capped tmpfs as home (working folder) and ``/tmp``; an
  empty, read-only ``/dev/shm``; ``/dev`` read-only; a fresh ``/proc`` that
  shows only its own processes;
- of the template's IPC folder only its own subfolder: the rest (other
  kernels' connection files and sockets, the template's control socket) is
  covered by an empty tmpfs;
- as root, a uid of its own (:class:`crmlab.autograde.sandbox.UidLease`); as
  an ordinary user, no capability left (bounding set, effective, permitted,
  inheritable and ambient sets emptied) and ``no_new_privs``;
- the limits of :mod:`crmlab.autograde.launch` (memory, CPU, processes, open
  files, file size), NumPy's global random state reseeded, and no file
  descriptor of the template's.

The first process in the kernel's PID namespace is a small reaper, like
bwrap's; the kernel is its child. Killing the kernel kills the reaper, and
with it the whole namespace. The template itself never runs student code,
never reads a connection file (the kernel reads its own), and is reached
only through its control socket, which no kernel can see.

The grading process side is :class:`Template` (start, fork, stop) and
:class:`ForkedKernel` (what jupyter_client's provisioner holds as the
kernel's process). ``c.GradingKernelManager.template = False`` starts every
kernel in a sandbox of its own instead.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import sys
import time

SOCKET = "template.sock"
HOME = "/home/student"
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "numpy",
    "pandas",
    "crmlab.grading",
    "crmlab.datasets",
    "crmlab.value",
    "crmlab.states",
    "crmlab.satisfaction",
    "crmlab.loyalty",
    "crmlab.churn",
    "crmlab.retention",
    "crmlab.autograde.launch",
    "crmlab.autograde.probe",
)
# Packages whose modules a fork request may ask the template to import first
# (the modules the instructor's cells import, crmlab.autograde.spares): all
# import without starting a thread. Not matplotlib: a kernel chooses its
# plotting backend when it starts, after the fork.
PRELOADABLE = frozenset({"numpy", "pandas", "scipy", "statsmodels", "sklearn", "crmlab"})

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_MOVE, MS_REC, MS_PRIVATE = 32, 4096, 8192, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 1, 24, 38
PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 47, 4
CAPABILITY_VERSION_3 = 0x20080522
PROC_READ_ONLY = ("sys", "sysrq-trigger", "irq", "bus")

_LIBC = ctypes.CDLL(None, use_errno=True)


def _call(result: int, what: str) -> None:
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str = ""):
    _call(
        _LIBC.mount(
            source.encode() if source else None,
            target.encode(),
            fstype.encode() if fstype else None,
            ctypes.c_ulong(flags),
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def _prctl(option: int, value: int = 0) -> None:
    _call(_LIBC.prctl(option, ctypes.c_ulong(value), 0, 0, 0), f"prctl {option}")


# -- inside a forked kernel ---------------------------------------------------


def _kernel_namespaces(userns: bool) -> None:
    """Unshare this process's namespaces (its next child is PID 1 of the new PID namespace)."""
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWUTS
    _call(_LIBC.unshare(flags | (CLONE_NEWUSER if userns else 0)), "unshare")
    if userns:
        # The template's one uid stays the kernel's (an unprivileged map holds one id).
        for name, text in (
            ("setgroups", "deny"),
            ("uid_map", f"{uid} {uid} 1"),
            ("gid_map", f"{gid} {gid} 1"),
        ):
            with open(f"/proc/self/{name}", "w") as handle:
                handle.write(text)


def _private_mounts(runtime_dir: str, disk_size: int) -> None:
    """Run as PID 1 of the kernel's namespaces: its own tmpfs, IPC folder and /proc."""
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    options = MS_NOSUID | MS_NODEV
    _mount("tmpfs", HOME, "tmpfs", options, f"size={disk_size},mode=0755")
    # Of the template's IPC folder the kernel keeps its own subfolder only: it is
    # held aside, the template's folder is covered, and it comes back alone.
    hold = os.path.join(HOME, ".crmlab-ipc")
    os.mkdir(hold)
    _mount(runtime_dir, hold, None, MS_BIND)
    _mount("tmpfs", "/tmp", "tmpfs", options, f"size={disk_size},mode=1777")
    parent = os.path.dirname(runtime_dir)
    if os.path.isdir(parent):  # a template folder outside /tmp
        _mount("tmpfs", parent, "tmpfs", options, "size=64k,mode=0755")
    os.makedirs(runtime_dir)
    _mount(hold, runtime_dir, None, MS_MOVE)
    os.rmdir(hold)
    if os.path.isdir("/dev/shm"):
        # Empty and read-only, as in a kernel's own sandbox: shared by none.
        _mount("tmpfs", "/dev/shm", "tmpfs", options | MS_RDONLY, "size=4k,mode=0755")
    _mount(None, "/dev", None, MS_REMOUNT | MS_BIND | MS_RDONLY | options)
    _mount("proc", "/proc", "proc", options | MS_NOEXEC)
    for name in PROC_READ_ONLY:
        path = f"/proc/{name}"
        if os.path.exists(path):
            _mount(path, path, None, MS_BIND | MS_REC)
            _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | options)


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def drop_capabilities() -> None:
    """Leave this process without any capability, for good (raises if one is left)."""
    with open("/proc/sys/kernel/cap_last_cap") as handle:
        last = int(handle.read())
    for capability in range(last + 1):
        _prctl(PR_CAPBSET_DROP, capability)
    _call(_LIBC.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "prctl ambient")
    header = _CapHeader(CAPABILITY_VERSION_3, 0)
    empty = (_CapData * 2)()
    _call(_LIBC.capset(ctypes.byref(header), empty), "capset")
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    with open("/proc/self/status") as handle:
        sets = dict(line.split(":", 1) for line in handle if line.startswith("Cap"))
    if any(int(value, 16) for value in sets.values()):
        raise SystemExit(f"crmlab.autograde.template: capabilities left: {sets}")


def _become_kernel(request: dict) -> None:
    """In the kernel's process: limits, uid, environment, then ipykernel (never returns)."""
    from crmlab.autograde import launch

    options, _ = launch.parse([*request["launch_options"], "--", "kernel"])
    os.chdir(HOME)
    os.environ["PWD"] = HOME
    launch.apply(options, in_process=True)
    if request.get("uid") is None:
        drop_capabilities()
    else:
        _prctl(PR_SET_NO_NEW_PRIVS, 1)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    sys.argv = ["ipykernel_launcher", *request["kernel_args"]]
    from ipykernel import kernelapp

    code = 0
    try:
        kernelapp.launch_new_instance()
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    except BaseException:
        code = 1
    os._exit(code)


def _status(status: int) -> int:
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code


def _reaper(request: dict, parent_alive: int) -> None:
    """PID 1 of the kernel's namespaces: mounts, the kernel, then wait for it (never returns)."""
    try:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        os.set_blocking(parent_alive, False)
        try:
            if os.read(parent_alive, 1) == b"":
                os._exit(1)  # the template's child left before the signal was set
        except BlockingIOError:
            pass
        os.close(parent_alive)
        _private_mounts(request["runtime_dir"], request["disk_size"])
        kernel = os.fork()
        if kernel == 0:
            _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            _become_kernel(request)
        uid = request.get("uid")
        if uid is None:
            drop_capabilities()
        else:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_DFL)  # PID 1 ignores them from inside
        while True:
            pid, status = os.wait()
            if pid == kernel:
                os._exit(_status(status))
    except BaseException as error:
        print(f"crmlab.autograde.template: kernel set-up failed: {error}", file=sys.stderr)
        os._exit(1)


def _forked(request: dict, report: int) -> None:
    """The template's child for one kernel: namespaces, then the reaper (never returns).

    It writes the reaper's pid to ``report``, and exits when the reaper is
    gone, which is only once every process of the kernel's PID namespace is.
    """
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.closerange(3, report)
        os.closerange(report + 1, os.sysconf("SC_OPEN_MAX"))
        _kernel_namespaces(request.get("uid") is None)
        alive_read, alive_write = os.pipe()
        reaper = os.fork()
        if reaper == 0:
            os.close(alive_write)
            os.close(report)
            _reaper(request, alive_read)
        os.close(alive_read)
        os.write(report, f"{reaper}\n".encode())
        os.close(report)
        _, status = os.waitpid(reaper, 0)
        os._exit(_status(status))
    except BaseException as error:
        print(f"crmlab.autograde.template: cannot fork a kernel: {error}", file=sys.stderr)
        os._exit(1)


# -- the template process -----------------------------------------------------


def _read_line(connection: socket.socket) -> tuple[bytes, bytes]:
    """One line from ``connection``, and whatever came after it."""
    data = b""
    while b"\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            raise OSError("connection closed before a whole line")
        data += chunk
    line, rest = data.split(b"\n", 1)
    return line, rest


def _preload(names) -> None:
    import importlib
    import threading

    for name in names:
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except Exception:  # a kernel imports it itself, and shows the error there
            pass
        if threading.active_count() != 1:
            print(
                f"crmlab.autograde.template: importing {name} started a thread; "
                "forks may hang: set c.GradingKernelManager.template = False",
                file=sys.stderr,
            )


class _Server:
    """The template's loop: one connection per kernel, fork on request, report the exit.

    A failure while serving one connection closes that connection (and kills
    its kernel) and is written to stderr; the loop, and every other kernel,
    goes on.
    """

    def __init__(self, folder: str) -> None:
        import selectors

        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(os.path.join(folder, SOCKET))
        self.listener.listen(64)
        self.wake_read, wake_write = os.pipe()
        os.set_blocking(self.wake_read, False)
        os.set_blocking(wake_write, False)
        signal.set_wakeup_fd(wake_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.listener, selectors.EVENT_READ)
        self.selector.register(self.wake_read, selectors.EVENT_READ)
        self.children: dict[int, socket.socket | None] = {}  # child -> its grader's line
        self.reapers: dict[int, int] = {}  # child -> PID 1 of its kernel's namespace
        self.pids: dict[socket.socket, int] = {}

    def forget(self, connection: socket.socket) -> None:
        if connection in self.pids:
            self.selector.unregister(connection)
            pid = self.pids.pop(connection)
            if self.children.get(pid) is connection:
                self.children[pid] = None
        connection.close()

    def kill(self, pid: int) -> None:
        # PID 1 of the kernel's namespace: its death takes every process there
        # with it, and the template's child exits after that.
        try:
            os.kill(self.reapers.get(pid, pid), signal.SIGKILL)
        except ProcessLookupError:
            pass

    def accept(self) -> None:
        import selectors

        connection, _ = self.listener.accept()
        connection.settimeout(10)
        try:
            line, _ = _read_line(connection)
            request = json.loads(line)
        except (OSError, ValueError):
            connection.close()
            raise
        wanted = request.get("preload") or []
        _preload([n for n in wanted if isinstance(n, str) and n.split(".")[0] in PRELOADABLE])
        report_read, report_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            _forked(request, report_write)
        os.close(report_write)
        with os.fdopen(report_read, "rb") as report:
            reported = report.read().strip()
        if reported.isdigit():
            self.reapers[pid] = int(reported)
        self.children[pid] = connection
        self.pids[connection] = pid
        self.selector.register(connection, selectors.EVENT_READ)
        try:
            connection.sendall(json.dumps({"pid": pid}).encode() + b"\n")
        except OSError:  # the grader left: so does its kernel
            self.kill(pid)
            self.forget(connection)
            raise
        connection.settimeout(None)

    def reap(self) -> None:
        while True:
            try:
                if not os.read(self.wake_read, 512):
                    break
            except BlockingIOError:
                break
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.reapers.pop(pid, None)
            connection = self.children.pop(pid, None)
            if connection is not None:
                try:
                    connection.sendall(json.dumps({"exit": _status(status)}).encode() + b"\n")
                except OSError:
                    pass
                self.forget(connection)

    def command(self, connection: socket.socket) -> None:
        """Anything from the grader (``kill``), or the end of its line, kills the kernel."""
        try:
            data = connection.recv(64)
        except OSError:
            data = b""
        pid = self.pids.get(connection)
        if pid in self.children:
            self.kill(pid)
        if not data:
            self.forget(connection)

    def run(self) -> None:
        while True:
            for key, _ in self.selector.select():
                try:
                    if key.fileobj is self.listener:
                        self.accept()
                    elif key.fileobj == self.wake_read:
                        self.reap()
                    else:
                        self.command(key.fileobj)
                except Exception as error:
                    print(f"crmlab.autograde.template: {error!r}", file=sys.stderr)
                    if isinstance(key.fileobj, socket.socket) and key.fileobj is not self.listener:
                        pid = self.pids.get(key.fileobj)
                        if pid is not None:
                            self.kill(pid)
                        self.forget(key.fileobj)


def serve(folder: str) -> None:
    """Import the modules every kernel needs, then serve fork requests (never returns)."""
    import threading

    _preload(PRELOAD)
    if threading.active_count() != 1:
        raise SystemExit("crmlab.autograde.template: a thread started while importing; cannot fork")
    _Server(folder).run()


# -- the grading process's side -----------------------------------------------


def forkable(cmd: list[str]) -> bool:
    """Whether the kernel command ``cmd`` is this Python's ipykernel (a template can fork it).

    >>> import sys
    >>> forkable([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"])
    True
    >>> forkable(["/opt/R/bin/R", "--slave", "-e", "IRkernel::main()"])
    False
    """
    return (
        len(cmd) >= 3
        and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable)
        and cmd[1:3] == ["-m", "ipykernel_launcher"]
    )


class ForkedKernel:
    """A forked kernel as jupyter_client's provisioner sees it: a ``Popen``-like handle.

    Any signal that ends a process (and :meth:`kill`, :meth:`terminate`) kills
    the kernel and its namespace; other signals are not forwarded (grading
    interrupts kernels over the control channel).
    """

    stdin = stdout = stderr = None
    ENDING = (signal.SIGKILL, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)

    def __init__(self, connection: socket.socket, pid: int, buffered: bytes = b"") -> None:
        self._connection = connection
        self._buffer = buffered
        self.pid = pid
        self.returncode: int | None = None

    def _parse(self) -> None:
        while self.returncode is None and b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            message = json.loads(line)
            if "exit" in message:
                self.returncode = int(message["exit"])
                self._connection.close()

    def _read(self, timeout: float | None) -> None:
        self._parse()
        if self.returncode is not None:
            return
        self._connection.settimeout(timeout)
        try:
            data = self._connection.recv(4096)
        except (BlockingIOError, TimeoutError):
            return
        except OSError:
            data = b""
        if not data:
            self.returncode = -signal.SIGKILL  # the template went away, and its kernels with it
            self._connection.close()
            return
        self._buffer += data
        self._parse()

    def poll(self) -> int | None:
        self._read(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.returncode is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                import subprocess

                raise subprocess.TimeoutExpired("forked kernel", timeout)
            self._read(left)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if signum in self.ENDING and self.returncode is None:
            try:
                self._connection.sendall(b"kill\n")
            except OSError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class Template:
    """The template of this grading process (started on first use, stopped at exit)."""

    def __init__(self) -> None:
        self.process = None
        self.folder: str | None = None
        self.key: tuple | None = None

    def _stop(self) -> None:
        import shutil

        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.process = None
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def ensure(self, *, bwrap: str, disk_size: int, root_mode: bool) -> str:
        """Start the template unless it runs; return its IPC folder (kernels' folders go in it)."""
        import subprocess
        import tempfile

        from crmlab.autograde import sandbox

        key = (bwrap, disk_size, root_mode)
        if self.process is not None and self.process.poll() is None and self.key == key:
            return self.folder
        self._stop()
        self.folder = tempfile.mkdtemp(prefix="crmlab-template-")
        os.chmod(self.folder, 0o711)
        self.key = key
        command = sandbox.template_command(
            bwrap=bwrap, folder=self.folder, disk_size=disk_size, root_mode=root_mode
        )
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
        path = os.path.join(self.folder, SOCKET)
        deadline = time.monotonic() + 120
        while not os.path.exists(path):
            if self.process.poll() is not None or time.monotonic() > deadline:
                code = self.process.poll()
                self._stop()
                raise sandbox.SandboxUnavailable(
                    f"the grading kernels' template did not start (exit code {code}); "
                    "set c.GradingKernelManager.template = False to start every kernel "
                    "in a sandbox of its own"
                )
            time.sleep(0.02)
        return self.folder

    def fork(self, request: dict) -> ForkedKernel:
        """A new kernel, forked and isolated as in the module's docstring."""
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(60)
        connection.connect(os.path.join(self.folder, SOCKET))
        connection.sendall(json.dumps(request).encode() + b"\n")
        try:
            line, rest = _read_line(connection)
        except OSError as error:
            connection.close()
            raise RuntimeError(
                f"crmlab: the grading kernels' template did not answer ({error})"
            ) from error
        return ForkedKernel(connection, int(json.loads(line)["pid"]), rest)

    def close(self) -> None:
        self._stop()


TEMPLATE = Template()


if __name__ == "__main__":
    serve(sys.argv[1])
