"""Self-check exercises of notebook 00 · Introduction to CRM (客户关系管理导论).

Five light questions: three computed from the course datasets (the CRM slides
appliance tiers and the Huamei Stores transactions) and two interpretation
questions. Expected answers are computed with crmlab on first use, so
importing this module reads no data.

Examples
--------
>>> from crmlab.exercises import unit00 as ex
>>> ex.q1.evaluate(0.627).correct
True
>>> print(ex.q1.evaluate(62.7).message)
Expected the share of customers in negative-value tiers to be a fraction like 0.627, got 62.7.
Did you pass a percentage?
>>> ex.q4.evaluate("B").correct
True
"""

from __future__ import annotations

import pandas as pd

from crmlab import datasets, value
from crmlab.check import Choice, Exercise

__all__ = ["q1", "q2", "q3", "q4", "q5"]


def _negative_tier_share(column: str = "customer_share_pct", tiers=None) -> float:
    """Share (fraction) of ``column`` held by tiers with negative value."""
    table = datasets.load_appliance_tiers()
    chosen = table["value_pct"] < 0 if tiers is None else table["tier"].isin(tiers)
    return float(table.loc[chosen, column].sum() / 100)


q1 = Exercise(
    "q1",
    "In the appliance company's table (datasets.load_appliance_tiers()), what share of the "
    "company's customers sits in tiers with negative value? Give a fraction (0.xx), not a "
    "percentage.",
    _negative_tier_share,
    kind="fraction",
    what="the share of customers in negative-value tiers",
    hints=[
        "Keep the rows whose value_pct is below 0, then add up their customer_share_pct.",
        "The column holds percentages: divide the sum by 100 to get a fraction.",
        "tiers.loc[tiers['value_pct'] < 0, 'customer_share_pct'].sum() / 100",
    ],
    solution=(
        "negative = tiers['value_pct'] < 0\n"
        "answer = tiers.loc[negative, 'customer_share_pct'].sum() / 100  # 0.627"
    ),
    known_bad=lambda: [
        62.7,  # the percentage itself
        _negative_tier_share("market_share_pct"),  # the market column: 0.767
        _negative_tier_share(tiers=["very low"]),  # one tier only: 0.422
        1 - _negative_tier_share(),  # the positive tiers: 0.373
    ],
    explanation=(
        "Almost two customers in three cost the company money, while the 1.8% in the top "
        "tier bring more than all the value (107.76%)."
    ),
)


def _value_per_customer(denominator: str = "customer_share_pct") -> pd.Series:
    tiers = datasets.load_appliance_tiers().set_index("tier")
    return tiers["value_pct"] / tiers[denominator]


q2 = Exercise(
    "q2",
    "For each tier of the appliance table, divide its share of value by its share of the "
    "company's customers (value_pct / customer_share_pct). Give a Series indexed by tier. "
    "A result above 1 means the tier's customers are worth more than the average customer.",
    _value_per_customer,
    what="the value per customer of each tier",
    hints=[
        "Put the tier names in the index first: tiers.set_index('tier').",
        "Divide one column by the other; pandas divides row by row.",
    ],
    solution=(
        "by_tier = tiers.set_index('tier')\n"
        "answer = by_tier['value_pct'] / by_tier['customer_share_pct']\n"
        "answer.idxmax()  # 'very high': about 60 times the average customer"
    ),
    known_bad=lambda: [
        _value_per_customer("market_share_pct"),  # the share of the market, not of the company
        _value_per_customer().reset_index(drop=True),  # lost the tier labels
        1 / _value_per_customer(),  # upside down
    ],
    explanation=(
        "The 'very high' tier holds about 60 times the value of an average customer; the two "
        "lowest tiers are negative: each of their customers loses money."
    ),
)


def _revenue_per_customer(include_non_buyers: bool = False) -> pd.Series:
    revenue = datasets.load_transactions().groupby("customer_id")["amount"].sum()
    if include_non_buyers:
        ids = datasets.load_customers()["customer_id"]
        revenue = revenue.reindex(ids, fill_value=0.0)
    return revenue


def _share_for_80(include_non_buyers: bool = False) -> float:
    table = value.pareto_table(_revenue_per_customer(include_non_buyers))
    return float(table.loc[table["value_share"] >= 0.8, "customer_share"].iloc[0])


