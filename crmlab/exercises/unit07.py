"""Self-check exercises of notebook 07, the capstone: a CRM analysis of Huamei Stores.

The capstone follows one company's data end to end. Its conventions, used by
every expected answer here and stated in the notebook:

- the **2023 base**: the customers who bought at least once in 2023;
- **churned in 2024**: a 2023 customer who did not buy in 2024, which is
  exactly :func:`crmlab.states.classify_states` "churned" as of 2024-12-31
  with the default ``churn_after_days=365``;
- **value tiers** (:data:`TIER_LABELS`): the 2023 base ranked by 2023
  revenue, top 10% key, next 30% ordinary, next 40% small, last 20%
  low-spend (cut on the ``customer_share`` column of
  :func:`crmlab.value.pareto_table`). Revenue ranks say nothing about who is
  *not worth keeping* in the sense of *Keeping relationships* (bad debt,
  malicious behaviour), so no tier here is "unworthy";
- a margin of 25% of revenue and a yearly discount rate of 10%.

:data:`SETUP` is the notebook's code that builds the names the solutions
use; each expected answer is what its solution gives when run after it,
computed on first use from the course datasets, never copied in as a number.

Examples
--------
>>> from crmlab.exercises import unit07 as ex
>>> ex.q4.evaluate("X23").correct
False
>>> ex.TIER_CUTS
(0.0, 0.1, 0.4, 0.8, 1.0)
"""

from __future__ import annotations

import functools

import pandas as pd

from crmlab import datasets, satisfaction, states, value
from crmlab.check import Choice, Exercise
from crmlab.exercises._run import run_solution

