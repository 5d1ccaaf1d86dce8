"""Self-check exercises with immediate feedback (自测练习) for the course notebooks.

Each question of a notebook is one :class:`Exercise` (or :class:`Choice` for a
multiple-choice interpretation question) defined in a module of
:mod:`crmlab.exercises`. Students call three methods on it:

- ``q1.check(answer)`` shows a green "Correct" or a red message they can act on;
- ``q1.hint()`` shows the next hint (``q1.hint(2)`` shows hint 2);
- ``q1.solution()`` shows the solution.

Starter code assigns the placeholder ``____`` (four underscores), so that the
cell runs and the check reports "not attempted" instead of a traceback.

Answers are compared by the type of the expected value: numbers with a relative
and absolute tolerance; booleans; text (case and whitespace tolerant by
default); lists and arrays (shape, then values); pandas Series and DataFrames
(tolerant of dtype differences such as ``str`` vs ``object`` or ``int`` vs
``float``; optionally ignoring row order or row labels); dicts; sets; dates.
A custom ``compare(answer, expected)`` may return ``True``/``False`` or
``(ok, message)``.

Every exercise carries a known-good answer and at least one known-bad answer,
and :meth:`Exercise.self_test` checks that the first passes and the others
fail: a checker that cannot fail is a defect.

What ``check`` returns: a :class:`CheckResult`, truthy exactly when the answer
is correct. In Jupyter the feedback is displayed at once (HTML, with a plain
text fallback) and the result itself displays nothing, so a cell ending in
``q1.check(answer)`` shows no ``Out[...]: True`` noise. Outside IPython the
feedback is printed and the result's repr is a short ``CheckResult(...)``.
Use :meth:`Exercise.evaluate` to get the result without any output.

Examples
--------
>>> from crmlab.check import Exercise, ____
>>> q1 = Exercise(
...     "q1",
...     "30 of 250 customers left this year. What is the churn rate?",
...     lambda: 30 / 250,
...     kind="fraction",
...     what="the churn rate",
...     hints=["Churned customers divided by all customers."],
...     solution="churn_rate = 30 / 250",
...     known_bad=[12, 30 / 220],
... )
>>> answer = ____
>>> q1.check(answer)
Not attempted yet: replace ____ with your answer, then run the cell again.
CheckResult(status='not attempted')
>>> q1.check(12)
Incorrect: Expected the churn rate to be a fraction like 0.12, got 12. Did you pass a percentage?
Try .hint() for a hint.
CheckResult(status='incorrect')
>>> bool(q1.check(0.12))
Correct.
True
>>> q1.self_test()
"""

from __future__ import annotations

import datetime as _dt
import html
import math
import numbers
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "PLACEHOLDER",
    "CheckResult",
    "Choice",
    "Exercise",
    "____",
    "number_traps",
]

_NOT_ATTEMPTED_MESSAGE = "replace ____ with your answer, then run the cell again."
_KINDS = (None, "fraction", "percentage")


# --------------------------------------------------------------------------- placeholder


def _itself(self, *args, **kwargs):
    return self


class _Placeholder:
    """The ``____`` of starter code: any arithmetic on it gives ``____`` back.

    Starter cells such as ``clv = ____ * annuity_factor(5, 0.09)`` therefore run
    without a traceback, and checking the result reports "not attempted".
    Attribute access and calls also return the placeholder (``____.mean()``).
    """

    __slots__ = ()
    _instance: _Placeholder | None = None
    # pandas defers to our reflected operators, so that ``series * ____`` is
    # ``____`` rather than a Series of placeholders.
    __pandas_priority__ = 10_000

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return "____"

    def __getattr__(self, name: str):
        # Private and dunder names must fail as usual: IPython, NumPy, pickle and
        # copy probe them to decide how to treat an object.
        if name.startswith("_"):
            raise AttributeError(name)
        return self

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        # NumPy hands us every ufunc that involves ____: np.exp(____), array * ____.
        return self

    def __reduce__(self):
        return "PLACEHOLDER"

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def _not_a_number(self, *args):
        raise TypeError("____ is a placeholder: replace it with your answer first.")

    __float__ = __int__ = __index__ = __complex__ = _not_a_number

    __call__ = _itself
    __add__ = __radd__ = __sub__ = __rsub__ = _itself
    __mul__ = __rmul__ = __matmul__ = __rmatmul__ = _itself
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _itself
    __mod__ = __rmod__ = __divmod__ = __rdivmod__ = __pow__ = __rpow__ = _itself
    __and__ = __rand__ = __or__ = __ror__ = __xor__ = __rxor__ = _itself
    __lshift__ = __rlshift__ = __rshift__ = __rrshift__ = _itself
    __lt__ = __le__ = __gt__ = __ge__ = _itself
    __neg__ = __pos__ = __abs__ = __invert__ = __round__ = _itself
    __trunc__ = __floor__ = __ceil__ = _itself


____ = _Placeholder()
PLACEHOLDER = ____


def _contains_placeholder(answer) -> bool:
    """True if the answer is ``____`` or a container holding one at its top level.

    Containers are lists, tuples, sets, dicts, object arrays and the object
    columns of Series/DataFrames (``df["clv"] = ____`` fills a column with it).
    """
    if answer is PLACEHOLDER:
        return True
    if isinstance(answer, list | tuple | set | frozenset):
        return any(item is PLACEHOLDER for item in answer)
    if isinstance(answer, Mapping):
        return any(item is PLACEHOLDER for item in answer.values())
    if isinstance(answer, np.ndarray) and answer.dtype == object:
        return any(item is PLACEHOLDER for item in answer.flat)
    if isinstance(answer, pd.Series):
        answer = answer.to_frame()
    if isinstance(answer, pd.DataFrame):
        return any(
            item is PLACEHOLDER
            for dtype, (_, column) in zip(answer.dtypes, answer.items(), strict=True)
            if isinstance(dtype, np.dtype) and dtype.kind == "O"
            for item in column
        )
    return False


