"""crmlab.grading: test-cell helpers, nbgrader plug-ins, kernel limits, and the config."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from traitlets.config import Config
from traitlets.utils.importstring import import_item

from crmlab import autograde, grading
from crmlab.autograde import kernels, launch, plugins, sandbox
from crmlab.grading import (
    assert_callable,
    assert_close,
    assert_equal_labels,
    assert_frame_close,
    assert_in_range,
    assert_labels_within,
    assert_number,
    assert_raises,
    assert_series_close,
    assert_type,
)
from tests import grading_tools as gt

ROOT = Path(__file__).resolve().parents[1]


def fails(match: str):
    return pytest.raises(AssertionError, match=match)


# ---------------------------------------------------------------------------
# Helpers for test cells
# ---------------------------------------------------------------------------
def test_import_is_light():
    code = (
        "import sys, crmlab.grading; "
        "print(','.join(m for m in ('nbgrader', 'pandas', 'numpy', 'jupyter_client') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_helpers_return_none_so_a_test_cell_never_shows_a_score():
    results = [
        assert_callable(len, "len"),
        assert_number(1.5, "x"),
        assert_type([], list, "x"),
        assert_close(1.0, 1.0, "x"),
        assert_in_range(0.5, "x", 0, 1),
        assert_equal_labels(["a"], ["a"], "x"),
        assert_labels_within(["a"], ["a", "b"], "x"),
        assert_raises(ValueError, int, "z"),
    ]
    assert results == [None] * len(results)


def test_assert_callable():
    assert_callable(lambda: 1, "f")
    with fails(r"Expected simple_clv to be a function, got the number 920\. Define it"):
        assert_callable(920, "simple_clv")


@pytest.mark.parametrize(
    ("value", "match"),
    [
        (None, "got None. Did you forget `return`"),
        ("0.6", r"single number, got the text '0\.6'"),
        (True, r"single number, got the boolean True"),
        (np.array([0.6]), r"Take the single value out"),
        (float("nan"), "finite number, got nan"),
    ],
)
def test_assert_number_rejects(value, match):
    with fails(match):
        assert_number(value, "share")


def test_assert_number_accepts_numpy_scalars():
    assert_number(np.float64(0.5), "share")
    assert_number(np.int64(3), "count")


def test_assert_type():
    assert_type(pd.Series([1.0]), pd.Series, "index")
    with fails(r"Expected tiers to be a list, got the text 'low'\.$"):
        assert_type("low", list, "tiers")
    with fails(r"to be an int or float, got None\. Did you forget `return`\?"):
        assert_type(None, (int, float), "x")


def test_assert_close_scalar_passes_within_tolerance():
    assert_close(0.627 + 1e-12, 0.627, "share")
    assert_close(100.0, 100.5, "x", rtol=0.01)


def test_assert_close_scalar_message():
    with fails(r"^Expected simple_clv\(10, 100, 80\) to be 920, got 1000\.$"):
        assert_close(1000, 920, "simple_clv(10, 100, 80)")


def test_assert_close_spots_a_percentage():
    with fails("Did you pass a percentage?"):
        assert_close(62.7, 0.627, "share", kind="fraction")


def test_assert_close_spots_a_fraction_given_for_a_percent():
    with fails(r"Did you pass a fraction\? Multiply by 100\."):
        assert_close(0.627, 62.7, "share", kind="percentage")


def test_assert_close_still_takes_the_old_spelling_percent():
    assert_close(62.7, 62.7, "share", kind="percent")
    with fails(r"Did you pass a fraction\? Multiply by 100\."):
        assert_close(0.627, 62.7, "share", kind="percent")
    with pytest.raises(ValueError, match="kind must be one of"):
        assert_close(0.627, 62.7, "share", kind="pct")


def test_assert_close_spots_a_wrong_sign():
    with fails("The sign is wrong"):
        assert_close(-920, 920, "value")


def test_assert_close_arrays():
    assert_close(np.array([1.0, 2.0]), [1.0, 2.0], "values")
    assert_close(pd.Series([1.0, 2.0]), np.array([1.0, 2.0]), "values")
    with fails(
        r"at 1 of 3 positions; the first is position 2 \(counting from 0\), where you have 4 instead of 3\.$"
    ):
        assert_close([1, 2, 4], [1, 2, 3], "values")
    with fails(r"to have 3 values, got 2"):
        assert_close([1, 2], [1, 2, 3], "values")
    with fails("to hold numbers, got None"):
        assert_close(None, [1, 2], "values")
    with fails("to be a list or array, got the text 'ab'"):
        assert_close("ab", [1, 2], "values")


@given(st.floats(min_value=1e-6, max_value=1.0))
def test_assert_close_always_flags_a_percentage_given_for_a_fraction(fraction):
    with fails("Did you pass a percentage"):
        assert_close(fraction * 100, fraction, "rate", kind="fraction")


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_assert_close_accepts_any_finite_number_equal_to_itself(x):
    assert_close(x, x, "x")


def test_assert_in_range():
    assert_in_range(0.627, "share", 0, 1, kind="fraction")
    assert_in_range([0.1, 0.2], "shares", 0, 1)
    assert_in_range(5, "years", low=0)
    with fails(r"a fraction between 0 and 1, got 62\.7\. Did you pass a percentage\?"):
        assert_in_range(62.7, "share", 0, 1, kind="fraction")
    with fails(r"Expected years to be a number at least 0, got -1\.$"):
        assert_in_range(-1, "years", low=0)
    with fails(r"at most 1, got 2"):
        assert_in_range(2, "x", high=1)
    with fails(r"Expected every value of shares to be a number between 0 and 1, got 1\.5"):
        assert_in_range([0.5, 1.5], "shares", 0, 1)
    with fails("got NaN"):
        assert_in_range(float("nan"), "x", 0, 1)
    with fails("got None"):
        assert_in_range(None, "x", 0, 1)
    with fails("to be a number, got the text 'a'"):
        assert_in_range("a", "x", 0, 1)


def test_assert_equal_labels():
    assert_equal_labels(pd.Series(["very low", "low"]), ["very low", "low"], "tiers")
    assert_equal_labels(pd.Index(["b", "a"]), ["a", "b"], "tiers", ordered=False)
    with fails(r"^tiers is missing 'low'\.$"):
        assert_equal_labels(["very low"], ["very low", "low"], "tiers")
    with fails(r"^tiers should not contain 'moderate'\.$"):
        assert_equal_labels(["very low", "low", "moderate"], ["very low", "low"], "tiers")
    with fails(r"is missing 'low' and should not contain 'Low'"):
        assert_equal_labels(["very low", "Low"], ["very low", "low"], "tiers")
    with fails("right labels in the wrong order: expected 'very low', 'low'"):
        assert_equal_labels(["low", "very low"], ["very low", "low"], "tiers")
    with fails("lists 'low' more than once"):
        assert_equal_labels(["low", "low"], ["low"], "tiers")
    with fails("got the single string 'low'"):
        assert_equal_labels("low", ["low"], "tiers")
    with fails("got None"):
        assert_equal_labels(None, ["low"], "tiers")
    with fails(r"got the number 3"):
        assert_equal_labels(3, ["low"], "tiers")


def test_assert_labels_within():
    assert_labels_within(["low"], pd.Series(["very low", "low"]), "tiers")
    with fails(r"^tiers contains 'Low', which is not one of 'very low', 'low'\.$"):
        assert_labels_within(["Low"], ["very low", "low"], "tiers")
    with fails(r"tiers contains 0, 1, which are not among"):
        assert_labels_within([0, 1], ["very low", "low"], "tiers")


def test_assert_raises():
    def checked(years):
        if years < 0:
            raise ValueError("years must be >= 0")
        if years > 100:
            raise TypeError("too many")
        return years * 2

    assert_raises(ValueError, checked, -1)
    assert_raises((ValueError, TypeError), checked, 101)
    with fails(r"^checked\(3\) should raise ValueError, but it returned 6\.$"):
        assert_raises(ValueError, checked, 3)
    with fails(r"checked\(years=101\) should raise ValueError, but it raised TypeError: too many"):
        assert_raises(ValueError, checked, years=101)


def test_failed_helpers_do_not_chain_internal_errors():
    with pytest.raises(AssertionError) as info:
        assert_close("ab", [1, 2], "values")
    assert info.value.__suppress_context__


EXPECTED = pd.Series([0.5, 2.0], index=["low", "high"], name="value_index")


def test_assert_series_close_matches_by_label():
    assert_series_close(pd.Series([2.0, 0.5], index=["high", "low"]), EXPECTED, "index")
    with fails(r"^index is wrong for 1 of 2 labels; first 'high': expected 2, got 3\.$"):
        assert_series_close(pd.Series([0.5, 3.0], index=["low", "high"]), EXPECTED, "index")
    with fails("the index of index is missing 'high' and should not contain 'High'"):
        assert_series_close(pd.Series([0.5, 2.0], index=["low", "High"]), EXPECTED, "index")
    with fails("to be a Series, got a pandas DataFrame"):
        assert_series_close(EXPECTED.to_frame(), EXPECTED, "index")
    with fails("Did you pass a percentage"):
        assert_series_close(EXPECTED * 100, EXPECTED, "index", kind="fraction")


def test_assert_series_close_options():
    reordered = pd.Series([2.0, 0.5], index=["high", "low"], name="other")
    with fails("wrong order"):
        assert_series_close(reordered, EXPECTED, "index", check_order=True)
    with fails("to be named 'value_index', got 'other'"):
        assert_series_close(reordered, EXPECTED, "index", check_name=True)
    labels = pd.Series(["a", None], index=[1, 2])
    assert_series_close(labels.copy(), labels, "labels")
    with fails("expected 'a', got 'b'"):
        assert_series_close(pd.Series(["b", None], index=[1, 2]), labels, "labels")


def test_assert_frame_close():
    expected = pd.DataFrame({"tier": ["low", "high"], "share": [0.6, 0.4]})
    assert_frame_close(expected[["share", "tier"]], expected, "table")
    assert_frame_close(expected.iloc[::-1], expected, "table")
    with fails("the columns of table is missing 'share'"):
        assert_frame_close(expected.drop(columns="share"), expected, "table")
    with fails(r"column 'share' of table is wrong for 1 of 2 labels; first 1: expected 0\.4"):
        assert_frame_close(expected.assign(share=[0.6, 0.5]), expected, "table")
    with fails("wrong order"):
        assert_frame_close(expected[["share", "tier"]], expected, "table", check_like=False)
    with fails("to have dtype float64, got int64"):
        assert_frame_close(
            expected.assign(share=[1, 0]), expected.assign(share=[1.0, 0.0]), "t", check_dtype=True
        )
    assert_frame_close(expected.assign(share=[1, 0]), expected.assign(share=[1.0, 0.0]), "t")
    with fails("to be a DataFrame, got a pandas Series"):
        assert_frame_close(expected["share"], expected, "table")


# ---------------------------------------------------------------------------
# HideHiddenTests
# ---------------------------------------------------------------------------
TEST_SOURCE = """# Test: share
share = negative_value_share(tiers)
assert_in_range(share, "share", 0, 1)
### BEGIN HIDDEN TESTS
assert_close(share, 0.627, "share")
### END HIDDEN TESTS"""


