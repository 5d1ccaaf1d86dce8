"""Self-check exercises of notebook 06, customer retention (客户保持).

:data:`SETUP` is the notebook's code that builds the names the solutions use
(the telecom subscribers, the Huamei Stores purchase log, the 2023-to-2024
retention rate, the quarterly cohort table); each expected answer is what its
solution gives when run after it, computed on first use, never copied in as a
number.

Examples
--------
>>> from crmlab.exercises import unit06 as ex
>>> ex.q1.evaluate(0.6156).status
'incorrect'
>>> ex.q5.evaluate("C").correct
True
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from crmlab import churn, datasets, retention
from crmlab.check import Choice, Exercise
from crmlab.exercises._run import run_solution

__all__ = ["SETUP", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"]

#: The notebook's code that builds the names the solutions use.
SETUP = """\
import numpy as np
import pandas as pd

from crmlab import churn, datasets, retention, value

telecom = datasets.load_telecom_churn()
log = datasets.load_transactions()
buyers_2023 = log.loc[log["date"].dt.year == 2023, "customer_id"].unique()
buyers_2024 = log.loc[log["date"].dt.year == 2024, "customer_id"].unique()
retained = int(np.isin(buyers_2023, buyers_2024).sum())
r_chain = retention.retention_rate(retained, len(buyers_2023))
quarterly = churn.cohort_table(log, period="Q")
revenue_2023 = log.loc[log["date"].dt.year == 2023, "amount"].sum()
"""


@functools.cache
def _log() -> pd.DataFrame:
    return datasets.load_transactions()


def _buyers(year: int) -> np.ndarray:
    log = _log()
    return log.loc[log["date"].dt.year == year, "customer_id"].unique()


def _kept(start: int) -> tuple[int, int]:
    """(buyers of ``start`` who bought again the next year, buyers of ``start``)."""
    before, after = _buyers(start), _buyers(start + 1)
    return int(np.isin(before, after).sum()), len(before)


def _chain_retention(start: int = 2023) -> float:
    return retention.retention_rate(*_kept(start))


def _quarterly() -> pd.DataFrame:
    return churn.cohort_table(_log(), period="Q")


def _repeat_rate(year: int = 2023, minimum: int = 2) -> float:
    log = _log()
    purchases = log.loc[log["date"].dt.year == year].groupby("customer_id").size()
    return float((purchases >= minimum).mean())


_Q1 = """\
buyers_2022 = log.loc[log["date"].dt.year == 2022, "customer_id"].unique()
retained_2022 = np.isin(buyers_2022, buyers_2023).sum()
answer = retention.retention_rate(retained_2022, len(buyers_2022))  # about 0.62
"""

q1 = Exercise(
    "q1",
    "Retention rate of the chain from 2022 to 2023: of the customers who bought at least "
    "once in 2022, what share bought again in 2023? Give a fraction.",
    lambda: run_solution(SETUP, _Q1),
    kind="fraction",
    what="the 2022-to-2023 retention rate",
    hints=[
        "The denominator is the customers of 2022 (the base you start from), not those of 2023.",
        "Take the unique customer ids of 2022 and of 2023, count the 2022 ids that are also "
        "in 2023 with np.isin(...).sum(), then call retention.retention_rate(retained, customers).",
    ],
    solution=_Q1,
    known_bad=lambda: [
        # the churn rate instead of the retention rate
        1 - _chain_retention(2022),
        # divided by the 2023 customers instead of the 2022 base
        _kept(2022)[0] / len(_buyers(2023)),
        # the percentage
        100 * _chain_retention(2022),
        # the 2023-to-2024 rate computed in the notebook
        _chain_retention(2023),
    ],
    explanation=(
        "About 62% of 2022's customers came back in 2023: close to the 61% of 2023 to 2024, "
        "so the chain's yearly retention is fairly stable."
    ),
)

q2 = Choice(
    "q2",
    "The operator's subscribers stay with a probability of about 0.80 with no complaint in "
    "the last 12 months, 0.67 with one and 0.50 with two (3 or more: 0.43, but only 37 "
    "subscribers). Which reading fits these numbers?",
    [
        "The first complaint costs the most retention; later ones matter less.",
        "The second complaint costs more retention (17 points) than the first (13 points): "
        "each complaint roughly doubles the odds of leaving, and the same odds ratio moves "
        "a probability further the closer it is to one half.",
        "Complaints make customers leave, so stopping customers from complaining would "
        "raise retention.",
        "Three or more complaints cost the least retention, so customers who complain a "
        "lot have stopped caring and can be ignored.",
    ],
    "B",
    solution=(
        'answer = "B"  # drops of 13 and 17 points; odds of leaving 0.25, 0.49, 0.99:\n'
        "# about x2 per complaint (3+ rests on 37 subscribers, too few to read)"
    ),
    hints=[
        "Compute the drops: 0.80 - 0.67 and 0.67 - 0.50. Then the odds of leaving, "
        "p / (1 - p), for 0, 1 and 2 complaints.",
    ],
    explanation=(
        "The drops are 13 and 17 points, so the second complaint costs more, not less. The "
        "odds of leaving go 0.25, 0.49, 0.99: they roughly double with each complaint, the "
        "pattern of unit 05's logistic regression (odds ratio about 1.7 per complaint). "
        "Complaints are a signal of a problem, not its cause: the lever is handling the "
        "first complaint well, before the second comes."
    ),
    feedback={
        "A": "Compute the drops: 0.80 to 0.67 is 13 points, 0.67 to 0.50 is 17 points. The "
        "second complaint costs more.",
        "C": "A complaint signals a problem; silencing complaints hides the problem (two "
        "thirds of unhappy customers complain, the rest leave without a word).",
        "D": "The 3+ group has 37 subscribers: a difference of 7 points is within its noise "
        "(a standard error of about 8 points). Nothing here says they can be ignored.",
    },
)

_Q3 = """\
answer = 1 / (1 - r_chain)  # or retention.expected_lifetime_from_retention(r_chain)
"""

q3 = Exercise(
    "q3",
    "With the chain's 2023-to-2024 retention rate r (about 0.61 a year), what is the expected "
    "customer lifetime in years?",
    lambda: run_solution(SETUP, _Q3),
    what="the expected lifetime",
    unit="years",
    rtol=1e-4,
    hints=[
        "A customer leaves each year with probability 1 - r, the churn rate.",
        "Expected lifetime = 1 / (1 - r): retention.expected_lifetime_from_retention(r).",
    ],
    solution=_Q3,
    known_bad=lambda: [
        # 1 / r: the retention rate used as if it were the churn rate
        1 / _chain_retention(),
        # r / (1 - r): the expected number of further years, not counting the first
        _chain_retention() / (1 - _chain_retention()),
        # the churn rate itself
        1 - _chain_retention(),
    ],
    explanation="1 / (1 - 0.606) = 2.54 years: the same as T = 1 / r_L of the CRM slides.",
)

_Q4 = """\
answer = quarterly.loc["2022Q3", 8]  # about 0.26
"""

q4 = Exercise(
    "q4",
    "In the quarterly cohort table (churn.cohort_table(log, period='Q')), what share of the "
    "customers acquired in 2022Q3 bought in the 8th quarter after their first quarter "
    "(column 8, two years later)?",
    lambda: run_solution(SETUP, _Q4),
    kind="fraction",
    what="the share of the 2022Q3 cohort active 8 quarters later",
    hints=[
        "Rows are cohorts (quarter of first purchase), columns are quarters since that quarter; "
        "column 0 is the acquisition quarter itself.",
        "quarterly.loc['2022Q3', 8]",
    ],
    solution=_Q4,
    known_bad=lambda: [
        # off by one column
        float(_quarterly().loc[pd.Period("2022Q3", freq="Q"), 7]),
        # the average of column 8 over all cohorts instead of the 2022Q3 row
        float(_quarterly()[8].mean()),
        # the count of active customers instead of the share
        float(
            churn.cohort_table(_log(), period="Q", normalize=False).loc[
                pd.Period("2022Q3", freq="Q"), 8
            ]
        ),
    ],
    explanation=(
        "About a quarter of the 2022Q3 newcomers bought in 2024Q3, against two thirds one "
        "quarter after acquisition: most of the loss happens in the first quarters."
    ),
)

q5 = Choice(
    "q5",
    "Why are the cells in the lower-right corner of the cohort table empty (NaN)?",
    [
        "Those customers all churned, so their share is zero.",
        "The data are missing because of a recording error in 2024.",
        "Those periods are after the end of the data: recent cohorts have not lived that "
        "long yet, so their retention is unknown, not zero.",
        "cohort_table drops the cells where fewer than 10 customers are active.",
    ],
    "C",
    solution='answer = "C"  # cohort c at age k is calendar period c + k: after the data end',
    hints=[
        "Take the 2024Q4 cohort: which calendar quarter would its column 1 be?",
        "The log ends on 2024-12-31.",
    ],
    explanation=(
        "Cohort c at k periods is the calendar period c + k; for late cohorts that lies "
        "after 2024-12-31. An observed period with no buyer shows 0.0, not NaN."
    ),
    feedback={
        "A": "A churned cohort shows 0.0 in an observed period. NaN means not observed yet.",
        "B": "Nothing is missing: the log runs to 2024-12-31 without gaps.",
        "D": "cohort_table keeps every observed cell, however small.",
    },
)

q6 = Choice(
    "q6",
    "Which of the six retention indicators of Keeping relationships can Huamei NOT compute, even as a "
    "proxy, from its purchase log and its two surveys, so that a new survey question (or "
    "in-store observation) is needed?",
    [
        "Repeat purchase rate (客户重复购买率)",
        "Need-satisfaction rate (客户需求满足率)",
        "Time spent choosing (客户购买挑选的时间)",
        "Price sensitivity (客户对价格的敏感程度)",
    ],
    "C",
    solution='answer = "C"  # nothing in the log or the surveys records how long anyone chooses',
    hints="Which of them would need a clock in the store, or a question about how long a "
    "customer compares products before buying?",
    explanation=(
        "The log gives repeat buying and a price-sensitivity proxy (sale-day buying); the "
        "loyalty survey's category spend gives need satisfaction (share of wallet). Nothing "
        "records how long customers take to choose."
    ),
    feedback={
        "A": "Repeat buying comes straight from the purchase log.",
        "B": "Category spend in the loyalty survey gives the share of needs we meet.",
        "D": "Only a proxy, but the log shows how much customers buy on sale days.",
    },
)

_Q7 = """\
purchases_2023 = log.loc[log["date"].dt.year == 2023].groupby("customer_id").size()
answer = (purchases_2023 >= 2).mean()  # about 0.80
"""

q7 = Exercise(
    "q7",
    "Repeat purchase rate (客户重复购买率) for 2023: of the customers who bought in 2023, what "
    "share bought at least twice in 2023? Give a fraction.",
    lambda: run_solution(SETUP, _Q7),
    kind="fraction",
    what="the 2023 repeat purchase rate",
    hints=[
        "Keep the purchases of 2023, count purchases per customer with "
        "groupby('customer_id').size().",
        "The share of those counts that are >= 2: (purchases >= 2).mean().",
    ],
    solution=_Q7,
    known_bad=lambda: [
        # share of one-time buyers
        1 - _repeat_rate(2023),
        # retention into 2024 instead of repeat buying within 2023
        _chain_retention(2023),
        # more than two purchases instead of at least two
        _repeat_rate(2023, minimum=3),
    ],
    explanation="About 80% of the year's buyers bought more than once, as in 2024.",
)

_Q8 = """\
margin = 0.25 * revenue_2023 / len(buyers_2023)
target = 2 * value.retention_clv(margin, r_chain, 0.10)
answer = target * 1.10 / (margin + target)  # solves m r / (1 + i - r) = target; about 0.78
"""

q8 = Exercise(
    "q8",
    "The chain's CLV per customer is m r / (1 + i - r) with m = 25% of 2023 revenue per "
    "customer, r = the 2023-to-2024 retention rate and i = 0.10. What retention rate would "
    "double that CLV? Give a fraction (3 decimals are enough).",
    lambda: run_solution(SETUP, _Q8),
    kind="fraction",
    what="the retention rate that doubles CLV",
    rtol=0,
    atol=5e-4,
    hints=[
        "Compute the current CLV with value.retention_clv(margin, r_chain, 0.10); the target is "
        "twice that.",
        "Solve m r / (1 + i - r) = target for r: r = target (1 + i) / (m + target). Or try a "
        "fine grid, r = np.arange(0.6, 0.95, 0.0001), and pick the first r whose CLV reaches "
        "the target.",
    ],
    solution=_Q8,
    known_bad=lambda: [
        # twice the retention rate (more than 1)
        2 * _chain_retention(),
        # the retention rate after the notebook's +5 points
        _chain_retention() + 0.05,
        # doubling the lifetime 1 / (1 - r) instead of CLV
        1 - (1 - _chain_retention()) / 2,
    ],
    explanation=(
        "About 17 points more retention double the value of a customer: a big step, but "
        "each point is worth more the higher retention already is."
    ),
)
