"""Self-check exercises of notebook 04 · Customer loyalty (客户忠诚).

Seven questions in the order of the notebook: the share of ideal loyalty
when repeat patronage is measured by spend, a loyalty type read from a
story, the loyalty regression without trust, a stage of loyalty, the payback
year of the "loyalty = profit" chain, the share of wallet of spuriously loyal
customers, and a level of relationship marketing. :data:`SETUP` is the
notebook's code that builds the names the solutions use; each expected answer
is what its solution gives when run after it, on first use, so importing this
module reads no data.

:func:`survey_table` returns the table the notebook works with.

Examples
--------
>>> from crmlab.exercises import unit04 as ex
>>> ex.q5.evaluate(4).correct
True
>>> print(ex.q5.evaluate(3).message)
The payback year (3) is too low.
"""

from __future__ import annotations

import pandas as pd

from crmlab import datasets, loyalty, value
from crmlab.check import Choice, Exercise
from crmlab.exercises._run import run_solution

__all__ = ["ATTITUDE_ITEMS", "DRIVERS", "SETUP", "q1", "q2", "q3", "q4", "q5", "q6", "q7"]

#: The three relative-attitude items of the loyalty survey (1-7 each).
ATTITUDE_ITEMS = ("attitude_1", "attitude_2", "attitude_3")

#: The four determinants of loyalty (Keeping relationships), as columns of the loyalty survey.
DRIVERS = ("perceived_value", "satisfaction", "switching_cost", "trust")

#: The notebook's own code that builds the names the solutions use: the loyalty
#: survey joined with each respondent's purchases and spend in 2024, the relative
#: attitude (mean of the three items) and the Dick-Basu type with median cuts.
SETUP = """\
import numpy as np
import pandas as pd

from crmlab import datasets, loyalty, value

survey = datasets.load_loyalty_survey()
log = datasets.load_transactions()
log_2024 = log[log["date"].dt.year == 2024]
per_customer = log_2024.groupby("customer_id")["amount"].agg(purchases="size", spend="sum")
survey = survey.join(per_customer, on="customer_id")
survey["attitude"] = survey[["attitude_1", "attitude_2", "attitude_3"]].mean(axis=1)
cuts = survey[["attitude", "purchases"]].median()
survey["loyalty_type"] = loyalty.loyalty_type(
    survey["attitude"],
    survey["purchases"],
    attitude_cut=cuts["attitude"],
    repeat_cut=cuts["purchases"],
)
drivers = ["perceived_value", "satisfaction", "switching_cost", "trust"]
"""


def survey_table() -> pd.DataFrame:
    """The loyalty survey with 2024 purchases, spend, attitude and loyalty type.

    The table :data:`SETUP` builds, as the notebook does: each respondent's
    number of purchases and spend in 2024 (from the transaction log), the
    relative attitude as the mean of the three items, and the Dick-Basu type
    with both cuts at the medians (a value on a cut counts as high).

    Returns
    -------
    DataFrame
        The columns of :func:`crmlab.datasets.load_loyalty_survey` plus
        ``purchases``, ``spend``, ``attitude`` and ``loyalty_type``.

    Examples
    --------
    >>> table = survey_table()
    >>> table.shape
    (1500, 13)
    >>> sorted(table["loyalty_type"].unique())
    ['ideal', 'latent', 'none', 'spurious']
    """
    return run_solution(SETUP, "answer = survey")


def _type_share(kind: str = "ideal", repeat: str = "spend", cut: str = "median") -> float:
    table = survey_table()
    types = loyalty.loyalty_type(
        table["attitude"],
        table[repeat],
        attitude_cut=table["attitude"].median(),
        repeat_cut=getattr(table[repeat], cut)(),
    )
    return float((types == kind).mean())


_Q1 = """\
by_spend = loyalty.loyalty_type(
    survey["attitude"],
    survey["spend"],
    attitude_cut=survey["attitude"].median(),
    repeat_cut=survey["spend"].median(),
)
answer = (by_spend == "ideal").mean()  # about 0.33, against 0.36 with purchase counts
"""

q1 = Exercise(
    "q1",
    "The notebook measured repeat patronage (重复惠顾) by the number of purchases in 2024. "
    "Measure it instead by each respondent's spend at Huamei in 2024 (the survey's spend "
    "column), keep the median attitude as the attitude cut and use the median spend as the "
    "repeat cut. What share of the respondents now shows ideal loyalty (理想忠诚)? Give a "
    "fraction.",
    lambda: run_solution(SETUP, _Q1),
    kind="fraction",
    what="the share of ideal loyalty",
    hints=[
        "loyalty.loyalty_type(attitude, repeat, attitude_cut=..., repeat_cut=...) works on "
        "whole columns; pass survey['spend'] as the repeat measure.",
        "Both cuts are medians: survey['attitude'].median() and survey['spend'].median(). "
        "Then take the mean of (types == 'ideal').",
    ],
    solution=_Q1,
    known_bad=lambda: [
        _type_share(repeat="purchases"),  # the notebook's purchase-count measure
        100 * _type_share(),  # a percentage
        _type_share(cut="mean"),  # the mean spend as the cut: skewed upwards
    ],
    explanation=(
        "About 33%, against 36% with purchase counts: the types depend on how repeat "
        "patronage is measured, so say which measure you used. A mean cut would put the bar "
        "far higher, because a few big spenders pull the mean spend up."
    ),
)

