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
        _lease = None
        preload: tuple[str, ...] = ()  # modules the kernel imports at its start (spares.py)

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
            if self.preload:
                options += ["--preload", ",".join(self.preload)]
            return options

        async def _async_pre_start_kernel(self, **kw):
            if self.sandbox:
                sandbox.check_sandbox(sandbox.bwrap_binary())
                self._runtime_dir = tempfile.mkdtemp(prefix="crmlab-kernel-")
                if os.geteuid() == 0 and self._lease is None:
                    self._lease = sandbox.UidLease()
                    self._lease.give(self._runtime_dir)
                self.transport = "ipc"
                self.ip = os.path.join(self._runtime_dir, "kernel")
                self.connection_file = os.path.join(self._runtime_dir, "kernel.json")
                # --new-session keeps signals to bwrap's process group away from
                # the kernel, so interrupts (cell timeouts) go over the control channel.
                self.kernel_spec.interrupt_mode = "message"
            started = await super()._async_pre_start_kernel(**kw)
            if self.sandbox and self._lease is not None:
                self._lease.give(self.connection_file)
            return started

        def format_kernel_cmd(self, extra_arguments=None):
            cmd = super().format_kernel_cmd(extra_arguments)
            if self.preload:
                cmd.append("--IPKernelApp.extensions=crmlab.autograde.preload")
            options = self.launch_options()
            if not self.sandbox:
                if not options:
                    return cmd
                return [sys.executable, "-m", "crmlab.autograde.launch", *options, "--", *cmd]
            return sandbox.sandbox_command(
                cmd,
                bwrap=sandbox.bwrap_binary(),
                runtime_dir=self._runtime_dir,
                disk_size=self.disk_size,
                launch_options=options,
                uid=self._lease.uid if self._lease is not None else None,
            )

        async def _async_cleanup_resources(self, restart=False):
            await super()._async_cleanup_resources(restart=restart)
            if self._runtime_dir and not restart:
                shutil.rmtree(self._runtime_dir, ignore_errors=True)
                self._runtime_dir = None
            if self._lease is not None and not restart:
                self._lease.release()
                self._lease = None

        cleanup_resources = _async_cleanup_resources

    GradingKernelManager.__module__ = "crmlab.autograde"
    GradingKernelManager.__qualname__ = "GradingKernelManager"
    return GradingKernelManager


