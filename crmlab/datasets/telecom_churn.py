"""Generator of the telecom churn table of a fictional mobile operator."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab.datasets._common import (
    SEEDS,
    _check_seed,
    _check_size,
    _draw,
    _draw_rows,
    _frozen,
    _values,
)
from crmlab.datasets._schema import conform

# --------------------------------------------------------------------------
# Telecom churn
# --------------------------------------------------------------------------
TELECOM_PARAMS = _frozen(
    {
        "region_share": {"North": 0.20, "South": 0.24, "East": 0.26, "West": 0.13, "Central": 0.17},
        "plan_share": {
            "prepaid": 0.30,
            "basic": 0.25,
            "data plus": 0.22,
            "family": 0.15,
            "business": 0.08,
        },
        "plan_fee_median": {
            "prepaid": 35.0,
            "basic": 58.0,
            "data plus": 98.0,
            "family": 158.0,
            "business": 228.0,
        },
        "fee_log_sd": 0.30,
        "tenure_gamma": {"shape": 1.3, "scale_months": 15.0},
        "tenure_multiplier": {
            "prepaid": 0.7,
            "basic": 1.0,
            "data plus": 1.0,
            "family": 1.4,
            "business": 1.5,
        },
        "max_tenure_months": 120,
        "complaints_mean": 0.35,
        "contacts": {"base": 0.8, "per_complaint": 1.2},
        "arrears_probability_postpaid": 0.12,
        "tier_fee_cut": {"key": 180.0, "ordinary": 60.0},
        "logit": {
            "intercept": -1.85,
            "tenure_months": -0.010,
            "complaints": 0.50,
            "service_contacts": 0.15,
            "monthly_fee": 0.004,
            "plan": {
                "prepaid": 0.7,
                "basic": 0.0,
                "data plus": -0.2,
                "family": -0.8,
                "business": -0.5,
            },
            "tier_unworthy": 1.5,
        },
        "passive_probability": {"unworthy": 0.75, "other_postpaid": 0.03, "prepaid": 0.0},
        "active_reason_weight": {
            "competition": 0.42,
            "price": 0.22,
            "service attitude": 0.15,
            "billing/integrity": 0.12,
            "natural": 0.09,
        },
        "reason_tilt": {
            "service attitude_if_complained": 2.0,
            "billing/integrity_if_complained": 1.5,
            "price_if_prepaid": 1.5,
            "competition_if_key": 1.5,
        },
    }
)
"""True parameters of :func:`generate_telecom_churn` (see its docstring)."""


def generate_telecom_churn(
    seed: int = SEEDS["telecom_churn"], n_subscribers: int = 7000
) -> pd.DataFrame:
    """Simulate the subscribers of a fictional mobile operator and their churn (客户流失).

    Modelled on the China Mobile case of Knowing the customer (competitors, "the big
    shop bullies customers" 店大欺客, natural churn, integrity problems,
    neglected details) and the churn types of Keeping relationships (active vs passive).
    The process, with the true parameters of :data:`TELECOM_PARAMS`:

    1. **Profile**: region; plan prepaid .30, basic .25, data plus .22,
       family .15, business .08; monthly_fee = plan median (35, 58, 98, 158,
       228 yuan) x lognormal(0, 0.30^2), rounded to 0.01; tenure_months =
       1 + Gamma(1.3, 15 months) x plan multiplier (0.7, 1.0, 1.0, 1.4,
       1.5), whole months, at most 120; complaints ~ Poisson(0.35) and
       service_contacts ~ Poisson(0.8 + 1.2 complaints) in the last 12
       months.
    2. **Tier** (Keeping relationships): "unworthy" if the subscriber has an arrears
       record (postpaid only, probability .12); otherwise "key" if
       monthly_fee >= 180, "ordinary" if >= 60, else "small".
    3. **Churn**: churned ~ Bernoulli(logistic(eta)) with
       eta = -1.85 - 0.010 tenure_months + 0.50 complaints
       + 0.15 service_contacts + 0.004 monthly_fee + plan effect (prepaid
       +0.7, basic 0, data plus -0.2, family -0.8, business -0.5) + 1.5 if
       tier is unworthy. A logistic regression on these columns recovers the
       coefficients.
    4. **Type**: a churned subscriber is passive (bad debt, 欠费) with
       probability .75 if unworthy, .03 if another postpaid subscriber and
       0 if prepaid (prepaid cannot run up debt); otherwise active.
    5. **Reason** of an active churner: competition .42, price .22, service
       attitude .15, billing/integrity .12, natural .09, re-weighted x2
       (service attitude) and x1.5 (billing/integrity) if the subscriber
       complained, x1.5 (price) for prepaid and x1.5 (competition) for key
       subscribers (rivals court high-end users). Passive churners have the
       reason "bad debt". Reasons and type are missing for stayers.

    ``tenure_months`` is the tenure at leaving for churners and at the
    extraction date for the others, so (tenure_months, churned) can be read
    as survival data.

    Parameters
    ----------
    seed : int, default SEEDS["telecom_churn"] (505)
        Seed of ``numpy.random.default_rng``.
    n_subscribers : int, default 7000
        Number of subscribers.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`load_telecom_churn`.

    Raises
    ------
    TypeError
        If ``seed`` or ``n_subscribers`` is not an integer.
    ValueError
        If ``seed`` is negative or ``n_subscribers`` is below 1.

    References
    ----------
    Knowing the customer (China Mobile churn case), Keeping relationships (churn types and the
    attitude to churn by customer tier).

    Examples
    --------
    >>> churn = generate_telecom_churn(seed=1, n_subscribers=100)
    >>> churn.shape
    (100, 11)
    >>> bool(churn.loc[~churn["churned"], "churn_reason"].isna().all())
    True
    """
    seed = _check_seed(seed)
    n = _check_size(n_subscribers, "n_subscribers")
    params = TELECOM_PARAMS
    rng = np.random.default_rng(seed)
    regions = list(params["region_share"])
    plans = list(params["plan_share"])
    region = _draw(rng, list(params["region_share"].values()), n)
    plan = _draw(rng, list(params["plan_share"].values()), n)
    prepaid = plan == plans.index("prepaid")

    fee_median = _values(params["plan_fee_median"], plans)[plan]
    monthly_fee = np.round(fee_median * np.exp(params["fee_log_sd"] * rng.standard_normal(n)), 2)
    tg = params["tenure_gamma"]
    tenure_scale = tg["scale_months"] * _values(params["tenure_multiplier"], plans)[plan]
    tenure = 1 + np.floor(rng.gamma(tg["shape"], tenure_scale)).astype(np.int64)
    tenure = np.minimum(tenure, params["max_tenure_months"])
    complaints = rng.poisson(params["complaints_mean"], size=n)
    contacts = rng.poisson(
        params["contacts"]["base"] + params["contacts"]["per_complaint"] * complaints
    )

    arrears = ~prepaid & (rng.uniform(size=n) < params["arrears_probability_postpaid"])
    cut = params["tier_fee_cut"]
    tier = np.where(
        arrears,
        "unworthy",
        np.where(
            monthly_fee >= cut["key"],
            "key",
            np.where(monthly_fee >= cut["ordinary"], "ordinary", "small"),
        ),
    )

    b = params["logit"]
    eta = (
        b["intercept"]
        + b["tenure_months"] * tenure
        + b["complaints"] * complaints
        + b["service_contacts"] * contacts
        + b["monthly_fee"] * monthly_fee
        + _values(b["plan"], plans)[plan]
        + b["tier_unworthy"] * (tier == "unworthy")
    )
    churned = rng.uniform(size=n) < 1 / (1 + np.exp(-eta))

    pp = params["passive_probability"]
    passive_p = np.where(
        tier == "unworthy", pp["unworthy"], np.where(prepaid, pp["prepaid"], pp["other_postpaid"])
    )
    passive = churned & (rng.uniform(size=n) < passive_p)

    reasons = list(params["active_reason_weight"])
    weights = np.tile(_values(params["active_reason_weight"], reasons), (n, 1))
    tilt = params["reason_tilt"]
    complained = complaints > 0
    weights[complained, reasons.index("service attitude")] *= tilt["service attitude_if_complained"]
    weights[complained, reasons.index("billing/integrity")] *= tilt[
        "billing/integrity_if_complained"
    ]
    weights[prepaid, reasons.index("price")] *= tilt["price_if_prepaid"]
    weights[tier == "key", reasons.index("competition")] *= tilt["competition_if_key"]
    active_reason = np.array(reasons)[_draw_rows(rng, weights)]

    churn_type = np.where(passive, "passive", "active").astype(object)
    churn_reason = np.where(passive, "bad debt", active_reason).astype(object)
    churn_type[~churned] = None
    churn_reason[~churned] = None

    frame = pd.DataFrame(
        {
            "subscriber_id": np.arange(1, n + 1),
            "region": np.array(regions)[region],
            "plan": np.array(plans)[plan],
            "monthly_fee": monthly_fee,
            "tenure_months": tenure,
            "complaints": complaints,
            "service_contacts": contacts,
            "tier": tier,
            "churned": churned,
            "churn_type": churn_type,
            "churn_reason": churn_reason,
        }
    )
    return conform(frame, "telecom_churn")
