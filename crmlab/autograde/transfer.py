"""Values as data between a student's kernel and the grader's checker (typed JSON).

The checker (:mod:`crmlab.autograde.checker`) never runs student code and
never unpickles anything: a student's value crosses over as JSON text, which
:func:`decode` turns back into plain Python, NumPy and pandas objects by
calling their constructors on validated lists, numbers and strings. Parsing
JSON and building arrays runs no code chosen by the student, so a kernel that
lies can lie about its own values and nothing else.

What crosses, exactly by type (a subclass of any of these does not):

- ``None``, ``bool``, ``int``, ``float`` (NaN and infinities included), ``str``,
  ``complex``; ``list``, ``tuple``, ``set``, ``frozenset``, ``dict``, ``range``;
- NumPy scalars and arrays of booleans, integers, floats, complex numbers,
  datetimes and timedeltas (raw bytes, so values are exact), text and objects;
- pandas ``Series``, ``DataFrame`` and indexes (``RangeIndex``, ``MultiIndex``,
  datetime and categorical ones), with their dtypes, including categorical,
  time-zone aware, period and nullable extension dtypes; ``Timestamp``,
  ``Timedelta``, ``NaT``, ``NA``; ``datetime``, ``date`` and ``timedelta``;
- a function (any callable) as a reference: calling it in the checker runs it
  in the student's kernel (:class:`crmlab.autograde.checker.StudentFunction`);
- a module as its name: the checker imports it itself, if it is one of the
  course's libraries.

Anything else is *unreadable*: the test that uses it fails with a message
naming its type. Payloads are capped (:data:`MAX_TEXT` characters, nesting
depth :data:`MAX_DEPTH`).

The student's kernel answers the checker with :mod:`crmlab.autograde.serve`.

>>> import pandas as pd
>>> text = dumps(pd.Series([0.5, float("nan")], index=["low", "high"], name="share"))
>>> loads(text)
low     0.5
high    NaN
Name: share, dtype: float64
"""

from __future__ import annotations

import base64
import builtins
import datetime as _dt
import importlib
import json
import math
import re
import types

from crmlab.autograde.tamper import ALLOWED_MODULES

MAX_TEXT = 32 * 1024**2
MAX_DEPTH = 24
MAX_NAME = 120
# Modules a reply may name (a student's `np`), imported by the checker itself: the
# ones a student may import (crmlab.autograde.tamper), less those that only draw
# or change how code runs.
IMPORTABLE = ALLOWED_MODULES - {"__future__", "matplotlib", "seaborn", "warnings"}
"""Modules a student's name may resolve to in the checker (imported there, trusted)."""

_MODULE_NAME = re.compile(r"[A-Za-z]\w*(?:\.[A-Za-z]\w*)*")
_NUMERIC_KINDS = frozenset("biufcmM")
_EXTENSION_DTYPES = frozenset(
    {"str", "string", "boolean", "Float32", "Float64"}
    | {f"{sign}Int{bits}" for sign in ("", "U") for bits in (8, 16, 32, 64)}
)
_PLAIN = (type(None), bool, int, float, str)


def _only(items, types) -> bool:
    """Whether every item's type is exactly one of ``types`` (no subclass)."""
    return set(map(type, items)) <= set(types)


class Unreadable(TypeError):
    """A value that cannot cross as data (its type is not one of the readable ones)."""

    def __init__(self, type_name: str):
        super().__init__(type_name)
        self.type_name = type_name


class BadPayload(ValueError):
    """Text from a kernel that is not a well-formed payload."""


def type_label(value) -> str:
    """The type name of ``value`` as a message may show it (short, printable)."""
    name = getattr(type(value), "__qualname__", None) or "object"
    if not isinstance(name, str):
        name = "object"
    return re.sub(r"[^\w.<>]", "?", name)[:MAX_NAME]


# ---------------------------------------------------------------------------
# Encoding (both ends: the checker sends arguments, the kernel sends values)
# ---------------------------------------------------------------------------
def _b64(array) -> str:
    import numpy as np

    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def _encode_numpy(array, callables) -> dict:
    kind = array.dtype.kind
    shape = [int(n) for n in array.shape]
    if kind in _NUMERIC_KINDS and not array.dtype.fields and not array.dtype.subdtype:
        return {"k": "np", "dtype": array.dtype.str, "shape": shape, "b64": _b64(array)}
    if kind == "U":
        return {"k": "U", "shape": shape, "v": [str(x) for x in array.ravel().tolist()]}
    if kind == "O":
        items = array.ravel(order="C").tolist()
        if not _only(items, _PLAIN):  # the common case needs no tags
            items = [encode(x, callables) for x in items]
        return {"k": "O", "shape": shape, "v": items}
    raise Unreadable(f"array of dtype {array.dtype}")


