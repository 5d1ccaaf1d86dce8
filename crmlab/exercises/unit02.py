"""Self-check exercises of notebook 02 · Customer states and life cycle (客户的状态).

Eight questions in the order of the notebook: qualifying prospects by the MAN
principle, counting Huamei's customers per state, the share of loyal customers
among actual customers, one transition probability, one period of the
customer-flow chain by hand, what kind of chain the estimated matrix is,
reading its steady state, and a prediction of which transition is worth most to
improve. ``SETUP`` builds the notebook's variables; each ``solution`` is code
that, run after it, assigns ``answer``; computed answers are the solutions'
results, computed on first use, so importing this module reads no data.

Examples
--------
>>> from crmlab.exercises import unit02 as ex
>>> sorted(ex.q1.expected)
['Gao Mei', 'Huang Lei', 'Sun Hao']
>>> ex.q2.expected["loyal"]
np.int64(475)
>>> print(ex.q3.evaluate(19.34).message)
Expected the share of loyal customers to be a fraction between 0 and 1, got 19.34. Did you pass a percentage?
>>> round(ex.q5.expected)
1589
"""

from __future__ import annotations

import functools

import pandas as pd

from crmlab import datasets, states
from crmlab.check import Choice, Exercise
from crmlab.exercises._run import run_solution

