"""Self-check exercises of notebook 00a · Python primer (Python 入门).

Four questions on the pandas the course uses: a prediction of how two Series
are paired by label, a boolean filter, a groupby, and a prediction of which
matrix product moves customer counts one period ahead. ``SETUP`` builds the
notebook's variables; each ``solution`` is code that, run after it, assigns
``answer``; computed answers are the solutions' results, computed on first use,
so importing this module reads no data.

Examples
--------
>>> from crmlab.exercises import primer as ex
>>> ex.q1.evaluate("A").correct
True
>>> print(ex.q1.evaluate("B").message)
That pairs the values by position (70 - 120). pandas pairs them by label: Zhao with Zhao.
"""

from __future__ import annotations

import pandas as pd

from crmlab import datasets
from crmlab.check import Choice, Exercise
from crmlab.exercises._run import run_solution

__all__ = ["SETUP", "q1", "q2", "q3", "q4"]

#: The notebook's variables that the solutions use.
SETUP = """\\
import numpy as np
import pandas as pd

from crmlab import datasets

spend_2023 = pd.Series({"Li": 120.0, "Wang": 80.0, "Zhao": 50.0})
spend_2024 = pd.Series({"Zhao": 70.0, "Li": 100.0, "Chen": 40.0})
log = datasets.load_transactions()
"""


def _solved(solution: str):
    return lambda: run_solution(SETUP, solution)


q1 = Choice(
    "q1",
    "spend_2023 lists Li, Wang, Zhao; spend_2024 lists Zhao, Li, Chen, in that order. "
    "Predict, before running it: what is (spend_2024 - spend_2023)['Zhao']?",
    [
        "20.0: pandas pairs the values by label, Zhao's 70 with Zhao's 50.",
        "-50.0: the first value of one Series minus the first value of the other.",
        "An error: the two Series list the customers in different orders.",
        "NaN: Zhao is not in the same position in both Series.",
    ],
    "A",
    solution='answer = "A"  # arithmetic pairs labels, not positions: 70 - 50 = 20',
    hints=["Arithmetic between two Series first lines them up by their index labels."],
    explanation=(
        "pandas aligns by label: Zhao with Zhao, whatever the order. A label found in only "
        "one Series (Wang, Chen) gives NaN: there is nothing to subtract."
    ),
    feedback={
        "B": "That pairs the values by position (70 - 120). pandas pairs them by label: Zhao "
        "with Zhao.",
        "C": "Different orders are no problem: pandas lines the labels up before it subtracts.",
        "D": "Positions do not matter, labels do. NaN appears only for a label missing from "
        "one of the two Series (Wang, Chen).",
    },
)

_Q2 = """\\
in_2024 = log["date"].dt.year == 2024
answer = (log.loc[in_2024, "amount"] > 200).mean()  # about 0.34
"""

q2 = Exercise(
    "q2",
    "What share of Huamei's purchases in 2024 were above 200 yuan? Give a fraction.",
    _solved(_Q2),
    kind="fraction",
    what="the share of 2024 purchases above 200 yuan",
    hints=[
        "First keep the rows of 2024: log[log['date'].dt.year == 2024].",
        "A comparison such as amounts > 200 gives True/False; the mean of True/False values "
        "is the share of True.",
    ],
    solution=_Q2,
    known_bad=lambda: [
        float((datasets.load_transactions()["amount"] > 200).mean()),  # all three years
        int((_log_2024()["amount"] > 200).sum()),  # the count, not the share
        float(100 * (_log_2024()["amount"] > 200).mean()),  # a percentage
    ],
    explanation="The mean of a True/False Series is the share of True: a one-line count.",
)


def _log_2024() -> pd.DataFrame:
    log = datasets.load_transactions()
    return log[log["date"].dt.year == 2024]


_Q3 = """\\
answer = log.groupby("store")["amount"].sum()  # S05 sold most: about 1.43 million yuan
"""

q3 = Exercise(
    "q3",
    "What is each store's total revenue over the three years? Give a Series indexed by store.",
    _solved(_Q3),
    what="the revenue per store",
    unit="yuan",
    hints=[
        "groupby('store') splits the purchases by store; then pick the amount column.",
        "log.groupby('store')['amount'].sum()",
    ],
    solution=_Q3,
    known_bad=lambda: [
        datasets.load_transactions().groupby("store")["amount"].mean(),  # mean, not total
        datasets.load_transactions().groupby("store")["amount"].count(),  # purchases
        datasets.load_transactions().groupby("store")["amount"].sum().reset_index(drop=True),
    ],
    explanation="Split by store, apply sum to each group, combine into one Series by store.",
)

q4 = Choice(
    "q4",
    "x = np.array([1000, 0]) counts active and churned customers; P = np.array([[0.7, 0.3], "
    "[0.2, 0.8]]) holds the yearly moves, one row per state of origin (each row sums to 1). "
    "Predict: which expression gives next year's counts?",
    [
        "x @ P: the row vector of counts times the matrix.",
        "P @ x: the matrix times the counts.",
        "x * P: multiply element by element.",
        "Either x @ P or P @ x: matrix products give the same result in any order.",
    ],
    "A",
    solution=(
        'answer = "A"  # x @ P = [700, 300]: each count is spread over its row of P; '
        "P @ x gives [700, 200], which loses customers"
    ),
    hints=[
        "Next year's active customers = active who stay + churned who come back: "
        "x[0] * P[0, 0] + x[1] * P[1, 0]. Which product computes that?",
    ],
    explanation=(
        "x @ P sums, for each destination column, the counts times the probabilities of "
        "moving there: [700, 300], still 1,000 customers. P @ x would weight the rows "
        "instead and gives [700, 200]: 100 customers vanish."
    ),
    feedback={
        "B": "P @ x gives [700, 200]: 100 customers vanish, because it combines each row of P "
        "(the moves out of one state) with the counts of both states.",
        "C": "Element by element, the shapes do not even match the question: you need sums "
        "over the states of origin, which only a matrix product gives.",
        "D": "Matrix products do not commute: x @ P gives [700, 300], P @ x gives [700, 200].",
    },
)
