"""The checker's line to a student's kernel: fetch values and call functions, as data.

Every request is one ``execute_request`` with empty code and one user
expression, which calls :func:`crmlab.autograde.serve.serve` in the
student's kernel. The reply is read as text and parsed as JSON
(:func:`crmlab.autograde.transfer.loads`); nothing in it is ever run.

An argument larger than :data:`STORE_FROM` characters (a course table that
test after test passes) crosses once per kernel; later calls send its key
and the kernel passes a fresh copy of what it kept. Such a table is also
encoded once: its text is kept under a fingerprint of its contents, types
and labels (:func:`fingerprint`), so an equal copy (a test that loads the
table again) is not encoded again, and a changed one is.

Each test cell has a time budget (``c.Execute.timeout``) shared by its
requests. A request past it interrupts the kernel and raises TimeoutError
in the test (the test fails); a kernel that does not stop, or dies, raises
:class:`crmlab.autograde.checker.KernelGone`, which the grader turns into a flag.
"""

from __future__ import annotations

import ast
import hashlib
import json
from queue import Empty
from time import monotonic

from crmlab.autograde import transfer
from crmlab.autograde.checker import (
    ADVICE,
    KernelGone,
    StudentFunction,
    UnreadableAnswer,
    decode_answer,
)

SERVE = "__import__('crmlab.autograde.serve').autograde.serve.serve({!r})"
GRACE = 10.0
STORE_FROM = 64 * 1024


def fetch_expression(names: list[str]) -> str:
    """The user expression that fetches ``names`` from the student's namespace."""
    return SERVE.format(json.dumps({"fetch": names}))


def payload(content: dict | None, key: str):
    """The JSON answer of user expression ``key`` in an ``execute_reply`` content."""
    if not content or content.get("status") != "ok":
        raise RuntimeError("the student's kernel did not answer the grader")
    answer = (content.get("user_expressions") or {}).get(key) or {}
    if answer.get("status") != "ok":
        error = f"{answer.get('ename', '?')}: {answer.get('evalue', '')}"[:300]
        raise RuntimeError(f"the grader could not read the student's kernel ({error})")
    text = (answer.get("data") or {}).get("text/plain", "")
    if not isinstance(text, str) or len(text) > 2 * transfer.MAX_TEXT or text[:1] not in "'\"":
        raise transfer.BadPayload("reply")
    try:
        inner = ast.literal_eval(text)
        if not isinstance(inner, str) or len(inner) > transfer.MAX_TEXT:
            raise transfer.BadPayload("reply")
        return json.loads(inner)
    except (ValueError, SyntaxError, MemoryError, RecursionError) as error:
        raise transfer.BadPayload(type(error).__name__) from None


def _plain_labels(index) -> bool:
    """Whether hashing ``index`` tells its labels apart (no mixed objects such as 1 and "1")."""
    import pandas as pd

    levels = index.levels if isinstance(index, pd.MultiIndex) else [index]
    return all(
        level.dtype != object or pd.api.types.infer_dtype(level, skipna=False) == "string"
        for level in levels
    )


def fingerprint(value):
    """A digest of a pandas object's or NumPy array's contents, types and labels; else None.

    Two values with one fingerprint are encoded alike (:func:`crmlab.autograde.transfer.encode`).
    Values whose hashing could confuse two contents (object columns or labels
    mixing types, unhashable cells) have none.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"x": [1.0, 2.0]}, index=["a", "b"])
    >>> before = fingerprint(table)
    >>> before == fingerprint(table.copy())
    True
    >>> table.loc["b", "x"] = 3.0
    >>> before == fingerprint(table)
    False
    >>> fingerprint(pd.Series([1, "1"], dtype=object)) is None
    True
    """
    import numpy as np
    import pandas as pd

    kind = type(value)
    try:
        if kind is pd.DataFrame or kind is pd.Series:
            frame = value.to_frame() if kind is pd.Series else value
            indexes = [value.index, frame.columns]
            columns = [frame.iloc[:, k] for k in range(frame.shape[1])]
            if not all(_plain_labels(i) for i in indexes) or not all(
                _plain_labels(pd.Index(c.array)) for c in columns if c.dtype == object
            ):
                return None
            labels = [
                repr(kind),
                repr(value.shape),
                repr(list(frame.dtypes)),
                repr(value.name) if kind is pd.Series else "",
                repr(value.attrs),
                *(repr((type(i), getattr(i, "dtypes", i.dtype), list(i.names))) for i in indexes),
                repr(list(frame.columns)),
            ]
            rows = pd.util.hash_pandas_object(value, index=True).to_numpy()
            return hashlib.sha256("\n".join(labels).encode() + rows.tobytes()).hexdigest()
        if kind is np.ndarray and value.dtype.kind in "biufcmM":
            head = f"{value.dtype.str}{value.shape}".encode()
            return hashlib.sha256(head + np.ascontiguousarray(value).tobytes()).hexdigest()
    except (TypeError, ValueError):  # unhashable cells (lists in a column): no fingerprint
        return None
    return None