# --------------------------------------------------------------------------- display


def _show(plain: str, rich: str) -> None:
    """Display HTML in IPython/Jupyter (with a plain-text fallback), else print."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        print(plain)
        return
    if get_ipython() is None:
        print(plain)
        return
    display({"text/plain": plain, "text/html": rich}, raw=True)


def _box(color: str, title: str, body: str, *, pre: bool = False) -> str:
    text = html.escape(body)
    if pre:
        content = (
            f'<pre style="margin: 0.3em 0 0 0; white-space: pre-wrap;"><code>{text}</code></pre>'
        )
    else:
        content = f'<span style="white-space: pre-wrap;">{text}</span>'
    return (
        f'<div style="border-left: 4px solid {color}; padding: 0.3em 0.8em; margin: 0.3em 0;">'
        f'<strong style="color: {color};">{html.escape(title)}</strong> {content}</div>'
    )


_COLORS = {
    "correct": "#1b7f3b",
    "incorrect": "#c62828",
    "not attempted": "#b25e00",
    "hint": "#1565c0",
    "solution": "#6a1b9a",
}
_TITLES = {"correct": "Correct.", "incorrect": "Incorrect:", "not attempted": "Not attempted yet:"}


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one answer; truthy exactly when it is correct.

    Attributes
    ----------
    status : str
        ``"correct"``, ``"incorrect"`` or ``"not attempted"``.
    message : str
        The feedback itself (empty or an explanation when correct).
    exercise : str
        The name of the exercise.
    advice : str
        What to do next when the answer is wrong (e.g. "Try .hint() for a hint.").
    shown : bool
        True when :meth:`Exercise.check` has already displayed the feedback, in
        which case displaying the result in Jupyter shows nothing more.
    """

    status: str
    message: str = ""
    exercise: str = ""
    advice: str = ""
    shown: bool = False

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return f"CheckResult(status={self.status!r})"

    @property
    def text(self) -> str:
        """The feedback as plain text."""
        lines = [" ".join(part for part in (_TITLES[self.status], self.message) if part)]
        if self.advice:
            lines.append(self.advice)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        body = "\n".join(part for part in (self.message, self.advice) if part)
        return _box(_COLORS[self.status], _TITLES[self.status], body)

    def show(self) -> None:
        """Display the feedback (HTML in Jupyter, else print)."""
        _show(self.text, self._repr_html_())

    def _ipython_display_(self) -> None:
        if not self.shown:
            self.show()


# --------------------------------------------------------------------------- formatting


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fmt_number(value, unit: str | None = None) -> str:
    if isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_):
        text = f"{int(value):,}" if abs(int(value)) >= 10_000 else str(int(value))
    else:
        x = float(value)
        if math.isnan(x):
            text = "NaN"
        elif math.isinf(x):
            text = "infinity" if x > 0 else "-infinity"
        elif x.is_integer() and abs(x) < 1e15:
            text = f"{int(x):,}" if abs(x) >= 10_000 else str(int(x))
        elif abs(x) >= 1000:
            text = f"{x:,.2f}"
        else:
            text = f"{x:.6g}"
    return f"{text} {unit}" if unit else text


