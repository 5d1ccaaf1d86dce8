"""Hostile submissions against the course's real nbgrader set-up (issue 10).

One ``nbgrader autograde`` run of a copy of the course grades an honest
student and many hostile ones (blank answers plus a few lines of attack in the
first answer cell, as a student would paste them). Each attack is one class:
forged passes through every kernel hook family, patching the functions tests
call, gradebook tampering, vandalism, peeking at solutions and hidden tests,
stopping the batch, exhausting resources, the network. The outcome asserted
for each: 0 points on every test, a row in grading/reports/<assignment>-flags.csv
and a formgrader comment; the honest student, graded last, keeps full marks and
a manual grade; submissions are byte-for-byte unchanged; a canary planted in a
hidden test appears in no output.

A second family (:data:`QUIET_ATTACKS`) is written to slip past the scan and
the probe: it sits in an unscanned cell (the example cell under Part A; the
answer cells hold only ``pass``) and disguises its hooks. Only the trusted checker stops these: test cells run
outside the student's kernel, with builtins, helpers and libraries of their
own, and read the student's values as data. Each must score exactly what
its honest part earns.
"""

from __future__ import annotations

import csv
import hashlib

import nbformat
import pytest

from crmlab.autograde import tamper
from tests import grading_tools as gt

pytestmark = pytest.mark.grading

ASSIGNMENT = NOTEBOOK = "a00-warmup"
CANARY = "CANARY-7f3a-hidden-test"
HONEST = "zz-honest"
AUTOGRADED_TESTS = 8
LIBC = "import numpy as np\nlibc = np.ctypeslib.ctypes.CDLL(None)\n"
# Attacks that break nothing the grader relies on fail with an ordinary error
# (0 points, not flagged); the others stop or hang their kernel and are flagged.
# kill-parent fails harmlessly: in its own PID namespace the kernel's parent
# is the sandbox's init, which ignores the signal, and kill(-1) spares the caller.
UNFLAGGED = {
    "gradebook",
    "vandal",
    "peek",
    "peek-own-folder",
    "fork",
    "memory",
    "disk",
    "network",
    "kill-parent",
}
DUMMIES = (
    "simple_clv = negative_value_tiers = negative_value_share = value_index = lambda *a, **k: 0\n"
)