class KernelLink:
    """Requests to one student's kernel, from the grader (``client``/``manager``: nbclient's)."""

    def __init__(self, client, manager, timeout: float | None):
        self.client, self.manager, self.timeout = client, manager, timeout
        self.deadline: float | None = None
        self.gone: str | None = None
        self.stored: set[str] = set()
        self.encoded: dict[str, str] = {}  # fingerprint -> text, for large arguments

    def start_cell(self) -> None:
        """Start the time budget of one cell."""
        self.deadline = monotonic() + self.timeout if self.timeout else None

    def evaluate(self, expressions: dict[str, str]) -> dict:
        """Evaluate ``expressions`` in the student's kernel; the reply's content."""
        from jupyter_core.utils import run_sync

        if self.gone:
            raise KernelGone(self.gone)
        msg_id = self.client.execute(
            "", silent=True, store_history=False, user_expressions=expressions, allow_stdin=False
        )
        return run_sync(self._reply)(msg_id)

    async def _next(self, timeout: float):
        from jupyter_core.utils import ensure_async

        try:
            return await ensure_async(self.client.shell_channel.get_msg(timeout=timeout))
        except Empty:
            if not await ensure_async(self.client.is_alive()):
                self.gone = "the kernel died"
                raise KernelGone(self.gone) from None
            return None

    async def _reply(self, msg_id: str) -> dict:
        from jupyter_core.utils import ensure_async

        while True:
            left = 1.0 if self.deadline is None else self.deadline - monotonic()
            if left <= 0:
                break
            msg = await self._next(min(left, 1.0))
            if msg and msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]
        await ensure_async(self.manager.interrupt_kernel())
        end = monotonic() + GRACE
        while monotonic() < end:
            msg = await self._next(1.0)
            if msg and msg["parent_header"].get("msg_id") == msg_id:
                raise TimeoutError(f"the cell ran past the time limit of {self.timeout:g} s")
        self.gone = "the kernel did not stop at the time limit"
        raise KernelGone(self.gone)

    def _argument(self, value) -> str:
        """An argument as JSON; a large one only once per kernel (its key after that)."""
        digest = fingerprint(value)
        text = self.encoded.get(digest) if digest else None
        if text is None:
            text = json.dumps(
                transfer.encode(value, self._reference), allow_nan=True, separators=(",", ":")
            )
            if digest and len(text) >= STORE_FROM:
                self.encoded[digest] = text
        if len(text) < STORE_FROM:
            return '{"v":' + text + "}"
        key = hashlib.sha256(text.encode()).hexdigest()
        if key in self.stored:
            return json.dumps({"cached": key})
        self.stored.add(key)
        return '{"store":"' + key + '","v":' + text + "}"

    @staticmethod
    def _reference(value):
        if type(value) is StudentFunction:
            return {"$": "function", "ref": value._ref, "name": value.__name__}
        return None

    def function(self, ref: int, name: str) -> StudentFunction:
        return StudentFunction(self, ref, name)

    def call(self, function: StudentFunction, args: tuple, kwargs: dict):
        """Run ``function(*args, **kwargs)`` in the student's kernel; its result, as data."""
        __tracebackhide__ = True
        name = function.__name__
        try:
            arguments = [self._argument(a) for a in args]
            keywords = [json.dumps(str(k)) + ":" + self._argument(v) for k, v in kwargs.items()]
        except transfer.Unreadable as error:
            raise TypeError(f"the grader cannot send a {error.type_name} to {name}") from None
        request = (
            f'{{"call":{int(function._ref)},"args":[{",".join(arguments)}],'
            f'"kwargs":{{{",".join(keywords)}}}}}'
        )
        answer = payload(self.evaluate({"call": SERVE.format(request)}), "call")
        if not isinstance(answer, dict):
            raise transfer.BadPayload("reply")
        if "raised" in answer:
            raise transfer.decode_exception(answer["raised"]) from None
        value, kind = decode_answer(answer, self.function)
        if kind:
            raise UnreadableAnswer(f"{name}(...) returned a {kind}, {ADVICE}")
        return value
