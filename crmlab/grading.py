"""Grading support for the crmlab assignments (nbgrader).

Five parts, each used in a different place:

1. ``assert_*`` helpers for the test cells of assignments. Each one checks one
   thing and, when it fails, raises ``AssertionError`` with a short message a
   student can act on ("Expected negative_value_share(tiers) to be a fraction
   between 0 and 1, got 62.7. It looks like a percentage: divide by 100.")
   instead of a bare ``AssertionError``. They return None, so a test cell that
   ends with one never prints a value (nbgrader would read a printed number
   as partial credit).
2. :class:`HideHiddenTests`, an nbgrader preprocessor for
   ``nbgrader generate_feedback``: the feedback returned to students shows
   neither the code of hidden tests nor the values they expect.
3. :class:`GradingKernelManager` and :class:`GradingExecute`, used by
   ``nbgrader autograde``: student kernels run under a memory cap, so a
   submission that allocates too much fails its cell with ``MemoryError``
   instead of exhausting the machine, and warnings do not cost points.
4. :class:`SafeDeduplicateIds`, used by ``nbgrader autograde``: a
   submission with a copied test or solution cell is graded instead of
   failing.
5. :class:`LMSFileNameCollector`, used by ``nbgrader zip_collect``: reads
   the time of a submission from an LMS file name correctly.

``nbgrader_config.py`` at the top of the course wires parts 2 to 5 in.
Nothing heavy is imported with this module: the helpers import NumPy and
pandas when they compare arrays, and the nbgrader classes are built on first
access (``crmlab.grading.HideHiddenTests``), so a test cell that imports a
helper does not load nbgrader into the student's kernel.

Run as a program, the module is the launcher of grading kernels::

    python -m crmlab.grading --memory-limit BYTES -- KERNEL COMMAND ...

It caps the address space of the process (``RLIMIT_AS``) and then replaces
itself with the kernel.
"""

from __future__ import annotations

import functools
import math
import os
import re
import sys

from crmlab import _compare as engine

__all__ = [
    "DEFAULT_MEMORY_LIMIT",
    "assert_callable",
    "assert_close",
    "assert_equal_labels",
    "assert_frame_close",
    "assert_in_range",
    "assert_labels_within",
    "assert_number",
    "assert_raises",
    "assert_series_close",
    "assert_type",
]

#: Default cap on the address space of a grading kernel, in bytes (3 GiB).
DEFAULT_MEMORY_LIMIT = 3 * 1024**3

_RTOL = 1e-6
_ATOL = 1e-9


# ---------------------------------------------------------------------------
# Helpers for test cells
# ---------------------------------------------------------------------------
def _kind(kind):
    """The engine's kind; "percent", the spelling of earlier assignments, means "percentage"."""
    return engine.check_kind("percentage" if kind == "percent" else kind)


def _fail(message: str) -> None:
    """Raise the student-facing AssertionError, without the chained internal error."""
    __tracebackhide__ = True  # IPython and pytest hide frames that set this
    error = AssertionError(message)
    error.__suppress_context__ = True
    raise error


def assert_callable(obj, name: str) -> None:
    """Check that ``obj`` is a function (or another callable).

    Examples
    --------
    >>> assert_callable(len, "len")
    >>> assert_callable(920, "simple_clv")
    Traceback (most recent call last):
    AssertionError: Expected simple_clv to be a function, got the number 920. ...
    """
    __tracebackhide__ = True
    if not callable(obj):
        _fail(
            f"Expected {name} to be a function, got {engine.type_name(obj)}. "
            f"Define it with `def {name}(...):` and run its cell."
        )