def _encode_values(obj, callables) -> dict:
    """The values of a Series or an Index, with their dtype."""
    import numpy as np
    import pandas as pd

    dtype = obj.dtype
    if isinstance(dtype, np.dtype):
        return _encode_numpy(obj.to_numpy(), callables)
    if isinstance(dtype, pd.CategoricalDtype):
        return {
            "k": "cat",
            "categories": _encode_index(dtype.categories, callables),
            "codes": _encode_numpy(np.asarray(obj.array.codes), callables),
            "ordered": bool(dtype.ordered),
        }
    if isinstance(dtype, pd.DatetimeTZDtype):
        utc = obj.array.tz_convert("UTC").tz_localize(None)
        naive = np.asarray(utc, dtype=f"datetime64[{dtype.unit}]")
        return {"k": "dtz", "tz": str(dtype.tz), "utc": _encode_numpy(naive, callables)}
    if isinstance(dtype, pd.PeriodDtype):
        ordinals = np.asarray(obj.array.asi8)
        return {"k": "period", "dtype": str(dtype), "i8": _encode_numpy(ordinals, callables)}
    if str(dtype) in _EXTENSION_DTYPES:
        items = obj.array.to_numpy(dtype=object, na_value=None).tolist()
        if not _only(items, _PLAIN):
            raise Unreadable(f"pandas data of dtype {dtype} holding other values")
        return {"k": "ext", "dtype": str(dtype), "v": items}
    raise Unreadable(f"pandas data of dtype {dtype}")


def _encode_index(index, callables) -> dict:
    import numpy as np
    import pandas as pd

    name = encode(index.name, callables) if not isinstance(index, pd.MultiIndex) else None
    if type(index) is pd.RangeIndex:
        return {
            "$": "range_index",
            "start": index.start,
            "stop": index.stop,
            "step": index.step,
            "name": name,
        }
    if type(index) is pd.MultiIndex:
        return {
            "$": "multi_index",
            "levels": [_encode_index(level, callables) for level in index.levels],
            "codes": [_encode_numpy(np.asarray(codes), callables) for codes in index.codes],
            "names": [encode(n, callables) for n in index.names],
        }
    readable = (
        pd.Index,
        pd.DatetimeIndex,
        pd.TimedeltaIndex,
        pd.CategoricalIndex,
        pd.PeriodIndex,
    )
    if type(index) not in readable:
        raise Unreadable(type_label(index))
    return {"$": "index", "data": _encode_values(index, callables), "name": name}


def _encode_pandas(value, callables) -> dict:
    import pandas as pd

    kind = type(value)
    if kind is pd.Series:
        return {
            "$": "series",
            "data": _encode_values(value, callables),
            "index": _encode_index(value.index, callables),
            "name": encode(value.name, callables),
        }
    if kind is pd.DataFrame:
        return {
            "$": "frame",
            "columns": _encode_index(value.columns, callables),
            "index": _encode_index(value.index, callables),
            "data": [_encode_values(value.iloc[:, i], callables) for i in range(value.shape[1])],
        }
    if isinstance(value, pd.Index):
        return _encode_index(value, callables)
    if kind is pd.Timestamp:
        return {"$": "timestamp", "iso": value.isoformat(), "tz": str(value.tz or "")}
    if kind is pd.Timedelta:
        return {"$": "timedelta64", "ns": int(value.value)}
    if value is pd.NaT:
        return {"$": "NaT"}
    if value is pd.NA:
        return {"$": "NA"}
    raise Unreadable(type_label(value))