q2 = Choice(
    "q2",
    "Mrs. Wang has bought her groceries at the same Huamei store every week for six years: "
    "it is the only supermarket within walking distance. In the survey she rates Huamei "
    "below two rival chains on price and choice. In Dick and Basu's matrix she is a case "
    "of ...",
    [
        "ideal loyalty (理想忠诚): she buys often, so she is loyal.",
        "latent loyalty (潜在忠诚): she likes Huamei but something holds her purchases back.",
        "spurious loyalty (虚假忠诚): high repeat patronage, low relative attitude; a rival "
        "store opening nearby could take her at once.",
        "no loyalty (缺乏忠诚): she does not prefer Huamei, so she is not loyal at all.",
    ],
    "C",
    solution='answer = "C"  # buys every week (high repeat), prefers rivals (low attitude)',
    hints=[
        "Place her on the two axes: how often does she buy, and how does she rate Huamei "
        "against the rivals?",
    ],
    explanation=(
        "Frequent buying with a low relative attitude is spurious loyalty; among the seven "
        "types of CRM slides it is convenience loyalty (方便忠诚). Long tenure alone does not make "
        "a loyal customer: her loyalty lasts only as long as the convenience."
    ),
    feedback={
        "A": "Ideal loyalty needs both: frequent buying AND a high relative attitude. She "
        "rates Huamei below its rivals.",
        "B": "Latent loyalty is the reverse case: a high attitude but few purchases.",
        "D": "No loyalty means low attitude AND low repeat buying; she buys every week.",
    },
)


def _coefficient(drivers=DRIVERS[:3], term: str = "satisfaction", **options) -> float:
    table = loyalty.loyalty_drivers(survey_table(), "attitude", list(drivers), **options)
    return float(table.loc[term, "coef"])


_Q3 = """\
fit = loyalty.loyalty_drivers(
    survey, "attitude", ["perceived_value", "satisfaction", "switching_cost"]
)
answer = fit.loc["satisfaction", "coef"]  # about 0.48, against 0.39 with trust in the model
"""

q3 = Exercise(
    "q3",
    "Fit the loyalty regression again, but leave trust out: regress the attitude score on "
    "perceived_value, satisfaction and switching_cost only (original 1-7 scales, "
    "loyalty.loyalty_drivers). What is the coefficient of satisfaction now?",
    lambda: run_solution(SETUP, _Q3),
    what="the coefficient of satisfaction without trust",
    rtol=1e-4,
    hints=[
        "loyalty.loyalty_drivers(survey, 'attitude', [three columns]) returns one row per "
        "term; the 'coef' column holds the estimates.",
        "Keep standardized=False and read .loc['satisfaction', 'coef'].",
    ],
    solution=_Q3,
    known_bad=lambda: [
        _coefficient(DRIVERS),  # the full model with trust: 0.39
        _coefficient(standardized=True),  # the beta weight, in standard deviations
        datasets.LOYALTY_PARAMS["attitude"]["satisfaction"],  # the generator's true value
    ],
    explanation=(
        "About 0.48, up from 0.39 with trust in the model. Trust is built by satisfaction "
        "(Keeping relationships), so when trust is left out, satisfaction takes over part of its effect: "
        "the coefficient now measures satisfaction's direct effect plus the part that runs "
        "through trust. Coefficients answer 'holding the other drivers in the model fixed'."
    ),
)

q4 = Choice(
    "q4",
    "A customer tells the survey: 'My next TV will certainly come from Huamei.' She has "
    "not bought one there yet. Which of the four stages of loyalty (Keeping relationships) has "
    "she "
    "reached?",
    [
        "Cognitive loyalty (认知忠诚)",
        "Affective loyalty (情感忠诚)",
        "Conative loyalty (意向忠诚)",
        "Action loyalty (行为忠诚)",
    ],
    "C",
    solution='answer = "C"  # a firm intention to buy, not yet a purchase: conative loyalty',
    hints=[
        "Is she talking about what she knows, what she feels, what she intends, or what she does?"
    ],
    explanation=(
        "A firm intention to buy is conative (intention) loyalty, the third stage. Only the "
        "purchase itself would be action loyalty; intentions do not always turn into "
        "purchases, which is why the survey's attitude and the log's purchases can disagree."
    ),
    feedback={
        "A": "Cognitive loyalty rests on information about the brand; she states an intention.",
        "B": "Affective loyalty is liking built on satisfying experiences; she goes further "
        "and states what she will do.",
        "D": "Action loyalty is the actual purchase, and she has not bought yet.",
    },
)


