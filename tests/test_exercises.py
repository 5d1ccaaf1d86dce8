"""Self-test every exercise of every module in crmlab.exercises, plus the demo template."""

from __future__ import annotations

import importlib
from collections import Counter

import pandas as pd
import pytest

import crmlab.exercises
from crmlab.check import Choice, Exercise, ____
from crmlab.exercises import all_exercises, demo

EXERCISES = list(all_exercises())


@pytest.mark.parametrize(
    ("module", "exercise"), EXERCISES, ids=[f"{m}.{e.name}" for m, e in EXERCISES]
)
def test_exercise_self_test(module, exercise):
    exercise.self_test()


@pytest.mark.parametrize(
    ("module", "exercise"), EXERCISES, ids=[f"{m}.{e.name}" for m, e in EXERCISES]
)
def test_exercise_is_complete(module, exercise):
    assert exercise.prompt.strip()
    assert exercise.hints, "give students at least one hint"
    assert exercise.evaluate(____).status == "not attempted"


def test_exercise_names_are_unique_within_each_module():
    counts = Counter((module, exercise.name) for module, exercise in EXERCISES)
    assert [key for key, n in counts.items() if n > 1] == []


def test_demo_module_is_found_in_order():
    assert [(m, e.name) for m, e in EXERCISES if m == "demo"] == [
        ("demo", "q1"),
        ("demo", "q2"),
        ("demo", "q3"),
    ]
    assert isinstance(demo.q3, Choice)


def test_all_exercises_skips_private_names_and_aliases(monkeypatch):
    monkeypatch.setattr(
        demo, "_draft", Exercise("q9", "p", 1, solution="1", known_bad=[2]), raising=False
    )
    monkeypatch.setattr(demo, "alias", demo.q1, raising=False)
    names = [e.name for m, e in all_exercises() if m == "demo"]
    assert names == ["q1", "q2", "q3"]


def test_importing_the_demo_computes_nothing():
    fresh = importlib.reload(demo)
    try:
        assert "expected" not in fresh.q2._cache
        assert fresh.q2.evaluate(____).status == "not attempted"
        assert "expected" not in fresh.q2._cache
    finally:
        importlib.reload(demo)


def test_demo_q1_percentage_message():
    assert demo.q1.evaluate(12).message == (
        "Expected the churn rate to be a fraction like 0.12, got 12. Did you pass a percentage?"
    )


def test_demo_q2_worked_solution_passes():
    table = demo.segments().set_index("segment")
    table["lifetime"] = 1 / table["churn_rate"]
    assert demo.q2.evaluate(table).correct
    assert table["lifetime"].tolist() == pytest.approx([10.0, 5.0, 2.0])


def test_demo_q2_with_object_dtype_index_still_passes():
    table = demo.segments().astype({"segment": object}).set_index("segment")
    table["lifetime"] = 1 / table["churn_rate"]
    assert isinstance(table, pd.DataFrame)
    assert demo.q2.evaluate(table).correct


def test_package_docstring_names_the_template():
    assert "crmlab.exercises.demo" in crmlab.exercises.__doc__
