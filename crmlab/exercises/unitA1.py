"""Self-check exercises of notebook A1 · Probabilistic customer lifetime value.

Five questions in the order of the notebook: why unit 01's formulas need a
churn rate that a purchase log does not show, one customer's BTYD summary
(same-day purchases merged, recency from the first purchase), which of two
customers is more likely alive, the expected repeat purchases in weeks 40-78
of the customers who made no repeat purchase before, and one customer's
model-based CLV. :data:`SETUP` is the notebook's code that builds the names
the solutions use; each expected answer is what its solution gives when run
after it, computed with :mod:`crmlab.clv_models` on first use, so importing
this module reads no data.

Examples
--------
>>> from crmlab.exercises import unitA1 as ex
>>> ex.q1.evaluate("B").correct
True
>>> ex.CALIBRATION_END, ex.OBSERVATION_END
('1997-09-30', '1998-06-30')
"""

from __future__ import annotations

import functools

import pandas as pd

from crmlab import clv_models, datasets
from crmlab.check import Choice, Exercise
from crmlab.exercises._run import run_solution

__all__ = ["CALIBRATION_END", "OBSERVATION_END", "SETUP", "q1", "q2", "q3", "q4", "q5"]

#: The end of the 39-week calibration period of Fader, Hardie & Lee (2005).
CALIBRATION_END = "1997-09-30"
#: The end of the 39-week holdout period (weeks 40-78).
OBSERVATION_END = "1998-06-30"

#: The notebook's code that builds the names the solutions use: the CDNOW
#: sample, its calibration summary with the holdout counts, and both fits.
SETUP = """\
import numpy as np
import pandas as pd

from crmlab import clv_models, datasets, value

cdnow = datasets.load_cdnow()
summary = clv_models.rfm_summary(cdnow, "1997-09-30", "1998-06-30")
bgnbd = clv_models.fit_bgnbd(summary)
repeaters = summary[summary["frequency"] > 0]
gamma_gamma = clv_models.fit_gamma_gamma(repeaters["frequency"], repeaters["monetary_value"])
"""


@functools.cache
def _models() -> tuple[pd.DataFrame, clv_models.ModelFit, clv_models.ModelFit]:
    """The CDNOW summary with holdout, the BG/NBD fit and the Gamma-Gamma fit (cached)."""
    summary = clv_models.rfm_summary(datasets.load_cdnow(), CALIBRATION_END, OBSERVATION_END)
    bgnbd = clv_models.fit_bgnbd(summary)
    repeaters = summary[summary["frequency"] > 0]
    gamma_gamma = clv_models.fit_gamma_gamma(repeaters["frequency"], repeaters["monetary_value"])
    return summary, bgnbd, gamma_gamma


q1 = Choice(
    "q1",
    "Unit 01's Dwyer method values a customer group as (Q - C) a(T, i) with T = 1 / r_L, the "
    "inverse of the yearly churn rate. Unit 05 read the churn rate off a mobile operator's "
    "subscriber table. Why can you not read r_L off CDNOW's purchase log in the same way?",
    [
        "CDNOW customers never churn, so r_L = 0 and the formula breaks.",
        "Nobody tells CDNOW that they have stopped buying: a customer who has been silent for "
        "months may have left or may just be between purchases, so churn is never observed.",
        "The purchase log has no amounts, so the margin Q - C is unknown.",
        "The churn rate is there, but as a percentage, and the formula needs a fraction.",
    ],
    "B",
    solution='answer = "B"  # churn is latent: only purchases are recorded, never a departure',
    hints=[
        "What does a subscriber table record when a customer leaves? What does a shop's "
        "purchase log record?",
    ],
    explanation=(
        "In a non-contractual setting (非契约型关系) churn is latent: only purchases are "
        "observed, never the moment a customer stops for good. The BG/NBD model infers it."
    ),
    feedback={
        "A": "Customers of a music store certainly stop buying; the point is that they do "
        "not say so.",
        "C": "The log has an amount for every purchase (the 'amount' column).",
        "D": "A percentage is converted in a second; the problem is that no churn date is "
        "recorded at all.",
    },
)