def encode(value, callables=None, depth: int = 0):
    """A JSON-ready structure for ``value``; raises :class:`Unreadable` for anything else.

    ``callables(value)`` returns the reference of a function (or None), at
    each end: the kernel numbers its functions, the checker sends back the
    reference of a student's function it was given.

    >>> encode([1, 2.5, None])
    {'$': 'list', 'v': [1, 2.5, None]}
    """
    if depth > MAX_DEPTH:
        raise Unreadable("structure nested too deeply")
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind in (list, tuple, set, frozenset):
        items = sorted(value, key=repr) if kind in (set, frozenset) else value
        return {"$": kind.__name__, "v": [encode(x, callables, depth + 1) for x in items]}
    if kind is dict:
        pairs = [
            [encode(k, callables, depth + 1), encode(v, callables, depth + 1)]
            for k, v in value.items()
        ]
        return {"$": "dict", "v": pairs}
    if kind is complex:
        return {"$": "complex", "re": value.real, "im": value.imag}
    if kind is range:
        return {"$": "range", "v": [value.start, value.stop, value.step]}
    if kind is _dt.datetime or kind is _dt.date:
        return {"$": kind.__name__, "iso": value.isoformat()}
    if kind is _dt.timedelta:
        return {"$": "timedelta", "v": [value.days, value.seconds, value.microseconds]}
    module = getattr(kind, "__module__", "") or ""
    if module.startswith("numpy"):
        import numpy as np

        if kind is np.ndarray:
            return {"$": "ndarray", "data": _encode_numpy(value, callables)}
        if isinstance(value, np.generic) and np.dtype(kind).type is kind:
            if value.dtype.kind in _NUMERIC_KINDS:
                return {"$": "npscalar", "dtype": value.dtype.str, "b64": _b64(np.array(value))}
            if value.dtype.kind == "U":
                return str(value)
    if module.startswith("pandas"):
        return _encode_pandas(value, callables)
    if kind is types.ModuleType and isinstance(getattr(value, "__name__", None), str):
        return {"$": "module", "name": value.__name__}
    ref = callables(value) if callables and callable(value) else None
    if ref is not None:
        return ref
    raise Unreadable(type_label(value))


def dumps(value, callables=None) -> str:
    """``value`` as JSON text (see :func:`encode`)."""
    return json.dumps(encode(value, callables), allow_nan=True, separators=(",", ":"))


# ---------------------------------------------------------------------------
# Decoding: validated data only, never code
# ---------------------------------------------------------------------------
def _need(condition: bool, what: str) -> None:
    if not condition:
        raise BadPayload(what)


def _field(data: dict, key: str, kinds):
    value = data.get(key)
    _need(isinstance(value, kinds) and not (kinds is int and isinstance(value, bool)), key)
    return value


def _shape(data: dict) -> tuple[int, ...]:
    shape = _field(data, "shape", list)
    _need(len(shape) <= 32, "shape")
    _need(all(type(n) is int and 0 <= n for n in shape), "shape")
    return tuple(shape)


def _decode_numpy(data, functions, depth):
    import numpy as np

    _need(isinstance(data, dict), "array")
    kind = data.get("k")
    if kind == "np":
        dtype = np.dtype(_field(data, "dtype", str))
        _need(dtype.kind in _NUMERIC_KINDS and not dtype.fields and not dtype.subdtype, "dtype")
        raw = base64.b64decode(_field(data, "b64", str), validate=True)
        shape = _shape(data)
        _need(len(raw) == math.prod(shape) * dtype.itemsize, "array size")
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    if kind in ("U", "O"):
        shape = _shape(data)
        items = _field(data, "v", list)
        _need(len(items) == math.prod(shape), "array size")
        if kind == "U":
            _need(_only(items, (str,)), "text array")
            return np.array(items, dtype=str).reshape(shape)
        out = np.empty(len(items), dtype=object)
        if _only(items, _PLAIN):
            out[:] = items
        else:
            for position, item in enumerate(items):
                out[position] = decode(item, functions, depth + 1)
        return out.reshape(shape)
    raise BadPayload(f"array kind {kind!r}")