def _is_test_cell(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def _is_answer_cell(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("solution"))


def _flag_output(reasons: list[str]):
    from nbformat.notebooknode import NotebookNode

    text = "; ".join(reasons[:5])
    message = f"not graded: this submission was flagged for the instructor's review ({text})"
    return NotebookNode(
        output_type="error",
        ename="GradingFlag",
        evalue=message,
        traceback=[f"GradingFlag: {message}"],
    )


def _build_execute():
    from jupyter_core.utils import run_sync
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbgrader.preprocessors import Execute
    from traitlets import Integer

    from crmlab.autograde import nbgrader_class, spares, tamper

    class GradingExecute(Execute):
        """nbgrader's Execute with the sandboxed kernel manager and tamper checks.

        nbgrader's ``Execute.__init__`` passes ``kernel_manager_class`` as a
        keyword argument, which wins over ``c.Execute.kernel_manager_class`` in
        a config file, so the manager is chosen here instead. Every ``Execute``
        option (``c.Execute.timeout``, ``--Execute.timeout=5``) still applies.

        Before the notebook runs, every answer cell is scanned
        (:func:`crmlab.autograde.tamper.scan`); before every test cell, the
        kernel answers a probe (:mod:`crmlab.autograde.probe`). A kernel that
        dies or cannot be interrupted, and an answer cell that runs past the
        time limit, are flags too. From the first flag on no cell runs, test
        cells get an error output (0 points), and the flags go to
        ``resources["crmlab_flags"]`` for :class:`TamperCheck`.

        Each notebook gets a fresh sandboxed kernel, started ahead while the
        previous one ran and killed after it (:mod:`crmlab.autograde.spares`).
        """

        spare_kernels = Integer(
            1,
            help="Sandboxed kernels started ahead, while a submission is graded, each for one "
            "later submission (crmlab.autograde.spares); 0 starts each kernel when needed.",
        ).tag(config=True)

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("kernel_manager_class", nbgrader_class("GradingKernelManager"))
            super().__init__(*args, **kwargs)

        # -- kernels: a fresh one per submission, started ahead (spares.py) --
        def start_new_kernel_client(self):
            kc = super().start_new_kernel_client()
            spares.SPARES.hand_over(self, (self.resources or {}).get("metadata", {}).get("path"))
            return kc

        def _preprocess_in_spare(self, nb, resources, km):
            if km is not None:
                return super().preprocess(nb, resources, km=km)
            km = spares.SPARES.take(self, nb)
            if km is None:  # no sandbox: the kernel runs in the submission's own folder
                return super().preprocess(nb, resources)
            try:
                return super().preprocess(nb, resources, km=km)
            finally:
                spares.SPARES.finish(self, km)

        def preprocess(self, nb, resources=None, km=None):
            resources = resources if resources is not None else {}
            self._static = {}
            for index, cell in enumerate(nb.cells):
                if _is_answer_cell(cell):
                    reasons = tamper.scan(cell.source)
                    if reasons:
                        self._static[index] = (cell.metadata["nbgrader"]["grade_id"], reasons)
            self._flags = []
            resources["crmlab_flags"] = self._flags
            resources["crmlab_zeroed"] = []
            return self._preprocess_in_spare(nb, resources, km)

        async def _probe(self):
            msg_id = self.kc.execute(
                "", silent=True, store_history=False, user_expressions={"probe": tamper.PROBE}
            )
            reply = await self.async_wait_for_reply(msg_id)
            return reply["content"] if reply else None

        def _run_probe(self, grade_id: str) -> None:
            try:
                reasons = tamper.parse_probe(run_sync(self._probe)())
            except Exception as error:  # a dead or hung kernel is evidence too
                reasons = [f"runtime probe: {type(error).__name__}"]
            self._flags += [{"cell": grade_id, "reason": r} for r in reasons]

        def _flag(self, grade_id: str, reason: str) -> None:
            self._flags.append({"cell": grade_id, "reason": reason})

        def preprocess_cell(self, cell, resources, index):
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {index}")
            if index in self._static:
                answer_id, reasons = self._static.pop(index)
                self._flags += [{"cell": answer_id, "reason": r} for r in reasons]
            test = _is_test_cell(cell)
            if test and not self._flags:
                self._run_probe(grade_id)
            if cell.cell_type != "code":
                return cell, resources
            if self._flags:
                # Flagged code never runs again: nothing after it can be trusted,
                # and a hooked kernel is not given the tests to look at.
                cell.outputs = [_flag_output([f["reason"] for f in self._flags])] if test else []
                if test:
                    resources["crmlab_zeroed"].append(grade_id)
                return cell, resources
            try:
                cell, resources = super().preprocess_cell(cell, resources, index)
            except DeadKernelError:
                self._flag(grade_id, "the kernel died")
            except CellTimeoutError:
                self._flag(grade_id, "the kernel did not stop at the time limit")
            else:
                names = {o.get("ename") for o in cell.outputs if o.output_type == "error"}
                if _is_answer_cell(cell) and names & {"CellTimeoutError", "KeyboardInterrupt"}:
                    self._flag(grade_id, "an answer cell ran past the time limit")
                return cell, resources
            if test:
                cell.outputs = [_flag_output([f["reason"] for f in self._flags])]
                resources["crmlab_zeroed"].append(grade_id)
            return cell, resources

    GradingExecute.__module__ = "crmlab.autograde"
    GradingExecute.__qualname__ = "GradingExecute"
    return GradingExecute