def assert_number(actual, name: str) -> None:
    """Check that ``actual`` is a single finite real number (not a bool, array or None).

    Examples
    --------
    >>> assert_number(0.627, "share")
    >>> assert_number(None, "share")
    Traceback (most recent call last):
    AssertionError: Expected share to be a number, got None. Did you forget `return`?
    """
    __tracebackhide__ = True
    if actual is None:
        _fail(f"Expected {name} to be a number, got None. Did you forget `return`?")
    if not engine.is_real(actual):
        hint = ""
        if getattr(actual, "size", None) == 1 or getattr(actual, "shape", None) == (1,):
            hint = " Take the single value out, e.g. with float(...) or .item()."
        _fail(f"Expected {name} to be a single number, got {engine.type_name(actual)}.{hint}")
    if not math.isfinite(float(actual)):
        _fail(f"Expected {name} to be a finite number, got {float(actual)!r}.")


def assert_type(actual, types, name: str) -> None:
    """Check ``isinstance(actual, types)``; ``types`` is a class or a tuple of classes.

    Examples
    --------
    >>> assert_type(["low"], list, "negative_value_tiers(tiers)")
    >>> assert_type("low", list, "negative_value_tiers(tiers)")
    Traceback (most recent call last):
    AssertionError: Expected negative_value_tiers(tiers) to be a list, got the text 'low'.
    """
    __tracebackhide__ = True
    if isinstance(actual, types):
        return
    wanted = types if isinstance(types, tuple) else (types,)
    names = " or ".join(t.__name__ for t in wanted)
    article = "an" if names[:1].lower() in "aeiou" else "a"
    hint = " Did you forget `return`?" if actual is None else ""
    _fail(f"Expected {name} to be {article} {names}, got {engine.type_name(actual)}.{hint}")


def assert_close(
    actual,
    expected,
    name: str,
    *,
    rtol: float = _RTOL,
    atol: float = _ATOL,
    kind: str | None = None,
) -> None:
    """Check a number (or an array of numbers) against the expected value(s).

    ``kind="fraction"`` or ``kind="percentage"`` adds advice when the answer is off
    by a factor of 100. Arrays, lists and Series are compared element-wise in
    order (use :func:`assert_series_close` to compare by label).

    Examples
    --------
    >>> assert_close(0.627, 0.627, "share")
    >>> assert_close(62.7, 0.627, "share", kind="fraction")
    Traceback (most recent call last):
    AssertionError: Expected share to be a fraction like 0.627, got 62.7. Did you pass a percentage?
    >>> assert_close([1.0, 2.5], [1.0, 2.0], "values")
    Traceback (most recent call last):
    AssertionError: Values differs from the expected values at 1 of 2 positions; ...
    """
    __tracebackhide__ = True
    if engine.is_real(expected):
        assert_number(actual, name)
    elif actual is None:
        _fail(f"Expected {name} to hold numbers, got None. Did you forget `return`?")
    options = engine.Options(rtol=rtol, atol=atol, kind=_kind(kind), reveal=True)
    ok, message = engine.compare(actual, expected, options, name)
    if not ok:
        _fail(message)


def assert_in_range(
    actual,
    name: str,
    low: float | None = None,
    high: float | None = None,
    *,
    kind: str | None = None,
) -> None:
    """Check that a number (or every number of an array) lies in [low, high].

    ``kind="fraction"`` names the range "a fraction" and spots percentages.

    Examples
    --------
    >>> assert_in_range(0.627, "share", 0, 1, kind="fraction")
    >>> assert_in_range(62.7, "share", 0, 1, kind="fraction")
    Traceback (most recent call last):
    AssertionError: Expected share to be a fraction between 0 and 1, got 62.7. Did you pass ...
    """
    __tracebackhide__ = True
    if engine.is_real(actual):
        values = [float(actual)]
    else:
        import numpy as np

        if actual is None:
            _fail(f"Expected {name} to be a number, got None. Did you forget `return`?")
        try:
            values = np.asarray(actual, dtype=float).ravel().tolist()
        except (TypeError, ValueError):
            _fail(f"Expected {name} to be a number, got {engine.type_name(actual)}.")
    if low is not None and high is not None:
        span = f"between {engine.show(low)} and {engine.show(high)}"
    elif low is not None:
        span = f"at least {engine.show(low)}"
    else:
        span = f"at most {engine.show(high)}"
    what = "a fraction" if kind == "fraction" else "a number"
    for value in values:
        outside = (
            not math.isfinite(value)
            or (low is not None and value < low)
            or (high is not None and value > high)
        )
        if outside:
            hint = ""
            if kind == "fraction" and 1 < value <= 100:
                hint = " " + engine.slip("percentage")
            subject = name if len(values) == 1 else f"every value of {name}"
            _fail(f"Expected {subject} to be {what} {span}, got {engine.show(value)}.{hint}")