ATTACKS = {
    # Forged passes: hooks that stop test cells from running their checks.
    "ast-transformer": (
        "import ast\n"
        "class Empty(ast.NodeTransformer):\n"
        "    def visit_Module(self, node):\n"
        "        return ast.Module(body=[], type_ignores=[])\n"
        "get_ipython().ast_transformers.append(Empty())"
    ),
    "input-transformer": "get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])",
    "hook-by-lookup": (
        "shell = [v for k, v in globals().items() if k == 'get_' + 'ipython'][0]()\n"
        "shell.input_transformers_post.append(lambda lines: ['pass\\n'])"
    ),
    "custom-exception": "get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)",
    "display-hook": "import sys\nsys.displayhook = lambda value: None",
    "settrace": "import sys\nsys.settrace(lambda frame, event, arg: None)",
    "replace-builtin": DUMMIES + "import builtins\nbuiltins.isinstance = lambda *a: True",
    "builtins-dict": DUMMIES + "__builtins__.__dict__['len'] = lambda x: 1",
    "shadow-helper": DUMMIES + "def assert_number(*a, **k):\n    return None",
    "patch-grading": (
        DUMMIES + "import crmlab.grading as g\n"
        "for name in dir(g):\n"
        "    if name.startswith('assert_'):\n"
        "        setattr(g, name, lambda *a, **k: None)"
    ),
    "patch-grading-alias": (
        DUMMIES + "from crmlab import grading\ngrading.assert_number = lambda *a, **k: None"
    ),
    "patch-numpy-testing": DUMMIES + "import numpy as np\nnp.testing.assert_allclose = print",
    "patch-pandas-testing": DUMMIES + "import pandas as pd\npd.testing.assert_series_equal = print",
    "always-equal": (
        "class Yes(float):\n"
        "    def __eq__(self, other):\n"
        "        return True\n"
        "simple_clv = negative_value_tiers = negative_value_share = value_index = "
        "lambda *a, **k: Yes()"
    ),
    "magic": "%config ZMQInteractiveShell.ast_node_interactivity = 'none'",
    "event-spy": "get_ipython().events.register('pre_run_cell', lambda info: print(info.raw_cell))",
    # The sandbox. These attacks pass the static scan (pandas file I/O, libc
    # through numpy.ctypeslib), as anything the scan misses would.
    "gradebook": (
        "import pandas as pd\n"
        "pd.DataFrame({{'x': [900]}}).to_sql('grade', 'sqlite:///{db}', if_exists='replace')"
    ),
    "vandal": "import pandas as pd\npd.DataFrame().to_json({victim!r})",
    "peek": "import pandas as pd\nprint(pd.read_csv({solution!r}, sep='\\a', header=None).to_string())",
    # nbgrader writes the notebook being graded, hidden tests restored, into the
    # folder it runs the kernel in: the kernel's copy of that folder must not have it.
    "peek-own-folder": (
        "import pandas as pd\n"
        "for name in ['{notebook}.ipynb', '/submission/{notebook}.ipynb']:\n"
        "    try:\n"
        "        print(pd.read_csv(name, sep='\\a', header=None).to_string())\n"
        "    except OSError:\n"
        "        pass"
    ),
    "kill-parent": LIBC + "libc.kill(libc.getppid(), 9)\nlibc.kill(-1, 9)",
    "exit": LIBC + "libc._exit(0)",
    "kill-group": LIBC + "libc.kill(0, 9)",
    "fork": LIBC + "for _ in range(300):\n    if libc.fork() == 0:\n        libc.pause()",
    "sleep": LIBC + "libc.sleep(10**6)",
    "uninterruptible": LIBC + "libc.signal(2, 1)\nwhile True:\n    pass",
    "loop": "while True:\n    pass",
    "memory": "import numpy as np\nhog = np.ones(2**31)",
    "disk": (
        "import pandas as pd\nbig = pd.DataFrame({{'x': range(10**6)}})\n"
        "for i in range(1000):\n    big.to_csv(f'big{{i}}.csv')"
    ),
    "network": "import pandas as pd\npd.read_csv('http://1.1.1.1/x.csv')\nprint('NETWORK' + '-REACHED')",
}