def _describe(value, unit: str | None = None) -> str:
    """A short rendering of a student's value for a message."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_):
        return _fmt_number(value, unit)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _names(items: Iterable, limit: int = 5) -> str:
    items = list(items)
    shown = ", ".join(repr(item) for item in items[:limit])
    if len(items) > limit:
        shown += f" and {len(items) - limit} more"
    return shown


def _type_name(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool | np.bool_):
        return f"the boolean {bool(value)}"
    if isinstance(value, str):
        return f"the text {_describe(value)}"
    if isinstance(value, numbers.Real):
        return f"the number {_fmt_number(value)}"
    if isinstance(value, pd.DataFrame):
        return "a pandas DataFrame"
    if isinstance(value, pd.Series):
        return "a pandas Series"
    if isinstance(value, pd.Index):
        return "a pandas Index"
    if isinstance(value, np.ndarray):
        return "a NumPy array"
    names = {list: "a list", tuple: "a tuple", dict: "a dict", set: "a set", frozenset: "a set"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    article = "an" if type(value).__name__[:1].lower() in "aeiou" else "a"
    return f"{article} {type(value).__name__}"


def _wrong_type(what: str, expected: str, answer) -> str:
    message = f"Expected {what} to be {expected}, got {_type_name(answer)}."
    if answer is None:
        message += (
            " Did your function forget to return a value, or did you keep the result of a"
            " method that works in place?"
        )
    return message


def _norm_text(text: str, case_sensitive: bool) -> str:
    text = " ".join(text.split())
    return text if case_sensitive else text.casefold()


# --------------------------------------------------------------------------- comparisons


@dataclass(frozen=True)
class _Options:
    rtol: float
    atol: float
    kind: str | None
    unit: str | None
    case_sensitive: bool
    ignore_order: bool
    ignore_index: bool


def _close(a, e, o: _Options):
    return np.isclose(a, e, rtol=o.rtol, atol=o.atol, equal_nan=True)


def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def _scale_message(a, e, o: _Options, what: str, *, many: bool) -> str | None:
    """A message when the answer is the expected value times or over 100."""
    a = np.asarray(a, dtype=float)
    e = np.asarray(e, dtype=float)
    finite = np.isfinite(a)
    if not finite.any():
        return None
    sample = a[finite & (a != 0)].flat[0] if np.any(finite & (a != 0)) else a[finite].flat[0]
    noun = "hold fractions" if many else "be a fraction"
    if o.kind == "fraction":
        if np.all(_close(a / 100, e, o)):
            plural = "percentages" if many else "a percentage"
            return (
                f"Expected {what} to {noun} like {_fmt_number(sample / 100)}, "
                f"got {_fmt_number(sample)}. Did you pass {plural}?"
            )
        outside = finite & ((a < 0) | (a > 1))
        if outside.any():
            bad = a[outside].flat[0]
            extra = " Did you pass a percentage?" if 1 < bad <= 100 else ""
            return f"Expected {what} to {noun} between 0 and 1, got {_fmt_number(bad)}.{extra}"
    if o.kind == "percentage" and np.all(_close(a * 100, e, o)):
        noun = "hold percentages" if many else "be a percentage"
        return (
            f"Expected {what} to {noun} like {_fmt_number(sample * 100)}, "
            f"got {_fmt_number(sample)}. Did you pass a fraction? Multiply by 100."
        )
    if o.kind is None and np.any(e != 0) and np.all(_close(a / 100, e, o)):
        return (
            f"{_cap(what)} is 100 times too large. Did you give a percentage where a "
            "fraction (like 0.15) is expected?"
        )
    return None


def _compare_number(answer, expected, o: _Options, what: str):
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer.item()
    if isinstance(answer, str):
        try:
            float(answer)
        except ValueError:
            return False, _wrong_type(what, "a number", answer)
        return False, (
            f"Expected {what} to be a number, got the text {answer!r}. Remove the quotes."
        )
    if isinstance(answer, pd.Series | pd.DataFrame | pd.Index | np.ndarray | list | tuple):
        if np.size(answer) == 1:
            return False, (
                f"Expected {what} to be a single number, got {_type_name(answer)} holding one "
                "value. Take the number out, e.g. with .item()."
            )
        return False, f"Expected {what} to be a single number, got {_type_name(answer)}."
    if not _is_real(answer):
        return False, _wrong_type(what, "a number", answer)
    a, e = float(answer), float(expected)
    if math.isnan(a):
        return False, (
            f"Expected {what} to be a number, got NaN (not a number). Look for missing "
            "values or a division by zero."
        )
    if _close(a, e, o):
        return True, ""
    scale = _scale_message(a, e, o, what, many=False)
    if scale:
        return False, scale
    got = _describe(answer, o.unit)
    if e != 0 and _close(-a, e, o):
        return False, f"{_cap(what)} has the wrong sign: you have {got}."
    if e != 0 and abs(a - e) <= 0.01 * abs(e):
        return False, (
            f"{_cap(what)} ({got}) is close but not within the tolerance. Do not round "
            "intermediate results."
        )
    direction = "too high" if a > e else "too low"
    return False, f"{_cap(what)} ({got}) is {direction}."


def _compare_bool(answer, expected, o: _Options, what: str):
    if isinstance(answer, str) and answer.strip() in ("True", "False"):
        return (
            False,
            f"Expected {what} to be True or False, got the text {answer!r}. Remove the quotes.",
        )
    if not isinstance(answer, bool | np.bool_):
        return False, _wrong_type(what, "True or False", answer)
    if bool(answer) == bool(expected):
        return True, ""
    return False, f"{_cap(what)} is not {bool(answer)}."


def _compare_text(answer, expected, o: _Options, what: str):
    if not isinstance(answer, str):
        return False, _wrong_type(what, "text (a str)", answer)
    if _norm_text(answer, o.case_sensitive) == _norm_text(expected, o.case_sensitive):
        return True, ""
    return False, f"{_describe(answer)} is not the expected text for {what}."


def _compare_date(answer, expected, o: _Options, what: str):
    if isinstance(answer, str):
        return False, (
            f"Expected {what} to be a date, got the text {answer!r}. Convert it with "
            "pd.Timestamp(...)."
        )
    if not isinstance(answer, _dt.date | np.datetime64):
        return False, _wrong_type(what, "a date", answer)
    if pd.Timestamp(answer) == pd.Timestamp(expected):
        return True, ""
    direction = "too late" if pd.Timestamp(answer) > pd.Timestamp(expected) else "too early"
    return False, f"{_cap(what)} ({pd.Timestamp(answer).date()}) is {direction}."


def _compare_mapping(answer, expected, o: _Options, what: str):
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, Mapping):
        return False, _wrong_type(what, "a dict", answer)
    missing = [key for key in expected if key not in answer]
    extra = [key for key in answer if key not in expected]
    if missing:
        return False, f"{_cap(what)} is missing the key(s) {_names(missing)}."
    if extra:
        return False, f"{_cap(what)} has unexpected key(s) {_names(extra)}."
    for key, value in expected.items():
        ok, message = _compare(answer[key], value, o, f"the value for {key!r}")
        if not ok:
            return False, message
    return True, ""


def _normalize_items(items, o: _Options) -> set:
    return {_norm_text(item, o.case_sensitive) if isinstance(item, str) else item for item in items}


def _compare_set(answer, expected, o: _Options, what: str):
    if not isinstance(answer, set | frozenset | list | tuple | np.ndarray | pd.Series | pd.Index):
        return False, _wrong_type(what, "a set", answer)
    got = _normalize_items(list(answer), o)
    want = _normalize_items(expected, o)
    extra = [item for item in got if item not in want]
    n_missing = sum(item not in got for item in want)
    if not extra and not n_missing:
        return True, ""
    parts = []
    if extra:
        parts.append(f"has {len(extra)} unexpected item(s): {_names(sorted(extra, key=str))}")
    if n_missing:
        parts.append(f"misses {n_missing} expected item(s)")
    return False, f"{_cap(what)} " + " and ".join(parts) + "."


def _position(index: tuple) -> str:
    index = tuple(int(i) for i in index)
    return str(index[0]) if len(index) == 1 else str(index)


def _compare_sequence(answer, expected, o: _Options, what: str):
    if not isinstance(answer, list | tuple | np.ndarray | pd.Series | pd.Index):
        return False, _wrong_type(what, "a list or array", answer)
    want = np.asarray(expected)
    if want.dtype.kind in "iuf":
        try:
            got = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return False, f"{_cap(what)} should hold numbers only."
        want = want.astype(float)
        if got.shape != want.shape:
            if got.ndim == want.ndim == 1:
                return False, f"Expected {what} to have {len(want)} values, got {len(got)}."
            return False, f"Expected {what} to have shape {want.shape}, got {got.shape}."
        if o.ignore_order and want.ndim == 1:
            got, want = np.sort(got), np.sort(want)
        close = _close(got, want, o)
        if close.all():
            return True, ""
        scale = _scale_message(got, want, o, what, many=True)
        if scale:
            return False, scale
        first = tuple(np.argwhere(~close)[0])
        return False, (
            f"{_cap(what)} differs from the expected values at {int((~close).sum())} of "
            f"{want.size} positions; the first is position {_position(first)} (counting from 0), "
            f"where you have {_fmt_number(got[first], o.unit)}."
        )
    got_items, want_items = list(answer), list(expected)
    if len(got_items) != len(want_items):
        return False, f"Expected {what} to have {len(want_items)} items, got {len(got_items)}."
    if o.ignore_order:
        got_items, want_items = sorted(got_items, key=repr), sorted(want_items, key=repr)
    for i, (got_item, want_item) in enumerate(zip(got_items, want_items, strict=True)):
        ok, message = _compare(got_item, want_item, o, f"item {i} of {what}")
        if not ok:
            return False, message
    return True, ""


def _column_kind(series: pd.Series) -> str:
    """Classify a column as "bool", "number", "datetime", "text" or "other"."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _column_kind(series.astype(dtype.categories.dtype))
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_numeric_dtype(dtype):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "datetime"
    if isinstance(dtype, pd.StringDtype):
        return "text"
    inferred = pd.api.types.infer_dtype(series, skipna=True)
    if inferred == "boolean":
        return "bool"
    if inferred in ("integer", "floating", "mixed-integer-float", "decimal"):
        return "number"
    if inferred in ("datetime", "datetime64", "date"):
        return "datetime"
    if inferred == "string":
        return "text"
    return "other"


