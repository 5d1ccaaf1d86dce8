"""Spare grading kernels: the next submission's kernel starts while this one is graded.

Starting a kernel is the same work for every submission: a fork of the
kernel template (:mod:`crmlab.autograde.template`) and IPython's start, or,
without the template, a whole Python in a sandbox of its own, which takes
about as long as running a notebook of the course. :class:`GradingExecute`
therefore takes its kernel from :data:`SPARES`, a few kernels per grading
process that were started, in their sandboxes, while the previous submission
ran:

- every kernel is still used once, for one submission, and killed after it:
  no student code ever ran in a spare before it is handed out;
- a spare starts without any submission: when it is handed out, the data
  files of the submission folder (never a notebook: nbgrader's copy holds
  the hidden tests) go to an ``inbox`` in the kernel's IPC folder, and the
  kernel copies them into its working folder (:func:`crmlab.autograde.launch.adopt`)
  before the first cell runs;
- a spare imports, while it waits, the modules that the instructor's cells
  (locked cells and tests, restored by nbgrader) of the notebook being graded
  import, among the modules answers may import anyway
  (:data:`crmlab.autograde.tamper.ALLOWED_MODULES`): the notebook's own
  import is then instant, and binds its names as before. With the template,
  the template imports them before it forks (those of
  :data:`crmlab.autograde.template.PRELOADABLE`), once for all kernels.

``c.GradingExecute.spare_kernels`` (default 1) sets the number of spares; 0
starts each kernel when its submission comes. Spares are only used with the
sandbox (an unsandboxed kernel runs in the submission's own folder).
"""

from __future__ import annotations

import ast
import atexit
import os
import shutil

from jupyter_core.utils import run_sync

INBOX = "inbox"
HISTORY = "--HistoryManager.hist_file=:memory:"


def preload_modules(nb) -> list[str]:
    """Modules the instructor's cells of ``nb`` import, among those answers may import.

    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("import numpy as np\\nfrom crmlab import churn")
    >>> cell.metadata["nbgrader"] = {"locked": True, "solution": False}
    >>> preload_modules(nbformat.v4.new_notebook(cells=[cell]))
    ['numpy', 'crmlab']
    """
    from crmlab.autograde import tamper

    found: list[str] = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("locked") or meta.get("solution"):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                if name.split(".")[0] in tamper.ALLOWED_MODULES and name not in found:
                    found.append(name)
    return found


def _kill(km) -> None:
    try:
        run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # already dead: only its files are left to remove
        run_sync(km.cleanup_resources)()


class Spares:
    """The spare kernels of this process (see the module's docstring)."""

    def __init__(self) -> None:
        self.idle: list = []
        self.preload: list[str] = []
        atexit.register(self.close)

    @staticmethod
    def _manager(execute, kernel_name: str):
        named = {"kernel_name": kernel_name} if kernel_name else {}
        return execute.kernel_manager_class(config=execute.config, **named)

    def _start(self, execute, kernel_name: str, km=None):
        if km is None:
            km = self._manager(execute, kernel_name)
        km.preload = tuple(self.preload)
        run_sync(km.start_kernel)(extra_arguments=[*execute.extra_arguments, HISTORY])
        return km

    def take(self, execute, nb):
        """A started, never used sandboxed kernel for ``nb``, or None without the sandbox."""
        kernel_name = execute.kernel_name or nb.metadata.get("kernelspec", {}).get("name", "")
        km = None
        while self.idle and km is None:
            spare = self.idle.pop(0)
            named = spare.kernel_name == kernel_name or not kernel_name
            if named and run_sync(spare.is_alive)():
                km = spare
            else:
                _kill(spare)
        if km is None:
            km = self._manager(execute, kernel_name)
            if not getattr(km, "sandbox", False):
                return None
            km = self._start(execute, kernel_name, km)
        self.preload = preload_modules(nb)
        while len(self.idle) < execute.spare_kernels:
            self.idle.append(self._start(execute, kernel_name))
        return km

    @staticmethod
    def hand_over(execute, folder: str | None) -> None:
        """Give the kernel of ``execute`` the data files of ``folder`` (before any cell runs)."""
        from crmlab.autograde import launch

        km = execute.km
        runtime = getattr(km, "_runtime_dir", None)
        if not folder or not runtime or not os.path.isdir(folder):
            return
        inbox = os.path.join(runtime, INBOX)
        entries = [e for e in sorted(os.listdir(folder)) if not e.endswith(launch.NOTEBOOKS)]
        if not entries:
            return
        os.mkdir(inbox)
        for entry in entries:
            path = os.path.join(folder, entry)
            if os.path.islink(path):
                continue  # the grader follows no link of a student's into the sandbox
            if os.path.isdir(path):
                shutil.copytree(path, os.path.join(inbox, entry), symlinks=True)
            elif os.path.isfile(path):
                shutil.copy2(path, os.path.join(inbox, entry))
        if km._lease is not None:
            km._lease.give_tree(inbox)
        code = f"__import__('crmlab.autograde.launch').autograde.launch.adopt({inbox!r})"
        msg_id = execute.kc.execute(
            "", silent=True, store_history=False, user_expressions={"a": code}
        )
        reply = execute.wait_for_reply(msg_id)
        answer = (reply or {}).get("content", {}).get("user_expressions", {}).get("a", {})
        if answer.get("status") != "ok":
            raise RuntimeError(f"crmlab: the grading kernel did not take the files of {folder}")

    @staticmethod
    def finish(execute, km) -> None:
        """Kill the kernel of one submission: it is never used again."""
        if execute.kc is not None:
            execute.kc.stop_channels()
            execute.kc = None
        _kill(km)

    def close(self) -> None:
        while self.idle:
            _kill(self.idle.pop())


SPARES = Spares()
