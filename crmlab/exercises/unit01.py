"""Self-check exercises of notebook 01 · Customer value (客户价值).

Eight questions in the order of the notebook: the kinds of customer value,
the individual CLV of a cash-flow stream (source: CRM slides), the first purchase
counted at t = 0, Dwyer group CLV of segments, a prediction of what halving
churn does to CLV, which value should decide retention spending after churn,
the revenue share of the top 20% of Huamei's customers, and one customer's RFM
scores. ``SETUP`` builds the notebook's variables; each ``solution`` is code
that, run after it, assigns ``answer``; computed answers are the solutions'
results, computed on first use, so importing this module reads no data.

Examples
--------
>>> from crmlab.exercises import unit01 as ex
>>> round(ex.q3.expected, 2)
2144.83
>>> print(ex.q3.evaluate(1544.83).message)
The CLV with the first purchase at t = 0 (1,544.83 yuan) is too low.
>>> ex.segments()
  segment  margin  churn_rate
0    gold   800.0        0.10
1  silver   300.0        0.25
2  bronze   120.0        0.50
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab import datasets, value
from crmlab.check import Choice, Exercise
from crmlab.exercises._run import run_solution

__all__ = [
    "RFM_CUSTOMER",
    "SETUP",
    "STREAM",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
    "q7",
    "q8",
    "segments",
]

#: The notebook's variables that the solutions use.
SETUP = """\
import numpy as np
import pandas as pd

from crmlab import datasets, value
from crmlab.exercises import unit01 as ex

