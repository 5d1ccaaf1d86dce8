"""Self-check exercises of notebook 05 · Customer churn (客户流失).

Eight questions in the order of the notebook: the churn rate of subscribers
who complained, a churn type read from a story, the share of the most common
churn reason, the Kaplan-Meier median lifetime of the basic plan, what a
churn model gains over the base rate, the yearly churn loss of the
operator's tiers, which churn-loss figure should bound a win-back offer, and
a win-back decision by tier. :data:`SETUP` is the notebook's code that builds
the names the solutions use; each expected answer is what its solution gives
when run after it, on first use, so importing this module reads no data and
fits nothing.

Examples
--------
>>> from crmlab.exercises import unit05 as ex
>>> ex.q8.evaluate("A").correct
True
>>> ex.FEATURES
('tenure_months', 'complaints', 'service_contacts', 'monthly_fee', 'plan')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab import churn, datasets, value
from crmlab.check import Choice, Exercise
from crmlab.exercises._run import run_solution

__all__ = [
    "DISCOUNT_RATE",
    "FEATURES",
    "MARGIN_SHARE",
    "SETUP",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
    "q7",
    "q8",
    "tier_values",
]

#: Columns of the notebook's churn model (plan is one-hot encoded, "basic" the reference).
FEATURES = ("tenure_months", "complaints", "service_contacts", "monthly_fee", "plan")

#: The notebook's assumption: the operator keeps 30% of the monthly fee as margin.
MARGIN_SHARE = 0.30

#: Yearly discount rate of the notebook's CLV per tier (the 9% of the CRM slides' example).
DISCOUNT_RATE = 0.09

#: The notebook's code that builds the names the solutions use: the subscribers,
#: the Kaplan-Meier curves and yearly churn by tier, the churn model on its
#: train/test split, and the table of lifetime values by tier.
SETUP = """\
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from crmlab import churn, datasets, value