def _as_labels(actual, name: str) -> list:
    __tracebackhide__ = True
    if actual is None:
        _fail(f"Expected {name} to be a list of labels, got None. Did you forget `return`?")
    if isinstance(actual, str | bytes):
        _fail(f"Expected {name} to be a list of labels, got the single string {actual!r}.")
    try:
        return [item.item() if hasattr(item, "item") else item for item in actual]
    except TypeError:
        _fail(f"Expected {name} to be a list of labels, got {engine.type_name(actual)}.")


def _listing(labels) -> str:
    return ", ".join(repr(label) for label in labels)


def assert_equal_labels(actual, expected, name: str, *, ordered: bool = True) -> None:
    """Check a collection of labels (list, tuple, Series, Index) against the expected ones.

    With ``ordered=False`` only the labels count, not their order. Duplicates
    count as wrong.

    Examples
    --------
    >>> assert_equal_labels(["very low", "low"], ["very low", "low"], "tiers")
    >>> assert_equal_labels(["very low"], ["very low", "low"], "tiers")
    Traceback (most recent call last):
    AssertionError: tiers is missing 'low'.
    >>> assert_equal_labels(["low", "very low"], ["very low", "low"], "tiers")
    Traceback (most recent call last):
    AssertionError: tiers has the right labels in the wrong order: expected 'very low', 'low'.
    """
    __tracebackhide__ = True
    got = _as_labels(actual, name)
    want = _as_labels(expected, "the expected labels")
    # Sets keep this linear: label lists can hold thousands of customer ids.
    try:
        got_set, want_set = set(got), set(want)
    except TypeError:
        _fail(
            f"Expected {name} to hold simple labels (text or numbers), got {engine.show(actual)}."
        )
    missing = [label for label in want if label not in got_set]
    extra = [label for label in got if label not in want_set]
    problems = []
    if missing:
        problems.append(f"is missing {_listing(missing)}")
    if extra:
        problems.append(f"should not contain {_listing(extra)}")
    if problems:
        _fail(f"{name} {' and '.join(problems)}.")
    if len(got) != len(want):
        seen: set = set()
        repeated = sorted({label for label in got if label in seen or seen.add(label)}, key=str)
        _fail(f"{name} lists {_listing(repeated)} more than once.")
    if ordered and got != want:
        _fail(f"{name} has the right labels in the wrong order: expected {_listing(want)}.")


def assert_labels_within(actual, allowed, name: str) -> None:
    """Check that every label of ``actual`` is one of ``allowed`` (e.g. an existing tier).

    Examples
    --------
    >>> assert_labels_within(["low"], ["very low", "low", "high"], "tiers")
    >>> assert_labels_within(["Low"], ["very low", "low", "high"], "tiers")
    Traceback (most recent call last):
    AssertionError: tiers contains 'Low', which is not one of 'very low', 'low', 'high'.
    """
    __tracebackhide__ = True
    got = _as_labels(actual, name)
    valid = _as_labels(allowed, "the allowed labels")
    unknown = [label for label in got if label not in valid]
    if len(unknown) == 1:
        _fail(f"{name} contains {unknown[0]!r}, which is not one of {_listing(valid)}.")
    if unknown:
        _fail(f"{name} contains {_listing(unknown)}, which are not among {_listing(valid)}.")