# Disguises for the quiet attacks: functions that claim to come from the module
# they replace, so that the probe takes them for the real thing.
SPOOF = (
    "def ok(*args, **kwargs):\n    return None\n\ndef yes(*args, **kwargs):\n    return True\n\n"
)
EMPTY_ANSWERS = (
    "import pandas as pd\n"
    "simple_clv = negative_value_tiers = negative_value_share = lambda *a, **k: 0.5\n"
    "value_index = lambda *a, **k: pd.Series(dtype=float)\n"
)
QUIET_ATTACKS = {
    # Forged passes through the student's kernel, disguised from the probe.
    "helpers-patched": (
        EMPTY_ANSWERS + SPOOF + "import crmlab.grading as g\n"
        "ok.__module__ = 'crmlab.grading'\n"
        "for name in dir(g):\n"
        "    if name.startswith('assert_'):\n"
        "        setattr(g, name, ok)"
    ),
    "compare-engine-patched": (
        EMPTY_ANSWERS + SPOOF + "import crmlab._compare as engine\n"
        "def same(*args, **kwargs):\n    return True, ''\n"
        "same.__module__ = yes.__module__ = 'crmlab._compare'\n"
        "engine.compare, engine.is_real = same, yes"
    ),
    "builtins-patched": (
        EMPTY_ANSWERS + SPOOF + "import builtins\n"
        "yes.__module__ = ok.__module__ = 'builtins'\n"
        "builtins.isinstance = builtins.callable = yes\n"
        "builtins.abs = builtins.round = lambda *a, **k: 0\n"
        "builtins.abs.__module__ = 'builtins'"
    ),
    "libraries-patched": (
        EMPTY_ANSWERS + SPOOF + "import math\nimport numpy as np\n"
        "yes.__module__ = 'numpy'\n"
        "np.isclose = np.allclose = np.array_equal = math.isclose = yes\n"
        "np.testing.assert_allclose = np.testing.assert_array_equal = ok\n"
        "pd.testing.assert_series_equal = pd.testing.assert_frame_equal = ok\n"
        "pd.Series.equals = pd.Index.equals = yes\n"
        "ok.__module__ = 'pandas.testing'"
    ),
    "input-transformer-disguised": (
        "def skip_tests(lines):\n"
        "    return ['pass\\n'] if lines and lines[0].startswith('# Test') else lines\n"
        "skip_tests.__module__ = 'IPython.core.inputtransformer2'\n"
        "get_ipython().input_transformers_cleanup.append(skip_tests)"
    ),
    "ast-transformer-hidden": (
        "import ast\n"
        "class Hidden(list):\n    def __bool__(self):\n        return False\n"
        "class Empty(ast.NodeTransformer):\n"
        "    def visit_Module(self, node):\n"
        "        return ast.Module(body=[], type_ignores=[])\n"
        "get_ipython().ast_transformers = Hidden([Empty()])"
    ),
    # Values that pretend: equal to everything, or subclasses of readable types.
    "equal-to-everything": (
        "import pandas as pd\n"
        "Same = type('Same', (str,), {'__eq__': lambda s, o: True, '__ne__': lambda s, o: False,"
        " '__hash__': lambda s: 0})\n"
        "Near = type('Near', (float,), {'__eq__': lambda s, o: True, '__sub__': lambda s, o: 0.0,"
        " '__rsub__': lambda s, o: 0.0, '__abs__': lambda s: 0.0})\n"
        "simple_clv = negative_value_share = lambda *a, **k: Near(0.5)\n"
        "negative_value_tiers = lambda *a, **k: [Same('very low'), Same('low')]\n"
        "value_index = lambda *a, **k: pd.Series([Near(1.0)] * 5, dtype=object)"
    ),
    "subclasses": (
        "import pandas as pd\n"
        "Num = type('Num', (float,), {})\n"
        "Labels = type('Labels', (list,), {})\n"
        "Frame = type('Frame', (pd.DataFrame,), {})\n"
        "Column = type('Column', (pd.Series,), {'equals': lambda s, o: True})\n"
        "simple_clv = lambda y, p, c: Num(y * p - c)\n"
        "negative_value_tiers = lambda t: Labels(t.loc[t['value_pct'] < 0, 'tier'])\n"
        "negative_value_share = lambda t: Frame({'share': [0.5]})\n"
        "value_index = lambda t: Column(t.set_index('tier')['value_pct'])"
    ),
    # Lies told by the kernel's end of the line to the checker.
    "forged-module": (
        "import json\nimport crmlab.autograde.serve as t\n"
        "t.serve = lambda request: json.dumps({n: {'value': {'$': 'module', 'name': 'os'}}"
        " for n in json.loads(request).get('fetch', [])})"
    ),
    "forged-exit": (
        EMPTY_ANSWERS + "import json\nimport crmlab.autograde.serve as t\n"
        "real = t.serve\n"
        "def serve(request):\n"
        "    if 'call' in json.loads(request):\n"
        "        return json.dumps({'raised': {'type': 'SystemExit', 'args': [0]}})\n"
        "    return real(request)\n"
        "t.serve = serve"
    ),
    "forged-nesting": (
        "import crmlab.autograde.serve as t\n"
        "t.serve = lambda request: '{\"simple_clv\": ' + '[' * 100000"
    ),
    # A call that never returns: interrupted at the time limit, only its tests fail.
    "call-loops": "def simple_clv(*args):\n    while True:\n        pass",
    # What a student can still do: lie about their own values. Hidden tests with
    # new inputs catch the hard-coded ones.
    "hard-coded": (
        "import pandas as pd\n"
        "simple_clv = lambda *a: 920\n"
        "negative_value_tiers = lambda t: ['very low', 'low']\n"
        "negative_value_share = lambda t: 0.627\n"
        "value_index = lambda t: pd.Series([-4.12 / 42.2, -2.10 / 20.5, 7.45 / 26.3, "
        "30.49 / 9.2, 107.76 / 1.8], index=['very low', 'low', 'moderate', 'high', 'very high'])"
    ),
}
HARD_CODED_PASSES = {
    "test_negative_value_tiers_course",
    "test_negative_value_share_course",
    "test_value_index_course",
}
EXAMPLE_CELL = "simple_clv(10, 100, 80)"