def _error(line: int, message: str) -> nbformat.NotebookNode:
    frame = f"\x1b[36mCell\x1b[39m \x1b[32mIn[7]\x1b[39m\x1b[32m, line {line}\x1b[39m\n ..."
    return nbformat.v4.new_output(
        "error", ename="AssertionError", evalue=message, traceback=["---", frame, message]
    )


def _hide(cell):
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb, _ = autograde.HideHiddenTests().preprocess(nb, {})
    return nb.cells[0]


def test_hide_hidden_tests_removes_the_region_and_keeps_the_rest():
    cell = _hide(nbformat.v4.new_code_cell("    " + TEST_SOURCE.replace("\n", "\n    ")))
    assert "0.627" not in cell.source
    assert "    # hidden tests ran here" in cell.source
    assert 'assert_in_range(share, "share", 0, 1)' in cell.source


def test_hide_hidden_tests_replaces_a_hidden_failure_by_a_generic_message():
    cell = nbformat.v4.new_code_cell(TEST_SOURCE)
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="hidden input: 0.627"),
        _error(5, "Expected share to be 0.627, got 0.767."),
    ]
    (output,) = _hide(cell).outputs
    assert output.ename == "AssertionError"
    assert "0.627" not in str(output)
    assert "a hidden test in this cell failed" in output.evalue