def _decode_array(data, functions, depth):
    import pandas as pd

    _need(isinstance(data, dict), "array")
    kind = data.get("k")
    if kind == "cat":
        categories = _decode_index(_field(data, "categories", dict), functions, depth)
        codes = _decode_numpy(_field(data, "codes", dict), functions, depth)
        _need(codes.ndim == 1 and codes.dtype.kind in "iu", "codes")
        ordered = _field(data, "ordered", bool)
        return pd.Categorical.from_codes(codes, categories=categories, ordered=ordered)
    if kind == "dtz":
        naive = _decode_numpy(_field(data, "utc", dict), functions, depth)
        _need(naive.ndim == 1 and naive.dtype.kind == "M", "datetimes")
        tz = _field(data, "tz", str)
        return pd.DatetimeIndex(naive).tz_localize("UTC").tz_convert(tz).array
    if kind == "period":
        ordinals = _decode_numpy(_field(data, "i8", dict), functions, depth)
        _need(ordinals.ndim == 1 and ordinals.dtype.kind == "i", "periods")
        name = _field(data, "dtype", str)
        _need(name.startswith("period[") and name.endswith("]"), "period dtype")
        dtype = pd.PeriodDtype(name[len("period[") : -1])
        return pd.arrays.PeriodArray(ordinals.astype("int64"), dtype=dtype)
    if kind == "ext":
        dtype = _field(data, "dtype", str)
        _need(dtype in _EXTENSION_DTYPES, "dtype")
        items = _field(data, "v", list)
        _need(_only(items, _PLAIN), "extension array items")
        return pd.array(items, dtype=dtype)
    values = _decode_numpy(data, functions, depth)
    _need(values.ndim == 1, "a 1-D array")
    return values


def _decode_index(data, functions, depth):
    import pandas as pd

    _need(isinstance(data, dict), "index")
    tag = data.get("$")
    if tag == "range_index":
        bounds = [_field(data, key, int) for key in ("start", "stop", "step")]
        name = decode(data.get("name"), functions, depth + 1)
        return pd.RangeIndex(*bounds, name=name)
    if tag == "multi_index":
        levels = [_decode_index(x, functions, depth + 1) for x in _field(data, "levels", list)]
        codes = [_decode_array(x, functions, depth + 1) for x in _field(data, "codes", list)]
        names = [decode(x, functions, depth + 1) for x in _field(data, "names", list)]
        _need(len(levels) == len(codes) == len(names) > 0, "multi-index")
        return pd.MultiIndex(levels=levels, codes=codes, names=names, verify_integrity=True)
    _need(tag == "index", "index")
    values = _decode_array(_field(data, "data", dict), functions, depth + 1)
    return pd.Index(values, name=decode(data.get("name"), functions, depth + 1), copy=False)


def _decode_pandas(tag, data, functions, depth):
    import pandas as pd

    if tag == "series":
        index = _decode_index(_field(data, "index", dict), functions, depth)
        values = _decode_array(_field(data, "data", dict), functions, depth)
        _need(len(values) == len(index), "series length")
        name = decode(data.get("name"), functions, depth + 1)
        return pd.Series(values, index=index, name=name, copy=False)
    if tag == "frame":
        index = _decode_index(_field(data, "index", dict), functions, depth)
        columns = _decode_index(_field(data, "columns", dict), functions, depth)
        arrays = [_decode_array(x, functions, depth) for x in _field(data, "data", list)]
        _need(len(arrays) == len(columns), "frame width")
        _need(all(len(a) == len(index) for a in arrays), "frame length")
        frame = pd.DataFrame(dict(enumerate(arrays)), index=index)
        if not arrays:
            frame = pd.DataFrame(index=index)
        frame.columns = columns
        return frame
    if tag in ("index", "range_index", "multi_index"):
        return _decode_index(data, functions, depth)
    if tag == "timestamp":
        stamp = pd.Timestamp(_dt.datetime.fromisoformat(_field(data, "iso", str)))
        _need(str(stamp.tz or "") == _field(data, "tz", str), "time zone")
        return stamp
    if tag == "timedelta64":
        return pd.Timedelta(_field(data, "ns", int), unit="ns")
    return {"NaT": pd.NaT, "NA": pd.NA}[tag]


def _import(name: str):
    _need(bool(_MODULE_NAME.fullmatch(name)), "module name")
    if name.split(".")[0] not in IMPORTABLE:
        raise Unreadable(f"module {name}")
    return importlib.import_module(name)