def assert_raises(exception, func, *args, **kwargs) -> None:
    """Check that ``func(*args, **kwargs)`` raises ``exception`` (a class or tuple).

    Examples
    --------
    >>> def years_check(years):
    ...     if years < 0:
    ...         raise ValueError("years must be >= 0")
    ...     return years
    >>> assert_raises(ValueError, years_check, -1)
    >>> assert_raises(ValueError, years_check, 3)
    Traceback (most recent call last):
    AssertionError: years_check(3) should raise ValueError, but it returned 3.
    """
    __tracebackhide__ = True
    wanted = exception if isinstance(exception, tuple) else (exception,)
    wanted_names = " or ".join(e.__name__ for e in wanted)
    call = _call_text(func, args, kwargs)
    try:
        result = func(*args, **kwargs)
    except wanted:
        return
    except Exception as error:
        _fail(f"{call} should raise {wanted_names}, but it raised {type(error).__name__}: {error}")
    _fail(f"{call} should raise {wanted_names}, but it returned {engine.show(result)}.")


def _call_text(func, args, kwargs) -> str:
    name = getattr(func, "__name__", "the function")
    parts = [engine.show(a) for a in args] + [f"{k}={engine.show(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def _values_match(got, want, rtol: float, atol: float):
    """Element-wise match of two aligned Series: numbers by tolerance, others exactly."""
    import numpy as np
    import pandas as pd

    numeric = (
        pd.api.types.is_numeric_dtype(got)
        and pd.api.types.is_numeric_dtype(want)
        and not pd.api.types.is_bool_dtype(want)
    )
    if numeric:
        g = got.to_numpy(dtype=float, na_value=np.nan)
        w = want.to_numpy(dtype=float, na_value=np.nan)
        return np.isclose(g, w, rtol=rtol, atol=atol, equal_nan=True)
    both_missing = got.isna().to_numpy() & want.isna().to_numpy()
    equal = (got.astype(object).to_numpy() == want.astype(object).to_numpy()) | both_missing
    return np.asarray(equal, dtype=bool)


def assert_series_close(
    actual,
    expected,
    name: str,
    *,
    rtol: float = _RTOL,
    atol: float = _ATOL,
    check_order: bool = False,
    check_name: bool = False,
    kind: str | None = None,
) -> None:
    """Check a pandas Series label by label against the expected Series.

    The index labels must match (in any order unless ``check_order``); values
    are compared with a tolerance when numeric, exactly otherwise.

    Examples
    --------
    >>> import pandas as pd
    >>> expected = pd.Series([0.5, 2.0], index=["low", "high"])
    >>> assert_series_close(pd.Series([2.0, 0.5], index=["high", "low"]), expected, "index")
    >>> assert_series_close(pd.Series([0.5, 3.0], index=["low", "high"]), expected, "index")
    Traceback (most recent call last):
    AssertionError: index is wrong for 1 of 2 labels; first 'high': expected 2, got 3.
    """
    __tracebackhide__ = True
    import pandas as pd

    assert_type(actual, pd.Series, name)
    assert_equal_labels(actual.index, expected.index, f"the index of {name}", ordered=check_order)
    if check_name and actual.name != expected.name:
        _fail(f"Expected {name} to be named {expected.name!r}, got {actual.name!r}.")
    got = actual.reindex(expected.index)
    ok = _values_match(got, expected, rtol, atol)
    if not ok.all():
        first = int((~ok).nonzero()[0][0])
        label = expected.index[first]
        g, w = got.iloc[first], expected.iloc[first]
        hint = ""
        if engine.is_real(g) and engine.is_real(w) and w:
            kind = _kind(kind)
            given = {"fraction": g / 100, "percentage": g * 100}.get(kind)
            if given is not None and math.isclose(given, w, rel_tol=1e-3):
                hint = " " + engine.slip("percentage" if kind == "fraction" else "fraction")
        _fail(
            f"{name} is wrong for {int((~ok).sum())} of {len(ok)} labels; first "
            f"{engine.show(label)}: expected {engine.show(w)}, got {engine.show(g)}.{hint}"
        )


def assert_frame_close(
    actual,
    expected,
    name: str,
    *,
    rtol: float = _RTOL,
    atol: float = _ATOL,
    check_dtype: bool = False,
    check_like: bool = True,
) -> None:
    """Check a DataFrame column by column against the expected one.

    ``check_like=True`` (the default) ignores the order of rows and columns and
    matches them by label; ``check_dtype=True`` also compares dtypes.

    Examples
    --------
    >>> import pandas as pd
    >>> expected = pd.DataFrame({"tier": ["low", "high"], "share": [0.6, 0.4]})
    >>> assert_frame_close(expected[["share", "tier"]], expected, "table")
    >>> assert_frame_close(expected.drop(columns="share"), expected, "table")
    Traceback (most recent call last):
    AssertionError: the columns of table is missing 'share'.
    """
    __tracebackhide__ = True
    import pandas as pd

    assert_type(actual, pd.DataFrame, name)
    assert_equal_labels(
        actual.columns, expected.columns, f"the columns of {name}", ordered=not check_like
    )
    assert_equal_labels(actual.index, expected.index, f"the rows of {name}", ordered=not check_like)
    for column in expected.columns:
        got, want = actual[column], expected[column]
        if check_dtype and got.dtype != want.dtype:
            _fail(
                f"Expected column {column!r} of {name} to have dtype {want.dtype}, got {got.dtype}."
            )
        assert_series_close(
            got,
            want,
            f"column {column!r} of {name}",
            rtol=rtol,
            atol=atol,
            check_order=not check_like,
        )


# ---------------------------------------------------------------------------
# nbgrader classes, built on first access
# ---------------------------------------------------------------------------
_HIDDEN_NOTE = "# hidden tests ran here"
_HIDDEN_FAILURE = (
    "a hidden test in this cell failed. Hidden tests check exact values and try your "
    "code on other inputs: re-read the task, then test your code on a small example "
    "of your own."
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CELL_LINE = re.compile(r"(?:Cell In \[\d*\]|Cell In\[\d*\]|<ipython-input-\d+-\w+>), line (\d+)")


def _hidden_lines(source: str, begin: str, end: str) -> tuple[str, set[int]]:
    """Remove hidden-test regions; return the new source and the hidden line numbers (1-based)."""
    kept, hidden, inside = [], set(), False
    for number, line in enumerate(source.split("\n"), start=1):
        if begin in line:
            inside = True
            hidden.add(number)
            kept.append(line[: line.index(line.lstrip())] + _HIDDEN_NOTE)
        elif end in line:
            inside = False
            hidden.add(number)
        elif inside:
            hidden.add(number)
        else:
            kept.append(line)
    return "\n".join(kept), hidden


def _failing_line(traceback: list[str]) -> int | None:
    """Line of the test cell where an error was raised (the outermost frame), if known."""
    for entry in traceback:
        match = _CELL_LINE.search(_ANSI.sub("", entry))
        if match:
            return int(match.group(1))
    return None


def _build_hide_hidden_tests():
    from nbformat.notebooknode import NotebookNode
    from nbgrader.preprocessors import NbGraderPreprocessor
    from traitlets import Unicode

    class HideHiddenTests(NbGraderPreprocessor):
        """Keep hidden tests hidden in the feedback returned to students.

        ``nbgrader autograde`` runs the full test cells, hidden tests included,
        and ``nbgrader generate_feedback`` would show them. This preprocessor
        (configured in ``c.GenerateFeedback.preprocessors``) edits every code
        cell that contains a hidden-test region:

        - the region is removed from the source, leaving ``# hidden tests ran here``;
        - outputs are dropped (they could show hidden inputs or values);
        - an error is shown as one line: its type and, if it was raised by a
          visible line of the cell, its message; if it was raised by a hidden
          line (or the line is unknown), a generic message instead.

        Scores are untouched: they come from the gradebook.
        """

        begin_test_delimeter = Unicode(
            "BEGIN HIDDEN TESTS", help="Marks the beginning of a hidden-test region."
        ).tag(config=True)
        end_test_delimeter = Unicode(
            "END HIDDEN TESTS", help="Marks the end of a hidden-test region."
        ).tag(config=True)
        hidden_failure_message = Unicode(
            _HIDDEN_FAILURE, help="Shown instead of the message of a failed hidden test."
        ).tag(config=True)

        def preprocess_cell(self, cell, resources, index):
            if cell.cell_type != "code" or self.begin_test_delimeter not in cell.source:
                return cell, resources
            cell.source, hidden = _hidden_lines(
                cell.source, self.begin_test_delimeter, self.end_test_delimeter
            )
            errors = [out for out in cell.get("outputs", []) if out.output_type == "error"]
            cell.outputs = []
            if errors:
                error = errors[0]
                line = _failing_line(error.get("traceback", []))
                visible = line is not None and line not in hidden
                message = error.get("evalue", "") if visible else self.hidden_failure_message
                cell.outputs.append(
                    NotebookNode(
                        output_type="error",
                        ename=error.ename,
                        evalue=message,
                        traceback=[f"{error.ename}: {message}"],
                    )
                )
            return cell, resources

    HideHiddenTests.__module__ = __name__
    HideHiddenTests.__qualname__ = "HideHiddenTests"
    return HideHiddenTests


def _build_kernel_manager():
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import Bool, Integer

    class GradingKernelManager(AsyncKernelManager):
        """Kernel manager for autograding: a memory cap, and warnings silenced.

        The kernel is started through ``python -m crmlab.grading``, which sets
        ``RLIMIT_AS`` (the address space of the process) to ``memory_limit``
        bytes before it becomes the kernel. Past the cap, an allocation fails
        and Python raises ``MemoryError`` in the student's cell: the cell loses
        its points, the kernel lives on, and the batch continues, instead of
        the machine swapping or the kernel of the operating system killing
        processes. The cap counts reserved memory, not only used memory, so
        BLAS libraries run single-threaded in grading kernels (they reserve
        buffers per thread). On systems without ``resource.RLIMIT_AS``
        (Windows) the kernel starts without a cap.

        nbgrader gives a test cell zero points when it writes anything to
        stderr, so ``ignore_warnings`` (on by default) silences Python
        warnings: a correct answer that triggers, say, a RuntimeWarning keeps
        its points.
        """

        memory_limit = Integer(
            DEFAULT_MEMORY_LIMIT,
            help="Cap on the address space of a grading kernel, in bytes; 0 for no cap.",
        ).tag(config=True)
        ignore_warnings = Bool(
            True, help="Silence Python warnings in grading kernels (stderr costs points)."
        ).tag(config=True)

        def format_kernel_cmd(self, extra_arguments=None):
            cmd = super().format_kernel_cmd(extra_arguments)
            options = []
            if self.memory_limit:
                options += ["--memory-limit", str(int(self.memory_limit))]
            if self.ignore_warnings:
                options.append("--ignore-warnings")
            if not options:
                return cmd
            return [sys.executable, "-m", "crmlab.grading", *options, "--", *cmd]

    GradingKernelManager.__module__ = __name__
    GradingKernelManager.__qualname__ = "GradingKernelManager"
    return GradingKernelManager


def _build_execute():
    from nbgrader.preprocessors import Execute

    class GradingExecute(Execute):
        """nbgrader's Execute preprocessor with :class:`GradingKernelManager`.

        nbgrader's ``Execute.__init__`` passes ``kernel_manager_class`` as a
        keyword argument, which wins over ``c.Execute.kernel_manager_class`` in
        a config file, so the manager is chosen here instead. Every ``Execute``
        option (``c.Execute.timeout``, ``--Execute.timeout=5``) still applies.
        """

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("kernel_manager_class", _nbgrader_class("GradingKernelManager"))
            super().__init__(*args, **kwargs)

    GradingExecute.__module__ = __name__
    GradingExecute.__qualname__ = "GradingExecute"
    return GradingExecute


def _build_deduplicate_ids():
    from nbgrader.preprocessors import DeduplicateIds

    class SafeDeduplicateIds(DeduplicateIds):
        """nbgrader's DeduplicateIds, fixed for ``OverwriteCells.add_missing_cells``.

        When a student copies a graded cell, nbgrader keeps the last copy and
        empties the nbgrader metadata of the others (``{}``). With
        ``add_missing_cells`` on, OverwriteCells then reads ``grade_id`` from
        that empty metadata, and the submission fails to grade (KeyError).
        This version removes the emptied metadata instead: the extra copy runs
        as an ordinary cell.
        """

        def preprocess_cell(self, cell, resources, index):
            cell, resources = super().preprocess_cell(cell, resources, index)
            if cell.metadata.get("nbgrader", None) == {}:
                del cell.metadata["nbgrader"]
            return cell, resources

    SafeDeduplicateIds.__module__ = __name__
    SafeDeduplicateIds.__qualname__ = "SafeDeduplicateIds"
    return SafeDeduplicateIds


_LMS_TIMESTAMP = re.compile(r"(\d{4})-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)")


def _iso_timestamp(text: str | None) -> str | None:
    """'2026-11-20-15-30-45' (as in LMS file names) -> '2026-11-20 15:30:45'; others unchanged."""
    match = _LMS_TIMESTAMP.fullmatch(text) if text else None
    return "{}-{}-{} {}:{}:{}".format(*match.groups()) if match else text


def _build_collector():
    from nbgrader.plugins import FileNameCollectorPlugin

    class LMSFileNameCollector(FileNameCollectorPlugin):
        """nbgrader's file-name collector for ``zip_collect``, with timestamps that parse.

        Reads student id, notebook and time from the names of files
        downloaded from an LMS with ``c.FileNameCollectorPlugin.named_regexp``.
        nbgrader hands a timestamp such as ``2026-11-20-15-30-45`` (the
        Blackboard form, also nbgrader's documented example) to dateutil,
        which reads ``-30-45`` as a UTC offset: the time comes out hours off,
        or the collection fails. This collector rewrites it as
        ``2026-11-20 15:30:45`` first; like every nbgrader time without a
        zone, it is taken as UTC.
        """

        def collect(self, submitted_file):
            info = super().collect(submitted_file)
            if info and info.get("timestamp"):
                info["timestamp"] = _iso_timestamp(info["timestamp"])
            return info

    LMSFileNameCollector.__module__ = __name__
    LMSFileNameCollector.__qualname__ = "LMSFileNameCollector"
    return LMSFileNameCollector


_BUILDERS = {
    "HideHiddenTests": _build_hide_hidden_tests,
    "GradingKernelManager": _build_kernel_manager,
    "GradingExecute": _build_execute,
    "SafeDeduplicateIds": _build_deduplicate_ids,
    "LMSFileNameCollector": _build_collector,
}


@functools.cache
def _nbgrader_class(name: str):
    return _BUILDERS[name]()


def __getattr__(name: str):
    # The nbgrader classes are not in __all__: star-imports in test cells must
    # not load nbgrader into the student's kernel.
    if name in _BUILDERS:
        return _nbgrader_class(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_BUILDERS])


# ---------------------------------------------------------------------------
# Kernel launcher: python -m crmlab.grading --memory-limit BYTES -- CMD ...
# ---------------------------------------------------------------------------
_SINGLE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _launch(argv: list[str]) -> None:
    """Apply the limits to this process, then replace it with the kernel command."""
    if "--" not in argv:
        raise SystemExit("usage: python -m crmlab.grading [--memory-limit BYTES] -- COMMAND ...")
    split = argv.index("--")
    options, cmd = argv[:split], argv[split + 1 :]
    if not cmd:
        raise SystemExit("crmlab.grading: no kernel command after --")
    if "--memory-limit" in options:
        limit = int(options[options.index("--memory-limit") + 1])
        try:
            import resource

            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        except (ImportError, AttributeError, ValueError, OSError) as error:
            print(f"crmlab.grading: kernel starts without a memory cap ({error})", file=sys.stderr)
        for variable in _SINGLE_THREAD:
            os.environ.setdefault(variable, "1")
    if "--ignore-warnings" in options:
        os.environ["PYTHONWARNINGS"] = "ignore"
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    _launch(sys.argv[1:])