def test_hide_hidden_tests_keeps_the_message_of_a_visible_failure():
    cell = nbformat.v4.new_code_cell(TEST_SOURCE)
    message = "Expected share to be a number between 0 and 1, got 62.7."
    cell.outputs = [_error(3, message)]
    (output,) = _hide(cell).outputs
    assert output.evalue == message
    assert output.traceback == [f"AssertionError: {message}"]


def test_hide_hidden_tests_hides_an_error_it_cannot_place():
    cell = nbformat.v4.new_code_cell(TEST_SOURCE)
    cell.outputs = [
        nbformat.v4.new_output("error", ename="CellTimeoutError", evalue="", traceback=["timeout"])
    ]
    (output,) = _hide(cell).outputs
    assert output.ename == "CellTimeoutError"
    assert "hidden test" in output.evalue


def test_hide_hidden_tests_leaves_other_cells_alone():
    cell = nbformat.v4.new_code_cell("x = 1\nx")
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "1"})]
    assert _hide(copy_of(cell)) == cell
    markdown = nbformat.v4.new_markdown_cell("### BEGIN HIDDEN TESTS in prose")
    assert _hide(copy_of(markdown)) == markdown


def copy_of(cell):
    return nbformat.from_dict(nbformat.v4.new_notebook(cells=[cell])).cells[0]


