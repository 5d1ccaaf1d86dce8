"""Self-check exercises of notebook 00 · Introduction to CRM (客户关系管理导论).

Six questions: three computed from the course datasets (the appliance tiers of
the CRM slides and the Huamei Stores transactions) and three interpretation
and decision questions. ``SETUP`` builds the notebook's variables; every
``solution`` is code that, run after it, assigns ``answer``, and the expected
answers are those solutions' results, computed on first use, so importing
this module reads no data.

Examples
--------
>>> from crmlab.exercises import unit00 as ex
>>> ex.q1.evaluate(0.11).correct
True
>>> print(ex.q1.evaluate(11.0).message)
Expected the share of customers in the two top tiers to be a fraction like 0.11, got 11.
Did you pass a percentage?
>>> ex.q4.evaluate("B").correct
True
"""

from __future__ import annotations

import pandas as pd

from crmlab import datasets, value
from crmlab.check import Choice, Exercise
from crmlab.exercises._run import run_solution

__all__ = ["SETUP", "q1", "q2", "q3", "q4", "q5", "q6"]

#: The notebook's variables that the solutions use.
SETUP = """\
from crmlab import datasets, value

tiers = datasets.load_appliance_tiers()
log = datasets.load_transactions()
revenue = log.groupby("customer_id")["amount"].sum()
table = value.pareto_table(revenue)
"""


def _solved(solution: str):
    return lambda: run_solution(SETUP, solution)


def _negative_tier_share(column: str = "customer_share_pct", tiers=None) -> float:
    """Share (fraction) of ``column`` held by tiers with negative value."""
    table = datasets.load_appliance_tiers()
    chosen = table["value_pct"] < 0 if tiers is None else table["tier"].isin(tiers)
    return float(table.loc[chosen, column].sum() / 100)


_Q1 = """\
top = tiers["tier"].isin(["high", "very high"])
answer = tiers.loc[top, "customer_share_pct"].sum() / 100  # 0.11
"""

q1 = Exercise(
    "q1",
    "In the appliance company's table (datasets.load_appliance_tiers()), what share of the "
    "company's customers sits in the two top tiers, 'high' and 'very high'? Give a fraction "
    "(0.xx), not a percentage.",
    _solved(_Q1),
    kind="fraction",
    what="the share of customers in the two top tiers",
    hints=[
        "Keep the rows whose tier is 'high' or 'very high' (tiers['tier'].isin([...])), then "
        "add up their customer_share_pct.",
        "The column holds percentages: divide the sum by 100 to get a fraction.",
    ],
    solution=_Q1,
    known_bad=lambda: [
        11.0,  # the percentage itself
        _negative_tier_share("market_share_pct", ["high", "very high"]),  # the market: 0.053
        _negative_tier_share(tiers=["very high"]),  # one tier only: 0.018
        _negative_tier_share(),  # the negative tiers: 0.627
    ],
    explanation=(
        "11% of the customers, in the two top tiers, bring 138.25% of the value: more than "
        "the total, because the 62.7% of customers in the two negative tiers pull it down."
    ),
)


def _value_per_customer(denominator: str = "customer_share_pct") -> pd.Series:
    tiers = datasets.load_appliance_tiers().set_index("tier")
    return tiers["value_pct"] / tiers[denominator]


_Q2 = """\
by_tier = tiers.set_index("tier")
answer = by_tier["value_pct"] / by_tier["customer_share_pct"]
# answer.idxmax() is 'very high': about 60 times the average customer
"""

q2 = Exercise(
    "q2",
    "For each tier of the appliance table, divide its share of value by its share of the "
    "company's customers (value_pct / customer_share_pct). Give a Series indexed by tier. "
    "A result above 1 means the tier's customers are worth more than the average customer.",
    _solved(_Q2),
    what="the value per customer of each tier",
    hints=[
        "Put the tier names in the index first: tiers.set_index('tier').",
        "Divide one column by the other; pandas divides row by row.",
    ],
    solution=_Q2,
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


_Q3 = """\
reaches_80 = table["value_share"] >= 0.8
answer = table.loc[reaches_80, "customer_share"].iloc[0]  # about 0.333
"""

q3 = Exercise(
    "q3",
    "Among the Huamei customers who bought at least once (the customers in "
    "datasets.load_transactions()), what share of the customers, the most valuable first, "
    "brings 80% of the revenue? Give a fraction: the first customer_share of "
    "value.pareto_table(revenue) at which value_share reaches 0.8.",
    _solved(_Q3),
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
    solution=_Q3,
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
    "Which statement matches how the course notes (CRM slides, CRM and satisfaction) define "
    "CRM (客户关系管理)?",
    [
        "CRM is a software package for the sales department.",
        "CRM works on three levels: a management philosophy, a set of solutions (a strategy) "
        "and a software system that supports them.",
        "CRM means keeping every customer 100% satisfied, whatever it costs.",
        "CRM is a discount scheme that rewards frequent buyers.",
    ],
    "B",
    solution=(
        'answer = "B"  # philosophy, strategy and software: software is only one level, and '
        "the philosophy leads"
    ),
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
    solution=(
        'answer = "B"  # she has left, so win-back; a change of circumstances leaves no '
        "bad feeling to overcome"
    ),
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

q6 = Choice(
    "q6",
    "A regional bank starts a CRM project. Its customer data sit in separate systems for "
    "deposits, loans and cards, and nobody can say which customers are profitable. Which kind "
    "of CRM system should it build first, following the bank case of CRM and satisfaction?",
    [
        "Collaborative CRM: link the branches, the phone line and the app so customers meet "
        "one bank.",
        "Operational CRM: automate sales and service processes so staff work faster.",
        "Analytical CRM: build one customer database and analyse customers' value, behaviour "
        "and cost.",
        "None yet: first make every customer 100% satisfied, then choose software.",
    ],
    "C",
    solution=(
        'answer = "C"  # without one customer database nobody knows whom to serve how: '
        "analytical CRM comes first"
    ),
    hints=[
        "The bank's problem is that it does not know its customers: which kind of CRM answers "
        "that?",
        "The bank case introduces the three kinds of CRM in the order of a project's stages.",
    ],
    explanation=(
        "The bank case puts analytical CRM at the start of a project and operational and "
        "collaborative CRM in the middle; Chain-store CRM adds that operational CRM cannot "
        "satisfy customers without the right customer information behind it."
    ),
    feedback={
        "A": "Linking channels helps once the bank knows its customers; with scattered data "
        "every channel would still see a different, partial customer.",
        "B": "Faster processes serve customers the bank cannot yet tell apart: operational CRM "
        "needs the analysis and the single database behind it.",
        "D": "The CRM slides reject 100% satisfaction for everyone: effort should follow value, "
        "which the bank cannot yet measure.",
    },
)
