"""Inside the sandbox: limits, a private copy of the submission, then the kernel.

Run by :mod:`crmlab.autograde.sandbox` as the first program in the sandbox::

    python -m crmlab.autograde.launch [--memory-limit B] [--cpu-seconds S]
        [--processes N] [--open-files N] [--file-size B] [--preload MODULES]
        [--uid UID] [--ignore-warnings] -- KERNEL COMMAND ...

It is trusted code that runs before any student code: it sets the resource
limits of the process (inherited by everything the student starts), and then
replaces itself with the kernel. ``--preload`` names modules (comma-separated)
that the kernel imports at its start (:mod:`crmlab.autograde.preload`).
:func:`adopt`, run in the kernel before its first cell, copies the
submission's data files into the working folder. When grading runs as
root, the sandbox has no user namespace and ``--uid`` names the kernel's own
uid: the launcher gives it the working folder, drops the capability bounding
set, the supplementary groups and root, and only then starts the kernel, so
that the process limit is counted for that kernel alone. Without the sandbox
(the documented opt-out) it still applies the limits.
"""

from __future__ import annotations

import os
import shutil
import sys

SINGLE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
LIMITS = {
    "--memory-limit": "RLIMIT_AS",
    "--cpu-seconds": "RLIMIT_CPU",
    "--processes": "RLIMIT_NPROC",
    "--open-files": "RLIMIT_NOFILE",
    "--file-size": "RLIMIT_FSIZE",
}
VALUED = ("--preload", "--uid")
NOTEBOOKS = (".ipynb", ".ipynb_checkpoints")
PRELOAD = "CRMLAB_PRELOAD"
USAGE = "usage: python -m crmlab.autograde.launch [--memory-limit BYTES] ... -- COMMAND ..."
PR_CAPBSET_DROP = 24


def _set_limit(name: str, value: int) -> None:
    try:
        import resource

        which = getattr(resource, name)
        _, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        # Soft and hard alike, so that student code cannot raise the limit again.
        resource.setrlimit(which, (value, value))
    except (ImportError, AttributeError, ValueError, OSError) as error:
        print(f"crmlab.autograde: kernel starts without {name} ({error})", file=sys.stderr)


def parse(argv: list[str]) -> tuple[dict[str, str | bool], list[str]]:
    """Split ``OPTIONS -- COMMAND`` into an option dict and the command."""
    if "--" not in argv:
        raise SystemExit(USAGE)
    split = argv.index("--")
    words, cmd = argv[:split], argv[split + 1 :]
    if not cmd:
        raise SystemExit("crmlab.autograde.launch: no kernel command after --")
    options: dict[str, str | bool] = {}
    position = 0
    while position < len(words):
        word = words[position]
        if word == "--ignore-warnings":
            options[word] = True
            position += 1
        elif word in LIMITS or word in VALUED:
            if position + 1 >= len(words):
                raise SystemExit(f"crmlab.autograde.launch: {word} needs a value")
            options[word] = words[position + 1]
            position += 2
        else:
            raise SystemExit(f"crmlab.autograde.launch: unknown option {word!r}. {USAGE}")
    return options, cmd


def adopt(inbox: str) -> int:
    """Copy the submission's data files from ``inbox`` into the working folder; return their count.

    Run in the kernel, by the grader, before any student code
    (:mod:`crmlab.autograde.spares`); notebooks are never among them.
    """
    names = [n for n in os.listdir(inbox) if not n.endswith(NOTEBOOKS)]
    for name in names:
        source = os.path.join(inbox, name)
        if os.path.isdir(source) and not os.path.islink(source):
            shutil.copytree(source, name, dirs_exist_ok=True, symlinks=True)
        else:
            shutil.copy2(source, name, follow_symlinks=False)
    return len(names)


def drop_privileges(uid: int, home: str) -> None:
    """Give ``home`` to ``uid``, then become ``uid`` (gid ``uid``, no groups, no capabilities)."""
    for folder, dirs, files in os.walk(home):
        for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
            os.lchown(name, uid, uid)
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    with open("/proc/sys/kernel/cap_last_cap") as handle:
        last = int(handle.read())
    for capability in range(last + 1):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise SystemExit(f"crmlab.autograde.launch: cannot drop capability {capability}")
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    if os.getresuid() != (uid,) * 3 or os.getresgid() != (uid,) * 3 or os.getgroups():
        raise SystemExit("crmlab.autograde.launch: could not drop root")


def apply(options: dict[str, str | bool], *, in_process: bool = False) -> None:
    """Set the limits, drop to ``--uid`` and set the kernel's environment, in this process.

    ``in_process``: the kernel runs in this very process (forked from a template,
    :mod:`crmlab.autograde.template`), so settings read at Python's start
    (warning filters) are applied here too.
    """
    uid = options.get("--uid")
    if uid is not None and os.geteuid() != 0:
        raise SystemExit("crmlab.autograde.launch: --uid needs root (the sandbox as root)")
    if options.get("--preload"):
        os.environ[PRELOAD] = str(options["--preload"])
    for option, name in LIMITS.items():
        if option in options:
            _set_limit(name, int(options[option]))
    if uid is not None:
        drop_privileges(int(uid), os.getcwd())
    if "--memory-limit" in options:
        for variable in SINGLE_THREAD:
            os.environ.setdefault(variable, "1")
    if options.get("--ignore-warnings"):
        os.environ["PYTHONWARNINGS"] = "ignore"
        if in_process:
            import warnings

            sys.warnoptions.append("ignore")
            warnings.simplefilter("ignore")


def launch(argv: list[str]) -> None:
    """Apply the limits to this process, then replace it with the kernel command."""
    options, cmd = parse(argv)
    apply(options)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    launch(sys.argv[1:])
