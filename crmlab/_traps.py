"""Single-number checks that name the mistake behind a wrong value (``number_traps``).

Part of the self-checks; ``crmlab.check.number_traps`` is the public name.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

from crmlab.i18n import message

__all__ = ["NumberTraps", "number_traps"]


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
    return NumberTraps(traps, rtol=rtol, atol=atol)


class NumberTraps:
    """The ``compare`` made by :func:`number_traps`; an exercise passes it translated messages."""

    def __init__(self, traps, *, rtol: float, atol: float):
        self._values = tuple(wrong for wrong, _ in traps)
        self.messages = tuple(text for _, text in traps)
        self._rtol, self._atol = rtol, atol

    def __call__(self, answer, expected, messages: Sequence[str] | None = None):
        if isinstance(answer, bool | np.bool_) or not isinstance(answer, numbers.Real):
            return False, message("check.traps.not_a_number", type=type(answer).__name__)
        if np.isclose(answer, expected, rtol=self._rtol, atol=self._atol):
            return True, ""
        for wrong, text in zip(self._values, messages or self.messages, strict=True):
            if np.isclose(answer, wrong(), rtol=self._rtol, atol=self._atol):
                return False, text
        shown = f"{answer:,.6g}"
        if abs(answer - expected) <= 0.01 * abs(expected):
            return False, message("check.traps.close", answer=shown)
        key = "check.traps.too_high" if answer > expected else "check.traps.too_low"
        return False, message(key, answer=shown)
