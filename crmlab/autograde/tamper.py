"""Tamper detection for grading: a static scan, a runtime probe, flags and a report.

A submission that hooks or patches its kernel could make test cells pass
without running their checks. Two checks, both decided outside the student's
code, find such submissions:

1. a static scan (:func:`scan`) of every answer cell before it runs. The course's
   answers need none of these, so each one is a flag: imports outside
   :data:`ALLOWED_MODULES`; reflective or dynamic builtins (``exec``,
   ``eval``, ``getattr``, ``open``, ``globals``, ``__import__``...);
   ``get_ipython``; dunder names or attributes (``__class__``,
   ``__globals__``); special methods other than ``__init__``/``__repr__``/
   ``__str__`` (an object whose ``__eq__`` is always true); assigning an
   attribute of a module or of a call (``np.testing.assert_allclose = ...``,
   ``type(x).f = ...``); rebinding a builtin or an ``assert_*`` test helper;
   IPython magics and shell escapes; a cell that does not parse with hooks
   in mind (``%``, ``!`` lines).
2. a runtime probe before every test cell (:data:`PROBE`): evaluated in the
   student's kernel, its answer is untrusted evidence, so it can only add
   flags: a missing or malformed answer is a flag too.

The rule: once a notebook is flagged, every test cell from the first flagged
cell on gets 0 points (state left by the flagged code may influence any later
test), the notebook goes to ``grading/reports/<assignment>-flags.csv`` and
formgrader shows a comment on its answer cells.
"""

from __future__ import annotations

import ast
import builtins
import csv
import json
import os
import re

ALLOWED_MODULES = frozenset(
    {
        "numpy",
        "pandas",
        "scipy",
        "statsmodels",
        "sklearn",
        "matplotlib",
        "seaborn",
        "crmlab",
        "math",
        "cmath",
        "statistics",
        "random",
        "decimal",
        "fractions",
        "numbers",
        "collections",
        "itertools",
        "functools",
        "operator",
        "datetime",
        "re",
        "string",
        "typing",
        "dataclasses",
        "enum",
        "textwrap",
        "heapq",
        "bisect",
        "warnings",
        "__future__",
    }
)
FORBIDDEN_MODULES = frozenset({"crmlab.autograde", "crmlab.grading"})
FORBIDDEN_CALLS = frozenset(
    {
        "exec",
        "eval",
        "compile",
        "__import__",
        "getattr",
        "setattr",
        "delattr",
        "globals",
        "locals",
        "vars",
        "open",
        "breakpoint",
        "input",
        "get_ipython",
        "memoryview",
        "exit",
        "quit",
        "help",
    }
)
ALLOWED_SPECIAL = frozenset({"__init__", "__repr__", "__str__", "__post_init__", "__name__"})
PROTECTED = frozenset(n for n in dir(builtins) if not n.startswith("_")) | {"display"}
_MAGIC = re.compile(r"^\s*[%!]", re.MULTILINE)


def _module_root(name: str | None) -> str:
    return (name or "").split(".")[0]


def _import_flags(node) -> list[str]:
    names = (
        [alias.name for alias in node.names]
        if isinstance(node, ast.Import)
        else [node.module or ""]
    )
    flags = []
    for name in names:
        if node.__class__ is ast.ImportFrom and node.level:
            flags.append("relative import")
        elif _module_root(name) not in ALLOWED_MODULES:
            flags.append(f"imports {name}")
        elif any(name == m or name.startswith(m + ".") for m in FORBIDDEN_MODULES):
            flags.append(f"imports {name}")
        elif name.split(".")[-1] == "testing" or ".testing." in name:
            flags.append(f"imports {name}")
    return flags


def _bound_names(target) -> list[str]:
    return [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]


def scan(source: str) -> list[str]:
    """Reasons to flag the answer cell ``source`` (empty: nothing suspicious).

    >>> scan("import numpy as np\\ndef f(x):\\n    return np.mean(x)")
    []
    >>> scan("import sys\\nsys.settrace(None)")
    ['imports sys']
    >>> scan("import numpy as np\\nnp.testing.assert_allclose = print")
    ['assigns an attribute of module np']
    """
    if _MAGIC.search(source):
        return ["IPython magic or shell escape"]
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []  # it fails in the kernel too: its tests fail, nothing is forged
    flags: list[str] = []
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            flags += _import_flags(node)
            for alias in node.names:
                modules.add((alias.asname or alias.name).split(".")[0])
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id.startswith("__") and node.id not in ALLOWED_SPECIAL:
                flags.append(f"uses {node.id}")
            elif node.id in FORBIDDEN_CALLS:
                flags.append(f"uses {node.id}")
            if isinstance(node.ctx, ast.Store | ast.Del) and (
                node.id in PROTECTED or node.id.startswith("assert_")
            ):
                flags.append(f"rebinds {node.id}")
        elif isinstance(node, ast.Attribute):
            if node.attr.startswith("__") and node.attr not in ALLOWED_SPECIAL:
                flags.append(f"uses .{node.attr}")
            if isinstance(node.ctx, ast.Store | ast.Del):
                base = node.value
                while isinstance(base, ast.Attribute | ast.Subscript):
                    base = base.value
                if isinstance(base, ast.Call):
                    flags.append("assigns an attribute of a call's result")
                elif isinstance(base, ast.Name) and base.id in modules:
                    flags.append(f"assigns an attribute of module {base.id}")
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node.name.startswith("__") and node.name not in ALLOWED_SPECIAL:
                flags.append(f"defines {node.name}")
            elif node.name in PROTECTED or node.name.startswith("assert_"):
                flags.append(f"rebinds {node.name}")
        elif isinstance(node, ast.Global | ast.Nonlocal):
            flags += [f"rebinds {n}" for n in node.names if n in PROTECTED]
        elif isinstance(node, ast.alias) and (node.asname or "").startswith("assert_"):
            flags.append(f"rebinds {node.asname}")
    return list(dict.fromkeys(flags))