def _digest(folder) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _plant_canary(course: gt.Course) -> None:
    path = course.root / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    nb = gt.read(path)
    for cell in nb.cells:
        if gt.HIDDEN_BEGIN in cell.source:
            cell.source = cell.source.replace(gt.HIDDEN_BEGIN, f"{gt.HIDDEN_BEGIN}\n# {CANARY}", 1)
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    from crmlab.autograde import sandbox

    try:
        sandbox.check_sandbox(sandbox.bwrap_binary())
    except sandbox.SandboxUnavailable as error:
        pytest.skip(f"the grading sandbox cannot run on this machine: {error}")
    course = gt.copy_course(tmp_path_factory.mktemp("hostile"))
    _plant_canary(course)
    course.generate(ASSIGNMENT)
    victim = course.submit(HONEST, ASSIGNMENT, {NOTEBOOK: gt.filled_release(ASSIGNMENT, NOTEBOOK)})
    course.nbgrader("autograde", ASSIGNMENT, "--student", HONEST)
    with course.gradebook() as gb:
        gb.find_grade("written_negative_tiers", NOTEBOOK, ASSIGNMENT, HONEST).manual_score = 1.5
        gb.db.commit()
    paths = {
        "db": str(course.root / "grading" / "gradebook.db"),
        "victim": str(victim / f"{NOTEBOOK}.ipynb"),
        "solution": str(course.root / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"),
        "notebook": NOTEBOOK,
    }
    blank = gt.read(course.root / "assignments" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    for name, attack in ATTACKS.items():
        nb = nbformat.from_dict(blank)
        for cell in nb.cells:
            if gt.nbgrader_meta(cell).get("grade_id") == "simple_clv":
                cell.source = attack.format(**paths)
        course.submit(f"h-{name}", ASSIGNMENT, {NOTEBOOK: nb})
    for name, attack in QUIET_ATTACKS.items():
        nb = nbformat.from_dict(blank)
        for cell in nb.cells:
            if cell.cell_type == "code" and gt.nbgrader_meta(cell).get("solution"):
                cell.source = "pass"  # the release's stubs would redefine the functions
        (example,) = [c for c in nb.cells if c.source == EXAMPLE_CELL]
        example.source = attack
        course.submit(f"q-{name}", ASSIGNMENT, {NOTEBOOK: nb})
    before = _digest(course.root / "grading" / "submitted")
    honest_before = course.grades(ASSIGNMENT)[HONEST]
    course.nbgrader("autograde", ASSIGNMENT, "--force", "--Execute.timeout=8")
    report = course.root / "grading" / "reports" / f"{ASSIGNMENT}-flags.csv"
    with open(report, newline="") as handle:
        flags = list(csv.DictReader(handle))
    return {
        "course": course,
        "grades": course.grades(ASSIGNMENT),
        "flags": flags,
        "before": before,
        "after": _digest(course.root / "grading" / "submitted"),
        "honest_before": honest_before,
    }


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_scores_zero_and_is_flagged(batch, name):
    rows = batch["grades"][f"h-{name}"]
    score, most = gt.auto_scores(rows)
    assert (score, most) == (0, AUTOGRADED_TESTS)
    flagged = any(f["student"] == f"h-{name}" for f in batch["flags"])
    if name in UNFLAGGED:
        return
    assert flagged, "no row in the flag report"
    with batch["course"].gradebook() as gb:
        comment = gb.find_comment("simple_clv", NOTEBOOK, ASSIGNMENT, f"h-{name}")
        assert comment.auto_comment.startswith("Flagged for review")


@pytest.mark.parametrize("name", sorted(QUIET_ATTACKS))
def test_quiet_attack_earns_only_what_its_values_earn(batch, name):
    rows = batch["grades"][f"q-{name}"]
    passed = {g for g in gt.autograded_ids(rows) if rows[g]["score"] == rows[g]["max_score"]}
    expected = HARD_CODED_PASSES if name == "hard-coded" else set()
    assert passed == expected
    assert gt.auto_scores(rows) == (len(expected), AUTOGRADED_TESTS)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("equal-to-everything", "returned a Near, which the grader cannot read"),
        ("subclasses", "returned a Num, which the grader cannot read"),
        ("forged-module", "is a module os, which the grader cannot read"),
        ("call-loops", "ran past the time limit"),
    ],
)
def test_quiet_attack_fails_with_a_message_that_says_why(batch, name, message):
    path = batch["course"].root / "grading" / "autograded" / f"q-{name}" / ASSIGNMENT
    nb = gt.read(path / f"{NOTEBOOK}.ipynb")
    (test,) = [
        c for c in nb.cells if gt.nbgrader_meta(c).get("grade_id") == "test_simple_clv_value"
    ]
    errors = [o for o in test.outputs if o.output_type == "error"]
    assert errors and message in errors[0].evalue, errors


