"""Self-check exercises of notebook 07, the capstone: a CRM analysis of Huamei Stores.

The capstone follows one company's data end to end. Its conventions, used by
every expected answer here and stated in the notebook:

- the **2023 base**: the customers who bought at least once in 2023;
- **churned in 2024**: a 2023 customer who did not buy in 2024, which is
  exactly :func:`crmlab.states.classify_states` "churned" as of 2024-12-31
  with the default ``churn_after_days=365``;
- **value tiers** (seed 000's key, ordinary, small, unworthy): the 2023 base
  ranked by 2023 revenue, top 10% key, next 30% ordinary, next 40% small,
  last 20% unworthy (cut on the ``customer_share`` column of
  :func:`crmlab.value.pareto_table`);
- a margin of 25% of revenue and a yearly discount rate of 10%.

Expected answers are computed on first use from the course datasets, never
copied in as numbers.

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

from crmlab import churn, datasets, satisfaction, states, value
from crmlab.check import Exercise

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"]

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
    return pd.cut(_pareto()["customer_share"], list(TIER_CUTS), labels=list(churn.TIERS))


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


def _churn_by_tier(churn_after_days: int = 365) -> pd.Series:
    table = churn.churn_rate_by(_base(churn_after_days), "tier")
    return _plain(table["churn_rate"])


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


def _share_for_80() -> float:
    pareto = _pareto()
    return float(pareto.loc[pareto["value_share"] >= 0.8, "customer_share"].iloc[0])


def _loyal_to_churned(before: str = "loyal", after: str = "churned") -> int:
    start, end = _states("2023-12-31"), _states(AS_OF)
    return int(((start == before) & (end.reindex(start.index) == after)).sum())


def _store_index() -> pd.Series:
    survey = _survey()
    scores = satisfaction.SIMPLE_INDEX.score(survey, missing="renormalize")
    return scores.groupby(survey["store"]).mean()


def _nps_by_segment() -> pd.Series:
    survey = _survey()
    return survey.groupby("segment")["recommend"].apply(satisfaction.nps)


q1 = Exercise(
    "q1",
    "Is Huamei an 80/20 business? Using the Pareto table of 2023 revenue per customer, what "
    "is the smallest share of customers (most valuable first) whose revenue reaches 80% of "
    "2023 revenue? Give a fraction.",
    _share_for_80,
    kind="fraction",
    what="the share of customers that brings 80% of revenue",
    rtol=0,
    atol=1e-3,
    hints=[
        "In pareto = value.pareto_table(revenue_2023), value_share is the cumulative share of "
        "revenue and customer_share the cumulative share of customers.",
        "Take the first row whose value_share is at least 0.8 and read its customer_share: "
        "pareto.loc[pareto['value_share'] >= 0.8, 'customer_share'].iloc[0]",
    ],
    solution=(
        "pareto = value.pareto_table(revenue_2023)\n"
        "answer = pareto.loc[pareto['value_share'] >= 0.8, 'customer_share'].iloc[0]"
    ),
    known_bad=lambda: [
        # the 80/20 rule taken for granted
        0.2,
        # the share of revenue of the top 20% (the other reading of the curve)
        float(value.top_share(_revenue(2023), 0.2)),
        # the rest of the customers
        1 - _share_for_80(),
        # the percentage
        100 * _share_for_80(),
    ],
    explanation=(
        "About 35% of the customers bring 80% of revenue (the top 20% bring 64%): value is "
        "concentrated, though less than the 80/20 slogan says."
    ),
)

q2 = Exercise(
    "q2",
    "Share of 2023 revenue brought by each value tier: a Series indexed by tier (key, "
    "ordinary, small, unworthy, in that order) with fractions that add up to 1.",
    _revenue_share,
    kind="fraction",
    what="the revenue share per tier",
    rtol=1e-6,
    hints=[
        "Group the Pareto table's value column by the tier Series: "
        "pareto.groupby(tier)['value'].sum().",
        "Divide by the total so the shares add up to 1.",
    ],
    solution=(
        "totals = pareto.groupby(tier, observed=True)['value'].sum()\n"
        "answer = totals / totals.sum()"
    ),
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

q3 = Exercise(
    "q3",
    "How many customers who were **loyal** on 2023-12-31 were **churned** on 2024-12-31? "
    "Give a whole number (a count of customers, not a share).",
    _loyal_to_churned,
    what="the number of loyal customers lost",
    unit="customers",
    hints=[
        "You need both classifications: states_2023 (as of 2023-12-31) and states_2024 (as of "
        "2024-12-31), each from states.classify_states(log, date, customers=customers).",
        "Count the customers with states_2023 == 'loyal' and states_2024 == 'churned': "
        "((states_2023 == 'loyal') & (states_2024 == 'churned')).sum()",
    ],
    solution=(
        "answer = int(((states_2023 == 'loyal') & (states_2024 == 'churned')).sum())\n"
        "# the same as transition share x loyal count: flows.loc['loyal', 'churned'] * 424"
    ),
    known_bad=lambda: [
        # the share from the transition matrix instead of the count
        _loyal_to_churned() / int((_states("2023-12-31") == "loyal").sum()),
        # all churned customers on 2024-12-31
        int((_states(AS_OF) == "churned").sum()),
        # the reverse move: churned in 2023, loyal in 2024
        _loyal_to_churned("churned", "loyal"),
        # loyal customers who stayed loyal
        _loyal_to_churned("loyal", "loyal"),
    ],
    explanation=(
        "About 51 of the 424 loyal customers (12%) were lost within a year: even the best "
        "state leaks."
    ),
)

q4 = Exercise(
    "q4",
    "Which store has the lowest mean satisfaction index (the seed 004 weighted index, "
    "missing answers renormalized)? Give its code as text, e.g. 'S01'.",
    lambda: str(_store_index().idxmin()),
    what="the store with the lowest satisfaction",
    hints=[
        "scores = satisfaction.SIMPLE_INDEX.score(survey, missing='renormalize') gives one "
        "index per respondent, in the survey's row order.",
        "Average by store and take the label of the smallest: "
        "scores.groupby(survey['store']).mean().idxmin()",
    ],
    solution=(
        "scores = satisfaction.SIMPLE_INDEX.score(survey, missing='renormalize')\n"
        "answer = scores.groupby(survey['store']).mean().idxmin()"
    ),
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

q5 = Exercise(
    "q5",
    "Net promoter score (NPS) by survey segment (new, regular, VIP): a Series indexed by "
    "segment, in NPS points from -100 to 100.",
    _nps_by_segment,
    what="the NPS per segment",
    ignore_order=True,
    rtol=1e-6,
    hints=[
        "NPS = % promoters (9-10) - % detractors (0-6) of the recommend question; "
        "satisfaction.nps(scores) computes it for one group.",
        "Apply it per group: survey.groupby('segment')['recommend'].apply(satisfaction.nps)",
    ],
    solution="answer = survey.groupby('segment')['recommend'].apply(satisfaction.nps)",
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

q6 = Exercise(
    "q6",
    "Churn rate in 2024 by value tier: a Series indexed by tier (key, ordinary, small, "
    "unworthy) with the share of each tier's 2023 customers who were churned on 2024-12-31.",
    _churn_by_tier,
    kind="fraction",
    what="the churn rate per tier",
    hints=[
        "base has one row per 2023 customer with the columns tier and churned (True/False).",
        "churn.churn_rate_by(base, 'tier')['churn_rate'], or "
        "base.groupby('tier')['churned'].mean().",
    ],
    solution="answer = churn.churn_rate_by(base, 'tier')['churn_rate']",
    known_bad=lambda: [
        # retention instead of churn
        1 - _churn_by_tier(),
        # percentages
        100 * _churn_by_tier(),
        # churn after 180 days without a purchase instead of the course's 365
        _churn_by_tier(churn_after_days=180),
    ],
    explanation=(
        "Churn falls with value, from about 44% in the lowest tier to 32% among key "
        "customers; yet even a third of the key customers went quiet in 2024."
    ),
)

q7 = Exercise(
    "q7",
    "Group CLV per tier by the Dwyer method (seed 001): value.group_clv(margin, churn_rate, "
    "0.10) with each tier's yearly margin per customer (25% of its mean 2023 revenue) and its "
    "2024 churn rate. A Series indexed by tier, in yuan per customer.",
    _clv_by_tier,
    what="the CLV per tier",
    unit="yuan",
    hints=[
        "tier_table has one row per tier with the columns margin and churn_rate.",
        "value.group_clv works on whole columns: "
        "value.group_clv(tier_table['margin'], tier_table['churn_rate'], 0.10)",
    ],
    solution=(
        "answer = value.group_clv(tier_table['margin'], tier_table['churn_rate'], DISCOUNT_RATE)"
    ),
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
        "an unworthy one."
    ),
)

q8 = Exercise(
    "q8",
    "Expected gain, in yuan, for the whole key tier if its churn rate falls by 5 points "
    "(retention + 5 points): (CLV at churn - 0.05 minus CLV at the current churn) x the "
    "number of key customers.",
    _key_gain,
    what="the gain from 5 more points of retention in the key tier",
    unit="yuan",
    rtol=1e-6,
    hints=[
        "Take the key row of tier_table. The CLV after the programme is "
        "value.group_clv(margin, churn_rate - 0.05, 0.10).",
        "Subtract the current CLV (tier_table['clv']) and multiply by the key tier's customers.",
    ],
    solution=(
        "key = tier_table.loc['key']\n"
        "better = value.group_clv(key['margin'], key['churn_rate'] - 0.05, DISCOUNT_RATE)\n"
        "answer = (better - key['clv']) * key['customers']"
    ),
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
