"""Demo exercises: the template for a notebook's self-check module.

How a notebook author writes one
--------------------------------
1. Create ``crmlab/exercises/unitNN.py`` (one module per notebook) and define
   the questions as module-level objects named ``q1``, ``q2``, ... in the order
   the notebook asks them. Use :class:`~crmlab.check.Exercise` for computed
   answers and :class:`~crmlab.check.Choice` for interpretation questions.
2. Give ``expected`` as a zero-argument function (``lambda: ...`` or a small
   private function) whenever computing it needs pandas work or a dataset:
   it then runs on the first check, never at import.
3. Give every exercise ``hints`` (gentle first, then explicit), a ``solution``
   and at least one ``known_bad`` answer: the typical mistakes (a percentage
   instead of a fraction, the retention rate instead of the churn rate, a
   forgotten ``set_index``). The test suite runs ``self_test()`` on every
   exercise of every module, so a checker that cannot fail is caught.
4. In the notebook, import the module once and leave starter cells with the
   placeholder ``____``::

       from crmlab.check import ____
       from crmlab.exercises import unit01 as ex

       churn_rate = ____        # the student replaces ____
       ex.q1.check(churn_rate)  # feedback; ex.q1.hint(), ex.q1.solution()

5. Give the Chinese of every text in ``crmlab/data/exercises/zh/unitNN.toml``,
   one table per question (``[q1]``) with the fields ``prompt``, ``hints``,
   ``what``, ``explanation``, ``unit``, ``options`` and ``feedback`` (choices),
   ``traps`` (:func:`~crmlab.check.number_traps`), ``messages``
   (:meth:`~crmlab.check.Exercise.say`) and ``solution`` when its comments
   are prose (the code stays identical). ``crmlab/data/exercises/zh/demo.toml``
   is the template; ``tests/test_check_i18n.py`` fails on a text without its
   Chinese and on English left in what a student reads in Chinese.

This module uses only literal data, so it imports and checks in milliseconds.

Examples
--------
>>> from crmlab.exercises import demo as ex
>>> ex.q1.evaluate(0.12).correct
True
>>> print(ex.q1.evaluate(12).message)
Expected the churn rate to be a fraction like 0.12, got 12. Did you pass a percentage?
>>> ex.q3.evaluate("C").correct
True
"""

from __future__ import annotations

import pandas as pd

from crmlab.check import Choice, Exercise

__all__ = ["q1", "q2", "q3", "segments"]


def segments() -> pd.DataFrame:
    """The three customer segments used by question 2 (literal data).

    Examples
    --------
    >>> segments()
      segment  churn_rate
    0    gold         0.1
    1  silver         0.2
    2  bronze         0.5
    """
    return pd.DataFrame({"segment": ["gold", "silver", "bronze"], "churn_rate": [0.1, 0.2, 0.5]})


def _lifetimes(churn_of_lifetime=lambda rate: 1 / rate) -> pd.DataFrame:
    table = segments().set_index("segment")
    table["lifetime"] = churn_of_lifetime(table["churn_rate"])
    return table


q1 = Exercise(
    "q1",
    "At the start of the year the North region had 250 customers; during the year 30 of "
    "them churned. What is the churn rate of the North region, as a fraction?",
    lambda: 30 / 250,
    kind="fraction",
    what="the churn rate",
    hints=[
        "Churn rate (客户流失率) = churned customers / customers at the start.",
        "Divide 30 by 250. Keep it a fraction (0.xx), not a percentage.",
    ],
    solution="churn_rate = 30 / 250  # 0.12",
    known_bad=[12, 30 / 220, 0.88],
)

q2 = Exercise(
    "q2",
    "Starting from ex.segments(), build a DataFrame indexed by segment with the columns "
    "churn_rate and lifetime, the expected customer lifetime in years (T = 1 / churn rate).",
    _lifetimes,
    what="the segment table",
    hints=[
        "Index the table by segment with .set_index('segment').",
        "The expected lifetime of a group with yearly churn rate r is 1 / r years.",
    ],
    solution=(
        "table = ex.segments().set_index('segment')\ntable['lifetime'] = 1 / table['churn_rate']"
    ),
    known_bad=lambda: [
        _lifetimes(lambda rate: 1 - rate),
        _lifetimes().reset_index(),
        _lifetimes().drop(columns="lifetime"),
        _lifetimes().iloc[::-1],
    ],
)

q3 = Choice(
    "q3",
    "A customer expected a value of 8 and perceived a value of 10, so the satisfaction "
    "ratio (顾客满意度) is C = B / A = 1.25. What does that tell you?",
    [
        "The customer is dissatisfied.",
        "The purchase just met the customer's expectations.",
        "The customer got more than they expected.",
        "Nothing, until we know the churn rate.",
    ],
    "C",
    hints="Compare C with 1: above, about equal, or below?",
    explanation="C > 1 means the perceived value exceeded the expected value.",
    feedback={
        "A": "Dissatisfied means C < 1: perceived value below expectations.",
        "B": "Met expectations means C close to 1; 1.25 is well above.",
        "D": "The ratio is read on its own: compare it with 1.",
    },
)