# ---------------------------------------------------------------------------
# Grading kernels
# ---------------------------------------------------------------------------
def test_launcher_caps_memory_and_silences_warnings():
    probe = (
        "import os, resource; "
        "print(resource.getrlimit(resource.RLIMIT_AS)[0], os.environ['PYTHONWARNINGS'], "
        "os.environ['OPENBLAS_NUM_THREADS'])"
    )
    cmd = [sys.executable, "-m", "crmlab.autograde.launch", "--memory-limit", "2000000000"]
    cmd += ["--ignore-warnings", "--", sys.executable, "-c", probe]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2000000000", "ignore", "1"]


def test_launcher_sets_every_limit_hard():
    probe = (
        "import resource as r; print(*[r.getrlimit(getattr(r, n)) == (v, v) for n, v in "
        "[('RLIMIT_CPU', 50), ('RLIMIT_NPROC', 40), ('RLIMIT_NOFILE', 99), ('RLIMIT_FSIZE', 10**6)]])"
    )
    cmd = [sys.executable, "-m", "crmlab.autograde.launch", "--cpu-seconds", "50"]
    cmd += ["--processes", "40", "--open-files", "99", "--file-size", "1000000"]
    cmd += ["--", sys.executable, "-c", probe]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True"] * 4


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (["--memory-limit", "1"], "usage"),
        (["--memory-limit", "1", "--"], "no kernel command"),
        (["--memory-limit", "--", "x"], "unknown option '--'|needs a value"),
        (["--bogus", "--", "x"], "unknown option '--bogus'"),
    ],
)
def test_launcher_rejects_a_bad_command_line(argv, match):
    with pytest.raises(SystemExit, match=match):
        launch.launch(argv)


def test_unsandboxed_kernel_command_goes_through_the_launcher_unless_disabled():
    km = autograde.GradingKernelManager(
        kernel_name="python3", memory_limit=10**9, sandbox=False, cpu_seconds=0, processes=0
    )
    km.open_files = km.file_size = 0
    km._launch_args = {}
    cmd = km.format_kernel_cmd()
    assert cmd[:6] == [
        sys.executable,
        "-m",
        "crmlab.autograde.launch",
        "--memory-limit",
        "1000000000",
        "--ignore-warnings",
    ]
    assert cmd[6] == "--" and "ipykernel_launcher" in " ".join(cmd[7:])
    plain = autograde.GradingKernelManager(
        kernel_name="python3", memory_limit=0, ignore_warnings=False, sandbox=False
    )
    plain.cpu_seconds = plain.processes = plain.open_files = plain.file_size = 0
    plain._launch_args = {}
    assert plain.format_kernel_cmd() == cmd[7:]


def test_sandboxed_kernel_command_binds_only_the_runtime(tmp_path):
    cmd = sandbox.sandbox_command(
        ["python", "-m", "ipykernel_launcher"],
        bwrap="bwrap",
        runtime_dir=str(tmp_path / "run"),
        disk_size=2**20,
        launch_options=["--processes", "9"],
    )
    pairs = {(cmd[i], cmd[i + 1], cmd[i + 2]) for i in range(len(cmd) - 2)}
    for flag in ("--unshare-all", "--die-with-parent", "--new-session", "--clearenv"):
        assert flag in cmd
    assert ("--unshare-user", "--uid", str(sandbox.NOBODY)) in pairs
    assert ("--cap-drop", "ALL", "--hostname") in pairs
    # The submission's files reach the kernel through its IPC folder, after start
    # (crmlab.autograde.spares); no notebook is ever bound.
    assert not any(word.endswith(".ipynb") for word in cmd)
    assert ("--bind", str(tmp_path / "run"), str(tmp_path / "run")) in pairs
    bound = [cmd[i + 1] for i, word in enumerate(cmd) if word in ("--bind", "--ro-bind")]
    for path in bound:
        assert not (ROOT / "solutions").is_relative_to(path), path
        assert not Path(path).is_relative_to(ROOT / "grading"), path
    assert cmd[-3:] == ["python", "-m", "ipykernel_launcher"]


