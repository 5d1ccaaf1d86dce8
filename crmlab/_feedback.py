"""The placeholder ``____`` of starter code and the feedback box a self-check shows.

Used by :mod:`crmlab.check`; ``crmlab.check.____`` and
``crmlab.check.CheckResult`` are the public names.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab.i18n import message

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
        raise TypeError(message("check.placeholder_is_not_a_number"))

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


def contains_placeholder(answer) -> bool:
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


def show_feedback(plain: str, rich: str) -> None:
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


def feedback_box(color: str, title: str, body: str, *, pre: bool = False) -> str:
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


COLORS = {
    "correct": "#1b7f3b",
    "incorrect": "#c62828",
    "not attempted": "#b25e00",
    "hint": "#1565c0",
    "solution": "#6a1b9a",
}


def titled(title: str, text: str) -> str:
    """A title and its text on one line, as the course language writes it."""
    return message("check.titled", title=title, text=text) if text else title


def _title(status: str) -> str:
    """The title of a result ("Correct.", "Incorrect:", ...) in the course language."""
    return message(f"check.title.{status.replace(' ', '_')}")


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
        lines = [titled(_title(self.status), self.message)]
        if self.advice:
            lines.append(self.advice)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        body = "\n".join(part for part in (self.message, self.advice) if part)
        return feedback_box(COLORS[self.status], _title(self.status), body)

    def show(self) -> None:
        """Display the feedback (HTML in Jupyter, else print)."""
        show_feedback(self.text, self._repr_html_())

    def _ipython_display_(self) -> None:
        if not self.shown:
            self.show()
