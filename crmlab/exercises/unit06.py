"""Self-check exercises of notebook 06, customer retention (客户保持).

Expected answers are computed on first use with crmlab from the course
datasets (the Huamei Stores purchase log), never copied in as numbers.

Examples
--------
>>> from crmlab.exercises import unit06 as ex
>>> ex.q1.evaluate(0.6156).status
'incorrect'
>>> ex.q4.evaluate("C").correct
True
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from crmlab import churn, datasets, retention, value
from crmlab.check import Choice, Exercise

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]

#: Margin assumed in the notebook: 25% of a customer's yearly revenue.
MARGIN_RATE = 0.25
#: Yearly discount rate used in the notebook.
DISCOUNT_RATE = 0.10


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


def _margin_2023() -> float:
    log = _log()
    revenue = log.loc[log["date"].dt.year == 2023, "amount"].sum()
    return MARGIN_RATE * revenue / len(_buyers(2023))


def _doubling_retention() -> float:
    """Solve m r / (1 + i - r) = 2 CLV(r0) for r: r = 2 C (1 + i) / (m + 2 C)."""
    m, r0, i = _margin_2023(), _chain_retention(), DISCOUNT_RATE
    target = 2 * value.retention_clv(m, r0, i)
    return target * (1 + i) / (m + target)


q1 = Exercise(
    "q1",
    "Retention rate of the chain from 2022 to 2023: of the customers who bought at least "
    "once in 2022, what share bought again in 2023? Give a fraction.",
    lambda: _chain_retention(2022),
    kind="fraction",
    what="the 2022-to-2023 retention rate",
    hints=[
        "The denominator is the customers of 2022 (the base you start from), not those of 2023.",
        "Take the unique customer ids of 2022 and of 2023, count the 2022 ids that are also "
        "in 2023 with np.isin(...).sum(), then call retention.retention_rate(retained, customers).",
    ],
    solution=(
        "buyers_2022 = log.loc[log['date'].dt.year == 2022, 'customer_id'].unique()\n"
        "buyers_2023 = log.loc[log['date'].dt.year == 2023, 'customer_id'].unique()\n"
        "retained_2022 = np.isin(buyers_2022, buyers_2023).sum()\n"
        "answer = retention.retention_rate(retained_2022, len(buyers_2022))"
    ),
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

q2 = Exercise(
    "q2",
    "With the chain's 2023-to-2024 retention rate r (about 0.61 a year), what is the expected "
    "customer lifetime in years?",
    lambda: retention.expected_lifetime_from_retention(_chain_retention()),
    what="the expected lifetime",
    unit="years",
    rtol=1e-4,
    hints=[
        "A customer leaves each year with probability 1 - r, the churn rate.",
        "Expected lifetime = 1 / (1 - r): retention.expected_lifetime_from_retention(r).",
    ],
    solution="answer = retention.expected_lifetime_from_retention(r_chain)  # 1 / (1 - r)",
    known_bad=lambda: [
        # 1 / r: the retention rate used as if it were the churn rate
        1 / _chain_retention(),
        # r / (1 - r): the expected number of further years, not counting the first
        _chain_retention() / (1 - _chain_retention()),
        # the churn rate itself
        1 - _chain_retention(),
    ],
    explanation="1 / (1 - 0.606) = 2.54 years: the same as T = 1 / r_L of seed 001.",
)

q3 = Exercise(
    "q3",
    "In the quarterly cohort table (churn.cohort_table(log, period='Q')), what share of the "
    "customers acquired in 2023Q1 bought in the 4th quarter after their first quarter "
    "(column 4)?",
    lambda: float(_quarterly().loc[pd.Period("2023Q1", freq="Q"), 4]),
    kind="fraction",
    what="the share of the 2023Q1 cohort active 4 quarters later",
    hints=[
        "Rows are cohorts (quarter of first purchase), columns are quarters since that quarter; "
        "column 0 is the acquisition quarter itself.",
        "quarterly.loc['2023Q1', 4]",
    ],
    solution=(
        "quarterly = churn.cohort_table(log, period='Q')\nanswer = quarterly.loc['2023Q1', 4]"
    ),
    known_bad=lambda: [
        # off by one column
        float(_quarterly().loc[pd.Period("2023Q1", freq="Q"), 3]),
        # the average of column 4 over all cohorts instead of the 2023Q1 row
        float(_quarterly()[4].mean()),
        # the count of active customers instead of the share
        float(
            churn.cohort_table(_log(), period="Q", normalize=False).loc[
                pd.Period("2023Q1", freq="Q"), 4
            ]
        ),
    ],
    explanation=(
        "About a third of the 2023Q1 newcomers bought in 2024Q1: most of the loss happens in "
        "the first quarters after acquisition."
    ),
)

q4 = Choice(
    "q4",
    "Why are the cells in the lower-right corner of the cohort table empty (NaN)?",
    [
        "Those customers all churned, so their share is zero.",
        "The data are missing because of a recording error in 2024.",
        "Those periods are after the end of the data: recent cohorts have not lived that "
        "long yet, so their retention is unknown, not zero.",
        "cohort_table drops the cells where fewer than 10 customers are active.",
    ],
    "C",
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

q5 = Exercise(
    "q5",
    "Repeat purchase rate (客户重复购买率) for 2023: of the customers who bought in 2023, what "
    "share bought at least twice in 2023? Give a fraction.",
    lambda: _repeat_rate(2023),
    kind="fraction",
    what="the 2023 repeat purchase rate",
    hints=[
        "Keep the purchases of 2023, count purchases per customer with "
        "groupby('customer_id').size().",
        "The share of those counts that are >= 2: (purchases >= 2).mean().",
    ],
    solution=(
        "in_2023 = log.loc[log['date'].dt.year == 2023]\n"
        "purchases = in_2023.groupby('customer_id').size()\n"
        "answer = (purchases >= 2).mean()"
    ),
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

q6 = Choice(
    "q6",
    "Which of the six retention indicators of seed 000 can Huamei NOT compute, even as a "
    "proxy, from its purchase log and its two surveys, so that a new survey question (or "
    "in-store observation) is needed?",
    [
        "Repeat purchase rate (客户重复购买率)",
        "Need-satisfaction rate (客户需求满足率)",
        "Time spent choosing (客户购买挑选的时间)",
        "Price sensitivity (客户对价格的敏感程度)",
    ],
    "C",
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

q7 = Exercise(
    "q7",
    "The chain's CLV per customer is m r / (1 + i - r) with m = 25% of 2023 revenue per "
    "customer, r = the 2023-to-2024 retention rate and i = 0.10. What retention rate would "
    "double that CLV? Give a fraction (3 decimals are enough).",
    _doubling_retention,
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
    solution=(
        "margin = 0.25 * revenue_2023 / len(buyers_2023)\n"
        "target = 2 * value.retention_clv(margin, r_chain, 0.10)\n"
        "answer = target * 1.10 / (margin + target)  # about 0.78"
    ),
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