log = datasets.load_transactions()
contributions = [300, 450, 600, 600, 500]
costs = [60, 60, 80, 80, 80]
"""


def _solved(solution: str):
    return lambda: run_solution(SETUP, solution)


q1 = Choice(
    "q1",
    "Mr. Li shops at Huamei every week. He tells his colleagues about the new store near "
    "their office, and three of them sign up. Which kind of customer value to the firm "
    "(客户的价值, Knowing the customer) does this show above all?",
    [
        "Profit source (利润源泉), the 'money bag'",
        "Crowd effect (聚客效应), the 'seeder'",
        "Information value (信息价值), the 'magic mirror'",
        "Word-of-mouth value (口碑价值), the 'publicity team'",
        "Barrier against competitors (对付竞争的利器), the 'windbreak'",
    ],
    "D",
    solution='answer = "D"  # a personal recommendation that brought in new customers',
    hints=[
        "What brought the three new customers: the size of the customer base, or one "
        "customer's personal recommendation?",
    ],
    explanation=(
        "A satisfied customer who recommends the firm brings new customers at no acquisition "
        "cost; Knowing the customer notes that word of mouth is the most trusted source in a buying "
        "decision, more than advertising."
    ),
    feedback={
        "A": "His own purchases are a profit source, but the question is about the three "
        "colleagues he brought in.",
        "B": "The crowd effect is people following the crowd to a busy store; here one "
        "customer personally recommended it.",
        "C": "Information value comes from what customers tell the firm (needs, complaints, "
        "competitors), not from what they tell other people.",
        "E": "Loyal customers do shield the firm against competitors, but what happened here "
        "is a recommendation that won new customers.",
    },
)

#: The customer stream of question 2: Q_t, C_t (yuan, years 1..5), C_0 and i.
STREAM = MappingProxyType(
    {
        "contributions": (300.0, 450.0, 600.0, 600.0, 500.0),
        "costs": (60.0, 60.0, 80.0, 80.0, 80.0),
        "acquisition_cost": 350.0,
        "rate": 0.08,
    }
)


def _stream_clv(*, costs: bool = True, acquisition: bool = True, first_year: int = 1) -> float:
    q = np.asarray(STREAM["contributions"])
    c = np.asarray(STREAM["costs"]) if costs else 0.0
    c0 = STREAM["acquisition_cost"] if acquisition else 0.0
    if first_year == 1:
        return float(value.clv(q, STREAM["rate"], costs=c, acquisition_cost=c0))
    # the mistake of discounting from t = 0: the first year is not discounted at all
    t = np.arange(first_year, first_year + len(q))
    return float(((q - c) * (1 + STREAM["rate"]) ** -t).sum() - c0)


q2 = Exercise(
    "q2",
    "A customer is expected to stay 5 years. Her net contributions are Q = 300, 450, 600, "
    "600, 500 yuan in years 1 to 5 and serving her costs C = 60, 60, 80, 80, 80 yuan. "
    "Winning her cost C_0 = 350 yuan. With a discount rate of 8%, what is her "
    "net lifetime value V = V_k - C_0 (cash flows at year ends, C_0 paid at t = 0)?",
    _solved(
        "answer = value.clv(contributions, 0.08, costs=costs, acquisition_cost=350)  # 1,287.44"
    ),
    what="the customer lifetime value",
    unit="yuan",
    hints=[
        "The CRM slides' four steps: T = 5; Q_t - C_t for each year; discount year t by "
        "(1 + 0.08)^-t; add up and subtract C_0.",
        "value.clv(contributions, rate, costs=..., acquisition_cost=...) does all four steps. "
        "The rate is a fraction: 0.08.",
    ],
    solution=(
        "answer = value.clv(contributions, 0.08, costs=costs, acquisition_cost=350)  # 1,287.44"
    ),
    known_bad=lambda: [
        _stream_clv(first_year=0),  # discounted from t = 0
        float(np.subtract(STREAM["contributions"], STREAM["costs"]).sum() - 350),  # undiscounted
        _stream_clv(costs=False),  # forgot the serving costs
        _stream_clv(acquisition=False),  # forgot the acquisition cost
    ],
    explanation="1,287.44 yuan: the discounted margins (1,637.44) minus the 350 paid to win her.",
)


def _first_purchase_clv(margin: float = 0.30 * 2000, discount_years: int = 0) -> float:
    base = float(value.clv([500.0] * 5, 0.09, acquisition_cost=400))
    return base + margin * 1.09**-discount_years


q3 = Exercise(
    "q3",
    "Back to the CRM slides example (T = 5, C_0 = 400, Q = 500 a year, i = 9%, net V = 1,544.83). "
    "The source also says the customer's first purchase costs 2,000 yuan. Assume (our "
    "assumption, not the source's) that this first purchase earns the firm a margin of 30% of "
    "its price, received at t = 0 together with the acquisition, on top of the five yearly "
    "contributions. What is the CLV now?",
    _solved(
        "first_margin = 0.30 * 2000  # 600 yuan at t = 0, not discounted\n"
        "answer = value.clv([500] * 5, 0.09, acquisition_cost=400) + first_margin  # 2,144.83"
    ),
    what="the CLV with the first purchase at t = 0",
    unit="yuan",
    hints=[
        "A cash flow at t = 0 is not discounted: (1 + i)^0 = 1.",
        "The margin of the first purchase is 0.30 x 2,000 = 600 yuan; add it to the source's "
        "1,544.83.",
    ],
    solution=(
        "first_margin = 0.30 * 2000  # 600 yuan at t = 0, not discounted\n"
        "answer = value.clv([500] * 5, 0.09, acquisition_cost=400) + first_margin  # 2,144.83"
    ),
    known_bad=lambda: [
        _first_purchase_clv(0.0),  # the first purchase left out: 1,544.83
        _first_purchase_clv(discount_years=1),  # discounted as if paid at the end of year 1
        _first_purchase_clv(2000.0),  # the price counted as margin
        # the first purchase replacing the year-1 contribution
        -400 + 600 + 500 * float(value.annuity_factor(4, 0.09)),
    ],
    explanation=(
        "2,144.83 yuan. The 600 arrives at once, so it adds its full amount; a margin paid a "
        "year later would be worth only 600 / 1.09 = 550.46 today."
    ),
)


def segments() -> pd.DataFrame:
    """The three customer segments of question 4 (yearly margin in yuan, yearly churn rate).

    Examples
    --------
    >>> segments()["churn_rate"].tolist()
    [0.1, 0.25, 0.5]
    """
    return pd.DataFrame(
        {
            "segment": ["gold", "silver", "bronze"],
            "margin": [800.0, 300.0, 120.0],
            "churn_rate": [0.10, 0.25, 0.50],
        }
    )


def _segment_clv(how: str = "dwyer") -> pd.Series:
    table = segments().set_index("segment")
    m, r = table["margin"], table["churn_rate"]
    if how == "dwyer":
        return value.group_clv(m, r, 0.10)
    if how == "undiscounted":
        return m * value.expected_lifetime(r)
    if how == "retention":
        return value.retention_clv(m, 1 - r, 0.10)
    # the churn rate taken as the lifetime
    return m * value.annuity_factor(r, 0.10)


q4 = Exercise(
    "q4",
    "ex.segments() lists three segments of the chain with each segment's yearly margin per "
    "customer (Q - C, yuan) and yearly churn rate. With a discount rate of 10%, compute each "
    "segment's lifetime value per customer by the Dwyer method (source: CRM slides). Give a Series "
    "indexed by segment.",
    _solved(
        "table = ex.segments().set_index('segment')\n"
        "answer = value.group_clv(table['margin'], table['churn_rate'], 0.10)\n"
        "# gold 4,915.65, silver 950.96, bronze 208.26"
    ),
    what="the group CLV of each segment",
    unit="yuan",
    hints=[
        "Dwyer: T = 1 / churn rate, then V_q = (Q - C) x a(T, i).",
        "Index the table by segment, then value.group_clv(margin, churn_rate, 0.10) works on "
        "whole columns at once.",
    ],
    solution=(
        "table = ex.segments().set_index('segment')\n"
        "answer = value.group_clv(table['margin'], table['churn_rate'], 0.10)\n"
        "# gold 4,915.65, silver 950.96, bronze 208.26"
    ),
    known_bad=lambda: [
        _segment_clv("undiscounted"),  # margin x T, no discounting
        _segment_clv("retention"),  # the infinite-horizon retention formula instead
        _segment_clv("churn as lifetime"),  # a(r, i) instead of a(1 / r, i)
        _segment_clv().reset_index(drop=True),  # lost the segment labels
    ],
    explanation=(
        "Gold's margin is 6.7 times bronze's, but its CLV is 24 times as large: a low churn "
        "rate multiplies the years over which the margin is earned."
    ),
)

q5 = Choice(
    "q5",
    "The customer of the CRM slides cost 400 yuan to acquire and brings a margin of 500 yuan "
    "a year for 5 years (i = 9%). She leaves after two years: V_k = 1,944.83 (gross), "
    "V_t = 879.56, C_t = 400, so V_l = C_t + (V_k - V_t) = 1,465.27. A manager asks how "
    "much it would have been worth spending, at most, to keep her. Which number answers "
    "that, valued at the acquisition date?",
    [
        "1,465.27, the churn loss V_l: everything the firm lost when she left.",
        "1,065.27, the future value lost V_k - V_t: the margins she would still have brought.",
        "1,544.83, her net lifetime value V_k - C_0.",
        "400, the acquisition cost: that is what it takes to replace her.",
    ],
    "B",
    solution=(
        'answer = "B"  # the 400 is sunk whatever she does; only the margins still to come '
        "depend on keeping her"
    ),
    hints=[
        "Which of these amounts would the firm get back if she stayed?",
        "The acquisition cost was paid two years ago, whether she stays or not.",
    ],
    explanation=(
        "A decision looks forward: keeping her saves the margins still to come, 1,065.27 at the "
        "acquisition date (1,265.65 at the date she leaves). C_t answers another question: "
        "what did we invest in her that never paid back?"
    ),
    feedback={
        "A": "V_l adds C_t, the 400 sunk at acquisition: that money is spent whether she stays "
        "or leaves, so keeping her cannot recover it.",
        "C": "The net lifetime value looks at her from the day she was acquired, over the whole "
        "five years; two years of margins are already in, and the 400 is already spent.",
        "D": "Replacing her would cost about 400, but the question is what keeping her is "
        "worth: the margins she would still bring.",
    },
)


q6 = Choice(
    "q6",
    "A group's customers bring a margin of 500 yuan a year; the discount rate is 9%. By the "
    "Dwyer method, what happens to the group CLV when the churn rate falls from 20% to 10% "
    "a year? Predict before you compute it or try the CLV calculator.",
    [
        "It doubles, because the expected lifetime doubles from 5 to 10 years.",
        "It rises by about two thirds: less than double, because the extra years lie further "
        "in the future and are discounted more.",
        "It does not change: the margin per year is the same.",
        "It more than doubles, because loyal customers also buy more.",
    ],
    "B",
    solution=(
        'answer = "B"  # value.group_clv(500, [0.2, 0.1], 0.09): 1,944.83 and 3,208.83, '
        "1.65 times: the extra years are discounted more"
    ),
    hints=[
        "Compute value.group_clv(500, 0.2, 0.09) and value.group_clv(500, 0.1, 0.09).",
        "Years 6 to 10 are worth 500 x 1.09^-t each, less than years 1 to 5.",
    ],
    explanation=(
        "Halving churn doubles T but not the value: a(10, 9%) = 6.42 is 1.65 times a(5, 9%) "
        "= 3.89. Without discounting (i = 0) it would double exactly."
    ),
    feedback={
        "A": "It would double only without discounting. With i = 9% the years 6 to 10 are "
        "worth less today than years 1 to 5.",
        "C": "The margin per year is the same, but the customer stays for more years.",
        "D": "Loyal customers may well buy more (unit 04), but the Dwyer formula keeps the "
        "margin fixed; the gain here comes from the longer lifetime only.",
    },
)


def _revenue(year: int | None = 2024, *, all_customers: bool = False) -> pd.Series:
    log = datasets.load_transactions()
    if year is not None:
        log = log.loc[log["date"].dt.year == year]
    revenue = log.groupby("customer_id")["amount"].sum()
    if all_customers:
        revenue = revenue.reindex(datasets.load_customers()["customer_id"], fill_value=0.0)
    return revenue


q7 = Exercise(
    "q7",
    "Using only the purchases of 2024, what share of that year's revenue came from the top "
    "20% of the customers who bought in 2024? Give a fraction.",
    _solved(
        "log_2024 = log[log['date'].dt.year == 2024]\n"
        "revenue_2024 = log_2024.groupby('customer_id')['amount'].sum()\n"
        "answer = value.top_share(revenue_2024, 0.2)  # about 0.64"
    ),
    kind="fraction",
    what="the revenue share of the top 20%",
    # taking the top int(0.2 n) customers instead of interpolating is also right
    atol=1e-3,
    hints=[
        "Keep the rows of 2024 first: log[log['date'].dt.year == 2024].",
        "Sum the amount per customer with groupby('customer_id'), then "
        "value.top_share(revenue, 0.2).",
    ],
    solution=(
        "log_2024 = log[log['date'].dt.year == 2024]\n"
        "revenue_2024 = log_2024.groupby('customer_id')['amount'].sum()\n"
        "answer = value.top_share(revenue_2024, 0.2)  # about 0.64"
    ),
    known_bad=lambda: [
        value.top_share(_revenue(None), 0.2),  # all three years
        100 * value.top_share(_revenue(2024), 0.2),  # a percentage
        value.top_share(_revenue(2024, all_customers=True), 0.2),  # counted non-buyers
        0.8,  # the 80/20 rule, not the data
    ],
    explanation=(
        "About 64%: a strong concentration, if less than the textbook 80%. Over the three "
        "years it is a little stronger (67%): customers who stay keep adding purchases, while "
        "those who drop out early stop."
    ),
)

#: The customer whose RFM scores question 8 asks for.
RFM_CUSTOMER = 78


def _rfm_scores(as_of: str = "2023-12-31", columns=("R", "F", "M")) -> list[int]:
    scores = value.rfm(datasets.load_transactions(), as_of)
    return [int(x) for x in scores.loc[RFM_CUSTOMER, list(columns)]]


q8 = Exercise(
    "q8",
    f"Score the chain's customers by RFM as of 2023-12-31 (the end of the second year; "
    f"purchases after that date are ignored), with 5 levels. What are the R, F and M scores "
    f"of customer {RFM_CUSTOMER}? Give a list [R, F, M].",
    _solved(
        "scores_2023 = value.rfm(log, '2023-12-31')\n"
        f"answer = scores_2023.loc[{RFM_CUSTOMER}, ['R', 'F', 'M']].tolist()  # [2, 3, 5]"
    ),
    what=f"the list of RFM scores of customer {RFM_CUSTOMER}",
    hints=[
        "value.rfm(log, as_of) gives one row per customer with the columns R, F and M.",
        f"Use as_of='2023-12-31', then .loc[{RFM_CUSTOMER}, ['R', 'F', 'M']].",
    ],
    solution=(
        "scores_2023 = value.rfm(log, '2023-12-31')\n"
        f"answer = scores_2023.loc[{RFM_CUSTOMER}, ['R', 'F', 'M']].tolist()  # [2, 3, 5]"
    ),
    known_bad=lambda: [
        _rfm_scores("2024-12-31"),  # scored at the end of 2024
        _rfm_scores(columns=("M", "F", "R")),  # the order reversed
        _rfm_scores(columns=("recency", "frequency", "monetary")),  # raw values, not scores
    ],
    explanation=(
        "[2, 3, 5]: a big spender (M = 5) who had not bought for a while at the end of 2023 "
        "(R = 2), the kind of customer to contact before they slip away. This one came back "
        "in 2024 (R = 5 at the end of 2024)."
    ),
)
