"""Every exercise's solution, run after its module's SETUP in a fresh namespace, is correct.

Each module of crmlab.exercises defines ``SETUP`` (code that builds the notebook
variables its solutions use) and gives every exercise a ``solution`` that
assigns ``answer``. Modules are discovered, so a new one is covered at once.
"""

from __future__ import annotations

import copy
import importlib
import pkgutil

import pandas as pd
import pytest

import crmlab.exercises
from crmlab.check import Choice, Exercise

MODULES = sorted(
    info.name
    for info in pkgutil.iter_modules(crmlab.exercises.__path__)
    if not info.name.startswith("_") and info.name != "demo"
)


def _exercises(module):
    seen = set()
    for name, obj in vars(module).items():
        if isinstance(obj, Exercise) and not name.startswith("_") and id(obj) not in seen:
            seen.add(id(obj))
            yield obj


@pytest.mark.parametrize("name", MODULES)
def test_module_solutions_are_runnable_and_correct(name):
    module = importlib.import_module(f"crmlab.exercises.{name}")
    assert isinstance(getattr(module, "SETUP", None), str), f"{name} defines no SETUP code string"
    namespace: dict = {}
    exec(compile(module.SETUP, f"<{name}.SETUP>", "exec"), namespace)
    exercises = list(_exercises(module))
    assert exercises, f"{name} defines no exercises"
    wrong = []
    for exercise in exercises:
        fresh = {
            k: copy.deepcopy(v) if isinstance(v, pd.DataFrame | pd.Series) else v
            for k, v in namespace.items()
        }
        try:
            exec(compile(exercise._solution, f"<{name}.{exercise.name}>", "exec"), fresh)
        except Exception as error:  # report every broken solution, not only the first
            wrong.append(f"{exercise.name}: the solution raises {type(error).__name__}: {error}")
            continue
        if "answer" not in fresh:
            wrong.append(f"{exercise.name}: the solution does not assign answer")
            continue
        result = exercise.evaluate(fresh["answer"])
        if not result.correct:
            wrong.append(f"{exercise.name}: the solution's answer is judged wrong: {result.text}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", MODULES)
def test_choice_solutions_say_why(name):
    """A choice question's solution gives the letter and, in a comment, the reason."""
    module = importlib.import_module(f"crmlab.exercises.{name}")
    for exercise in _exercises(module):
        if isinstance(exercise, Choice):
            assert "answer = " in exercise._solution and "#" in exercise._solution, (
                f'{name}.{exercise.name}: write the solution as answer = "B"  # why'
            )