def _customer_314(*, merge_same_day: bool = True, days: int = 7, since_last: bool = False):
    log = datasets.load_cdnow()
    if not merge_same_day:
        # the mistake: every row counts as a transaction
        calibration = log.loc[log["date"] <= CALIBRATION_END]
        rows = calibration.loc[calibration["customer_id"] == 314, "date"].sort_values()
        first, last = rows.iloc[0], rows.iloc[-1]
        end = pd.Timestamp(CALIBRATION_END)
        return [len(rows) - 1, (last - first).days / days, (end - first).days / days]
    summary = clv_models.rfm_summary(log, CALIBRATION_END, time_unit="W" if days == 7 else "D")
    x, t_x, age = summary.loc[314, ["frequency", "recency", "T"]].tolist()
    return [x, age - t_x if since_last else t_x, age]


_Q2 = """\
calibration = clv_models.rfm_summary(cdnow, "1997-09-30")  # weeks, same-day purchases merged
answer = calibration.loc[314, ["frequency", "recency", "T"]].tolist()  # [1, 1.571, 38.714]
"""

q2 = Exercise(
    "q2",
    "Summarize CDNOW's sample for the 39-week calibration period (to 1997-09-30, in weeks) "
    "and give customer 314's [frequency x, recency t_x, age T] as a list of three numbers.",
    lambda: run_solution(SETUP, _Q2),
    what="customer 314's [x, t_x, T]",
    rtol=1e-3,
    hints=[
        "clv_models.rfm_summary(datasets.load_cdnow(), '1997-09-30') gives one row per "
        "customer; take the row of customer 314 with .loc.",
        "Customer 314 bought twice on 1997-01-13: that counts as one transaction. x counts "
        "repeat purchases only, and t_x is measured from the first purchase.",
    ],
    solution=_Q2,
    known_bad=lambda: [
        _customer_314(merge_same_day=False),  # same-day purchases not merged: x = 2
        _customer_314(since_last=True),  # RFM recency: time since the last purchase
        _customer_314(days=1),  # days instead of weeks
    ],
    explanation=(
        "x = 1: the first purchase on 1997-01-02 does not count and the two purchases of "
        "1997-01-13 are one transaction, 11 days = 1.571 weeks later; T = 271 days = 38.714 "
        "weeks to the end of September."
    ),
)

#: The two customers of question 3: (x, t_x, T) in weeks.
_ANN = (10, 12.0, 39.0)
_BO = (1, 12.0, 39.0)

q3 = Choice(
    "q3",
    "Two CDNOW customers both made their first purchase in week 0 and are observed to week "
    "39 (T = 39). Ann made 10 repeat purchases, the last in week 12; Bo made 1 repeat "
    "purchase, also in week 12. Under the fitted BG/NBD model, who is more likely to be "
    "still alive (存活概率) at week 39?",
    [
        "Ann: she bought ten times as often.",
        "Bo: for a frequent buyer like Ann, 27 silent weeks are much more unusual.",
        "Both equally: their last purchases were in the same week.",
        "Both are certainly alive: neither told CDNOW they left.",
    ],
    "B",
    solution=(
        'answer = "B"  # probability_alive(bgnbd, [10, 1], [12, 12], [39, 39]): below 0.001\n'
        "# for Ann, about 0.48 for Bo"
    ),
    hints=[
        "While alive, Ann bought almost once a week. How many purchases would you expect from "
        "her in 27 weeks if she were still active?",
        "Compute clv_models.probability_alive(bgnbd, [10, 1], [12, 12], [39, 39]).",
    ],
    explanation=(
        "P(alive) is below 0.001 for Ann and about 0.48 for Bo (check with probability_alive): a "
        "long silence is strong evidence of dropout for a frequent buyer and weak evidence for "
        "a rare one."
    ),
    feedback={
        "A": "Her past frequency is exactly what makes her silence suspicious: compute "
        "probability_alive for both.",
        "C": "Recency alone is not enough; the model reads recency against frequency.",
        "D": "That is the problem of a non-contractual setting: the model has to infer it "
        "from the purchase pattern.",
    },
)


def _expected_from_silent(t: float = 39.0, total: bool = True) -> float:
    summary, bgnbd, _ = _models()
    expected = clv_models.expected_purchases(
        bgnbd, t, summary["frequency"], summary["recency"], summary["T"]
    )
    once = summary["frequency"] == 0
    return float(expected[once].sum() if total else expected[once].mean())