__all__ = ["SETUP", "prospects", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"]

#: The notebook's variables that the solutions use.
SETUP = """\
import numpy as np
import pandas as pd

from crmlab import datasets, states
from crmlab.exercises import unit02 as ex

customers = datasets.load_customers()
log = datasets.load_transactions()
end_2023 = states.classify_states(log, "2023-12-31", customers=customers)
end_2024 = states.classify_states(log, "2024-12-31", customers=customers)
P = states.transition_matrix(end_2023, end_2024)
now = states.count_states(end_2024)[P.index]
"""


def _solved(solution: str):
    return lambda: run_solution(SETUP, solution)


_ACTUAL = ["first-time", "repeat", "loyal"]


@functools.cache
def _data() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Huamei's customers and purchase log, read once."""
    return datasets.load_customers(), datasets.load_transactions()


def _states(as_of: str, *, registered: str = "table", churn_after_days: int = 365) -> pd.Series:
    """classify_states on the course data; ``registered`` is "table", "ids" or "none"."""
    customers, log = _data()
    given = {"table": customers, "ids": customers["customer_id"], "none": None}[registered]
    return states.classify_states(log, as_of, churn_after_days=churn_after_days, customers=given)


def _counts(as_of: str, **kwargs) -> pd.Series:
    return states.count_states(_states(as_of, **kwargs))


# --------------------------------------------------------------------------- q1: MAN


def prospects() -> pd.DataFrame:
    """Eight prospects of Huamei's new home-appliance corner (literal data, question 1).

    ``money``: can afford the purchase; ``authority``: decides (or can veto)
    it; ``need``: needs the product.

    Examples
    --------
    >>> prospects().head(3)
            name  money  authority   need
    0    Sun Hao   True       True   True
    1    Liu Yan   True      False   True
    2  Zhou Ming  False       True   True
    """
    return pd.DataFrame(
        {
            "name": [
                "Sun Hao",
                "Liu Yan",
                "Zhou Ming",
                "Gao Mei",
                "Wu Jun",
                "Huang Lei",
                "Ma Li",
                "Xu Tao",
            ],
            "money": [True, True, False, True, True, True, False, True],
            "authority": [True, False, True, True, True, True, False, False],
            "need": [True, True, True, True, False, True, True, False],
        }
    )


def _qualified(rule) -> set[str]:
    table = prospects()
    return set(table.loc[rule(table), "name"])


_Q1 = """\
p = ex.prospects()
answer = p.loc[states.man_qualified(p["money"], p["authority"], p["need"]), "name"]
# Sun Hao, Gao Mei, Huang Lei
"""

q1 = Exercise(
    "q1",
    "ex.prospects() lists eight prospects with three yes/no columns: money, authority and "
    "need. Which of them are qualified potential customers by the MAN principle? Give their "
    "names (a list, a set or a Series of names).",
    lambda: set(run_solution(SETUP, _Q1)),
    what="the qualified prospects",
    hints=[
        "MAN: Money (can pay), Authority (decides), Need. A prospect qualifies only when all "
        "three hold.",
        "mask = states.man_qualified(p['money'], p['authority'], p['need']) gives True/False "
        "per row; select the names with p.loc[mask, 'name'].",
    ],
    solution=_Q1,
    known_bad=lambda: [
        # any one of the three is enough
        _qualified(lambda t: t["money"] | t["authority"] | t["need"]),
        # authority forgotten: money and need only
        _qualified(lambda t: t["money"] & t["need"]),
        # need forgotten: the ability to buy is not enough
        _qualified(lambda t: t["money"] & t["authority"]),
    ],
    explanation=(
        "A prospect who cannot pay, cannot decide or does not need the product will not buy, "
        "however hard the sales staff try: spend the effort on the three who pass all tests."
    ),
)


# --------------------------------------------------------------------------- q2: counts

q2 = Exercise(
    "q2",
    "Classify Huamei's customers as of 2024-06-30 with the crmlab rule (the defaults: churned "
    "after 365 days without a purchase, loyal = 4 consecutive quarters with a purchase) and "
    "the registered customers of datasets.load_customers(). Give the number of customers in "
    "each of the seven states, as a Series indexed by state (zeros included).",
    _solved(
        "mid_2024 = states.classify_states(log, '2024-06-30', customers=customers)\n"
        "answer = states.count_states(mid_2024)"
    ),
    what="the counts per state",
    ignore_order=True,
    hints=[
        "states.classify_states(log, '2024-06-30', customers=customers) labels every "
        "customer; states.count_states(...) counts the labels, one row per state.",
        "Pass the whole customers table (not only its customer_id column): its signup_date "
        "leaves out people who registered after 2024-06-30.",
    ],
    solution=(
        "mid_2024 = states.classify_states(log, '2024-06-30', customers=customers)\n"
        "answer = states.count_states(mid_2024)"
    ),
    known_bad=lambda: [
        _counts("2024-06-30", registered="none"),  # no potential customers at all
        _counts("2024-06-30", registered="ids"),  # later sign-ups counted as potential
        _counts("2024-12-31"),  # the wrong date
        _counts("2024-06-30", churn_after_days=180),  # a stricter churn rule
    ],
    explanation=(
        "Target customers and non-customers stay at 0: they depend on the firm's choices and "
        "on attitudes, which a purchase log does not record."
    ),
)


# --------------------------------------------------------------------------- q3: loyal share


def _loyal_share(among=_ACTUAL) -> float:
    counts = _counts("2024-12-31")
    return float(counts["loyal"] / counts[list(among)].sum())


q3 = Exercise(
    "q3",
    "As of 2024-12-31, what share of Huamei's actual customers (现实客户: first-time, repeat "
    "and loyal) are loyal? Give a fraction.",
    _solved(
        "counts = states.count_states(end_2024)\n"
        "answer = counts['loyal'] / counts[['first-time', 'repeat', 'loyal']].sum()  # 0.193"
    ),
    kind="fraction",
    what="the share of loyal customers",
    hints=[
        "Actual customers are those who buy now: first-time + repeat + loyal. Potential and "
        "churned customers are not actual customers.",
        "counts = states.count_states(end_2024); divide counts['loyal'] by "
        "counts[['first-time', 'repeat', 'loyal']].sum().",
    ],
    solution=(
        "counts = states.count_states(end_2024)\n"
        "answer = counts['loyal'] / counts[['first-time', 'repeat', 'loyal']].sum()  # 0.193"
    ),
    known_bad=lambda: [
        _loyal_share(among=states.STATES),  # all registered customers
        _loyal_share(among=[*_ACTUAL, "churned"]),  # everyone who ever bought
        _loyal_share(among=["repeat", "loyal"]),  # first-time buyers left out
    ],
    explanation=(
        "About one actual customer in five is loyal; Knowing the customer reports a 50% success rate "
        "when selling to repeat and loyal customers, against 15% for first-time buyers."
    ),
)


# --------------------------------------------------------------------------- q4: one transition


def _mid_year_matrix() -> pd.DataFrame:
    return states.transition_matrix(_states("2023-06-30"), _states("2024-06-30"))


def _column_share() -> float:
    """The reversed reading: of those churned in mid 2024, the share that were repeat."""
    before, after = _states("2023-06-30"), _states("2024-06-30")
    pairs = pd.concat({"from": before, "to": after}, axis=1, join="inner")
    churned = pairs[pairs["to"] == "churned"]
    return float((churned["from"] == "repeat").mean())


q4 = Exercise(
    "q4",
    "Estimate the transition matrix of Huamei's customers between 2023-06-30 and 2024-06-30 "
    "(classify at both dates with the defaults and the customers table). What is the "
    "probability that a customer who was a repeat buyer on 2023-06-30 had churned by "
    "2024-06-30? Give a fraction.",
    _solved(
        "mid_2023 = states.classify_states(log, '2023-06-30', customers=customers)\n"
        "mid_2024 = states.classify_states(log, '2024-06-30', customers=customers)\n"
        "answer = states.transition_matrix(mid_2023, mid_2024).loc['repeat', 'churned']"
    ),
    kind="fraction",
    what="the repeat -> churned probability",
    hints=[
        "Classify twice, then states.transition_matrix(before, after): rows are where "
        "customers were (from), columns where they went (to).",
        "Read the cell in row 'repeat', column 'churned': P.loc['repeat', 'churned'].",
    ],
    solution=(
        "mid_2023 = states.classify_states(log, '2023-06-30', customers=customers)\n"
        "mid_2024 = states.classify_states(log, '2024-06-30', customers=customers)\n"
        "answer = states.transition_matrix(mid_2023, mid_2024).loc['repeat', 'churned']"
    ),
    known_bad=lambda: [
        float(_mid_year_matrix().loc["churned", "repeat"]),  # row and column swapped
        _column_share(),  # share of the churned who had been repeat buyers
        float(
            states.transition_matrix(_states("2023-12-31"), _states("2024-12-31")).loc[
                "repeat", "churned"
            ]
        ),  # the December-to-December matrix of the notebook
    ],
    explanation=(
        "Rows are normalized: the probability is the number of repeat buyers who churned "
        "divided by the number of repeat buyers a year earlier."
    ),
)


# --------------------------------------------------------------------------- q5: one period


def _year_matrix() -> pd.DataFrame:
    return states.transition_matrix(_states("2023-12-31"), _states("2024-12-31"))


def _now(matrix: pd.DataFrame) -> pd.Series:
    return _counts("2024-12-31")[matrix.index]


_Q5 = """\
better = P.copy()
better.loc["churned", "repeat"] *= 2  # win-back doubled
better.loc["churned", "churned"] -= P.loc["churned", "repeat"]  # taken from staying churned
answer = (now @ better)["repeat"]  # about 1,589
"""


def _repeat_next_year(*, doubled: bool = True, periods: int = 1) -> float:
    matrix = _year_matrix().copy()
    if doubled:
        extra = matrix.loc["churned", "repeat"]
        matrix.loc["churned", "repeat"] += extra
        matrix.loc["churned", "churned"] -= extra
    return float(states.simulate_flow(_now(matrix), matrix, periods).iloc[-1]["repeat"])


def _repeat_row_times_counts() -> float:
    """The orientation mistake: the repeat row of P times the counts (P x instead of x P)."""
    matrix = _year_matrix().copy()
    extra = matrix.loc["churned", "repeat"]
    matrix.loc["churned", "repeat"] += extra
    matrix.loc["churned", "churned"] -= extra
    return float(matrix.loc["repeat"].to_numpy() @ _now(matrix).to_numpy())


q5 = Exercise(
    "q5",
    "Use the transition matrix P between 2023-12-31 and 2024-12-31 and the counts of "
    "2024-12-31 (the notebook's P and now). Suppose a win-back campaign doubles the "
    "probability that a churned customer comes back as a repeat buyer (churned -> repeat), "
    "the extra taken from churned -> churned so the row still sums to 1. How many repeat "
    "buyers does Huamei then expect on 2025-12-31? Compute one period by hand with a matrix "
    "product, x1 = x0 P.",
    _solved(_Q5),
    what="the expected number of repeat buyers",
    hints=[
        "Copy P (better = P.copy()), double better.loc['churned', 'repeat'] and subtract the "
        "same amount from better.loc['churned', 'churned'].",
        "Repeat buyers next year come from every state: (now @ better)['repeat']; the row "
        "vector of counts goes on the left of the matrix.",
    ],
    solution=_Q5,
    known_bad=lambda: [
        _repeat_next_year(doubled=False),  # the campaign forgotten
        _repeat_row_times_counts(),  # P x instead of x P
        _repeat_next_year(periods=2),  # two periods
    ],
    explanation=(
        "About 1,589 repeat buyers instead of about 1,442: the 1,557 churned customers are the "
        "largest group, so 9 more points of them is about 147 more repeat buyers in one year."
    ),
)


# --------------------------------------------------------------------------- q6: kind of chain

q6 = Choice(
    "q6",
    "Which statement describes the matrix P that Huamei's customers' moves from 2023-12-31 "
    "to 2024-12-31 give (states potential, first-time, repeat, loyal, churned)?",
    [
        "P is regular, because every state can reach every other state.",
        "P is irreducible but not regular: some power of P has zeros, yet every state can "
        "reach every other.",
        "P is neither irreducible nor regular: no state leads back to potential, and "
        "first-time is reached only from potential; repeat, loyal and churned form a closed "
        "class that every customer ends up in.",
        "Churned is an absorbing state: once churned, a customer stays churned.",
    ],
    "C",
    solution=(
        'answer = "C"  # column potential of P is zero outside its own row, so potential '
        "cannot be re-entered: not irreducible, hence not regular"
    ),
    hints=[
        "Look at the column 'potential' of P: which states send customers there?",
        "Regular means some power P^n has all entries positive; irreducible means every state "
        "can reach every other; absorbing means P[s, s] = 1.",
    ],
    explanation=(
        "Potential and first-time are transient: customers leave them and never come back "
        "(a churned customer who buys again has two purchases, so returns as repeat). The "
        "closed class repeat-loyal-churned is regular on its own, so the chain still has one "
        "steady state, with no customers in the transient states."
    ),
    feedback={
        "A": "'Every state can reach every other' defines irreducible, not regular; and it "
        "fails here anyway: nobody moves back to potential.",
        "B": "Irreducible fails: no state leads back to potential (its column is zero outside "
        "its own row), so potential cannot be reached from the others.",
        "D": "Absorbing means P[s, s] = 1. Churned customers come back as repeat buyers 9.4% of the time, so "
        "churned is not absorbing.",
    },
)


# --------------------------------------------------------------------------- q7: steady state

q7 = Choice(
    "q7",
    "The steady state of the estimated matrix P puts about 80% of Huamei's customers in the "
    "churned state. What does that tell the managers?",
    [
        "80% of today's customers will churn next year.",
        "If the moves of 2024 repeated every year and no new customers joined, about four "
        "in five customers would in the long run be churned, whatever the starting counts.",
        "80% of the chain's revenue will be lost.",
        "The matrix must be wrong: a steady state cannot put most customers in one state.",
    ],
    "B",
    solution=(
        'answer = "B"  # a long-run what-if for a closed base with constant moves, not a '
        "forecast for next year"
    ),
    hints=[
        "A steady state is where the chain settles after many periods with the same P.",
        "The 5,000 customers are a closed group: P has no arrow that brings in new customers.",
    ],
    explanation=(
        "The steady state is a long-run what-if, not a forecast for next year: it assumes "
        "constant transition probabilities and a closed customer base. It shows where the "
        "base drifts if nothing changes, which is why acquisition and win-back matter."
    ),
    feedback={
        "A": "Next year's churn is in one row of P (e.g. 48% of repeat buyers); the steady "
        "state is the distribution after many years.",
        "C": "The steady state counts customers, not yuan; revenue also depends on how much "
        "each state spends.",
        "D": "A chain can settle with most customers in one state; here churned customers "
        "come back only 9% of the time and nobody new joins.",
    },
)


# --------------------------------------------------------------------------- q8: worth most

q8 = Choice(
    "q8",
    "Predict before you run the what-if cell: the notebook raises four moves of P by 10 "
    "percentage points each and simulates four years from the counts of 2024-12-31. Which "
    "improvement leaves Huamei with the most active customers (first-time + repeat + loyal) "
    "after four years, and why?",
    [
        "Developing potential customers (potential -> first-time), because every new buyer "
        "starts the whole chain.",
        "Turning first-time buyers into repeat buyers, because first-time buyers are the "
        "first to churn.",
        "Turning repeat buyers into loyal ones, because loyal customers churn least.",
        "Winning back churned customers (churned -> repeat), because the churned pool is "
        "the largest group and grows every year.",
    ],
    "D",
    solution=(
        'answer = "D"  # win-back acts on the largest group, the churned pool, which grows '
        "every year"
    ),
    hints=[
        "Predict first; then run the what-if cell and look at its 'active' column.",
        "A 10-point gain matters more when it applies to a large group: compare the sizes of "
        "the potential, first-time, repeat and churned groups in the simulation.",
    ],
    explanation=(
        "Win-back acts on the largest group (1,557 churned in 2024, more every year), so the "
        "same 10 points move the most people. It maximizes active customers; repeat -> loyal "
        "gives the most loyal ones. Which is worth most in yuan also depends on what each "
        "move costs (unit 05) and on what each state spends."
    ),
    feedback={
        "A": "Only a few hundred potential customers are left, so 10 points of them is a "
        "small number of new buyers.",
        "B": "Fewer than 350 first-time buyers exist, and P already sends most of them to "
        "repeat; 10 points of a small group adds few customers.",
        "C": "This move gives the most loyal customers, but not the most active ones: it acts "
        "on about 2,000 repeat buyers, while win-back acts on a churned pool that grows past "
        "3,000.",
    },
)
