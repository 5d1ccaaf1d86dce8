"""Assert helpers for the test cells of the crmlab assignments (nbgrader).

Each ``assert_*`` helper checks one thing and, when it fails, raises
``AssertionError`` with a short message a student can act on ("Expected
negative_value_share(tiers) to be a fraction between 0 and 1, got 62.7. Did
you pass a percentage?") instead of a bare ``AssertionError``. They return
None, so a test cell that ends with one never prints a value (nbgrader would
read a printed number as partial credit). The comparisons and their wording
come from the same engine as the students' self-checks (``crmlab._compare``).

The nbgrader plug-ins (sandboxed grading kernels, hidden tests hidden in
feedback, tamper checks, the LMS collector, ``crmlab grade``) live in
:mod:`crmlab.autograde`; their old names ``crmlab.grading.X`` still resolve.
Nothing heavy is imported with this module: a test cell that imports a helper
does not load nbgrader, NumPy or pandas until a comparison needs them.
"""

from __future__ import annotations

import math

from crmlab import _compare as engine
from crmlab.i18n import message

__all__ = [
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

_RTOL = 1e-6
_ATOL = 1e-9


# ---------------------------------------------------------------------------
# Helpers for test cells
# ---------------------------------------------------------------------------
def _kind(kind):
    """The engine's kind; "percent", the spelling of earlier assignments, means "percentage"."""
    return engine.check_kind("percentage" if kind == "percent" else kind)


def _say(key: str, /, **fields) -> str:
    """The helpers' message ``key`` (catalog domain ``grading``) in the course language.

    The names a test cell gives (``name``, ``subject``) are spaced from the
    words around them as the language needs (:func:`crmlab._compare.named`);
    :func:`_fail` strips the message.
    """
    for field in ("name", "subject"):
        if field in fields:
            fields[field] = engine.named(fields[field])
    return message(f"grading.{key}", **fields)


def _fail(text: str) -> None:
    """Raise the student-facing AssertionError, without the chained internal error."""
    __tracebackhide__ = True  # IPython and pytest hide frames that set this
    error = AssertionError(text.strip())
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
        _fail(_say("callable", name=name, function=name, got=engine.type_name(obj)))


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
        _fail(_say("number.none", name=name))
    if not engine.is_real(actual):
        one = getattr(actual, "size", None) == 1 or getattr(actual, "shape", None) == (1,)
        key = "number.single_take" if one else "number.single"
        _fail(_say(key, name=name, got=engine.type_name(actual)))
    if not math.isfinite(float(actual)):
        _fail(_say("number.finite", name=name, got=repr(float(actual))))


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
    names = _say("or").join(t.__name__ for t in wanted)
    article = "an" if names[:1].lower() in "aeiou" else "a"
    key = f"type.{article}_none" if actual is None else f"type.{article}"
    _fail(_say(key, name=name, types=names, got=engine.type_name(actual)))


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
        _fail(_say("number.hold_none", name=name))
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
            _fail(_say("number.none", name=name))
        try:
            values = np.asarray(actual, dtype=float).ravel().tolist()
        except (TypeError, ValueError):
            _fail(_say("number.plain", name=name, got=engine.type_name(actual)))
    if low is not None and high is not None:
        span = _say("range.between", low=engine.show(low), high=engine.show(high))
    elif low is not None:
        span = _say("range.at_least", low=engine.show(low))
    else:
        span = _say("range.at_most", high=engine.show(high))
    key = "range.fraction" if kind == "fraction" else "range.number"
    for value in values:
        outside = (
            not math.isfinite(value)
            or (low is not None and value < low)
            or (high is not None and value > high)
        )
        if outside:
            subject = name if len(values) == 1 else _say("every_value_of", name=name)
            fields = {"subject": subject, "span": span, "got": engine.show(value)}
            if kind == "fraction" and 1 < value <= 100:
                _fail(_say("range.fraction_slip", slip=engine.slip("percentage"), **fields))
            _fail(_say(key, **fields))


def _as_labels(actual, name: str) -> list:
    __tracebackhide__ = True
    if actual is None:
        _fail(_say("labels.none", name=name))
    if isinstance(actual, str | bytes):
        _fail(_say("labels.string", name=name, text=repr(actual)))
    try:
        return [item.item() if hasattr(item, "item") else item for item in actual]
    except TypeError:
        _fail(_say("labels.other", name=name, got=engine.type_name(actual)))


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
    want = _as_labels(expected, _say("expected_labels"))
    # Sets keep this linear: label lists can hold thousands of customer ids.
    try:
        got_set, want_set = set(got), set(want)
    except TypeError:
        _fail(_say("labels.simple", name=name, got=engine.show(actual)))
    missing = [label for label in want if label not in got_set]
    extra = [label for label in got if label not in want_set]
    if missing or extra:
        key = (
            "labels.both" if missing and extra else "labels.missing" if missing else "labels.extra"
        )
        _fail(_say(key, name=name, missing=_listing(missing), extra=_listing(extra)))
    if len(got) != len(want):
        seen: set = set()
        repeated = sorted({label for label in got if label in seen or seen.add(label)}, key=str)
        _fail(_say("labels.repeated", name=name, labels=_listing(repeated)))
    if ordered and got != want:
        _fail(_say("labels.order", name=name, labels=_listing(want)))


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
    valid = _as_labels(allowed, _say("allowed_labels"))
    unknown = [label for label in got if label not in valid]
    if len(unknown) == 1:
        _fail(
            _say("labels.not_allowed", name=name, label=repr(unknown[0]), allowed=_listing(valid))
        )
    if unknown:
        _fail(
            _say(
                "labels.not_allowed_many",
                name=name,
                labels=_listing(unknown),
                allowed=_listing(valid),
            )
        )


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
    wanted_names = _say("or").join(e.__name__ for e in wanted)
    call = _call_text(func, args, kwargs)
    try:
        result = func(*args, **kwargs)
    except wanted:
        return
    except Exception as error:
        _fail(
            _say(
                "raises.raised",
                call=call,
                wanted=wanted_names,
                error=type(error).__name__,
                detail=error,
            )
        )
    _fail(_say("raises.returned", call=call, wanted=wanted_names, result=engine.show(result)))


def _call_text(func, args, kwargs) -> str:
    name = getattr(func, "__name__", None) or _say("the_function")
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
    assert_equal_labels(
        actual.index, expected.index, _say("index_of", name=name), ordered=check_order
    )
    if check_name and actual.name != expected.name:
        _fail(_say("series.named", name=name, want=repr(expected.name), got=repr(actual.name)))
    got = actual.reindex(expected.index)
    ok = _values_match(got, expected, rtol, atol)
    if not ok.all():
        first = int((~ok).nonzero()[0][0])
        label = expected.index[first]
        g, w = got.iloc[first], expected.iloc[first]
        fields = {
            "name": name,
            "n": int((~ok).sum()),
            "total": len(ok),
            "label": engine.show(label),
            "want": engine.show(w),
            "got": engine.show(g),
        }
        if engine.is_real(g) and engine.is_real(w) and w:
            kind = _kind(kind)
            given = {"fraction": g / 100, "percentage": g * 100}.get(kind)
            if given is not None and math.isclose(given, w, rel_tol=1e-3):
                slip = engine.slip("percentage" if kind == "fraction" else "fraction")
                _fail(_say("series.wrong_slip", slip=slip, **fields))
        _fail(_say("series.wrong", **fields))


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
        actual.columns, expected.columns, _say("columns_of", name=name), ordered=not check_like
    )
    assert_equal_labels(
        actual.index, expected.index, _say("rows_of", name=name), ordered=not check_like
    )
    for column in expected.columns:
        got, want = actual[column], expected[column]
        if check_dtype and got.dtype != want.dtype:
            _fail(
                _say("frame.dtype", column=repr(column), name=name, want=want.dtype, got=got.dtype)
            )
        assert_series_close(
            got,
            want,
            _say("column_of", column=repr(column), name=name),
            rtol=rtol,
            atol=atol,
            check_order=not check_like,
        )


def __getattr__(name: str):
    # nbgrader configurations written for earlier versions name the plug-ins
    # crmlab.grading.X; they now live in crmlab.autograde.
    from crmlab import autograde

    if name in autograde.CLASSES:
        return autograde.nbgrader_class(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