PROBE = "__import__('crmlab.autograde.probe').autograde.probe.report()"
"""User expression evaluated in the student's kernel before each test cell."""


def parse_probe(reply: dict | None) -> list[str]:
    """Flags from the probe's reply (``execute_reply`` content); never fewer than evidence."""
    if not reply or reply.get("status") != "ok":
        return ["runtime probe: no reply"]
    answer = reply.get("user_expressions", {}).get("probe", {})
    if answer.get("status") != "ok":
        return ["runtime probe: failed"]
    text = answer.get("data", {}).get("text/plain", "")
    try:
        found = json.loads(ast.literal_eval(text)) if text else None
    except (ValueError, SyntaxError):
        found = None
    if not isinstance(found, list) or not all(isinstance(f, str) for f in found):
        return ["runtime probe: malformed reply"]
    return [f"runtime probe: {f}" for f in found[:20]]


def report_path(report_directory: str, db_url: str, assignment: str) -> str:
    """The flag report of ``assignment``: in ``report_directory``, else ``reports/`` by the gradebook."""
    folder = report_directory or os.path.join(
        os.path.dirname(db_url.removeprefix("sqlite:///")), "reports"
    )
    return os.path.join(folder, f"{assignment}-flags.csv")


def write_report(path: str, student: str, notebook: str, rows: list[dict]) -> None:
    """Replace the rows of (student, notebook) in the flag report ``path`` (CSV).

    No rows remove the notebook's rows of an earlier grading (it is clean now);
    without a report yet, they write nothing.
    """
    fields = ["student", "notebook", "cell", "reason", "tests_zeroed"]
    kept = []
    if not rows and not os.path.exists(path):
        return
    if os.path.exists(path):
        with open(path, newline="", encoding="utf-8") as handle:
            kept = [
                r
                for r in csv.DictReader(handle)
                if (r.get("student"), r.get("notebook")) != (student, notebook)
            ]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(kept)
        writer.writerows({"student": student, "notebook": notebook, **r} for r in rows)


def _build_tamper_check():
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import NbGraderPreprocessor
    from traitlets import Unicode

    class TamperCheck(NbGraderPreprocessor):
        """Report the flags of :class:`GradingExecute`: a CSV report and formgrader comments.

        Runs after ``SaveAutoGrades`` in ``c.Autograde.autograde_preprocessors``.
        A flagged notebook gets one row per reason in
        ``<report_directory>/<assignment>-flags.csv`` (re-grading replaces its
        rows, and removes them once it is clean) and an automatic comment, shown in formgrader, on each of its
        answer cells. Scores are not touched here: the flagged test cells
        already carry an error output, so SaveAutoGrades gave them 0 points.
        """

        report_directory = Unicode(
            "", help="Folder of the flag reports; empty: reports/ next to the SQLite gradebook."
        ).tag(config=True)

        def preprocess(self, nb, resources):
            flags = resources.get("crmlab_flags") or []
            info = resources["nbgrader"]
            zeroed = " ".join(resources.get("crmlab_zeroed", []))
            rows = [{**f, "tests_zeroed": zeroed} for f in flags]
            write_report(
                report_path(self.report_directory, info["db_url"], info["assignment"]),
                info["student"],
                info["notebook"],
                rows,
            )
            if not flags:
                return nb, resources
            reasons = "; ".join(dict.fromkeys(f["reason"] for f in flags))
            comment = (
                f"Flagged for review by the autograder: {reasons}. "
                f"Tests given 0 points: {zeroed or 'none'}. See the flag report."
            )
            with Gradebook(info["db_url"]) as gradebook:
                for cell in nb.cells:
                    meta = cell.metadata.get("nbgrader", {})
                    if meta.get("solution") or meta.get("task"):
                        found = gradebook.find_comment(
                            meta["grade_id"], info["notebook"], info["assignment"], info["student"]
                        )
                        found.auto_comment = comment
                gradebook.db.commit()
            self.log.warning(
                "%s/%s flagged for review: %s", info["student"], info["notebook"], reasons
            )
            return nb, resources

    TamperCheck.__module__ = "crmlab.autograde"
    TamperCheck.__qualname__ = "TamperCheck"
    return TamperCheck