def test_sandbox_unavailable_says_how_to_fix_it():
    sandbox.check_sandbox.cache_clear()
    with pytest.raises(sandbox.SandboxUnavailable, match="sandbox = False"):
        sandbox.check_sandbox(None)
    with pytest.raises(sandbox.SandboxUnavailable, match="user namespaces"):
        sandbox.check_sandbox("/bin/false")


@pytest.mark.grading
def test_a_grading_kernel_survives_a_memory_hog_and_warnings():
    from nbclient import NotebookClient

    cells = [
        "import resource; print(resource.getrlimit(resource.RLIMIT_AS)[0])",
        "def hog():\n    chunks = []\n    while True:\n        chunks.append(b'x' * 2**26)\nhog()",
        "import warnings; warnings.warn('noise'); print('alive')",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    limit = 1024**3
    config = Config({"GradingKernelManager": {"memory_limit": limit}})
    client = NotebookClient(
        nb,
        kernel_name="python3",
        allow_errors=True,
        timeout=60,
        kernel_manager_class=autograde.GradingKernelManager,
        config=config,
    )
    client.execute()
    limit_out, hog_out, alive_out = (c.outputs for c in nb.cells)
    assert limit_out[0].text.strip() == str(limit)
    assert [o.ename for o in hog_out if o.output_type == "error"] == ["MemoryError"]
    assert [(o.name, o.text) for o in alive_out] == [("stdout", "alive\n")]


def test_grading_execute_uses_the_grading_kernel_manager_and_execute_options():
    config = Config({"Execute": {"timeout": 7}})
    execute = autograde.GradingExecute(config=config)
    assert execute.kernel_manager_class is autograde.GradingKernelManager
    assert execute.timeout == 7


# ---------------------------------------------------------------------------
# SafeDeduplicateIds and the LMS collector
# ---------------------------------------------------------------------------
def test_safe_deduplicate_ids_drops_the_metadata_of_extra_copies():
    meta = {"grade": True, "solution": False, "locked": True, "grade_id": "t1", "points": 1}
    first = nbformat.v4.new_code_cell("a", metadata={"nbgrader": dict(meta)})
    second = nbformat.v4.new_code_cell("b", metadata={"nbgrader": dict(meta)})
    nb = nbformat.v4.new_notebook(cells=[first, second])
    nb, _ = autograde.SafeDeduplicateIds().preprocess(nb, {})
    assert "nbgrader" not in nb.cells[0].metadata
    assert nb.cells[1].metadata["nbgrader"]["grade_id"] == "t1"


TEST_CELL = {"grade": True, "solution": False, "locked": True, "grade_id": "t1", "points": 1}
ANSWER_CELL = {"grade": False, "solution": True, "locked": False, "grade_id": "a1"}


@pytest.mark.parametrize(
    ("meta", "valid"),
    [
        (TEST_CELL, True),
        (ANSWER_CELL, True),
        ({**TEST_CELL, "points": -1}, False),
        ({k: v for k, v in TEST_CELL.items() if k != "points"}, False),
        ({**TEST_CELL, "grade": "yes"}, False),
        ({**ANSWER_CELL, "extra": 1}, False),
        ({k: v for k, v in ANSWER_CELL.items() if k != "grade_id"}, False),
        ({**ANSWER_CELL, "schema_version": 1}, False),
    ],
    ids=["test", "answer", "negative", "no points", "wrong type", "extra key", "no id", "old"],
)
def test_fast_check_cell_metadata_gives_nbgraders_verdict(meta, valid):
    from nbgrader.preprocessors import CheckCellMetadata

    meta = {"schema_version": 3, **meta}
    verdicts = []
    for check in (CheckCellMetadata(), autograde.FastCheckCellMetadata()):
        nb = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": dict(meta)})]
        )
        try:
            check.preprocess(nb, {})
            verdicts.append("valid")
        except Exception as error:
            verdicts.append(type(error).__name__)
    assert verdicts[0] == verdicts[1]
    assert (verdicts[0] == "valid") is valid