subscribers = datasets.load_telecom_churn()
curves = {
    tier: churn.survival_curve(group["tenure_months"], group["churned"])
    for tier, group in subscribers.groupby("tier")
}
yearly_churn = 1 - pd.Series({tier: curve.asof(12) for tier, curve in curves.items()})
features = ["tenure_months", "complaints", "service_contacts", "monthly_fee", "plan"]
X = pd.get_dummies(subscribers[features], columns=["plan"], drop_first=True, dtype=float)
y = subscribers["churned"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
model = LogisticRegression(C=np.inf, solver="newton-cholesky").fit(X_train, y_train)
tiers = subscribers.groupby("tier").agg(
    customers=("subscriber_id", "size"), monthly_fee=("monthly_fee", "mean")
)
tiers["yearly_churn"] = yearly_churn
tiers["margin"] = 0.30 * 12 * tiers["monthly_fee"]
tiers["clv"] = value.group_clv(tiers["margin"], tiers["yearly_churn"], 0.09)
"""


def _subscribers() -> pd.DataFrame:
    return datasets.load_telecom_churn()


def _complainer_rate(kind: str = "rate") -> float:
    table = _subscribers()
    complained = table.loc[table["complaints"] >= 1, "churned"]
    if kind == "of churners":
        return float(complained.sum() / table["churned"].sum())
    if kind == "none":
        return float(table.loc[table["complaints"] == 0, "churned"].mean())
    if kind == "exactly one":
        return float(table.loc[table["complaints"] == 1, "churned"].mean())
    return float(churn.churn_rate(int(complained.sum()), len(complained)))


_Q1 = """\
complained = subscribers.loc[subscribers["complaints"] >= 1, "churned"]
answer = churn.churn_rate(complained.sum(), len(complained))  # about 0.36
"""

q1 = Exercise(
    "q1",
    "What is the churn rate of the subscribers who made at least one complaint in the last "
    "12 months, as a fraction?",
    lambda: run_solution(SETUP, _Q1),
    kind="fraction",
    what="the churn rate of the subscribers who complained",
    hints=[
        "Churn rate (客户流失率) = churned customers / customers, within the segment only.",
        "Keep the rows with subscribers['complaints'] >= 1, then "
        "churn.churn_rate(churned.sum(), len(churned)).",
    ],
    solution=_Q1,
    known_bad=lambda: [
        100 * _complainer_rate(),  # a percentage
        _complainer_rate("of churners"),  # complainers' share of all churners
        _complainer_rate("none"),  # the subscribers without a complaint
        _complainer_rate("exactly one"),  # exactly one complaint instead of at least one
    ],
    explanation=(
        "About 36%, against 20% for subscribers without a complaint (the base is at 25%). "
        "A complaint is an early warning: section 4 looks at it complaint by complaint."
    ),
)

q2 = Choice(
    "q2",
    "A subscriber finds charges on her bill for a service she never ordered. After two "
    "complaints go unanswered she stops paying on purpose, and the operator ends her "
    "contract for non-payment. What kind of churn is this (Keeping relationships)?",
    [
        "Active churn, competitive (竞争流失)",
        "Active churn, fault (过失流失)",
        "Passive churn, retaliatory (报复性被动流失)",
        "Passive churn, malicious (恶意被动流失)",
    ],
    "C",
    solution='answer = "C"  # the operator ended it (passive); she stopped paying in protest',
    hints=[
        "Who ended the relationship, the customer or the firm? Then: why did she stop paying?",
    ],
    explanation=(
        "The firm ended the contract, so it is passive churn; she stopped paying to get back "
        "at the operator, so it is retaliatory. The root cause is the operator's own fault "
        "(the integrity problem of the China Mobile case): passive churn is not always the "
        "customer's doing."
    ),
    feedback={
        "A": "No competitor is involved, and she did not leave of her own accord: the "
        "operator ended the contract.",
        "B": "The firm's fault started it, but she did not switch supplier herself: the "
        "operator ended the contract for non-payment, which makes it passive churn.",
        "D": "Malicious passive churn is planned non-payment, such as running up a bad debt "
        "with no intention to pay; she stopped paying in protest.",
    },
)


def _reason_share(base: str = "churners") -> float:
    table = _subscribers()
    reasons = table["churn_reason"]
    top = reasons.value_counts().index[0]
    if base == "everyone":
        return float((reasons == top).sum() / len(table))
    if base == "active":
        return float((reasons == top).sum() / (table["churn_type"] == "active").sum())
    return float((reasons == top).sum() / reasons.notna().sum())


_Q3 = """\
shares = subscribers["churn_reason"].value_counts(normalize=True)
answer = shares.iloc[0]  # competition, about 0.32
"""

q3 = Exercise(
    "q3",
    "Among the churned subscribers, what share gave the most common churn reason? Give a fraction.",
    lambda: run_solution(SETUP, _Q3),
    kind="fraction",
    what="the share of the top churn reason",
    hints=[
        "Only churned subscribers have a reason; the others are missing (NaN).",
        "subscribers['churn_reason'].value_counts(normalize=True) drops the missing values "
        "and gives the shares, largest first.",
    ],
    solution=_Q3,
    known_bad=lambda: [
        _reason_share("everyone"),  # divided by all subscribers
        _reason_share("active"),  # divided by active churners only
        100 * _reason_share(),  # a percentage
    ],
    explanation=(
        "Competition explains about a third of all churn; with price it passes half. The two "
        "reasons a rival's offer plays on lead the Pareto chart, as in the China Mobile case."
    ),
)


def _median_lifetime(kind: str = "km") -> float:
    table = _subscribers()
    basic = table.loc[table["plan"] == "basic"]
    if kind == "naive":
        return float(basic["tenure_months"].median())
    if kind == "churners":
        return float(basic.loc[basic["churned"], "tenure_months"].median())
    if kind == "mean":
        return float(basic["tenure_months"].mean())
    return churn.median_survival_time(
        churn.survival_curve(basic["tenure_months"], basic["churned"])
    )


_Q4 = """\
basic = subscribers[subscribers["plan"] == "basic"]
curve = churn.survival_curve(basic["tenure_months"], basic["churned"])
answer = churn.median_survival_time(curve)  # 57 months
"""

q4 = Exercise(
    "q4",
    "Estimate the Kaplan-Meier survival curve of the subscribers on the basic plan "
    "(tenure_months as the duration, churned as the event). What is their median lifetime, "
    "in months?",
    lambda: run_solution(SETUP, _Q4),
    what="the median lifetime of the basic plan",
    unit="months",
    hints=[
        "churn.survival_curve(durations, observed) takes the tenure and the churn flag; "
        "subscribers who have not churned are censored, not lost.",
        "churn.median_survival_time(curve) gives the first time S(t) falls to 0.5 or below.",
    ],
    solution=_Q4,
    known_bad=lambda: [
        _median_lifetime("naive"),  # median tenure, censoring ignored
        _median_lifetime("churners"),  # churners only
        _median_lifetime("mean"),  # mean tenure, censoring ignored
    ],
    explanation=(
        "57 months. The median tenure of the basic subscribers is only 15 months, but most "
        "of them have not left yet: their lifetimes are longer than their tenure so far. "
        "Kaplan-Meier uses them as 'still here at month t' instead of pretending they churned."
    ),
)


def _model_accuracies(period: str = "test") -> tuple[float, float, float]:
    """(model accuracy, naive 'nobody churns' accuracy, churn rate), as in the notebook."""
    # scikit-learn is slow to import; only this question needs it.
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    table = _subscribers()
    X = pd.get_dummies(table[list(FEATURES)], columns=["plan"], drop_first=True, dtype=float)
    y = table["churned"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, random_state=0, stratify=y
    )
    model = LogisticRegression(C=np.inf, solver="newton-cholesky").fit(X_train, y_train)
    X_eval, y_eval = (X_test, y_test) if period == "test" else (X_train, y_train)
    accuracy = float(model.score(X_eval, y_eval))
    churned = float(y_eval.mean())
    return accuracy, 1 - churned, churned


def _advantage(kind: str = "gain") -> float:
    accuracy, naive, churned = _model_accuracies()
    if kind == "vs churn rate":
        return accuracy - churned
    if kind == "percentage points":
        return 100 * (accuracy - naive)
    if kind == "train":
        accuracy, naive, _ = _model_accuracies("train")
    return accuracy - naive


_Q5 = """\
naive_accuracy = 1 - y_test.mean()  # the rule "nobody churns" is right for every stayer
answer = model.score(X_test, y_test) - naive_accuracy  # about 0.011
"""

q5 = Exercise(
    "q5",
    "A naive rule predicts that nobody churns. On the test set, how much more accurate is "
    "the logistic regression than this rule? Give model accuracy minus naive accuracy, as a "
    "fraction (e.g. 0.05 for five percentage points).",
    lambda: run_solution(SETUP, _Q5),
    what="the model's accuracy gain over the naive rule",
    hints=[
        "The naive rule is right for every subscriber who stays: its accuracy is the share "
        "of the test set that did not churn.",
        "model.score(X_test, y_test) is the model's accuracy; 1 - y_test.mean() is the "
        "naive rule's.",
    ],
    solution=_Q5,
    known_bad=lambda: [
        _advantage("vs churn rate"),  # compared with the churn rate, not the naive accuracy
        _advantage("percentage points"),  # a percentage
        _advantage("train"),  # on the training set
        _model_accuracies()[0],  # the accuracy alone
    ],
    explanation=(
        "About one percentage point (0.763 against 0.752): with three stayers for every "
        "churner, accuracy barely rewards a model. Judge a churn model by how well it ranks "
        "subscribers by risk (ROC AUC, the gains chart), not by accuracy alone."
    ),
)


def tier_values(rates: str = "yearly") -> pd.DataFrame:
    """The notebook's table of churn and lifetime value by customer tier.

    Per tier: the number of subscribers, the mean monthly fee, the yearly
    churn rate 1 - S(12) from the tier's Kaplan-Meier curve, the yearly
    margin (:data:`MARGIN_SHARE` of 12 monthly fees) and the Dwyer group
    CLV at :data:`DISCOUNT_RATE`.

    Parameters
    ----------
    rates : {"yearly", "snapshot"}, default "yearly"
        "snapshot" replaces the yearly churn rate by the share of the tier
        that has churned in the data (the mistake that question 6 catches).

    Returns
    -------
    DataFrame
        Index ``tier``; columns customers, monthly_fee, yearly_churn, margin, clv.

    Examples
    --------
    >>> tier_values().index.tolist()
    ['key', 'ordinary', 'small', 'unworthy']
    """
    table = _subscribers()
    tiers = table.groupby("tier").agg(
        customers=("subscriber_id", "size"), monthly_fee=("monthly_fee", "mean")
    )
    curves = {
        tier: churn.survival_curve(group["tenure_months"], group["churned"])
        for tier, group in table.groupby("tier")
    }
    tiers["yearly_churn"] = 1 - pd.Series({tier: s.asof(12) for tier, s in curves.items()})
    tiers["margin"] = MARGIN_SHARE * 12 * tiers["monthly_fee"]
    tiers["clv"] = value.group_clv(tiers["margin"], tiers["yearly_churn"], DISCOUNT_RATE)
    if rates == "snapshot":
        tiers["yearly_churn"] = churn.churn_rate_by(table, "tier")["churn_rate"]
    return tiers


def _total_loss(rates: str = "yearly", tiers=None, with_rate: bool = True) -> float:
    table = tier_values(rates)
    if tiers is not None:
        table = table.loc[list(tiers)]
    rate = table["yearly_churn"] if with_rate else 1.0
    return float(value.group_churn_loss(table["customers"], rate, table["clv"]).sum())


_Q6 = """\
loss = value.group_churn_loss(tiers["customers"], tiers["yearly_churn"], tiers["clv"])
answer = loss.sum()  # about 1.52 million yuan
"""

q6 = Exercise(
    "q6",
    "Using the notebook's tiers table (customers, yearly_churn, clv per tier), compute the "
    "group churn loss V_ql = N x r_l x V_k of every tier. What does one year of churn cost "
    "the operator in total, over the four tiers, in yuan?",
    lambda: run_solution(SETUP, _Q6),
    what="the yearly churn loss of the base",
    unit="yuan",
    rtol=1e-4,
    hints=[
        "value.group_churn_loss(n_customers, churn_rate, lifetime_value) accepts whole "
        "columns, giving one loss per tier.",
        "Use the yearly_churn column (not the share churned in the data), then .sum().",
    ],
    solution=_Q6,
    known_bad=lambda: [
        _total_loss("snapshot"),  # the share churned over the whole data, not a yearly rate
        _total_loss(with_rate=False),  # N x V_k: as if every customer churned
        _total_loss(tiers=["key"]),  # the key tier only
    ],
    explanation=(
        "About 1.52 million yuan a year, an upper bound: V_k is the value at acquisition, "
        "and churners have already realised part of it. The ordinary tier loses the most in "
        "total (many customers), the key tier the most per customer. The unworthy tier's "
        "'loss' is mostly fees from subscribers who do not pay: V_k assumes the customer "
        "was worth keeping, which is exactly what that tier is not."
    ),
)

q7 = Choice(
    "q7",
    "A subscriber acquired two years ago for 400 yuan has just left. Her lifetime value at "
    "acquisition was V_k = 1,944.83 yuan (gross, before the acquisition cost), and the "
    "margins she has paid so far are worth V_t = 879.56 at the acquisition date, so the "
    "churn loss is V_l = C_t + (V_k - V_t) = 1,465.27. A win-back offer would cost money. "
    "Which figure is the most the operator should be willing to spend on winning her back "
    "(before allowing for the chance that the offer fails)?",
    [
        "V_l = 1,465.27: everything her churn cost, the acquisition cost included.",
        "V_k - V_t = 1,065.27: the value she would still have brought.",
        "V_k = 1,944.83: her whole lifetime value.",
        "C_t = 400: what the operator invested in her.",
    ],
    "B",
    solution=(
        'answer = "B"  # winning her back restores only the margins still to come; the\n'
        "# 400 yuan of acquisition cost is sunk and stays spent whatever the operator does"
    ),
    hints=[
        "Which of these amounts would the operator get back if she returned, and which "
        "has already been spent or earned whatever happens now?",
    ],
    explanation=(
        "A decision looks forward: winning her back restores the margins still to come, "
        "V_k - V_t (in value at the acquisition date; re-discount to today for precision). "
        "C_t answers another question, what the firm invested that never paid back; it is "
        "sunk and should not raise a win-back budget."
    ),
    feedback={
        "A": "V_l adds the acquisition cost C_t, which is spent whether or not she returns: "
        "paying to recover a sunk cost is the sunk-cost fallacy.",
        "C": "Part of V_k (V_t) has already been earned; winning her back cannot earn it again.",
        "D": "C_t is sunk, and it says nothing about what she would bring if she returned.",
    },
)

q8 = Choice(
    "q8",
    "Three subscribers left last month: (A) a business-plan customer paying 260 yuan a "
    "month, who moved to a rival's offer; (B) a prepaid customer paying 30 yuan a month, "
    "who left for a cheaper plan; (C) a subscriber whose contract was ended for unpaid "
    "bills. Your retention team has time for one win-back call today. Following the "
    "policy by tier of Keeping relationships, whom should it call?",
    [
        "A, a key customer: the firm should strive to win back (极力挽回).",
        "B, a small customer: cheap customers are the easiest to win back.",
        "C: collecting the debt comes first, so win this one back.",
        "Nobody: churn is unavoidable, so win-back calls waste money.",
    ],
    "A",
    solution='answer = "A"  # a key customer worth keeping: strive to win back (极力挽回)',
    hints=[
        "Find each subscriber's tier (key, ordinary, small, unworthy), then "
        "churn.winback_policy(tier).",
    ],
    explanation=(
        "A key customer is worth keeping and brings the largest lifetime value: strive to "
        "win them back. A small customer is won back when convenient (见机行事). C is not "
        "worth keeping (bad debt): let go (彻底放弃), whatever the fee on the bill."
    ),
    feedback={
        "B": "A small customer is won back when convenient (见机行事); with one call to "
        "spend, the key customer's lifetime value is far larger.",
        "C": "A subscriber with unpaid bills is in the 'not worth keeping' tier: Keeping "
        "relationships says let them go (彻底放弃). Debt collection is not a win-back.",
        "D": "Some churn is unavoidable, but Keeping relationships asks for an effort to win back key "
        "and ordinary customers, and China Mobile held that many churners can be won back.",
    },
)
