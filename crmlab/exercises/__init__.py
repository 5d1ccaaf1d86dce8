"""Self-check exercises of the course notebooks, one module per notebook.

A notebook imports its module and checks answers against it::

    from crmlab.exercises import unit01 as ex
    ex.q1.check(clv)

Each module defines its questions as module-level :class:`crmlab.check.Exercise`
(or :class:`crmlab.check.Choice`) objects named ``q1``, ``q2``, ...;
:mod:`crmlab.exercises.demo` is the template. A unit module also defines
``SETUP``, the code that builds the notebook's variables, and every
exercise's ``solution`` is code that, run after ``SETUP``, assigns
``answer``: the solution a student is shown is the one the test suite runs,
and computed expected answers come from running it
(:func:`crmlab.exercises._run.run_solution`). Nothing is imported here until
asked for, and :func:`all_exercises` finds every question of every module so
that the test suite self-tests new modules automatically.

The modules are written in English; the Chinese of every question, hint,
option, feedback and solution comment lives in
``crmlab/data/exercises/zh/<module>.toml`` and is shown when the course
language is Chinese (``crmlab.set_language("zh")``, :mod:`crmlab._exercise_text`).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

from crmlab.check import Exercise

__all__ = ["all_exercises"]


def all_exercises() -> Iterator[tuple[str, Exercise]]:
    """Yield ``(module_name, exercise)`` for every exercise of every module here.

    Modules are visited in alphabetical order and exercises in the order the
    module defines them; names starting with an underscore are skipped, and an
    exercise bound to two names is yielded once.

    Examples
    --------
    >>> pairs = list(all_exercises())
    >>> [(module, ex.name) for module, ex in pairs if module == "demo"]
    [('demo', 'q1'), ('demo', 'q2'), ('demo', 'q3')]
    """
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        seen: set[int] = set()
        for attr, value in vars(module).items():
            if isinstance(value, Exercise) and not attr.startswith("_") and id(value) not in seen:
                seen.add(id(value))
                yield info.name, value
