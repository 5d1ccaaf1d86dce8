"""The comparison-and-message engine behind the self-checks and the grading helpers.

:mod:`crmlab.check` (the students' ``q1.check(answer)``) and the ``assert_*``
helpers of :mod:`crmlab.grading` (the test cells of the graded assignments)
compare an answer with the expected value through this module, so both speak
one vocabulary and word the same slip the same way:

* ``kind`` says what a rate should look like: ``None``, ``"fraction"`` (0.15)
  or ``"percentage"`` (15); :func:`check_kind` validates it.
* a value 100 times off is reported with one wording, :func:`scale_slip`
  ("Did you pass a percentage?", "Did you pass a fraction? Multiply by 100.").
* numbers are rendered by :func:`show` and types named by :func:`type_name`.

:func:`compare` dispatches on the type of the expected value (number, bool,
text, date, dict, set, sequence, Series, DataFrame) and returns ``(ok,
message)``; the message never reveals the expected value unless
``reveal=True`` (the graded visible tests show it, the self-checks do not).

The module is one concept, comparing an answer with an expected value of any
type, and so a little over the usual 600 lines: the rules for each type share
the rendering and the slip wording, and splitting them would scatter the
wording this module exists to keep in one place.

NumPy and pandas are imported on first use, not with this module: the grading
helpers run in students' kernels, and a test cell that only checks a number
should not pay for pandas (:class:`_OnFirstUse`).

Examples
--------
>>> ok, message = compare(12, 0.12, Options(kind="fraction"), "the churn rate")
>>> ok, message
(False, 'Expected the churn rate to be a fraction like 0.12, got 12. Did you pass a percentage?')
>>> compare(0.12, 0.12, Options(kind="fraction"), "the churn rate")
(True, '')
"""

from __future__ import annotations

import datetime as _dt
import importlib
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from crmlab.i18n import message

__all__ = [
    "KINDS",
    "Options",
    "check_kind",
    "compare",
    "scale_slip",
    "show",
    "slip",
    "type_name",
]

#: What a number may be asked to look like.
KINDS = (None, "fraction", "percentage")


