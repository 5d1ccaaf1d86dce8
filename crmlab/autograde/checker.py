"""The trusted checker: test cells run in the grader, student values arrive as data.

nbgrader runs test cells in the student's kernel and believes what that kernel
reports, so a kernel that student code has hooked can report a pass for a test
that never ran. In crmlab's grading the verdict comes from here instead:

- a :class:`Checker` is a namespace in the grading process (the process of
  ``nbgrader autograde``, one per worker of ``crmlab grade``). It runs the
  instructor's cells only, taken from the gradebook: setup cells (locked, not
  graded; they also run in the student's kernel) and test cells (graded, not
  an answer; they run here only, so hidden tests never reach student code);
- a name a cell uses but does not define (:func:`free_names`), and no
  instructor cell defined, is fetched from the student's kernel as data
  (:mod:`crmlab.autograde.transfer`): a number, a Series... arrives as a new
  object built by the checker; a student's function arrives as a
  :class:`StudentFunction`, whose calls run in the student's kernel, with
  the arguments and the result crossing as data; anything else arrives as an
  :class:`UnreadableValue`, on which every use fails with a clear message.
  Builtins (``isinstance``, ``abs``...) and modules are always the checker's own;
- the cell's outcome (stdout, a value, an error with its traceback) becomes the
  cell's outputs, from which nbgrader scores it (an error: 0 points).

The student's kernel can still lie, but only about its own values: a
hard-coded answer passes the tests that expect exactly it and fails the hidden
tests that call the function on new inputs.

>>> free_names("from crmlab.grading import assert_close\\nassert_close(f(2), x, 'f')")
['f', 'x']
"""

from __future__ import annotations

import ast
import builtins
import io
import re
import warnings
from contextlib import redirect_stderr, redirect_stdout

from crmlab.autograde import transfer

CELL_FILE = "<crmlab-checker-cell-{}>"
_CELL_FILE = re.compile(r"<crmlab-checker-cell-(\d+)>")
NEVER_FETCHED = frozenset(dir(builtins)) | {"display", "get_ipython", "__builtins__"}
ADVICE = (
    "which the grader cannot read. Give it a plain value: a number, text, a list, "
    "a dict, a NumPy array or a pandas Series or DataFrame."
)


class KernelGone(BaseException):
    """The student's kernel died or did not stop at the time limit: a flag, not a test result.

    A BaseException, so that a test's ``except Exception`` cannot catch it.
    """


class UnreadableAnswer(TypeError):
    """A student's value that cannot cross as data."""


def free_names(source: str) -> list[str]:
    """Names ``source`` reads but never binds (candidates to fetch), in order of first use."""
    tree = ast.parse(source)
    bound: set[str] = set()
    read: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                read.append((node.lineno, node.col_offset, node.id))
            else:
                bound.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            bound.update(node.names)
        elif isinstance(node, ast.MatchAs | ast.MatchStar) and node.name:
            bound.add(node.name)
    ordered = dict.fromkeys(name for _, _, name in sorted(read))
    return [name for name in ordered if name not in bound]


def decode_answer(answer: dict, function) -> tuple[object, str | None]:
    """(value, None) for a readable reply of the student's kernel, else (None, what it was)."""
    if "value" not in answer:
        return None, str(answer.get("unreadable", "object"))[: transfer.MAX_NAME]
    try:
        return transfer.decode(answer["value"], function), None
    except transfer.Unreadable as error:
        return None, error.type_name
    except transfer.BadPayload:
        return None, "value sent in a form"


def visible_part(source: str, begin: str = "BEGIN HIDDEN TESTS", end: str = "END HIDDEN TESTS"):
    """What students see of a test cell: its source without the hidden-test regions.

    >>> visible_part("a = 1\\n### BEGIN HIDDEN TESTS\\nb = 2\\n### END HIDDEN TESTS\\nc = 3")
    'a = 1\\nc = 3'
    """
    kept, inside = [], False
    for line in source.split("\n"):
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept)


def visible_imports(source: str) -> str:
    """The top-level imports of the visible part of a test cell, as code ('' if none).

    They run in the student's kernel after the test, as if the test had run
    there: later student code may rely on them, as it could in Jupyter.

    >>> visible_imports("import pandas as pd\\n### BEGIN HIDDEN TESTS\\nimport os\\n### END HIDDEN TESTS")
    'import pandas as pd'
    """
    try:
        tree = ast.parse(visible_part(source))
    except SyntaxError:
        return ""
    imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    return "\n".join(ast.unparse(n) for n in imports)


class UnreadableValue:
    """Stands for a student's value that could not cross: every use raises :class:`UnreadableAnswer`."""

    __slots__ = ("_message",)

    def __init__(self, message: str):
        object.__setattr__(self, "_message", message)

    def _fail(self, *args, **kwargs):
        raise UnreadableAnswer(object.__getattribute__(self, "_message"))

    def __getattribute__(self, name):
        raise UnreadableAnswer(object.__getattribute__(self, "_message"))


for _method in (
    "__repr__ __str__ __bool__ __len__ __iter__ __getitem__ __contains__ __hash__ __format__ "
    "__eq__ __ne__ __lt__ __le__ __gt__ __ge__ __float__ __int__ __index__ __abs__ __neg__ "
    "__pos__ __round__ __add__ __radd__ __sub__ __rsub__ __mul__ __rmul__ __truediv__ "
    "__rtruediv__ __floordiv__ __rfloordiv__ __mod__ __rmod__ __pow__ __rpow__ __and__ "
    "__rand__ __or__ __ror__ __matmul__ __rmatmul__ __setattr__ __delattr__"
).split():
    setattr(UnreadableValue, _method, UnreadableValue._fail)