_Q4 = """\
expected = clv_models.expected_purchases(
    bgnbd, 39, summary["frequency"], summary["recency"], summary["T"]
)
answer = expected[summary["frequency"] == 0].sum()  # about 318; they made 334
"""

q4 = Exercise(
    "q4",
    "The 1,411 customers who made no repeat purchase in weeks 1-39 look lost. How many repeat "
    "purchases does the fitted BG/NBD model expect from them, all together, in the holdout "
    "period, weeks 40-78 (39 weeks)?",
    lambda: run_solution(SETUP, _Q4),
    what="the expected repeat purchases of the customers with x = 0 in weeks 40-78",
    rtol=1e-3,
    hints=[
        "clv_models.expected_purchases(bgnbd, t, frequency, recency, T) works on whole "
        "columns of the summary at once.",
        "t is the length of the forecast period (39 weeks), not the week it ends (78). Keep "
        "the customers with frequency 0 and add up their expectations with .sum().",
    ],
    solution=_Q4,
    known_bad=lambda: [
        _expected_from_silent(78.0),  # t = 78: the end week instead of the length
        _expected_from_silent(total=False),  # the mean per customer, not the total
        float(
            _models()[0].loc[_models()[0]["frequency"] == 0, "frequency_holdout"].sum()
        ),  # what they actually bought
        0.0,  # "they are lost": nothing
    ],
    explanation=(
        "About 318 purchases, against 334 actually made: customers who looked lost keep "
        "buying, and the model expects nearly all of it. Counting them as churned would "
        "have thrown that value away."
    ),
)


def _clv_customer_4(
    *, margin: float = 0.3, discount_rate: float = 0.025, own_mean: bool = False
) -> float:
    summary, bgnbd, gamma_gamma = _models()
    row = summary.loc[[4]]
    clv = clv_models.clv_from_models(
        bgnbd,
        gamma_gamma,
        row,
        periods=12,
        period_length=13,
        margin=margin,
        discount_rate=discount_rate,
    ).iloc[0]
    if own_mean:
        # the mistake: the customer's past mean spend instead of the Gamma-Gamma E[M];
        # CLV is proportional to the spend per purchase, so rescale
        x, m = row["frequency"].iloc[0], row["monetary_value"].iloc[0]
        clv *= m / clv_models.expected_spend(gamma_gamma, x, m)
    return float(clv)


_Q5 = """\
clv = clv_models.clv_from_models(
    bgnbd, gamma_gamma, summary, periods=12, period_length=13, margin=0.3, discount_rate=0.025
)
answer = clv.loc[4]  # about 22.94
"""

q5 = Exercise(
    "q5",
    "With the BG/NBD and Gamma-Gamma models fitted to the CDNOW calibration data, what is "
    "the CLV of customer 4 (customer 1 of the published sample) over the next 3 years, cut "
    "into 12 quarters of 13 weeks, with a margin of 30% of spend and a discount rate of "
    "2.5% per quarter? (US dollars)",
    lambda: run_solution(SETUP, _Q5),
    what="the CLV of customer 4",
    unit="US dollars",
    rtol=1e-3,
    hints=[
        "Fit the Gamma-Gamma model to the customers with frequency > 0, then call "
        "clv_models.clv_from_models(bgnbd, gamma_gamma, summary, periods=..., "
        "period_length=..., margin=..., discount_rate=...).",
        "Rates are fractions: margin=0.3, discount_rate=0.025; periods=12 and period_length=13 "
        "(weeks). Read customer 4 from the result with .loc[4].",
    ],
    solution=_Q5,
    known_bad=lambda: [
        _clv_customer_4(margin=1.0),  # revenue, not profit
        _clv_customer_4(discount_rate=0.0),  # not discounted
        _clv_customer_4(discount_rate=0.10),  # a yearly rate used per quarter
        _clv_customer_4(own_mean=True),  # the past mean spend instead of E[M]
    ],
    explanation=(
        "About 22.94 dollars: 3.55 expected purchases over 3 years, each worth 24.65 dollars "
        "of expected spend, 30% of that in margin, and each quarter discounted."
    ),
)