_KIND_WORDS = {
    "bool": "True/False values",
    "number": "numbers",
    "datetime": "dates",
    "text": "text",
    "other": "mixed values",
}


def _where(labels, i: int) -> str:
    return f"row {labels[i]!r}" if labels is not None else f"position {i} (counting from 0)"


def _same(x, y) -> bool:
    if pd.api.types.is_scalar(x) and pd.api.types.is_scalar(y) and pd.isna(x) and pd.isna(y):
        return True
    try:
        return bool(x == y)
    except (TypeError, ValueError):
        return False


def _compare_values(got: pd.Series, want: pd.Series, o: _Options, what: str, labels):
    """Compare two aligned columns of equal length, tolerant of dtype differences."""
    want_kind, got_kind = _column_kind(want), _column_kind(got)
    n = len(want)
    if want_kind == "number":
        if got_kind != "number":
            advice = " Convert it with pd.to_numeric(...)." if got_kind == "text" else ""
            return False, (
                f"{_cap(what)} should hold numbers, but it holds {_KIND_WORDS[got_kind]}.{advice}"
            )
        a = got.to_numpy(dtype=float, na_value=np.nan)
        e = want.to_numpy(dtype=float, na_value=np.nan)
        close = _close(a, e, o)
        if close.all():
            return True, ""
        scale = _scale_message(a, e, o, what, many=True)
        if scale:
            return False, scale
        i = int(np.flatnonzero(~close)[0])
        return False, (
            f"{_cap(what)} differs from the expected values in {int((~close).sum())} of {n} "
            f"rows; the first is {_where(labels, i)}, where you have {_fmt_number(a[i], o.unit)}."
        )
    if want_kind in ("bool", "datetime") and got_kind != want_kind:
        advice = " Convert it with pd.to_datetime(...)." if want_kind == "datetime" else ""
        return False, (
            f"{_cap(what)} should hold {_KIND_WORDS[want_kind]}, but it holds "
            f"{_KIND_WORDS[got_kind]}.{advice}"
        )
    a = got.astype(object).to_numpy()
    e = want.astype(object).to_numpy()
    equal = np.array([_same(x, y) for x, y in zip(a, e, strict=True)], dtype=bool)
    if equal.all():
        return True, ""
    i = int(np.flatnonzero(~equal)[0])
    return False, (
        f"{_cap(what)} differs from the expected values in {int((~equal).sum())} of {n} rows; "
        f"the first is {_where(labels, i)}, where you have {_describe(a[i])}."
    )


def _sort_rows(obj):
    if isinstance(obj, pd.DataFrame):
        return obj.sort_values(by=list(obj.columns), kind="mergesort", ignore_index=True)
    return obj.sort_values(kind="mergesort", ignore_index=True)


def _align(got, want, o: _Options, what: str):
    """Put the rows of got in the order of want; return (got, want, labels, message)."""
    if o.ignore_index:
        got, want = got.reset_index(drop=True), want.reset_index(drop=True)
        if o.ignore_order:
            got, want = _sort_rows(got), _sort_rows(want)
        return got, want, None, None
    got_labels, want_labels = got.index.tolist(), want.index.tolist()
    if got_labels == want_labels:
        return got, want, want_labels, None
    got_set, want_set = set(got_labels), set(want_labels)
    if got_set == want_set and got.index.is_unique:
        if o.ignore_order:
            return got.iloc[got.index.get_indexer(want.index)], want, want_labels, None
        return (
            None,
            None,
            None,
            (
                f"{_cap(what)} has the right rows but in a different order. Sort the rows as the "
                "question asks (for example with .sort_values(...) or .sort_index())."
            ),
        )
    missing = [label for label in want_labels if label not in got_set]
    extra = [label for label in got_labels if label not in want_set]
    message = f"The row labels (index) of {what} are not the expected ones:"
    if missing:
        message += f" missing {_names(missing, 3)};"
    if extra:
        message += f" unexpected {_names(extra, 3)};"
    message = message.rstrip(";") + "."
    if isinstance(got.index, pd.RangeIndex) and not isinstance(want.index, pd.RangeIndex):
        message += " Did you forget to set the index, e.g. with .set_index(...)?"
    return None, None, None, message