class _OnFirstUse:
    """A stand-in for a module that is imported when an attribute is first read."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str):
        module = importlib.import_module(self._name)
        return getattr(module, attribute)


np = _OnFirstUse("numpy")
pd = _OnFirstUse("pandas")


def say(key: str, /, **fields) -> str:
    """The engine's message ``key`` (catalog domain ``compare``) in the course language.

    The field ``what`` is embedded with :func:`named`.
    """
    if "what" in fields:
        fields["what"] = named(fields["what"])
    return message(f"compare.{key}", **fields)


def named(name: str) -> str:
    """A name as a message embeds it: Latin-letter ends spaced from the words around.

    Chinese templates write ``{what}应为``; a name in code (``share``) then
    needs a space on its Latin side, which English templates already have
    (the catalog's ``latin_space``). Messages are stripped at the end.
    """
    name = str(name).strip()
    space = message("compare.latin_space")
    left = space if name[:1].isascii() else ""
    right = space if name[-1:].isascii() else ""
    return f"{left}{name}{right}"


def check_kind(kind):
    """Validate ``kind``: None, "fraction" or "percentage" (nothing else, not "percent")."""
    if kind not in KINDS:
        raise ValueError(say("kind", kinds=KINDS, got=repr(kind)))
    return kind


# --------------------------------------------------------------------------- formatting


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def show_number(value, unit: str | None = None) -> str:
    if isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_):
        text = f"{int(value):,}" if abs(int(value)) >= 10_000 else str(int(value))
    else:
        x = float(value)
        if math.isnan(x):
            text = "NaN"
        elif math.isinf(x):
            text = say("infinity") if x > 0 else say("minus_infinity")
        elif x.is_integer() and abs(x) < 1e15:
            text = f"{int(x):,}" if abs(x) >= 10_000 else str(int(x))
        elif abs(x) >= 1000:
            text = f"{x:,.2f}"
        else:
            text = f"{x:.6g}"
    return f"{text} {unit}" if unit else text


def show(value, unit: str | None = None) -> str:
    """A short rendering of a student's value for a message."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_):
        return show_number(value, unit)
    if type(value).__name__ in {"Series", "DataFrame", "ndarray", "Index"}:
        return say("shape_of", type=type(value).__name__, shape=tuple(value.shape))
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def listing(items: Iterable, limit: int = 5) -> str:
    items = list(items)
    shown = ", ".join(repr(item) for item in items[:limit])
    if len(items) > limit:
        shown = say("and_more", shown=shown, n=len(items) - limit)
    return shown


def type_name(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool | np.bool_):
        return say("type.boolean", value=bool(value))
    if isinstance(value, str):
        return say("type.text", text=show(value))
    if isinstance(value, numbers.Real):
        return say("type.number", number=show_number(value))
    if isinstance(value, pd.DataFrame):
        return say("type.dataframe")
    if isinstance(value, pd.Series):
        return say("type.series")
    if isinstance(value, pd.Index):
        return say("type.index")
    if isinstance(value, np.ndarray):
        return say("type.array")
    names = {list: "list", tuple: "tuple", dict: "dict", set: "set", frozenset: "set"}
    for kind, key in names.items():
        if isinstance(value, kind):
            return say(f"type.{key}")
    name = type(value).__name__
    return say("type.other_vowel" if name[:1].lower() in "aeiou" else "type.other", name=name)


def wrong_type(what: str, expected: str, answer) -> str:
    if answer is None:
        return say("wrong_type.none", what=what, expected=expected)
    return say("wrong_type.plain", what=what, expected=expected, got=type_name(answer))


def norm_text(text: str, case_sensitive: bool) -> str:
    text = " ".join(text.split())
    return text if case_sensitive else text.casefold()


# --------------------------------------------------------------------------- comparisons


@dataclass(frozen=True)
class Options:
    """How to compare: tolerances, the kind of number, and what may differ.

    ``reveal`` puts the expected value into the message of a wrong number.
    """

    rtol: float = 1e-6
    atol: float = 1e-9
    kind: str | None = None
    unit: str | None = None
    case_sensitive: bool = False
    ignore_order: bool = False
    ignore_index: bool = False
    reveal: bool = False


def close(a, e, o: Options):
    return np.isclose(a, e, rtol=o.rtol, atol=o.atol, equal_nan=True)


def is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def slip(given: str, *, many: bool = False) -> str:
    """The one wording of a rate given in the wrong unit: ``given`` is what was passed.

    >>> slip("percentage")
    'Did you pass a percentage?'
    >>> slip("fraction")
    'Did you pass a fraction? Multiply by 100.'
    """
    if given == "percentage":
        return say("slip.percentages" if many else "slip.percentage")
    return say("slip.fraction")


def scale_slip(a, e, o: Options, what: str, *, many: bool) -> str | None:
    """A message when the answer is the expected value times or over 100."""
    a = np.asarray(a, dtype=float)
    e = np.asarray(e, dtype=float)
    finite = np.isfinite(a)
    if not finite.any():
        return None
    sample = a[finite & (a != 0)].flat[0] if np.any(finite & (a != 0)) else a[finite].flat[0]
    fractions = "fractions" if many else "fraction"
    if o.kind == "fraction":
        if np.all(close(a / 100, e, o)):
            return say(
                f"scale.{fractions}_like",
                what=what,
                like=show_number(sample / 100),
                got=show_number(sample),
                slip=slip("percentage", many=many),
            )
        outside = finite & ((a < 0) | (a > 1))
        if outside.any():
            bad = a[outside].flat[0]
            if 1 < bad <= 100:
                return say(
                    f"scale.{fractions}_between_slip",
                    what=what,
                    got=show_number(bad),
                    slip=slip("percentage"),
                )
            return say(f"scale.{fractions}_between", what=what, got=show_number(bad))
    if o.kind == "percentage" and np.all(close(a * 100, e, o)):
        return say(
            "scale.percentages_like" if many else "scale.percentage_like",
            what=what,
            like=show_number(sample * 100),
            got=show_number(sample),
            slip=slip("fraction"),
        )
    if o.kind is None and np.any(e != 0) and np.all(close(a / 100, e, o)):
        return cap(say("scale.hundred_times", what=what, slip=slip("percentage")))
    return None


def _compare_number(answer, expected, o: Options, what: str):
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer.item()
    if isinstance(answer, str):
        try:
            float(answer)
        except ValueError:
            return False, wrong_type(what, say("expected.number"), answer)
        return False, say("number.quoted", what=what, text=repr(answer))
    if isinstance(answer, pd.Series | pd.DataFrame | pd.Index | np.ndarray | list | tuple):
        key = "number.one_value" if np.size(answer) == 1 else "number.single"
        return False, say(key, what=what, got=type_name(answer))
    if not is_real(answer):
        return False, wrong_type(what, say("expected.number"), answer)
    a, e = float(answer), float(expected)
    if math.isnan(a):
        return False, say("number.nan", what=what)
    if close(a, e, o):
        return True, ""
    scale = scale_slip(a, e, o, what, many=False)
    if scale:
        return False, scale
    got = show(answer, o.unit)
    if o.reveal:
        key = "number.reveal_sign" if e != 0 and close(-a, e, o) else "number.reveal"
        return False, say(key, what=what, expected=show_number(e, o.unit), got=got)
    if e != 0 and close(-a, e, o):
        return False, cap(say("number.sign", what=what, got=got))
    if e != 0 and abs(a - e) <= 0.01 * abs(e):
        return False, cap(say("number.close", what=what, got=got))
    key = "number.too_high" if a > e else "number.too_low"
    return False, cap(say(key, what=what, got=got))


def _compare_bool(answer, expected, o: Options, what: str):
    if isinstance(answer, str) and answer.strip() in ("True", "False"):
        return False, say("bool.quoted", what=what, text=repr(answer))
    if not isinstance(answer, bool | np.bool_):
        return False, wrong_type(what, say("expected.bool"), answer)
    if bool(answer) == bool(expected):
        return True, ""
    return False, cap(say("bool.wrong", what=what, value=bool(answer)))


def _compare_text(answer, expected, o: Options, what: str):
    if not isinstance(answer, str):
        return False, wrong_type(what, say("expected.text"), answer)
    if norm_text(answer, o.case_sensitive) == norm_text(expected, o.case_sensitive):
        return True, ""
    return False, say("text.wrong", got=show(answer), what=what)


def _compare_date(answer, expected, o: Options, what: str):
    if isinstance(answer, str):
        return False, say("date.quoted", what=what, text=repr(answer))
    if not isinstance(answer, _dt.date | np.datetime64):
        return False, wrong_type(what, say("expected.date"), answer)
    if pd.Timestamp(answer) == pd.Timestamp(expected):
        return True, ""
    key = "date.too_late" if pd.Timestamp(answer) > pd.Timestamp(expected) else "date.too_early"
    return False, cap(say(key, what=what, date=pd.Timestamp(answer).date()))


def _compare_mapping(answer, expected, o: Options, what: str):
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, Mapping):
        return False, wrong_type(what, say("expected.dict"), answer)
    missing = [key for key in expected if key not in answer]
    extra = [key for key in answer if key not in expected]
    if missing:
        return False, cap(say("mapping.missing", what=what, keys=listing(missing)))
    if extra:
        return False, cap(say("mapping.extra", what=what, keys=listing(extra)))
    for key, value in expected.items():
        ok, message = compare(answer[key], value, o, say("value_for", key=repr(key)))
        if not ok:
            return False, message
    return True, ""