__all__ = ["SETUP", "TIER_LABELS", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"]

#: The analysis date: the end of the data.
AS_OF = "2024-12-31"
#: Margin assumed on revenue (Huamei's true margins are not in the data).
MARGIN_RATE = 0.25
#: Yearly discount rate.
DISCOUNT_RATE = 0.10
#: Cuts of the cumulative customer share that define the four tiers.
TIER_CUTS = (0.0, 0.1, 0.4, 0.8, 1.0)
#: Retention improvement valued in stage 6 (5 points).
UPLIFT = 0.05
#: Names of the four revenue tiers, highest revenue first.
TIER_LABELS = ("key", "ordinary", "small", "low-spend")

#: The notebook's code that builds the names the solutions use (stages 0-5).
SETUP = """\
import numpy as np
import pandas as pd

from crmlab import churn, datasets, loyalty, satisfaction, states, value

AS_OF = "2024-12-31"
MARGIN_RATE = 0.25
DISCOUNT_RATE = 0.10
TIER_CUTS = [0, 0.1, 0.4, 0.8, 1.0]
TIER_LABELS = ["key", "ordinary", "small", "low-spend"]
customers = datasets.load_customers()
log = datasets.load_transactions()
survey = datasets.load_satisfaction_survey()
in_2023 = log[log["date"].dt.year == 2023]
revenue_2023 = in_2023.groupby("customer_id")["amount"].sum()
pareto = value.pareto_table(revenue_2023)
tier = pd.cut(pareto["customer_share"], TIER_CUTS, labels=TIER_LABELS).rename("tier")
states_2023 = states.classify_states(log, "2023-12-31", customers=customers)
states_2024 = states.classify_states(log, AS_OF, customers=customers)
flows = states.transition_matrix(states_2023, states_2024)
scores = satisfaction.SIMPLE_INDEX.score(survey, missing="renormalize")
base = (
    customers.set_index("customer_id")
    .loc[revenue_2023.index]
    .assign(
        revenue_2023=revenue_2023,
        tier=tier,
        churned=states_2024.reindex(revenue_2023.index) == "churned",
    )
)
tier_table = base.groupby("tier", observed=True).agg(
    customers=("revenue_2023", "size"),
    revenue=("revenue_2023", "mean"),
    churn_rate=("churned", "mean"),
)
tier_table["margin"] = MARGIN_RATE * tier_table["revenue"]
tier_table["clv"] = value.group_clv(tier_table["margin"], tier_table["churn_rate"], DISCOUNT_RATE)
"""


@functools.cache
def _log() -> pd.DataFrame:
    return datasets.load_transactions()


@functools.cache
def _customers() -> pd.DataFrame:
    return datasets.load_customers()


@functools.cache
def _survey() -> pd.DataFrame:
    return datasets.load_satisfaction_survey()


def _revenue(year: int = 2023) -> pd.Series:
    log = _log()
    return log.loc[log["date"].dt.year == year].groupby("customer_id")["amount"].sum()


@functools.cache
def _pareto() -> pd.DataFrame:
    return value.pareto_table(_revenue(2023))


def _tier() -> pd.Series:
    return pd.cut(_pareto()["customer_share"], list(TIER_CUTS), labels=list(TIER_LABELS))


@functools.cache
def _states(as_of: str, churn_after_days: int = 365) -> pd.Series:
    return states.classify_states(
        _log(), as_of, churn_after_days=churn_after_days, customers=_customers()
    )


def _base(churn_after_days: int = 365) -> pd.DataFrame:
    """The 2023 base: one row per 2023 customer with revenue, tier and the churn flag."""
    revenue = _revenue(2023)
    base = _customers().set_index("customer_id").loc[revenue.index]
    flags = _states(AS_OF, churn_after_days).reindex(base.index) == "churned"
    return base.assign(revenue_2023=revenue, tier=_tier(), churned=flags)


def _plain(series: pd.Series) -> pd.Series:
    """Drop the categorical index that pd.cut leaves, keeping the tier order."""
    return series.set_axis(pd.Index(series.index.astype(str), name=series.index.name))


def _revenue_share(column: str = "value") -> pd.Series:
    pareto = _pareto()
    totals = pareto.groupby(_tier(), observed=True)[column].sum()
    return _plain(totals / totals.sum())


def _tier_table() -> pd.DataFrame:
    base = _base()
    table = base.groupby("tier", observed=True).agg(
        customers=("revenue_2023", "size"),
        revenue=("revenue_2023", "mean"),
        churn_rate=("churned", "mean"),
    )
    table["margin"] = MARGIN_RATE * table["revenue"]
    return table.set_axis(pd.Index(table.index.astype(str), name="tier"))


def _clv_by_tier(margin_column="margin", churn_of=lambda c: c, rate=DISCOUNT_RATE) -> pd.Series:
    table = _tier_table()
    return value.group_clv(table[margin_column], churn_of(table["churn_rate"]), rate)


def _key_gain(per_customer: bool = False, uplift: float = UPLIFT) -> float:
    key = _tier_table().loc["key"]
    before = value.group_clv(key["margin"], key["churn_rate"], DISCOUNT_RATE)
    after = value.group_clv(key["margin"], key["churn_rate"] - uplift, DISCOUNT_RATE)
    gain = after - before
    return float(gain if per_customer else gain * key["customers"])


def _store_index() -> pd.Series:
    survey = _survey()
    scores = satisfaction.SIMPLE_INDEX.score(survey, missing="renormalize")
    return scores.groupby(survey["store"]).mean()


def _nps_by_segment() -> pd.Series:
    survey = _survey()
    return survey.groupby("segment")["recommend"].apply(satisfaction.nps)


q1 = Choice(
    "q1",
    "Is Huamei an 80/20 business? Read the Pareto curve and the Pareto table of 2023 "
    "revenue per customer (check the numbers in the table). Which statement fits?",
    [
        "Yes: 20% of the customers bring 80% of the revenue, as the rule says.",
        "Value is concentrated, but less than 80/20: the top 20% bring about two thirds of "
        "the revenue, and it takes about a third of the customers to reach 80%.",
        "No: revenue is spread about evenly, so value tiers make little sense here.",
        "More concentrated than 80/20: fewer than 20% of the customers bring 80% of revenue.",
    ],
    "B",
    solution=(
        'answer = "B"\n'
        "# pareto.loc[pareto['value_share'] >= 0.8, 'customer_share'].iloc[0] is about 0.35,\n"
        "# and value.top_share(revenue_2023, 0.2) about 0.64"
    ),
    hints=[
        "value_share is the cumulative share of revenue, customer_share the cumulative share "
        "of customers: find the first row with value_share >= 0.8.",
        "value.top_share(revenue_2023, 0.2) gives the revenue share of the top 20%.",
    ],
    explanation=(
        "About 35% of the customers bring 80% of revenue, and the top 20% bring 64%: value "
        "is concentrated enough to manage by tier, though less than the 80/20 slogan says. "
        "The rule is a rule of thumb to check, not a law."
    ),
    feedback={
        "A": "Check the table: at customer_share 0.2 the value_share is about 0.64, not 0.8.",
        "C": "An even spread would follow the diagonal; here the top 10% alone bring close "
        "to half of the revenue.",
        "D": "The first row with value_share >= 0.8 has a customer_share of about 0.35, "
        "more than 0.2.",
    },
)

_Q2 = """\
totals = pareto.groupby(tier, observed=True)["value"].sum()
answer = totals / totals.sum()
"""

q2 = Exercise(
    "q2",
    "Share of 2023 revenue brought by each value tier: a Series indexed by tier (key, "
    "ordinary, small, low-spend, in that order) with fractions that add up to 1.",
    lambda: run_solution(SETUP, _Q2),
    kind="fraction",
    what="the revenue share per tier",
    rtol=1e-6,
    hints=[
        "Group the Pareto table's value column by the tier Series: "
        "pareto.groupby(tier)['value'].sum().",
        "Divide by the total so the shares add up to 1.",
    ],
    solution=_Q2,
    known_bad=lambda: [
        # the customer share of each tier instead of its revenue share
        _plain(_tier().value_counts(normalize=True, sort=False)),
        # revenue in yuan, not shares
        _plain(_pareto().groupby(_tier(), observed=True)["value"].sum()),
        # percentages
        100 * _revenue_share(),
        # tiers in reverse order
        _revenue_share().iloc[::-1],
    ],
    explanation="The 10% key customers bring close to half of the revenue.",
)

q3 = Choice(
    "q3",
    "Read the transition matrix together with the state counts on 2023-12-31. Where did "
    "Huamei lose the most active customers in 2024?",
    [
        "Among loyal customers: losing a loyal customer is the worst loss.",
        "Among first-time buyers: new customers are the most fragile.",
        "Among repeat customers: almost half of about 1,700 repeat customers churned, "
        "some 830 people, more than all the other flows into churned together.",
        "Among churned customers: most of them stayed churned.",
    ],
    "C",
    solution=(
        'answer = "C"\n'
        "# share x count: flows.loc['repeat', 'churned'] * (states_2023 == 'repeat').sum(),\n"
        "# about 0.48 x 1,714 = 827, against 75 first-time and 51 loyal customers"
    ),
    hints=[
        "A share in the matrix times the number of customers in that row's state on "
        "2023-12-31 gives the number of customers who moved.",
    ],
    explanation=(
        "About 827 repeat customers were lost, against 75 first-time buyers and 51 loyal "
        "customers: shares alone point at the wrong place. Repeat customers who never "
        "became loyal are the biggest leak, and the place to start."
    ),
    feedback={
        "A": "Loyal customers churned least: 12% of 424, about 51 customers.",
        "B": "27% of the first-time buyers churned, but there were only about 280 of them: "
        "about 75 customers.",
        "D": "A churned customer who stays churned is not a new loss in 2024.",
    },
)

_Q4 = """\
answer = scores.groupby(survey["store"]).mean().idxmin()  # 'S07'
"""

q4 = Exercise(
    "q4",
    "Which store has the lowest mean satisfaction index (the weighted index of CRM and "
    "satisfaction, "
    "missing answers renormalized)? Give its code as text, e.g. 'S01'.",
    lambda: str(run_solution(SETUP, _Q4)),
    what="the store with the lowest satisfaction",
    hints=[
        "scores = satisfaction.SIMPLE_INDEX.score(survey, missing='renormalize') gives one "
        "index per respondent, in the survey's row order.",
        "Average by store and take the label of the smallest: "
        "scores.groupby(survey['store']).mean().idxmin()",
    ],
    solution=_Q4,
    known_bad=lambda: [
        # the best store
        str(_store_index().idxmax()),
        # the weakest second-level indicator, not a store
        "X23",
        # the region of the store, not the store
        "West",
    ],
    explanation=(
        "S07, the only store of the West region, trails every other store by 7 points or "
        "more, and its NPS is negative."
    ),
)

_Q5 = """\
answer = survey.groupby("segment")["recommend"].apply(satisfaction.nps)
"""

q5 = Exercise(
    "q5",
    "Net promoter score (NPS) by survey segment (new, regular, VIP): a Series indexed by "
    "segment, in NPS points from -100 to 100.",
    lambda: run_solution(SETUP, _Q5),
    what="the NPS per segment",
    ignore_order=True,
    rtol=1e-6,
    hints=[
        "NPS = % promoters (9-10) - % detractors (0-6) of the recommend question; "
        "satisfaction.nps(scores) computes it for one group.",
        "Apply it per group: survey.groupby('segment')['recommend'].apply(satisfaction.nps)",
    ],
    solution=_Q5,
    known_bad=lambda: [
        # the mean recommend score instead of NPS
        _survey().groupby("segment")["recommend"].mean(),
        # NPS as a fraction
        _nps_by_segment() / 100,
        # the share of promoters only, in points
        100 * _survey().groupby("segment")["recommend"].apply(lambda s: (s >= 9).mean()),
    ],
    explanation=(
        "VIP customers are the warmest (NPS about 35), new customers the coolest (about 7): "
        "the first months of a relationship are where the experience must improve."
    ),
)

q6 = Choice(
    "q6",
    "Read the two tables of churn by region and by acquisition channel, with their margins "
    "of error (plus_minus). Which reading fits the data?",
    [
        "The West churns most and its only store, S07, has the lowest satisfaction: S07's "
        "service drives the West's churn, so fix S07 first.",
        "Customers acquired through promotions churn clearly more than store and referral "
        "customers; the regional differences are within the margins of error.",
        "Online customers churn the most, so the online channel should be closed.",
        "No difference is real: every rate lies between 36% and 47%.",
    ],
    "B",
    solution=(
        'answer = "B"  # promotion 47% +/- 6 against store 37% +/- 3: the gap is larger than\n'
        "# both margins together; regions differ by less than their margins"
    ),
    hints=[
        "A gap between two groups is convincing when it is larger than their margins of "
        "error together.",
    ],
    explanation=(
        "Promotion customers churn at 47% (plus or minus 6 points) against 37% (plus or "
        "minus 3) for store customers: a real gap, in line with the price loyalty of the CRM "
        "slides (customers won by a discount leave for the next discount). The West's lead "
        "is within the noise, and S07's low satisfaction is a lead worth checking, not a "
        "proof."
    ),
    feedback={
        "A": "The regional gaps are within their margins of error, and the survey "
        "interviewed no churned customer: a lead worth checking, not a cause.",
        "C": "Online customers churn at 42%, less than promotion customers (47%); and a "
        "channel is not closed on one year's churn rate alone.",
        "D": "The promotion-store gap (about 10 points) is larger than the two margins "
        "of error together (about 9 points).",
    },
)

_Q7 = """\
answer = value.group_clv(tier_table["margin"], tier_table["churn_rate"], DISCOUNT_RATE)
"""

q7 = Exercise(
    "q7",
    "Group CLV per tier by the Dwyer method (CRM slides): value.group_clv(margin, churn_rate, "
    "0.10) with each tier's yearly margin per customer (25% of its mean 2023 revenue) and its "
    "2024 churn rate. A Series indexed by tier, in yuan per customer.",
    lambda: run_solution(SETUP, _Q7),
    what="the CLV per tier",
    unit="yuan",
    hints=[
        "tier_table has one row per tier with the columns margin and churn_rate.",
        "value.group_clv works on whole columns: "
        "value.group_clv(tier_table['margin'], tier_table['churn_rate'], 0.10)",
    ],
    solution=_Q7,
    known_bad=lambda: [
        # revenue instead of margin
        _clv_by_tier("revenue"),
        # the retention rate passed as the churn rate
        _clv_by_tier(churn_of=lambda c: 1 - c),
        # no discounting
        _clv_by_tier(rate=0.0),
        # the infinite-horizon retention formula of unit 06 instead of Dwyer's
        value.retention_clv(
            _tier_table()["margin"], 1 - _tier_table()["churn_rate"], DISCOUNT_RATE
        ),
    ],
    explanation=(
        "A key customer is worth about 4,000 yuan over the expected lifetime, some 30 times "
        "a low-spend one."
    ),
)

_Q8 = """\
key = tier_table.loc["key"]
better = value.group_clv(key["margin"], key["churn_rate"] - 0.05, DISCOUNT_RATE)
answer = (better - key["clv"]) * key["customers"]
"""

q8 = Exercise(
    "q8",
    "Expected gain, in yuan, for the whole key tier if its churn rate falls by 5 points "
    "(retention + 5 points): (CLV at churn - 0.05 minus CLV at the current churn) x the "
    "number of key customers.",
    lambda: run_solution(SETUP, _Q8),
    what="the gain from 5 more points of retention in the key tier",
    unit="yuan",
    rtol=1e-6,
    hints=[
        "Take the key row of tier_table. The CLV after the programme is "
        "value.group_clv(margin, churn_rate - 0.05, 0.10).",
        "Subtract the current CLV (tier_table['clv']) and multiply by the key tier's customers.",
    ],
    solution=_Q8,
    known_bad=lambda: [
        # per customer instead of the whole tier
        _key_gain(per_customer=True),
        # churn raised by 5 points instead of lowered
        _key_gain(uplift=-0.05),
        # one point of retention instead of five
        _key_gain(uplift=0.01),
    ],
    explanation=(
        "About 150,000 yuan of lifetime value: the ceiling for what a programme that keeps 5% "
        "more of the key customers may cost."
    ),
)
