"""Run an exercise's solution code, so that its expected answer is the solution's result.

Each unit module defines ``SETUP``, the code that builds the notebook variables
its solutions use, and gives every exercise a ``solution`` that assigns
``answer``. :func:`run_solution` executes both and returns ``answer``: the
expected value is then computed once, by the very code a student is shown,
instead of by a second copy of its logic that could drift from it.
"""

from __future__ import annotations

import copy
from functools import lru_cache

import numpy as np
import pandas as pd

__all__ = ["run_solution"]


@lru_cache(maxsize=8)
def _setup_namespace(setup: str) -> dict:
    namespace: dict = {}
    exec(compile(setup, "<SETUP>", "exec"), namespace)
    return namespace


def run_solution(setup: str, solution: str):
    """Execute ``setup`` (cached) and then ``solution`` in a copy; return ``answer``.

    Data objects of the setup namespace are deep-copied, so a solution that
    adds a column cannot change what the next solution sees.

    Raises
    ------
    NameError
        If the solution does not assign ``answer``.

    Examples
    --------
    >>> run_solution("x = 2", "answer = x * 21")
    42
    """
    base = _setup_namespace(setup)
    namespace = {
        name: copy.deepcopy(obj) if isinstance(obj, pd.DataFrame | pd.Series | np.ndarray) else obj
        for name, obj in base.items()
    }
    exec(compile(solution, "<solution>", "exec"), namespace)
    if "answer" not in namespace:
        raise NameError("the solution must assign the variable answer; it did not.")
    return namespace["answer"]