def _compare_series(answer, expected: pd.Series, o: _Options, what: str):
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        return False, (
            f"Expected {what} to be a pandas Series, got a DataFrame with one column. Select "
            "the column, e.g. df['column'], or use .squeeze()."
        )
    if isinstance(answer, Mapping):
        return False, (
            f"Expected {what} to be a pandas Series, got a dict. Wrap it: pd.Series(your_dict)."
        )
    if not isinstance(answer, pd.Series):
        return False, _wrong_type(what, "a pandas Series", answer)
    if len(answer) != len(expected):
        return False, f"Expected {what} to have {len(expected)} rows, got {len(answer)}."
    got, want, labels, message = _align(answer, expected, o, what)
    if message:
        return False, message
    return _compare_values(got, want, o, what, labels)


def _compare_frame(answer, expected: pd.DataFrame, o: _Options, what: str):
    if isinstance(answer, pd.Series):
        return False, (
            f"Expected {what} to be a pandas DataFrame, got a Series. Turn it into a table with "
            ".to_frame() or .reset_index()."
        )
    if not isinstance(answer, pd.DataFrame):
        return False, _wrong_type(what, "a pandas DataFrame", answer)
    want_cols, got_cols = list(expected.columns), list(answer.columns)
    missing = [col for col in want_cols if col not in got_cols]
    extra = [col for col in got_cols if col not in want_cols]
    want_index, got_index = expected.index.name, answer.index.name
    if want_index is not None and want_index in extra and not o.ignore_index:
        return False, (
            f"{_cap(what)} has {want_index!r} as a column, but it should be the index (the row "
            f"labels). Use .set_index({want_index!r})."
        )
    if got_index is not None and got_index in missing:
        return False, (
            f"{_cap(what)} has {got_index!r} as its index, but it should be a column. "
            "Use .reset_index()."
        )
    if missing:
        return False, (
            f"{_cap(what)} is missing the column(s) {_names(missing)}. "
            f"Its columns are {_names(got_cols, 10)}."
        )
    if extra:
        return False, (
            f"{_cap(what)} has unexpected column(s) {_names(extra)}. "
            f"Keep only {_names(want_cols, 10)}."
        )
    if len(answer) != len(expected):
        return False, f"Expected {what} to have {len(expected)} rows, got {len(answer)}."
    got, want, labels, message = _align(answer[want_cols], expected, o, what)
    if message:
        return False, message
    for col in want_cols:
        ok, message = _compare_values(got[col], want[col], o, f"column {col!r}", labels)
        if not ok:
            return False, message
    return True, ""


def _compare_other(answer, expected, o: _Options, what: str):
    try:
        equal = bool(answer == expected)
    except (TypeError, ValueError):
        equal = False
    if equal:
        return True, ""
    if type(answer) is not type(expected):
        return False, _wrong_type(what, _expected_type(expected), answer)
    return False, f"{_cap(what)} ({_describe(answer)}) is not right."


def _expected_type(expected) -> str:
    """How a message names the type the answer should have."""
    for kinds, name in (
        (bool | np.bool_, "True or False"),
        (numbers.Real, "a number"),
        (str, "text (a str)"),
        (pd.DataFrame, "a pandas DataFrame"),
        (pd.Series, "a pandas Series"),
        (Mapping, "a dict"),
        (set | frozenset, "a set"),
        (list | tuple | np.ndarray | pd.Index, "a list or array"),
        (_dt.date | np.datetime64, "a date"),
    ):
        if isinstance(expected, kinds):
            return name
    return _type_name(expected)


def _compare(answer, expected, o: _Options, what: str):
    """Dispatch on the type of the expected value; return (ok, message)."""
    if answer is None and expected is not None:
        return False, _wrong_type(what, _expected_type(expected), None)
    if isinstance(expected, bool | np.bool_):
        return _compare_bool(answer, expected, o, what)
    if _is_real(expected):
        return _compare_number(answer, expected, o, what)
    if isinstance(expected, str):
        return _compare_text(answer, expected, o, what)
    if isinstance(expected, pd.DataFrame):
        return _compare_frame(answer, expected, o, what)
    if isinstance(expected, pd.Series):
        return _compare_series(answer, expected, o, what)
    if isinstance(expected, Mapping):
        return _compare_mapping(answer, expected, o, what)
    if isinstance(expected, set | frozenset):
        return _compare_set(answer, expected, o, what)
    if isinstance(expected, list | tuple | np.ndarray | pd.Index):
        return _compare_sequence(answer, expected, o, what)
    if isinstance(expected, _dt.date | np.datetime64):
        return _compare_date(answer, expected, o, what)
    return _compare_other(answer, expected, o, what)


# --------------------------------------------------------------------------- exercises

_MISSING = object()


def _resolve(value):
    """Call a zero-argument callable (lazy value); return other values as they are."""
    return value() if callable(value) else value