class StudentFunction:
    """A student's function in the checker: each call runs in the student's kernel.

    The arguments go over as data, the result comes back as data; an
    exception comes back as the builtin exception class it derives from, with
    its message. A call that runs past the time limit raises TimeoutError.
    """

    def __init__(self, link, ref: int, name: str):
        self._link, self._ref = link, ref
        self.__name__ = self.__qualname__ = name

    def __call__(self, *args, **kwargs):
        __tracebackhide__ = True
        return self._link.call(self, args, kwargs)

    def __repr__(self) -> str:
        return f"<student function {self.__name__}>"


class Checker:
    """The namespace of one notebook's instructor cells, with student values fetched as data.

    ``link`` talks to the student's kernel (:class:`crmlab.autograde.kernels`
    gives one): ``link.fetch(names)`` returns ``{name: payload}`` and
    ``link.call(function, args, kwargs)`` runs a call there.
    """

    def __init__(self, link):
        self.link = link
        self.namespace: dict = {"__name__": "__main__", "__builtins__": builtins}
        self.namespace["display"] = _display
        self._sources: dict[int, list[str]] = {}

    def wanted(self, source: str) -> list[str]:
        """Free names of ``source`` to fetch from the student (not builtins, not instructor's)."""
        try:
            names = free_names(source)
        except SyntaxError:
            return []
        return [n for n in names if n not in NEVER_FETCHED and n not in self.namespace]

    def values(self, answers: dict, names: list[str]) -> dict:
        """Student values of ``names`` (decoded from ``answers``, ``{name: reply}``) for one cell.

        Only the names asked for: a reply cannot add others (a fake ``pd``, a builtin).
        """
        out = {}
        for name in names:
            answer = answers.get(name)
            if not isinstance(answer, dict) or answer.get("missing"):
                continue  # not defined in the student's kernel: a NameError, as in Jupyter
            value, kind = decode_answer(answer, self._function)
            out[name] = UnreadableValue(f"{name} is a {kind}, {ADVICE}") if kind else value
        return out

    def _function(self, ref: int, name: str) -> StudentFunction:
        return StudentFunction(self.link, ref, name)

    def run(self, source: str, number: int, fetched: dict, line_offset: int = 0) -> list[dict]:
        """Run an instructor cell; return its outputs (nbformat dicts).

        ``fetched`` are the student values of :meth:`values`; they are seen by
        this cell only, while the names the cell binds stay for later cells.
        Raises :class:`KernelGone` if the student's kernel stops answering.
        """
        self._sources[number] = ("\n" * line_offset + source).split("\n")
        scope = {**self.namespace, **fetched}
        stdout, stderr = io.StringIO(), io.StringIO()
        value, error = None, None
        with redirect_stdout(stdout), redirect_stderr(stderr), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                tree = ast.parse(source, filename=CELL_FILE.format(number))
                ast.increment_lineno(tree, line_offset)
                last = (
                    tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
                )
                exec(compile(tree, CELL_FILE.format(number), "exec"), scope)
                if last is not None:
                    expression = ast.Expression(last.value)
                    value = eval(compile(expression, CELL_FILE.format(number), "eval"), scope)
                    if type(value) is UnreadableValue:  # shown, it would read as full marks
                        UnreadableValue._fail(value)
            except (KernelGone, KeyboardInterrupt):
                raise
            except BaseException as raised:  # SystemExit too: a test result
                error = raised
        for name in [n for n in self.namespace if n not in scope]:
            del self.namespace[name]
        for name, bound in scope.items():
            if not (name in fetched and bound is fetched[name]):
                self.namespace[name] = bound
        outputs = []
        for name, stream in (("stdout", stdout), ("stderr", stderr)):
            if stream.getvalue():
                outputs.append({"output_type": "stream", "name": name, "text": stream.getvalue()})
        if error is not None:
            outputs.append(self._error_output(error))
        elif value is not None:
            outputs.append(
                {
                    "output_type": "execute_result",
                    "execution_count": number,
                    "data": {"text/plain": _text(value)},
                    "metadata": {},
                }
            )
        return outputs

    def _error_output(self, error: BaseException) -> dict:
        ename = type(error).__name__
        evalue = _text(error, str)
        lines = ["-" * 75, f"{ename:<42}Traceback (most recent call last)"]
        tb = error.__traceback__
        while tb is not None:
            frame, lineno = tb.tb_frame, tb.tb_lineno
            hidden = frame.f_locals.get("__tracebackhide__") or frame.f_globals is globals()
            match = _CELL_FILE.fullmatch(frame.f_code.co_filename)
            if match:
                source = self._sources.get(int(match.group(1)), [])
                text = source[lineno - 1] if 0 < lineno <= len(source) else ""
                lines.append(f"Cell In[{match.group(1)}], line {lineno}\n----> {lineno} {text}")
            elif not hidden:
                lines.append(f"File {frame.f_code.co_filename}:{lineno}, in {frame.f_code.co_name}")
            tb = tb.tb_next
        lines.append(f"{ename}: {evalue}")
        return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": lines}


def _text(value, show=repr) -> str:
    try:
        return show(value)
    except Exception as error:  # an unreadable value or a failing repr
        return f"<{type(value).__name__}: {error}>"


def _display(*values):
    for value in values:
        print(_text(value))