def decode(data, functions=None, depth: int = 0):
    """The value a :func:`encode` structure stands for, built from validated data.

    ``functions(ref)`` turns a function reference into a callable (the
    checker: a proxy; the kernel: its own function). Raises
    :class:`BadPayload` for malformed data, :class:`Unreadable` for a module
    the checker does not import.

    >>> decode({"$": "tuple", "v": [1, {"$": "set", "v": ["a"]}]})
    (1, {'a'})
    """
    _need(depth <= MAX_DEPTH + 8, "nesting")
    if type(data) in _PLAIN:
        return data
    _need(isinstance(data, dict), "a tagged value")
    tag = data.get("$")
    if tag in ("list", "tuple", "set", "frozenset"):
        items = [decode(x, functions, depth + 1) for x in _field(data, "v", list)]
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
    if tag == "dict":
        out = {}
        for pair in _field(data, "v", list):
            _need(isinstance(pair, list) and len(pair) == 2, "dict item")
            out[decode(pair[0], functions, depth + 1)] = decode(pair[1], functions, depth + 1)
        return out
    if tag == "complex":
        return complex(_field(data, "re", (int, float)), _field(data, "im", (int, float)))
    if tag == "range":
        bounds = _field(data, "v", list)
        _need(len(bounds) == 3 and all(type(b) is int for b in bounds), "range")
        return range(*bounds)
    if tag in ("datetime", "date"):
        kind = _dt.datetime if tag == "datetime" else _dt.date
        return kind.fromisoformat(_field(data, "iso", str))
    if tag == "timedelta":
        parts = _field(data, "v", list)
        _need(len(parts) == 3 and all(type(p) is int for p in parts), "timedelta")
        return _dt.timedelta(*parts)
    if tag == "ndarray":
        return _decode_numpy(_field(data, "data", dict), functions, depth)
    if tag == "npscalar":
        import numpy as np

        dtype = np.dtype(_field(data, "dtype", str))
        _need(dtype.kind in _NUMERIC_KINDS and not dtype.fields and not dtype.subdtype, "dtype")
        raw = base64.b64decode(_field(data, "b64", str), validate=True)
        _need(len(raw) == dtype.itemsize, "scalar size")
        return np.frombuffer(raw, dtype=dtype)[0]
    if tag in ("series", "frame", "index", "range_index", "multi_index", "timestamp"):
        return _decode_pandas(tag, data, functions, depth)
    if tag in ("timedelta64", "NaT", "NA"):
        return _decode_pandas(tag, data, functions, depth)
    if tag == "module":
        return _import(_field(data, "name", str))
    if tag == "function" and functions is not None:
        name = _field(data, "name", str)[:MAX_NAME]
        return functions(_field(data, "ref", int), name)
    raise BadPayload(f"tag {tag!r}")


def loads(text: str, functions=None):
    """The value of JSON ``text`` from :func:`dumps`; :class:`BadPayload` if malformed."""
    _need(isinstance(text, str) and len(text) <= MAX_TEXT, "payload size")
    try:
        data = json.loads(text)
        return decode(data, functions)
    except (BadPayload, Unreadable):
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError) as error:
        raise BadPayload(f"{type(error).__name__}: {error}") from None


# ---------------------------------------------------------------------------
# Exceptions: the builtin class and plain arguments, never the student's class
# ---------------------------------------------------------------------------
def encode_exception(error: BaseException) -> dict:
    """The nearest builtin exception class of ``error`` (by name) with its plain arguments."""
    base = next(
        (
            c
            for c in type(error).__mro__
            if getattr(builtins, getattr(c, "__name__", ""), None) is c
        ),
        Exception,
    )
    try:
        args = [encode(a) for a in error.args[:4] if type(a) in _PLAIN]
        message = str(error)[:2000]
    except Exception:  # a hostile __str__: the class name is all that is left
        args, message = [], ""
    return {"type": base.__name__, "raised": type_label(error), "args": args, "message": message}


def decode_exception(data) -> Exception:
    """A builtin exception rebuilt from :func:`encode_exception` (only builtin classes, by name)."""
    _need(isinstance(data, dict), "exception")
    name = data.get("type")
    cls = getattr(builtins, name, None) if isinstance(name, str) else None
    if not (isinstance(cls, type) and issubclass(cls, Exception)):
        cls = RuntimeError  # also SystemExit, KeyboardInterrupt: never raised in the grader
    args = data.get("args")
    if not isinstance(args, list) or not all(type(a) in _PLAIN for a in args):
        args = []
    message = data.get("message") if isinstance(data.get("message"), str) else ""
    try:
        error = cls(*args) if args else cls(message)
    except Exception:
        error = cls(message) if cls is not RuntimeError else RuntimeError(f"{name}: {message}")
    return error