def test_fast_check_cell_metadata_passes_every_notebook_of_the_course():
    for assignment in gt.ASSIGNMENT_IDS:
        for path in gt.release_notebooks(assignment):
            autograde.FastCheckCellMetadata().preprocess(nbformat.read(path, 4), {})


def course_config(folder: Path) -> Config:
    """nbgrader_config.py as nbgrader loads it, for a course in ``folder`` (a scratch copy)."""
    config = Config()
    (folder / "nbgrader_config.py").write_bytes((ROOT / "nbgrader_config.py").read_bytes())
    namespace = {"get_config": lambda: config, "__file__": str(folder / "nbgrader_config.py")}
    exec((folder / "nbgrader_config.py").read_text(encoding="utf-8"), namespace)
    return config


@pytest.mark.parametrize(
    ("path", "student", "notebook", "timestamp"),
    [
        (
            "/x/extracted/jsmith_attempt_2026-11-20-15-30-45_a00-warmup.ipynb",
            "jsmith",
            "a00-warmup",
            "2026-11-20 15:30:45",
        ),
        ("/x/extracted/alee_12345_67890_a00-warmup.ipynb", "alee", "a00-warmup", None),
        ("/x/extracted/cwong_LATE_23456_78901_a00-warmup-1.ipynb", "cwong", "a00-warmup", None),
        (
            "/x/extracted/bkim_attempt_2026-11-21-09-30-00_a00-warmup/a00-warmup.ipynb",
            "bkim",
            "a00-warmup",
            "2026-11-21 09:30:00",
        ),
        (
            "/x/extracted/bkim_attempt_2026-11-21-09-30-00_a00-warmup/a01-value.ipynb",
            "bkim",
            "a01-value",
            "2026-11-21 09:30:00",
        ),
    ],
)
def test_lms_collector_reads_student_notebook_and_time(
    tmp_path, path, student, notebook, timestamp
):
    collector = autograde.LMSFileNameCollector(config=course_config(tmp_path))
    info = collector.collect(path)
    assert (info["student_id"], info["file_id"], info["timestamp"]) == (
        student,
        notebook,
        timestamp,
    )


@pytest.mark.parametrize(
    "path",
    [
        "/x/extracted/a00-warmup.ipynb",
        "/x/extracted/jsmith_a00-warmup.ipynb",
        "/x/extracted/notes.txt",
    ],
)
def test_lms_collector_skips_names_it_does_not_know(tmp_path, path):
    collector = autograde.LMSFileNameCollector(config=course_config(tmp_path))
    assert collector.collect(path) is None


def test_iso_timestamp():
    assert plugins._iso_timestamp("2026-11-20-15-30-45") == "2026-11-20 15:30:45"
    assert plugins._iso_timestamp("2026-11-20 15:30:45") == "2026-11-20 15:30:45"
    assert plugins._iso_timestamp(None) is None


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'HideHiddenTest'"):
        autograde.HideHiddenTest
    assert "HideHiddenTests" in dir(autograde)
    assert grading.GradingExecute is autograde.GradingExecute, "old configurations keep working"


# ---------------------------------------------------------------------------
# nbgrader_config.py
# ---------------------------------------------------------------------------
def _names(items) -> list[str]:
    return [(import_item(i) if isinstance(i, str) else i).__name__ for i in items]


def _stock(cls, trait: str) -> list[str]:
    return _names(cls.class_traits()[trait].default())