class Exercise:
    """One self-check question with feedback, tiered hints and a solution.

    Parameters
    ----------
    name : str
        Short identifier, normally the variable name (``"q1"``).
    prompt : str
        The question as the student reads it.
    expected : object or callable
        The correct answer, or a zero-argument callable that computes it on first
        use (so that defining exercises never loads data at import). The type of
        the expected value decides how answers are compared (see the module
        docstring). A function cannot itself be an expected value.
    hints : str or sequence of str, keyword-only
        Hints from gentle to explicit; ``hint()`` shows them one by one.
    solution : str, keyword-only
        The solution code or text shown by ``solution()``.
    known_bad : sequence or callable, keyword-only
        Wrong answers that the checker must reject (at least one), e.g. the
        percentage instead of the fraction, or the result of a common mistake.
        A zero-argument callable returning the sequence is evaluated lazily.
    known_good : object or callable, optional
        An answer that must pass; defaults to ``expected``.
    compare : callable, optional
        ``compare(answer, expected)`` returning ``True``/``False`` or
        ``(ok, message)``; replaces the type-based comparison.
    kind : {None, "fraction", "percentage"}
        ``"fraction"``: the answer is a rate in [0, 1]; a percentage gets a
        specific message. ``"percentage"``: the reverse.
    what : str
        How messages name the answer, e.g. ``"the churn rate"``.
    unit : str, optional
        Unit of measure shown after numbers in messages, e.g. ``"yuan"``.
    rtol, atol : float
        Relative and absolute tolerance for numbers (``numpy.isclose``).
    case_sensitive : bool
        Compare text answers case-sensitively (whitespace is always normalized).
    ignore_order : bool
        Ignore the order of rows (Series/DataFrame) or items (lists, arrays).
    ignore_index : bool
        Ignore the row labels of Series/DataFrames (compare by position).
    explanation : str, optional
        Shown after a correct answer: the "why" behind it.

    Raises
    ------
    ValueError
        If ``known_bad`` is empty (a checker that cannot fail is a defect), the
        solution is empty, ``kind`` is unknown or a tolerance is negative.
    TypeError
        If ``name``, ``prompt``, a hint or ``solution`` is not text, or ``compare``
        is not callable.

    Examples
    --------
    >>> q = Exercise("q2", "Expected lifetime (years) at a 20% yearly churn rate?", 5.0,
    ...              hints="T = 1 / churn rate.", solution="1 / 0.2", known_bad=[0.2, 20])
    >>> q.evaluate(5).correct
    True
    >>> q.evaluate(4.5).message
    'The answer (4.5) is too low.'
    """

    def __init__(
        self,
        name: str,
        prompt: str,
        expected: Any,
        *,
        hints: str | Sequence[str] = (),
        solution: str,
        known_bad: Sequence[Any] | Callable[[], Sequence[Any]] = (),
        known_good: Any = _MISSING,
        compare: Callable[[Any, Any], Any] | None = None,
        kind: str | None = None,
        what: str = "the answer",
        unit: str | None = None,
        rtol: float = 1e-6,
        atol: float = 1e-9,
        case_sensitive: bool = False,
        ignore_order: bool = False,
        ignore_index: bool = False,
        explanation: str | None = None,
    ):
        for label, value in (("name", name), ("prompt", prompt), ("what", what)):
            if not isinstance(value, str) or not value.strip():
                raise TypeError(f"{label} must be a non-empty str, got {value!r}.")
        if isinstance(hints, str):
            hints = (hints,)
        hints = tuple(hints)
        if not all(isinstance(h, str) and h.strip() for h in hints):
            raise TypeError(f"hints must be a str or a sequence of non-empty str, got {hints!r}.")
        if not isinstance(solution, str):
            raise TypeError(f"solution must be a str, got {type(solution).__name__}.")
        if not solution.strip():
            raise ValueError(f"Exercise {name!r} needs a solution; got an empty string.")
        if not callable(known_bad):
            if isinstance(known_bad, str) or not isinstance(known_bad, Iterable):
                raise TypeError(
                    f"known_bad must be a sequence of wrong answers, got {known_bad!r}. "
                    "Wrap a single answer in a list: known_bad=[12]."
                )
            known_bad = tuple(known_bad)
            if not known_bad:
                raise ValueError(
                    f"Exercise {name!r} has no known_bad answers: a checker that cannot fail "
                    "is a defect. Add at least one wrong answer, e.g. known_bad=[12]."
                )
        if compare is not None and not callable(compare):
            raise TypeError(f"compare must be callable or None, got {compare!r}.")
        if kind not in _KINDS:
            raise ValueError(f"kind must be one of {_KINDS}, got {kind!r}.")
        for label, tol in (("rtol", rtol), ("atol", atol)):
            if not _is_real(tol) or not tol >= 0:
                raise ValueError(f"{label} must be a non-negative number, got {tol!r}.")
        if explanation is not None and not isinstance(explanation, str):
            raise TypeError(f"explanation must be a str or None, got {explanation!r}.")
        self.name = name
        self.prompt = prompt
        self.hints = hints
        self.what = what
        self.explanation = explanation
        self._expected = expected
        self._known_good = known_good
        self._known_bad = known_bad
        self._compare_func = compare
        self._options = _Options(
            rtol=float(rtol),
            atol=float(atol),
            kind=kind,
            unit=unit,
            case_sensitive=case_sensitive,
            ignore_order=ignore_order,
            ignore_index=ignore_index,
        )
        self._solution = solution
        self._cache: dict[str, Any] = {}
        self._hints_shown = 0

    # -- values ---------------------------------------------------------------------------

    def _lazy(self, key: str, value):
        if key not in self._cache:
            self._cache[key] = _resolve(value)
        return self._cache[key]

    @property
    def expected(self):
        """The correct answer (computed on first use when given as a callable)."""
        return self._lazy("expected", self._expected)

    @property
    def known_good(self):
        """An answer that must pass: ``known_good`` if given, else ``expected``."""
        if self._known_good is _MISSING:
            return self.expected
        return self._lazy("known_good", self._known_good)

    @property
    def known_bad(self) -> tuple:
        """The wrong answers that must fail."""
        return tuple(self._lazy("known_bad", self._known_bad))

    # -- checking -------------------------------------------------------------------------

    def _advice(self) -> str:
        if self.hints:
            return "Try .hint() for a hint."
        return "Try .solution() to see the answer."

    def _interpret(self, outcome) -> tuple[bool, str]:
        """Read what a custom compare returned: a bool or (bool, message)."""
        if isinstance(outcome, bool | np.bool_):
            return bool(outcome), ""
        if isinstance(outcome, tuple) and len(outcome) == 2:
            ok, message = outcome
            return bool(ok), str(message or "")
        raise TypeError(
            f"compare of exercise {self.name!r} must return a bool or (bool, message), "
            f"got {outcome!r}."
        )

    def evaluate(self, answer) -> CheckResult:
        """Check an answer without displaying anything; return the :class:`CheckResult`."""
        if _contains_placeholder(answer):
            return CheckResult("not attempted", _NOT_ATTEMPTED_MESSAGE, self.name)
        # Computing the expected value is the author's code: let its errors surface.
        expected = self.expected
        try:
            if self._compare_func is None:
                outcome = _compare(answer, expected, self._options, self.what)
            else:
                outcome = self._compare_func(answer, expected)
        except Exception as error:  # a student's odd answer must not crash the check cell
            outcome = (
                False,
                f"Your answer could not be checked ({type(error).__name__}: {error}).",
            )
        ok, message = self._interpret(outcome)
        if ok:
            return CheckResult("correct", self.explanation or "", self.name)
        return CheckResult("incorrect", message or "Not quite.", self.name, self._advice())

    def check(self, answer) -> CheckResult:
        """Check an answer and display the feedback.

        Returns a :class:`CheckResult`, truthy when the answer is correct, that
        displays nothing further in Jupyter (no ``Out[...]`` line).
        """
        result = self.evaluate(answer)
        result.show()
        return replace(result, shown=True)

    def assert_correct(self, answer) -> None:
        """Raise an AssertionError carrying the feedback unless the answer is correct.

        Meant for visible test cells of graded assignments, where a bare
        ``assert`` would show an empty AssertionError.
        """
        result = self.evaluate(answer)
        if not result:
            raise AssertionError(result.text)

    def hint(self, level: int | None = None) -> None:
        """Show the next hint, or hint number ``level`` (counting from 1)."""
        n = len(self.hints)
        if level is not None:
            if isinstance(level, bool) or not isinstance(level, numbers.Integral):
                raise TypeError(f"level must be a whole number or None, got {level!r}.")
            if n == 0:
                raise ValueError(f"This question has no hints, so level must be None; got {level}.")
            if not 1 <= level <= n:
                raise ValueError(f"level must be between 1 and {n}, got {level}.")
            k = int(level)
        else:
            if n == 0:
                _show(
                    "This question has no hints. Try .solution() to see the answer.",
                    _box(_COLORS["hint"], "No hints.", "Try .solution() to see the answer."),
                )
                return
            k = min(self._hints_shown + 1, n)
            self._hints_shown = k
        body = self.hints[k - 1]
        if level is None and k == n and n > 1:
            body += "\n(That was the last hint; .solution() shows the answer.)"
        title = f"Hint {k}/{n}:" if n > 1 else "Hint:"
        _show(f"{title} {body}", _box(_COLORS["hint"], title, body))

    def solution(self) -> None:
        """Show the solution."""
        _show(
            f"Solution:\n{self._solution}",
            _box(_COLORS["solution"], "Solution:", self._solution, pre=True),
        )

    # -- testing the checker --------------------------------------------------------------

    def self_test(self) -> None:
        """Verify the checker: known_good passes, every known_bad fails, ``____`` is caught.

        Raises
        ------
        AssertionError
            Naming the exercise and the answer that was judged wrongly.
        """
        good = self.evaluate(self.known_good)
        if not good:
            raise AssertionError(
                f"Exercise {self.name!r}: the known-good answer fails: {good.message}"
            )
        bad_answers = self.known_bad
        if not bad_answers:
            raise AssertionError(
                f"Exercise {self.name!r} has no known_bad answers: a checker that cannot fail "
                "is a defect."
            )
        for i, bad in enumerate(bad_answers):
            result = self.evaluate(bad)
            if result.status != "incorrect":
                raise AssertionError(
                    f"Exercise {self.name!r}: known_bad[{i}] = {_describe(bad)} is judged "
                    f"{result.status!r}; the checker is too lenient."
                )
        if self.evaluate(PLACEHOLDER).status != "not attempted":
            raise AssertionError(f"Exercise {self.name!r}: ____ is not reported as not attempted.")

    # -- display --------------------------------------------------------------------------

    def __repr__(self) -> str:
        first_line = self.prompt.strip().splitlines()[0]
        if len(first_line) > 60:
            first_line = first_line[:57] + "..."
        return f"<{type(self).__name__} {self.name}: {first_line}>"

    def _repr_html_(self) -> str:
        return (
            f"<div><strong>{html.escape(self.name)}</strong> "
            f'<span style="white-space: pre-wrap;">{html.escape(self.prompt)}</span></div>'
        )