def test_honest_student_graded_in_full_after_the_attacks(batch):
    rows = batch["grades"][HONEST]
    assert gt.auto_scores(rows) == (AUTOGRADED_TESTS, AUTOGRADED_TESTS)
    assert rows["written_negative_tiers"]["manual_score"] == 1.5
    assert rows == batch["honest_before"]
    assert not any(f["student"] == HONEST for f in batch["flags"])


def test_the_gradebook_holds_no_forged_grade(batch):
    with batch["course"].gradebook() as gb:
        for submission in gb.find_assignment(ASSIGNMENT).submissions:
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    assert (grade.manual_score or 0) <= grade.max_score


def test_submissions_unchanged(batch):
    assert batch["after"] == batch["before"]


def test_no_student_output_shows_hidden_tests_solutions_or_the_network(batch):
    # Test cells' own tracebacks quote their source (feedback hides it); what
    # student code printed is in the other cells.
    folder = batch["course"].root / "grading" / "autograded"
    for path in folder.rglob("*.ipynb"):
        nb = gt.read(path)
        outputs = str([c.get("outputs", []) for c in nb.cells if not gt.is_test_cell(c)])
        assert CANARY not in outputs, path
        assert "BEGIN SOLUTION" not in outputs, path
        assert "NETWORK-REACHED" not in outputs, path