def _payback_year(**parameters) -> int:
    cumulative = loyalty.loyalty_profit(**parameters)["cumulative"]
    return int((cumulative >= 0).idxmax())


_Q5 = """\
table = loyalty.loyalty_profit(acquisition_cost=150)
answer = int((table["cumulative"] >= 0).idxmax())  # year 4
"""

q5 = Exercise(
    "q5",
    "Use loyalty.loyalty_profit with its default yearly amounts but an acquisition cost of "
    "150 yuan instead of 80. In which year does the cumulative profit from the customer "
    "first reach zero or more (the payback year)?",
    lambda: run_solution(SETUP, _Q5),
    what="the payback year",
    hints=[
        "loyalty.loyalty_profit(acquisition_cost=150) gives one row per year with a "
        "'cumulative' column.",
        "(table['cumulative'] >= 0).idxmax() is the first year where the condition holds.",
    ],
    solution=_Q5,
    known_bad=lambda: [
        _payback_year(),  # the default acquisition cost of 80
        6,  # 150 / 25: base profit only, ignoring the loyalty effects
        int((loyalty.loyalty_profit(acquisition_cost=150)["total"] >= 150).idxmax()),
    ],
    explanation=(
        "Year 4: the cumulative profit is -9 yuan after year 3 and +82 after year 4. With "
        "base profit alone it would take 6 years; the growing loyalty effects (more "
        "purchases, lower cost, referrals, a price premium) shorten the wait."
    ),
)


def _wallet_share(kind: str = "mean") -> float:
    table = survey_table()
    spurious = table.loc[table["loyalty_type"] == "spurious"]
    if kind == "aggregate":
        return float(spurious["spend"].sum() / spurious["category_spend"].sum())
    if kind == "everyone":
        spurious = table
    return float(value.share_of_wallet(spurious["spend"], spurious["category_spend"]).mean())


_Q6 = """\
sow = value.share_of_wallet(survey["spend"], survey["category_spend"])
answer = sow[survey["loyalty_type"] == "spurious"].mean()  # about 0.35
"""

q6 = Exercise(
    "q6",
    "Share of wallet (钱包份额) = a customer's 2024 spend at Huamei / the customer's yearly "
    "spend in the category at all stores (category_spend). Compute it for every respondent "
    "with value.share_of_wallet. What is the average share of wallet of the customers with "
    "spurious loyalty? Give a fraction.",
    lambda: run_solution(SETUP, _Q6),
    kind="fraction",
    what="the average share of wallet of spurious loyalty",
    hints=[
        "value.share_of_wallet(survey['spend'], survey['category_spend']) gives one share "
        "per respondent.",
        "Average it over the rows whose loyalty_type is 'spurious', e.g. with "
        ".groupby(survey['loyalty_type']).mean().",
    ],
    solution=_Q6,
    known_bad=lambda: [
        100 * _wallet_share(),  # a percentage
        _wallet_share("aggregate"),  # the share of the group's total wallet
        _wallet_share("everyone"),  # all respondents
    ],
    explanation=(
        "About 35%: even customers who buy often at Huamei spend about two thirds of their "
        "category budget elsewhere, much like latent-loyal customers; ideal-loyal customers "
        "give Huamei more than half of theirs."
    ),
)

q7 = Choice(
    "q7",
    "Huamei gives each member of its premium club a personal shopping adviser who learns "
    "the family's needs, remembers their preferences and calls with tailored suggestions. "
    "Which level of relationship marketing (关系营销, Berry and Parasuraman) is this mainly?",
    [
        "Level one: financial bonds, price incentives such as points and discounts.",
        "Level two: social bonds, personal and individualised service.",
        "Level three: structural bonds, solutions built into the customer's own processes.",
        "None: this is database marketing, not relationship marketing.",
    ],
    "B",
    solution='answer = "B"  # a personal relationship built on knowing the family: a social bond',
    hints=[
        "Is the customer kept by money, by a personal relationship, or by a system that "
        "would be costly to replace?",
    ],
    explanation=(
        "Learning each customer's needs and personalising the service builds social bonds, "
        "the second level. It is harder for rivals to copy than a discount, but easier than a "
        "structural bond such as an ordering system linked to a business customer's stock."
    ),
    feedback={
        "A": "No price incentive is involved here; the adviser gives personal attention.",
        "C": "Structural bonds tie the customer through systems or processes that are costly "
        "to switch away from; a personal adviser is a social bond.",
        "D": "The adviser may use the customer database, but the bond the customer feels is "
        "a personal, social one.",
    },
)