class Choice(Exercise):
    """A multiple-choice question, for interpretation next to computation.

    Options are lettered A, B, C, ...; the student answers with a letter
    (``"b"``, ``"B"`` and ``"(b)"`` all work) or, for select-all questions,
    several letters (``"AC"``, ``"A, C"`` or ``["A", "C"]``). The text of an
    option is accepted too.

    Parameters
    ----------
    name, prompt : str
        As for :class:`Exercise`; the options are appended to the prompt.
    options : sequence of str
        The options, in order (A, B, C, ...); at least two.
    answer : str or iterable of str
        The correct letter, or letters for a select-all question.
    hints : str or sequence of str, optional
    solution : str, optional
        Defaults to "The answer is B: <option text>." plus the explanation.
    explanation : str, optional
        Why the answer is right; shown after a correct answer.
    feedback : mapping of str to str, optional
        A message per wrong letter, explaining why that option is wrong.

    Examples
    --------
    >>> q = Choice("q3", "A customer's satisfaction ratio is 1.3. They are:",
    ...            ["dissatisfied", "satisfied as expected", "more than satisfied"], "C",
    ...            feedback={"A": "Dissatisfied means a ratio below 1."})
    >>> q.evaluate("c").correct
    True
    >>> q.evaluate("A").message
    'Dissatisfied means a ratio below 1.'
    >>> q.known_bad
    ('A', 'B')
    """

    def __init__(
        self,
        name: str,
        prompt: str,
        options: Sequence[str],
        answer: str | Iterable[str],
        *,
        hints: str | Sequence[str] = (),
        solution: str | None = None,
        explanation: str | None = None,
        feedback: Mapping[str, str] | None = None,
    ):
        if isinstance(options, str) or not isinstance(options, Sequence):
            raise TypeError(f"options must be a list of str, got {options!r}.")
        options = tuple(options)
        if not 2 <= len(options) <= 26 or not all(isinstance(t, str) and t for t in options):
            raise ValueError(f"options must be 2 to 26 non-empty strings, got {options!r}.")
        self.options = options
        self.letters = tuple(string.ascii_uppercase[: len(options)])
        correct = self._letters_of(answer)
        if correct is None:
            raise ValueError(
                f"answer must be one or more of the letters {', '.join(self.letters)}, "
                f"got {answer!r}."
            )
        self.feedback = {str(k).upper(): v for k, v in (feedback or {}).items()}
        unknown = set(self.feedback) - set(self.letters)
        if unknown:
            raise ValueError(f"feedback has unknown letter(s) {_names(sorted(unknown))}.")
        self.correct_letters = correct
        key = "".join(sorted(correct))
        bad = [letter for letter in self.letters if letter not in correct]
        if len(correct) > 1:
            bad += ["".join(sorted(correct - {letter})) for letter in sorted(correct)]
        if solution is None:
            chosen = "; ".join(f"{letter}: {options[self.letters.index(letter)]}" for letter in key)
            solution = f"The answer is {chosen}." + (f"\n{explanation}" if explanation else "")
        full_prompt = (
            prompt.rstrip()
            + "\n"
            + "\n".join(
                f"  {letter}. {text}" for letter, text in zip(self.letters, options, strict=True)
            )
        )
        super().__init__(
            name,
            full_prompt,
            key,
            hints=hints,
            solution=solution,
            known_bad=bad,
            compare=self._compare_choice,
            explanation=explanation,
        )

    def _letters_of(self, answer) -> frozenset[str] | None:
        """Parse an answer into a set of option letters, or None if it cannot be read."""
        if isinstance(answer, str):
            for letter, option in zip(self.letters, self.options, strict=True):
                if _norm_text(answer, False) == _norm_text(option, False):
                    return frozenset(letter)
            words = [w for w in re.findall(r"[A-Za-z]+", answer) if w.lower() != "and"]
            letters = frozenset("".join(words).upper())
        elif isinstance(answer, Iterable) and not isinstance(answer, Mapping):
            items = list(answer)
            if not all(isinstance(item, str) for item in items):
                return None
            letters = frozenset(item.strip().upper() for item in items)
        else:
            return None
        if not letters or not letters <= set(self.letters):
            return None
        return letters

    def _compare_choice(self, answer, expected):
        letters_text = ", ".join(self.letters[:-1]) + " or " + self.letters[-1]
        if not isinstance(answer, str | list | tuple | set | frozenset):
            return False, f"Answer with the letter of an option ({letters_text}), as text: 'B'."
        chosen = self._letters_of(answer)
        if chosen is None:
            return False, f"Answer with the letter of an option: {letters_text}."
        if chosen == self.correct_letters:
            return True, ""
        wrong = sorted(chosen - self.correct_letters)
        for letter in wrong:
            if letter in self.feedback:
                return False, self.feedback[letter]
        if len(self.correct_letters) == 1:
            if len(chosen) > 1:
                return False, "Choose one option only."
            return False, f"{wrong[0]} is not the best answer."
        if wrong:
            return False, f"{', '.join(wrong)} should not be selected."
        return False, "Some right options are missing: select all that apply."