def _normalize_items(items, o: Options) -> set:
    return {norm_text(item, o.case_sensitive) if isinstance(item, str) else item for item in items}


def _compare_set(answer, expected, o: Options, what: str):
    if not isinstance(answer, set | frozenset | list | tuple | np.ndarray | pd.Series | pd.Index):
        return False, wrong_type(what, say("expected.set"), answer)
    got = _normalize_items(list(answer), o)
    want = _normalize_items(expected, o)
    extra = [item for item in got if item not in want]
    n_missing = sum(item not in got for item in want)
    if not extra and not n_missing:
        return True, ""
    key = "set.both" if extra and n_missing else "set.extra" if extra else "set.missing"
    items = listing(sorted(extra, key=str))
    return False, cap(say(key, what=what, n=len(extra), items=items, n_missing=n_missing))


def _position(index: tuple) -> str:
    index = tuple(int(i) for i in index)
    return str(index[0]) if len(index) == 1 else str(index)


def _compare_sequence(answer, expected, o: Options, what: str):
    if not isinstance(answer, list | tuple | np.ndarray | pd.Series | pd.Index):
        return False, wrong_type(what, say("expected.sequence"), answer)
    want = np.asarray(expected)
    if want.dtype.kind in "iuf":
        try:
            got = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return False, cap(say("sequence.numbers_only", what=what))
        want = want.astype(float)
        if got.shape != want.shape:
            if got.ndim == want.ndim == 1:
                return False, say("sequence.length", what=what, n=len(want), got=len(got))
            return False, say("sequence.shape", what=what, shape=want.shape, got=got.shape)
        if o.ignore_order and want.ndim == 1:
            got, want = np.sort(got), np.sort(want)
        matches = close(got, want, o)
        if matches.all():
            return True, ""
        scale = scale_slip(got, want, o, what, many=True)
        if scale:
            return False, scale
        first = tuple(np.argwhere(~matches)[0])
        return False, cap(
            say(
                "sequence.differs_reveal" if o.reveal else "sequence.differs",
                what=what,
                n=int((~matches).sum()),
                size=want.size,
                position=_position(first),
                got=show_number(got[first], o.unit),
                expected=show_number(want[first], o.unit),
            )
        )
    got_items, want_items = list(answer), list(expected)
    if len(got_items) != len(want_items):
        return False, say("sequence.items", what=what, n=len(want_items), got=len(got_items))
    if o.ignore_order:
        got_items, want_items = sorted(got_items, key=repr), sorted(want_items, key=repr)
    for i, (got_item, want_item) in enumerate(zip(got_items, want_items, strict=True)):
        ok, message = compare(got_item, want_item, o, say("item_of", i=i, what=what))
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


