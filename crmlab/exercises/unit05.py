"""Self-check exercises of notebook 05 · Customer churn (客户流失).

Seven questions in the order of the notebook: the churn rate of the prepaid
plan, a churn type read from a story, the share of the most common churn
reason, the Kaplan-Meier median lifetime of the basic plan, what a churn
model gains over the base rate, the yearly churn loss of the operator's
tiers, and a win-back decision by tier. Expected answers are computed with
crmlab (and scikit-learn for the model) on first use, so importing this
module reads no data and fits nothing.

Examples
--------
>>> from crmlab.exercises import unit05 as ex
>>> ex.q7.evaluate("A").correct
True
>>> ex.FEATURES
('tenure_months', 'complaints', 'service_contacts', 'monthly_fee', 'plan')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab import churn, datasets, value
from crmlab.check import Choice, Exercise

__all__ = [
    "DISCOUNT_RATE",
    "FEATURES",
    "MARGIN_SHARE",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
    "q7",
    "tier_values",
]

#: Columns of the notebook's churn model (plan is one-hot encoded, "basic" the reference).
FEATURES = ("tenure_months", "complaints", "service_contacts", "monthly_fee", "plan")

#: The notebook's assumption: the operator keeps 30% of the monthly fee as margin.
MARGIN_SHARE = 0.30

#: Yearly discount rate of the notebook's CLV per tier (the 9% of seed 001's example).
DISCOUNT_RATE = 0.09


def _subscribers() -> pd.DataFrame:
    return datasets.load_telecom_churn()


def _plan_rate(kind: str = "rate") -> float:
    table = _subscribers()
    prepaid = table.loc[table["plan"] == "prepaid", "churned"]
    if kind == "of churners":
        return float(prepaid.sum() / table["churned"].sum())
    if kind == "odds":
        return float(prepaid.sum() / (~prepaid).sum())
    return float(churn.churn_rate(int(prepaid.sum()), len(prepaid)))


q1 = Exercise(
    "q1",
    "What is the churn rate of the subscribers on the prepaid plan, as a fraction?",
    _plan_rate,
    kind="fraction",
    what="the churn rate of the prepaid plan",
    hints=[
        "Churn rate (客户流失率) = churned customers / customers, within the segment only.",
        "Keep the prepaid rows, then churn.churn_rate(churned.sum(), len(churned)); or read "
        "the prepaid row of churn.churn_rate_by(subscribers, 'plan').",
    ],
    solution=(
        "prepaid = subscribers.loc[subscribers['plan'] == 'prepaid', 'churned']\n"
        "answer = churn.churn_rate(prepaid.sum(), len(prepaid))  # about 0.31"
    ),
    known_bad=lambda: [
        100 * _plan_rate(),  # a percentage
        _plan_rate("of churners"),  # prepaid share of all churners
        _plan_rate("odds"),  # churned / stayed
        1 - _plan_rate(),  # the retention rate
    ],
    explanation=(
        "About 31%, the highest of the five plans (the base is at 25%): prepaid customers "
        "have no contract and nothing to lose by leaving."
    ),
)

q2 = Choice(
    "q2",
    "A subscriber finds charges on her bill for a service she never ordered. After two "
    "complaints go unanswered she stops paying on purpose, and the operator ends her "
    "contract for non-payment. What kind of churn is this (seed 000)?",
    [
        "Active churn, competitive (竞争流失)",
        "Active churn, fault (过失流失)",
        "Passive churn, retaliatory (报复性被动流失)",
        "Passive churn, malicious (恶意被动流失)",
    ],
    "C",
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


q3 = Exercise(
    "q3",
    "Among the churned subscribers, what share gave the most common churn reason? Give a fraction.",
    _reason_share,
    kind="fraction",
    what="the share of the top churn reason",
    hints=[
        "Only churned subscribers have a reason; the others are missing (NaN).",
        "subscribers['churn_reason'].value_counts(normalize=True) drops the missing values "
        "and gives the shares, largest first.",
    ],
    solution=(
        "shares = subscribers['churn_reason'].value_counts(normalize=True)\n"
        "answer = shares.iloc[0]  # competition, about 0.32"
    ),
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


q4 = Exercise(
    "q4",
    "Estimate the Kaplan-Meier survival curve of the subscribers on the basic plan "
    "(tenure_months as the duration, churned as the event). What is their median lifetime, "
    "in months?",
    _median_lifetime,
    what="the median lifetime of the basic plan",
    unit="months",
    hints=[
        "churn.survival_curve(durations, observed) takes the tenure and the churn flag; "
        "subscribers who have not churned are censored, not lost.",
        "churn.median_survival_time(curve) gives the first time S(t) falls to 0.5 or below.",
    ],
    solution=(
        "basic = subscribers[subscribers['plan'] == 'basic']\n"
        "curve = churn.survival_curve(basic['tenure_months'], basic['churned'])\n"
        "answer = churn.median_survival_time(curve)  # 57 months"
    ),
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


q5 = Exercise(
    "q5",
    "A naive rule predicts that nobody churns. On the test set, how much more accurate is "
    "the logistic regression than this rule? Give model accuracy minus naive accuracy, as a "
    "fraction (e.g. 0.05 for five percentage points).",
    _advantage,
    what="the model's accuracy gain over the naive rule",
    hints=[
        "The naive rule is right for every subscriber who stays: its accuracy is the share "
        "of the test set that did not churn.",
        "model.score(X_test, y_test) is the model's accuracy; 1 - y_test.mean() is the "
        "naive rule's.",
    ],
    solution=(
        "naive_accuracy = 1 - y_test.mean()\n"
        "answer = model.score(X_test, y_test) - naive_accuracy  # about 0.011"
    ),
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


q6 = Exercise(
    "q6",
    "Using the notebook's tiers table (customers, yearly_churn, clv per tier), compute the "
    "group churn loss V_ql = N x r_l x V_k of every tier. What does one year of churn cost "
    "the operator in total, over the four tiers, in yuan?",
    _total_loss,
    what="the yearly churn loss of the base",
    unit="yuan",
    rtol=1e-4,
    hints=[
        "value.group_churn_loss(n_customers, churn_rate, lifetime_value) accepts whole "
        "columns, giving one loss per tier.",
        "Use the yearly_churn column (not the share churned in the data), then .sum().",
    ],
    solution=(
        "loss = value.group_churn_loss(tiers['customers'], tiers['yearly_churn'], tiers['clv'])\n"
        "answer = loss.sum()  # about 1.52 million yuan"
    ),
    known_bad=lambda: [
        _total_loss("snapshot"),  # the share churned over the whole data, not a yearly rate
        _total_loss(with_rate=False),  # N x V_k: as if every customer churned
        _total_loss(tiers=["key"]),  # the key tier only
    ],
    explanation=(
        "About 1.52 million yuan a year. The ordinary tier loses the most in total (many "
        "customers), the key tier the most per customer. Part of the unworthy tier's "
        "'loss' is bad debt that the firm is glad to end: a reminder that V_k assumes the "
        "customer was worth keeping."
    ),
)

q7 = Choice(
    "q7",
    "Three subscribers left last month: (A) a business-plan customer paying 260 yuan a "
    "month, who moved to a rival's offer; (B) a prepaid customer paying 30 yuan a month, "
    "who left for a cheaper plan; (C) a subscriber whose contract was ended for unpaid "
    "bills. Your retention team has time for one win-back call today. Following the "
    "policy of seed 000, whom should it call?",
    [
        "A, a key customer: the firm should strive to win back (极力挽回).",
        "B, a small customer: cheap customers are the easiest to win back.",
        "C: collecting the debt comes first, so win this one back.",
        "Nobody: churn is unavoidable, so win-back calls waste money.",
    ],
    "A",
    hints=[
        "Find each subscriber's tier (key, ordinary, small, unworthy), then "
        "churn.winback_policy(tier).",
    ],
    explanation=(
        "A key customer brings the largest lifetime value, so the loss from losing them is "
        "the largest: strive to win them back. A small customer is won back when "
        "convenient (见机行事), and a customer not worth keeping is let go (彻底放弃)."
    ),
    feedback={
        "B": "A small customer is won back when convenient (见机行事); with one call to "
        "spend, the key customer's lifetime value is far larger.",
        "C": "A subscriber with unpaid bills is in the 'not worth keeping' tier: seed 000 "
        "says let them go (彻底放弃). Debt collection is not a win-back.",
        "D": "Some churn is unavoidable, but seed 000 asks for an effort to win back key "
        "and ordinary customers, and China Mobile held that many churners can be won back.",
    },
)