def test_config_keeps_nbgraders_preprocessors_and_swaps_in_crmlabs(tmp_path):
    from nbgrader.converters import Autograde, GenerateFeedback

    config = course_config(tmp_path)
    ours = {
        "DeduplicateIds": "SafeDeduplicateIds",
        "Execute": "GradingExecute",
        "CheckCellMetadata": "FastCheckCellMetadata",
    }
    sanitize = _stock(Autograde, "sanitize_preprocessors")
    assert _names(config.Autograde.sanitize_preprocessors) == [ours.get(n, n) for n in sanitize]
    stock = _stock(Autograde, "autograde_preprocessors")
    swapped = [ours.get(n, n) for n in stock]
    # TamperCheck follows SaveAutoGrades: it comments on the grades just saved.
    after = swapped.index("SaveAutoGrades") + 1
    assert _names(config.Autograde.autograde_preprocessors) == [
        *swapped[:after],
        "TamperCheck",
        *swapped[after:],
    ]
    feedback = _stock(GenerateFeedback, "preprocessors")
    assert feedback[0] == "GetGrades"
    assert _names(config.GenerateFeedback.preprocessors) == [
        feedback[0],
        "HideHiddenTests",
        *feedback[1:],
    ]
    assert import_item(config.ZipCollectApp.collector_plugin) is autograde.LMSFileNameCollector


def test_config_keeps_the_course_settings(tmp_path):
    config = course_config(tmp_path)
    assert config.CourseDirectory.source_directory == "solutions"
    assert config.CourseDirectory.release_directory == "assignments"
    assert config.CourseDirectory.course_id == "crm-analytics"
    assert config.Execute.timeout == 10
    assert config.OverwriteCells.add_missing_cells is True
    assert config.GradingKernelManager.memory_limit == kernels.DEFAULT_MEMORY_LIMIT
    assert config.CourseDirectory.root == str(tmp_path)
    grading_dir = tmp_path / "grading"
    assert grading_dir.is_dir(), "SQLite needs the folder of the gradebook to exist"
    for key in ("submitted_directory", "autograded_directory", "feedback_directory"):
        assert (tmp_path / config.CourseDirectory[key]).parent == grading_dir
    assert Path(config.Exchange.root).parent == grading_dir
    assert Path(config.CourseDirectory.db_url.removeprefix("sqlite:///")).parent == grading_dir
    assert (tmp_path / config.ZipCollectApp.downloaded_directory).parent == grading_dir


# ---------------------------------------------------------------------------
# The static checks of tests/test_assignments.py can fail
# ---------------------------------------------------------------------------
def test_static_checks_flag_bare_asserts_and_trailing_values():
    assert gt.bare_asserts("x = 1\nassert x == 2\nassert x, 'msg'") == ["assert x == 2"]
    assert gt.ends_with_a_value("share = f()\nshare")
    assert gt.ends_with_a_value("f(tiers)")
    assert not gt.ends_with_a_value("assert_close(f(), 1, 'f()')")
    assert not gt.ends_with_a_value("x = 1")
    assert gt.visible_part(TEST_SOURCE).count("\n") == 2


def test_release_script_lists_assignments_and_refuses_unknown_ones(tmp_path):
    (tmp_path / "solutions" / "a09-x").mkdir(parents=True)
    (tmp_path / "solutions" / "a09-x" / "a09-x.ipynb").write_text("{}")
    (tmp_path / "solutions" / "empty").mkdir()
    assert gt.release.assignment_ids(tmp_path) == ["a09-x"]
    with pytest.raises(SystemExit, match="No source notebook for a99-nope"):
        gt.release.main(["a99-nope"])


def test_grading_processes_import_nbgrader_without_the_iri_checker(tmp_path):
    """The grading processes leave out jsonschema's optional IRI checker (1.4 s of imports).

    That is safe only while no schema they check uses the "iri" formats.
    """
    import nbgrader

    schemas = [
        *Path(nbformat.__file__).parent.glob("v*/*.schema.json"),
        *(Path(nbgrader.__file__).parent / "nbgraderformat").glob("*.json"),
    ]
    assert len(schemas) > 5

    def formats(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "format" and isinstance(value, str):
                    yield value
                yield from formats(value)
        elif isinstance(node, list):
            for value in node:
                yield from formats(value)

    used = {f for path in schemas for f in formats(json.loads(path.read_text()))}
    assert not used & {"iri", "iri-reference"}
    script = (
        "import sys\n"
        "from crmlab.autograde.worker import import_nbgrader_lightly\n"
        "import_nbgrader_lightly()\n"
        "from nbgrader.apps import NbGraderAPI\n"
        "import nbformat\n"
        "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1')])\n"
        "nbformat.validate(nb)\n"
        "nb.cells[0].source = 1\n"
        "try:\n"
        "    nbformat.validate(nb)\n"
        "except nbformat.ValidationError:\n"
        "    print('checked')\n"
        "print(sys.modules.get('rfc3987_syntax'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout.split()
    assert out == ["checked", "None"]