def _holds(kind: str) -> str:
    """What a column of this kind holds, in words ("numbers", "dates", ...)."""
    return say(f"holds.{kind}")


def _where(labels, i: int) -> str:
    return say("row", label=repr(labels[i])) if labels is not None else say("position", i=i)


def _same(x, y) -> bool:
    if pd.api.types.is_scalar(x) and pd.api.types.is_scalar(y) and pd.isna(x) and pd.isna(y):
        return True
    try:
        return bool(x == y)
    except (TypeError, ValueError):
        return False


def _compare_values(got: pd.Series, want: pd.Series, o: Options, what: str, labels):
    """Compare two aligned columns of equal length, tolerant of dtype differences."""
    want_kind, got_kind = _column_kind(want), _column_kind(got)
    n = len(want)
    if want_kind == "number":
        if got_kind != "number":
            key = "values.not_numbers_text" if got_kind == "text" else "values.not_numbers"
            return False, cap(say(key, what=what, holds=_holds(got_kind)))
        a = got.to_numpy(dtype=float, na_value=np.nan)
        e = want.to_numpy(dtype=float, na_value=np.nan)
        matches = close(a, e, o)
        if matches.all():
            return True, ""
        scale = scale_slip(a, e, o, what, many=True)
        if scale:
            return False, scale
        i = int(np.flatnonzero(~matches)[0])
        return False, cap(
            say(
                "values.differs_reveal" if o.reveal else "values.differs",
                what=what,
                n=int((~matches).sum()),
                rows=n,
                where=_where(labels, i),
                got=show_number(a[i], o.unit),
                expected=show_number(e[i], o.unit),
            )
        )
    if want_kind in ("bool", "datetime") and got_kind != want_kind:
        key = "values.wrong_kind_dates" if want_kind == "datetime" else "values.wrong_kind"
        return False, cap(say(key, what=what, want=_holds(want_kind), holds=_holds(got_kind)))
    a = got.astype(object).to_numpy()
    e = want.astype(object).to_numpy()
    equal = np.array([_same(x, y) for x, y in zip(a, e, strict=True)], dtype=bool)
    if equal.all():
        return True, ""
    i = int(np.flatnonzero(~equal)[0])
    return False, cap(
        say(
            "values.differs",
            what=what,
            n=int((~equal).sum()),
            rows=n,
            where=_where(labels, i),
            got=show(a[i]),
        )
    )


def _sort_rows(obj):
    if isinstance(obj, pd.DataFrame):
        return obj.sort_values(by=list(obj.columns), kind="mergesort", ignore_index=True)
    return obj.sort_values(kind="mergesort", ignore_index=True)