def number_traps(*traps, rtol: float = 1e-6, atol: float = 1e-9):
    """A ``compare`` for single-number exercises that names the mistake behind a wrong value.

    The generic comparison calls an answer within 1% "close" and advises
    against rounding; for a known mistake (a forgotten weight, no finite
    population correction) a specific message helps the student more.

    Parameters
    ----------
    *traps : (callable, str)
        Pairs of a zero-argument function returning a typical wrong value
        (computed lazily, like ``expected``) and the message to show for it.
    rtol, atol : float
        Tolerances for matching the expected value and the traps.

    Examples
    --------
    >>> compare = number_traps((lambda: 1068, "You left out the finite population correction."))
    >>> compare(880, 880)
    (True, '')
    >>> compare(1068, 880)
    (False, 'You left out the finite population correction.')
    >>> compare(881, 880)
    (False, '881 is close but not exact. Do not round intermediate results.')
    """

    def compare(answer, expected):
        if isinstance(answer, bool | np.bool_) or not isinstance(answer, numbers.Real):
            return False, f"Give a single number, got {type(answer).__name__}."
        if np.isclose(answer, expected, rtol=rtol, atol=atol):
            return True, ""
        for wrong, message in traps:
            if np.isclose(answer, wrong(), rtol=rtol, atol=atol):
                return False, message
        if abs(answer - expected) <= 0.01 * abs(expected):
            return (
                False,
                f"{answer:,.6g} is close but not exact. Do not round intermediate results.",
            )
        return False, f"{answer:,.6g} is too {'high' if answer > expected else 'low'}."

    return compare
