"""The kernel manager and Execute preprocessor of grading (nbgrader plug-ins)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

DEFAULT_MEMORY_LIMIT = 3 * 1024**3


def _build_kernel_manager():
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import Bool, Integer

    from crmlab.autograde import sandbox

    class GradingKernelManager(AsyncKernelManager):
        """Kernel manager for autograding: a sandbox, resource limits, warnings silenced.

        With ``sandbox`` on (the default) every kernel starts in a bubblewrap
        sandbox (:mod:`crmlab.autograde.sandbox`): no network, no view of the
        course, the gradebook or other submissions, an unprivileged uid and
        its own PID namespace, talking over IPC sockets. If the sandbox cannot
        start, the kernel does not start either, with a message saying how to
        fix the machine. ``sandbox = False`` is the documented opt-out.

        Limits (all set before student code runs, 0 for none): ``memory_limit``
        caps the address space (past it an allocation raises MemoryError in
        the student's cell); ``cpu_seconds``, ``processes``, ``open_files``
        and ``file_size`` cap CPU time, processes (a fork bomb), open files
        and the size of one file; ``disk_size`` is the size of the tmpfs that
        holds the working copy of the submission. BLAS runs single-threaded.

        nbgrader gives a test cell zero points when it writes anything to
        stderr, so ``ignore_warnings`` (on by default) silences Python
        warnings: a correct answer that triggers a RuntimeWarning keeps its points.
        """

        sandbox = Bool(
            True,
            help="Run student kernels in the bubblewrap sandbox. False grades unsandboxed: "
            "student code then runs with your rights (see INSTRUCTORS.md).",
        ).tag(config=True)
        memory_limit = Integer(
            DEFAULT_MEMORY_LIMIT,
            help="Cap on the address space of a grading kernel, in bytes; 0 for no cap.",
        ).tag(config=True)
        cpu_seconds = Integer(600, help="CPU seconds of a grading kernel; 0 for no cap.").tag(
            config=True
        )
        processes = Integer(
            64, help="Processes (and threads) of the sandbox's uid; 0 for no cap."
        ).tag(config=True)
        open_files = Integer(256, help="Open files of a grading kernel; 0 for no cap.").tag(
            config=True
        )
        file_size = Integer(
            64 * 1024**2, help="Largest file a grading kernel may write, bytes; 0 for no cap."
        ).tag(config=True)
        disk_size = Integer(
            256 * 1024**2, help="Size of the sandbox's writable tmpfs (working copy), bytes."
        ).tag(config=True)
        ignore_warnings = Bool(
            True, help="Silence Python warnings in grading kernels (stderr costs points)."
        ).tag(config=True)

        _runtime_dir = None
        _submission_dir = None

        def launch_options(self) -> list[str]:
            options = []
            for flag, value in (
                ("--memory-limit", self.memory_limit),
                ("--cpu-seconds", self.cpu_seconds),
                ("--processes", self.processes),
                ("--open-files", self.open_files),
                ("--file-size", self.file_size),
            ):
                if value:
                    options += [flag, str(int(value))]
            if self.ignore_warnings:
                options.append("--ignore-warnings")
            return options

        async def _async_pre_start_kernel(self, **kw):
            if self.sandbox:
                sandbox.check_sandbox(sandbox.bwrap_binary())
                self._submission_dir = kw.get("cwd") or os.getcwd()
                self._runtime_dir = tempfile.mkdtemp(prefix="crmlab-kernel-")
                self.transport = "ipc"
                self.ip = os.path.join(self._runtime_dir, "kernel")
                self.connection_file = os.path.join(self._runtime_dir, "kernel.json")
                # --new-session keeps signals to bwrap's process group away from
                # the kernel, so interrupts (cell timeouts) go over the control channel.
                self.kernel_spec.interrupt_mode = "message"
            return await super()._async_pre_start_kernel(**kw)

        def format_kernel_cmd(self, extra_arguments=None):
            cmd = super().format_kernel_cmd(extra_arguments)
            options = self.launch_options()
            if not self.sandbox:
                if not options:
                    return cmd
                return [sys.executable, "-m", "crmlab.autograde.launch", *options, "--", *cmd]
            return sandbox.sandbox_command(
                cmd,
                bwrap=sandbox.bwrap_binary(),
                runtime_dir=self._runtime_dir,
                submission_dir=self._submission_dir,
                disk_size=self.disk_size,
                launch_options=options,
            )

        async def _async_cleanup_resources(self, restart=False):
            await super()._async_cleanup_resources(restart=restart)
            if self._runtime_dir and not restart:
                shutil.rmtree(self._runtime_dir, ignore_errors=True)
                self._runtime_dir = None

        cleanup_resources = _async_cleanup_resources

    GradingKernelManager.__module__ = "crmlab.autograde"
    GradingKernelManager.__qualname__ = "GradingKernelManager"
    return GradingKernelManager


def _build_execute():
    from nbgrader.preprocessors import Execute

    from crmlab.autograde import nbgrader_class

    class GradingExecute(Execute):
        """nbgrader's Execute preprocessor with the sandboxed :class:`GradingKernelManager`.

        nbgrader's ``Execute.__init__`` passes ``kernel_manager_class`` as a
        keyword argument, which wins over ``c.Execute.kernel_manager_class`` in
        a config file, so the manager is chosen here instead. Every ``Execute``
        option (``c.Execute.timeout``, ``--Execute.timeout=5``) still applies.
        """

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("kernel_manager_class", nbgrader_class("GradingKernelManager"))
            super().__init__(*args, **kwargs)

    GradingExecute.__module__ = "crmlab.autograde"
    GradingExecute.__qualname__ = "GradingExecute"
    return GradingExecute