# ---------------------------------------------------------------------------
# The checks on their own (no kernel)
# ---------------------------------------------------------------------------
def test_no_solution_of_the_course_is_flagged():
    for assignment_id in gt.ASSIGNMENT_IDS:
        for path in gt.source_notebooks(assignment_id):
            for cell in gt.read(path).cells:
                if gt.nbgrader_meta(cell).get("solution") and cell.cell_type == "code":
                    source = gt.without_solution_markers(cell.source)
                    assert tamper.scan(source) == [], (assignment_id, source)


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("import os", "imports os"),
        ("from importlib import import_module", "imports importlib"),
        ("import numpy.testing as npt", "imports numpy.testing"),
        ("from crmlab.grading import assert_close", "imports crmlab.grading"),
        ("x = eval('1')", "uses eval"),
        ("f = getattr(np, 'testing')", "uses getattr"),
        ("x = ().__class__", "uses .__class__"),
        (
            "import pandas as pd\npd.DataFrame.equals = lambda *a: True",
            "assigns an attribute of module pd",
        ),
        ("type(x).y = 1", "assigns an attribute of a call's result"),
        ("len = lambda x: 1", "rebinds len"),
        ("def print(*a):\n    pass", "rebinds print"),
        ("from math import isclose as assert_close", "rebinds assert_close"),
        ("!rm -rf ~", "IPython magic or shell escape"),
    ],
)
def test_scan_flags_each_kind_of_tampering(source, reason):
    assert reason in tamper.scan(source)


def test_probe_answers_can_only_add_flags():
    ok = {"status": "ok", "user_expressions": {"probe": {"status": "ok", "data": {}}}}
    assert tamper.parse_probe(ok) == ["runtime probe: malformed reply"]
    ok["user_expressions"]["probe"]["data"] = {"text/plain": repr("[]")}
    assert tamper.parse_probe(ok) == []
    ok["user_expressions"]["probe"]["data"] = {"text/plain": repr('["trace function set"]')}
    assert tamper.parse_probe(ok) == ["runtime probe: trace function set"]
    ok["user_expressions"]["probe"]["data"] = {"text/plain": repr('{"clean": true}')}
    assert tamper.parse_probe(ok) == ["runtime probe: malformed reply"]
    assert tamper.parse_probe(None) == ["runtime probe: no reply"]
    assert tamper.parse_probe({"status": "error"}) == ["runtime probe: no reply"]


def test_report_replaces_the_rows_of_a_regraded_notebook(tmp_path):
    path = str(tmp_path / "reports" / "a00-flags.csv")
    tamper.write_report(path, "s1", "nb", [{"cell": "c", "reason": "r1", "tests_zeroed": "t"}])
    tamper.write_report(path, "s2", "nb", [{"cell": "c", "reason": "r2", "tests_zeroed": "t"}])
    tamper.write_report(path, "s1", "nb", [{"cell": "c", "reason": "r3", "tests_zeroed": "t"}])
    with open(path, newline="") as handle:
        rows = [(r["student"], r["reason"]) for r in csv.DictReader(handle)]
    assert rows == [("s2", "r2"), ("s1", "r3")]


def test_a_clean_regrade_removes_the_notebooks_old_flags(tmp_path):
    """TamperCheck on a notebook without flags clears its rows of an earlier grading."""
    from crmlab import autograde

    path = tamper.report_path(str(tmp_path), "sqlite:///unused.db", "a00")
    row = {"cell": "c", "reason": "r1", "tests_zeroed": "t"}
    tamper.write_report(path, "s1", "nb", [row])
    tamper.write_report(path, "s2", "nb", [row])
    info = {"assignment": "a00", "student": "s1", "notebook": "nb", "db_url": "sqlite:///x.db"}
    check = autograde.TamperCheck(report_directory=str(tmp_path))
    check.preprocess(nbformat.v4.new_notebook(), {"nbgrader": info})
    with open(path, newline="") as handle:
        assert [r["student"] for r in csv.DictReader(handle)] == ["s2"]


def test_no_flags_and_no_report_write_no_report(tmp_path):
    path = tamper.report_path("", f"sqlite:///{tmp_path / 'gradebook.db'}", "a00")
    assert path == str(tmp_path / "reports" / "a00-flags.csv")
    tamper.write_report(path, "s1", "nb", [])
    assert not (tmp_path / "reports").exists()
