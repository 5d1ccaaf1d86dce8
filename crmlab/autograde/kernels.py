"""The kernel manager and Execute preprocessor of grading (nbgrader plug-ins)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

DEFAULT_MEMORY_LIMIT = 3 * 1024**3


def _build_kernel_manager():
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import Bool, Integer

    from crmlab.autograde import sandbox
    from crmlab.autograde import template as kernel_template

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
        template = Bool(
            True,
            help="Fork sandboxed kernels from a template that imported Python's and the "
            "course's modules once (crmlab.autograde.template); False starts every kernel "
            "in a sandbox of its own.",
        ).tag(config=True)

        _runtime_dir = None
        _lease = None
        _fork_request = None
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
                bwrap = sandbox.bwrap_binary()
                sandbox.check_sandbox(bwrap)
                parent = None
                if self.template:
                    parent = kernel_template.TEMPLATE.ensure(
                        bwrap=bwrap, disk_size=self.disk_size, root_mode=os.geteuid() == 0
                    )
                self._runtime_dir = tempfile.mkdtemp(prefix="crmlab-kernel-", dir=parent)
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
            self._fork_request = None
            if not self.sandbox:
                if not options:
                    return cmd
                return [sys.executable, "-m", "crmlab.autograde.launch", *options, "--", *cmd]
            uid = self._lease.uid if self._lease is not None else None
            if self.template and kernel_template.forkable(cmd):
                own = ["--uid", str(uid)] if uid is not None else []
                self._fork_request = {
                    "kernel_args": cmd[3:],
                    "launch_options": [*options, *own],
                    "uid": uid,
                    "runtime_dir": self._runtime_dir,
                    "disk_size": self.disk_size,
                    "preload": list(self.preload),
                }
                return cmd
            return sandbox.sandbox_command(
                cmd,
                bwrap=sandbox.bwrap_binary(),
                runtime_dir=self._runtime_dir,
                disk_size=self.disk_size,
                launch_options=options,
                uid=uid,
            )

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            if self._fork_request is None:
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            process = kernel_template.TEMPLATE.fork(self._fork_request)
            self.provisioner.process = process
            self.provisioner.pid = process.pid
            self.provisioner.pgid = None
            self._reconcile_connection_info(self.provisioner.connection_info)

        async def _async_kill_kernel(self, restart=False):
            process = getattr(self.provisioner, "process", None)
            if isinstance(process, kernel_template.ForkedKernel):
                # The template reports the end of the kernel's namespace at once:
                # waiting for it spares jupyter_client's 0.1 s polls.
                process.kill()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.log.warning("crmlab: a forked kernel did not end within 5 s")
            await super()._async_kill_kernel(restart=restart)

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


def instructor_cells(resources: dict) -> dict[str, tuple[str, str]]:
    """grade_id -> (role, source) of the instructor's code cells, read from the gradebook.

    Roles: ``"test"`` (graded, not an answer: runs in the checker only) and
    ``"setup"`` (locked, not graded, not an answer: runs in the student's
    kernel and in the checker). The sources are the instructor's, hidden
    tests included; nothing in the submitted notebook can add to them.
    """
    from nbgrader.api import Gradebook

    info = (resources or {}).get("nbgrader") or {}
    if not info.get("db_url"):
        raise ValueError(
            "GradingExecute needs the gradebook to tell the instructor's cells from the "
            "student's: run it through `nbgrader autograde` or `crmlab grade`, got no "
            "resources['nbgrader']['db_url']."
        )
    roles = {}
    with Gradebook(info["db_url"]) as gradebook:
        notebook = gradebook.find_notebook(info["notebook"], info["assignment"])
        graded = {c.name for c in notebook.grade_cells}
        answers = {c.name for c in notebook.solution_cells}
        for cell in notebook.source_cells:
            if cell.cell_type != "code" or cell.name in answers:
                continue
            if cell.name in graded:
                roles[cell.name] = ("test", cell.source)
            elif cell.locked:
                roles[cell.name] = ("setup", cell.source)
    return roles


def _line_offset(shown: str, trusted: str) -> int:
    """Lines nbgrader put before the instructor's source (a restored cell's notice)."""
    if shown != trusted and shown.endswith(trusted):
        return shown[: len(shown) - len(trusted)].count("\n")
    return 0


def _build_execute():
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbformat.notebooknode import NotebookNode
    from nbgrader.preprocessors import Execute
    from traitlets import Integer

    from crmlab.autograde import checker, link, nbgrader_class, spares, tamper

    class GradingExecute(Execute):
        """nbgrader's Execute with sandboxed student kernels and trusted verdicts.

        nbgrader's ``Execute.__init__`` passes ``kernel_manager_class`` as a
        keyword argument, which wins over ``c.Execute.kernel_manager_class`` in
        a config file, so the manager is chosen here instead. Every ``Execute``
        option (``c.Execute.timeout``, ``--Execute.timeout=5``) still applies.

        The instructor's cells are read from the gradebook
        (:func:`instructor_cells`). Student cells and setup cells run in the
        student's sandboxed kernel; test cells run in the trusted checker
        (:mod:`crmlab.autograde.checker`), which fetches the student's values
        and calls the student's functions as data, and writes the test's
        outcome into the cell's outputs: nbgrader scores the checker's
        verdict, never the student kernel's.

        Detection stays: before the notebook runs, every answer cell is
        scanned (:func:`crmlab.autograde.tamper.scan`); before every test cell,
        the kernel answers a probe (:mod:`crmlab.autograde.probe`). A kernel
        that dies or cannot be interrupted, and an answer cell that runs past
        the time limit, are flags too. From the first flag on no cell runs,
        test cells get an error output (0 points), and the flags go to
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
            self._roles = instructor_cells(resources)
            self._seen = set()
            self._static = {}
            for index, cell in enumerate(nb.cells):
                if _is_answer_cell(cell):
                    reasons = tamper.scan(cell.source)
                    if reasons:
                        self._static[index] = (cell.metadata["nbgrader"]["grade_id"], reasons)
            self._flags = []
            self._link = self._checker = None
            resources["crmlab_flags"] = self._flags
            resources["crmlab_zeroed"] = []
            return self._preprocess_in_spare(nb, resources, km)

        def _flag(self, grade_id: str, reason: str) -> None:
            self._flags.append({"cell": grade_id, "reason": reason})

        def _role(self, cell) -> tuple[str | None, str]:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if cell.cell_type != "code" or grade_id not in self._roles or grade_id in self._seen:
                return None, ""
            self._seen.add(grade_id)
            return self._roles[grade_id]

        def _kernel_link(self):
            if self._link is None or self._link.client is not self.kc:
                self._link = link.KernelLink(self.kc, self.km, self.timeout)
                self._checker = checker.Checker(self._link)
            return self._link, self._checker

        def preprocess_cell(self, cell, resources, index):
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {index}")
            if index in self._static:
                answer_id, reasons = self._static.pop(index)
                self._flags += [{"cell": answer_id, "reason": r} for r in reasons]
            role, source = self._role(cell)
            if cell.cell_type != "code":
                return cell, resources
            if self._flags:
                # Flagged code never runs again: nothing after it can be trusted,
                # and a hooked kernel is not given the tests to look at.
                cell.outputs = [_flag_output([f["reason"] for f in self._flags])] if role else []
                if role == "test":
                    resources["crmlab_zeroed"].append(grade_id)
                return cell, resources
            if role == "test":
                return self._run_test(cell, resources, index, grade_id, source)
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
                if role == "setup":
                    self._run_setup(cell, index, grade_id, source)
            return cell, resources

        def _run_setup(self, cell, index, grade_id, source) -> None:
            """The setup cell again, in the checker (its outputs there are not kept)."""
            kernel, trusted = self._kernel_link()
            kernel.start_cell()
            try:
                wanted = trusted.wanted(source)
                answers = {}
                if wanted:
                    reply = kernel.evaluate({"fetch": link.fetch_expression(wanted)})
                    answers = link.payload(reply, "fetch")
                trusted.run(source, index + 1, trusted.values(answers, wanted))
            except checker.KernelGone as gone:
                self._flag(grade_id, str(gone))
            except Exception as error:  # the cell's names stay undefined in the checker
                self.log.warning("setup cell %s failed in the checker: %s", grade_id, error)

        def _run_test(self, cell, resources, index, grade_id, source):
            kernel, trusted = self._kernel_link()
            kernel.start_cell()
            wanted = trusted.wanted(source)
            expressions = {"probe": tamper.PROBE}
            if wanted:
                expressions["fetch"] = link.fetch_expression(wanted)
            try:
                reply = kernel.evaluate(expressions)
                reasons = tamper.parse_probe(reply)
            except checker.KernelGone as gone:
                reply, reasons = None, [str(gone)]
            except Exception as error:  # a hung kernel is evidence too
                reply, reasons = None, [f"runtime probe: {type(error).__name__}"]
            self._flags += [{"cell": grade_id, "reason": r} for r in reasons]
            if not self._flags:
                try:
                    answers = link.payload(reply, "fetch") if wanted else {}
                    fetched = trusted.values(answers if isinstance(answers, dict) else {}, wanted)
                except Exception as error:
                    fetched = {n: _unreadable(n, error) for n in wanted}
                offset = _line_offset(cell.source, source)
                try:
                    outputs = trusted.run(source, index + 1, fetched, line_offset=offset)
                except checker.KernelGone as gone:
                    self._flag(grade_id, str(gone))
                else:
                    cell.outputs = [NotebookNode(o) for o in outputs]
                    cell.execution_count = index + 1
                    self._replay_imports(source)
                    return cell, resources
            cell.outputs = [_flag_output([f["reason"] for f in self._flags])]
            resources["crmlab_zeroed"].append(grade_id)
            return cell, resources

        def _replay_imports(self, source: str) -> None:
            """The test's visible imports, in the student's kernel (later cells may use them).

            Not waited for: the kernel runs requests in order, and every reader
            of its replies skips those it did not ask for.
            """
            code = checker.visible_imports(source)
            if code:
                self.kc.execute(code, silent=True, store_history=False)

    GradingExecute.__module__ = "crmlab.autograde"
    GradingExecute.__qualname__ = "GradingExecute"
    return GradingExecute


def _unreadable(name: str, error: Exception):
    from crmlab.autograde import checker

    return checker.UnreadableValue(
        f"the grader could not read {name} from the student's kernel ({type(error).__name__})"
    )
