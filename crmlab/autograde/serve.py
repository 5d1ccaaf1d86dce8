"""The student kernel's end of the checker's line: values and calls, answered as data.

Runs in the student's kernel, called by a user expression that
:mod:`crmlab.autograde.link` sends. It is imported there by trusted code, but
student code can replace anything in that kernel, this module included, so
everything it returns is untrusted: the checker parses it as data
(:mod:`crmlab.autograde.transfer`) and a lie is only ever a lie about the
student's own values.

>>> ref = _reference(len)["ref"]
>>> serve('{"call": %d, "args": [{"v": {"$": "list", "v": [1, 2]}}], "kwargs": {}}' % ref)
'{"value": 2}'
"""

from __future__ import annotations

import copy
import json

from crmlab.autograde.transfer import Unreadable, decode, encode, encode_exception

_FUNCTIONS: dict[int, object] = {}
_STORED: dict[str, object] = {}


def _reference(value):
    ref = next((k for k, v in _FUNCTIONS.items() if v is value), None)
    if ref is None:
        ref = len(_FUNCTIONS) + 1
        _FUNCTIONS[ref] = value
    name = getattr(value, "__name__", None)
    return {"$": "function", "ref": ref, "name": name if isinstance(name, str) else "function"}


def _answer(value) -> dict:
    try:
        return {"value": encode(value, _reference)}
    except Unreadable as error:
        return {"unreadable": error.type_name}
    except RecursionError:
        return {"unreadable": "structure nested too deeply"}


def _argument(entry, resolve):
    """One argument of a call: sent now, or stored by an earlier call (a fresh copy)."""
    if "cached" in entry:
        return copy.deepcopy(_STORED[entry["cached"]])
    value = decode(entry["v"], resolve)
    if "store" in entry:
        _STORED[entry["store"]] = copy.deepcopy(value)
    return value


def serve(request: str) -> str:
    """Answer one request of the checker (JSON in, JSON out), in the student's kernel.

    ``{"fetch": [names]}`` gives each name's value; ``{"call": ref, "args":
    [...], "kwargs": {...}}`` calls a function handed out before and gives its
    result, or the exception it raised. Each argument is ``{"v": value}``,
    ``{"store": key, "v": value}`` (keep it: a large table that later calls
    send again) or ``{"cached": key}`` (a copy of the value kept under key).
    """
    from IPython import get_ipython

    order = json.loads(request)
    if "fetch" in order:
        namespace = get_ipython().user_ns
        answers = {
            name: _answer(namespace[name]) if name in namespace else {"missing": True}
            for name in order["fetch"]
        }
        return json.dumps(answers, allow_nan=True)
    function = _FUNCTIONS[order["call"]]

    def resolve(ref, name):
        return _FUNCTIONS[ref]

    args = [_argument(entry, resolve) for entry in order["args"]]
    kwargs = {name: _argument(entry, resolve) for name, entry in order["kwargs"].items()}
    try:
        result = function(*args, **kwargs)
    except BaseException as error:  # everything the student's code raises becomes data
        return json.dumps({"raised": encode_exception(error)}, allow_nan=True)
    return json.dumps(_answer(result), allow_nan=True)