def _align(got, want, o: Options, what: str):
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
        return None, None, None, cap(say("rows.order", what=what))
    missing = [label for label in want_labels if label not in got_set]
    extra = [label for label in got_labels if label not in want_set]
    problems = []
    if missing:
        problems.append(say("rows.missing", labels=listing(missing, 3)))
    if extra:
        problems.append(say("rows.unexpected", labels=listing(extra, 3)))
    forgot_index = isinstance(got.index, pd.RangeIndex) and not isinstance(
        want.index, pd.RangeIndex
    )
    key = "rows.labels_set_index" if forgot_index else "rows.labels"
    return None, None, None, say(key, what=what, problems=say("rows.separator").join(problems))


def _compare_series(answer, expected: pd.Series, o: Options, what: str):
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        return False, say("series.frame", what=what)
    if isinstance(answer, Mapping):
        return False, say("series.dict", what=what)
    if not isinstance(answer, pd.Series):
        return False, wrong_type(what, say("expected.series"), answer)
    if len(answer) != len(expected):
        return False, say("rows.count", what=what, n=len(expected), got=len(answer))
    got, want, labels, message = _align(answer, expected, o, what)
    if message:
        return False, message
    return _compare_values(got, want, o, what, labels)


def _compare_frame(answer, expected: pd.DataFrame, o: Options, what: str):
    if isinstance(answer, pd.Series):
        return False, say("frame.series", what=what)
    if not isinstance(answer, pd.DataFrame):
        return False, wrong_type(what, say("expected.dataframe"), answer)
    want_cols, got_cols = list(expected.columns), list(answer.columns)
    missing = [col for col in want_cols if col not in got_cols]
    extra = [col for col in got_cols if col not in want_cols]
    want_index, got_index = expected.index.name, answer.index.name
    if want_index is not None and want_index in extra and not o.ignore_index:
        return False, cap(say("frame.index_as_column", what=what, name=repr(want_index)))
    if got_index is not None and got_index in missing:
        return False, cap(say("frame.column_as_index", what=what, name=repr(got_index)))
    if missing:
        return False, cap(
            say("frame.missing", what=what, missing=listing(missing), columns=listing(got_cols, 10))
        )
    if extra:
        return False, cap(
            say("frame.extra", what=what, extra=listing(extra), columns=listing(want_cols, 10))
        )
    if len(answer) != len(expected):
        return False, say("rows.count", what=what, n=len(expected), got=len(answer))
    got, want, labels, message = _align(answer[want_cols], expected, o, what)
    if message:
        return False, message
    for col in want_cols:
        ok, message = _compare_values(got[col], want[col], o, say("column", name=repr(col)), labels)
        if not ok:
            return False, message
    return True, ""


def _compare_other(answer, expected, o: Options, what: str):
    try:
        equal = bool(answer == expected)
    except (TypeError, ValueError):
        equal = False
    if equal:
        return True, ""
    if type(answer) is not type(expected):
        return False, wrong_type(what, _expected_type(expected), answer)
    return False, cap(say("other.wrong", what=what, got=show(answer)))


def _expected_type(expected) -> str:
    """How a message names the type the answer should have."""
    for kinds, key in (
        (bool | np.bool_, "bool"),
        (numbers.Real, "number"),
        (str, "text"),
        (pd.DataFrame, "dataframe"),
        (pd.Series, "series"),
        (Mapping, "dict"),
        (set | frozenset, "set"),
        (list | tuple | np.ndarray | pd.Index, "sequence"),
        (_dt.date | np.datetime64, "date"),
    ):
        if isinstance(expected, kinds):
            return say(f"expected.{key}")
    return type_name(expected)


def compare(answer, expected, o: Options, what: str):
    """Dispatch on the type of the expected value; return (ok, message)."""
    ok, text = _dispatch(answer, expected, o, what)
    return ok, text.strip()


def _dispatch(answer, expected, o: Options, what: str):
    if answer is None and expected is not None:
        return False, wrong_type(what, _expected_type(expected), None)
    if isinstance(expected, bool | np.bool_):
        return _compare_bool(answer, expected, o, what)
    if is_real(expected):
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