q3 = Exercise(
    "q3",
    "Among the Huamei customers who bought at least once (the customers in "
    "datasets.load_transactions()), what share of the customers, the most valuable first, "
    "brings 80% of the revenue? Give a fraction: the first customer_share of "
    "value.pareto_table(revenue) at which value_share reaches 0.8.",
    _share_for_80,
    kind="fraction",
    what="the share of customers that brings 80% of revenue",
    # one customer more or less (1 / 4,561 = 0.0002) is still right
    atol=5e-4,
    hints=[
        "value.pareto_table(revenue) sorts customers by revenue and adds the cumulative "
        "columns customer_share and value_share.",
        "Keep the rows where value_share >= 0.8 and take the first customer_share: "
        "table.loc[table['value_share'] >= 0.8, 'customer_share'].iloc[0]",
    ],
    solution=(
        "revenue = log.groupby('customer_id')['amount'].sum()\n"
        "table = value.pareto_table(revenue)\n"
        "answer = table.loc[table['value_share'] >= 0.8, 'customer_share'].iloc[0]  # about 0.333"
    ),
    known_bad=lambda: [
        0.2,  # the rule's 20%, not the data
        0.8,  # the value share, not the customer share
        100 * _share_for_80(),  # a percentage
        _share_for_80(include_non_buyers=True),  # counted the 439 who never bought
        value.top_share(_revenue_per_customer(), 0.2),  # the value share of the top 20%
    ],
    explanation=(
        "About a third of the buyers bring 80% of the revenue: the data show an 80/33 shape, "
        "less extreme than 80/20 but the same idea."
    ),
)

q4 = Choice(
    "q4",
    "Which statement matches how the course notes (sources: CRM slides and CRM and satisfaction) define CRM (客户关系管理)?",
    [
        "CRM is a software package for the sales department.",
        "CRM works on three levels: a management philosophy, a set of solutions (a strategy) "
        "and a software system that supports them.",
        "CRM means keeping every customer 100% satisfied, whatever it costs.",
        "CRM is a discount scheme that rewards frequent buyers.",
    ],
    "B",
    hints=[
        "Think of the CRM triangle: philosophy, information technology, application modules.",
    ],
    explanation=(
        "Software is only one level. The philosophy (allocate resources by each customer's "
        "lifetime profit contribution) guides the strategy; IT is the means."
    ),
    feedback={
        "A": "Software is one of the three levels, and it serves marketing, sales and service "
        "alike; without the philosophy and the strategy it is just a database.",
        "C": "The CRM slides ask exactly this ('must we make all our customers 100% satisfied?') "
        "and answers with the 80/20 rule: allocate effort by customer value.",
        "D": "A loyalty discount can be one tool of CRM, but CRM is far broader.",
    },
)

q5 = Choice(
    "q5",
    "A long-time customer cancels her account because she moved to another city, where the "
    "company also has stores. According to CRM and satisfaction, which stage of customer management "
    "(客户关系管理的阶段) is now at work, and how good are the chances?",
    [
        "Problem handling (处理问题): apologise, fix the problem and compensate.",
        "Win-back (赢回): chances are better than when a customer leaves because she is "
        "dissatisfied.",
        "Targeting (选择目标): treat her as a brand-new prospect.",
        "Win-back (赢回): chances are worse than when a customer leaves because she is "
        "dissatisfied.",
    ],
    "B",
    hints=[
        "She has already left, so the relationship is not in trouble: it has ended.",
        "CRM and satisfaction: if a customer cancels because circumstances changed (moving house, a new "
        "job), winning her back is more likely than after dissatisfaction.",
    ],
    explanation=(
        "CRM and satisfaction: customers who leave because their circumstances changed are easier to win "
        "back than dissatisfied ones; many firms do not try, because they cannot even identify "
        "the customers they lost."
    ),
    feedback={
        "A": "Problem handling is for a customer with a problem who is still with us; she has "
        "already left.",
        "C": "She is not a stranger: the company knows her history, which is what makes "
        "win-back cheaper than acquisition.",
        "D": "It is the other way round: a change of circumstances leaves no bad feeling to "
        "overcome.",
    },
)
