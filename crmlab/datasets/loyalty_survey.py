"""Generator of the loyalty survey (relative attitude and the four determinants)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab.datasets._common import SEEDS, _check_seed, _check_size, _frozen, _likert
from crmlab.datasets._schema import conform
from crmlab.datasets.customers import _check_enough, _purchase_log, _survey_year_buyers

# --------------------------------------------------------------------------
# Loyalty survey
# --------------------------------------------------------------------------
LOYALTY_PARAMS = _frozen(
    {
        "determinants": {
            "satisfaction": {"intercept": 4.8, "behaviour": 0.45, "noise_sd": 0.9},
            "perceived_value": {"intercept": 4.5, "satisfaction": 0.5, "noise_sd": 0.8},
            "switching_cost": {"intercept": 3.5, "behaviour": 0.6, "noise_sd": 1.0},
            "trust": {"intercept": 1.6, "satisfaction": 0.55, "noise_sd": 0.7},
        },
        "item_noise_sd": 0.7,
        "attitude": {
            "intercept": 0.0,
            "perceived_value": 0.30,
            "satisfaction": 0.40,
            "switching_cost": 0.10,
            "trust": 0.25,
            "noise_sd": 0.55,
        },
        "attitude_item_noise_sd": 0.6,
        "share_of_wallet": {
            "intercept": -0.7,
            "attitude": 0.6,
            "behaviour": 0.5,
            "noise_sd": 0.6,
            "floor": 0.05,
        },
        "category_spend_step": 10.0,
    }
)
"""True parameters of :func:`generate_loyalty_survey` (see its docstring)."""


def generate_loyalty_survey(
    seed: int = SEEDS["loyalty_survey"],
    n_respondents: int = 1500,
    transactions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Simulate the loyalty survey (忠诚度调查) of Huamei Stores.

    The process, with the true parameters of :data:`LOYALTY_PARAMS`:

    1. **Sample**: ``n_respondents`` distinct customers who bought in the
       last calendar year of the purchase log (2024). Their behaviour score
       b is the standardized log number of purchases in that year (mean 0,
       sd 1 among that year's buyers).
    2. **Determinants** (Keeping relationships): latent values, each then measured by
       three 1-7 items (latent + N(0, 0.7^2), rounded and clipped) whose
       mean, rounded to 0.01, is the scale score in the data:
       satisfaction = 4.8 + 0.45 b + N(0, 0.9^2);
       perceived_value = 4.5 + 0.5 (satisfaction - 4.8) + N(0, 0.8^2);
       switching_cost = 3.5 + 0.6 b + N(0, 1);
       trust = 1.6 + 0.55 satisfaction + N(0, 0.7^2) (trust is driven by
       satisfaction).
    3. **Relative attitude** from the *measured* scale scores, the true
       regression (so OLS of the mean attitude on the four scores recovers
       it, up to rounding): attitude = 0.30 perceived_value +
       0.40 satisfaction + 0.10 switching_cost + 0.25 trust + N(0, 0.55^2);
       items attitude_1..3 = attitude + N(0, 0.6^2), rounded to 1-7.
    4. **Category spend**: true share of wallet
       w = logistic(-0.7 + 0.6 (attitude - 4.5) + 0.5 b + N(0, 0.6^2)), at
       least 0.05; category_spend = the customer's survey-year spend with us
       / w, rounded up to 10 yuan, so share of wallet <= 1.

    Frequent buyers score higher on average, yet the noise leaves latent
    (high attitude, few purchases) and spurious (low attitude, many
    purchases) loyal customers, as in Dick and Basu's four types.

    Parameters
    ----------
    seed : int, default SEEDS["loyalty_survey"] (404)
        Seed of ``numpy.random.default_rng``.
    n_respondents : int, default 1500
        Number of respondents; at most the number of survey-year buyers.
    transactions : pandas.DataFrame, optional
        Purchase log (``customer_id``, ``date``, ``amount``). By default the
        shipped log (regenerated with its seed).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`load_loyalty_survey`, sorted by customer.

    Raises
    ------
    TypeError
        If ``seed`` or ``n_respondents`` is not an integer, or
        ``transactions`` is not a DataFrame.
    ValueError
        If ``seed`` is negative, ``n_respondents`` is below 1 or larger than
        the number of survey-year buyers, or ``transactions`` misses a column.

    References
    ----------
    Keeping relationships (loyalty types and determinants), CRM slides (share of wallet).
    Dick, A. S. & Basu, K. (1994), "Customer loyalty: toward an integrated
    conceptual framework", Journal of the Academy of Marketing Science 22(2).

    Examples
    --------
    >>> loyalty = generate_loyalty_survey(seed=1, n_respondents=100)
    >>> loyalty.shape
    (100, 9)
    """
    seed = _check_seed(seed)
    n = _check_size(n_respondents, "n_respondents")
    log = _purchase_log(transactions)
    params = LOYALTY_PARAMS
    buyers = _survey_year_buyers(log)
    _check_enough(n, len(buyers), "n_respondents")
    rng = np.random.default_rng(seed)

    log_purchases = np.log(buyers["purchases"].to_numpy(dtype=float))
    spread = log_purchases.std() or 1.0
    behaviour_all = (log_purchases - log_purchases.mean()) / spread
    pick = np.sort(rng.choice(len(buyers), size=n, replace=False))
    customer_id = buyers.index.to_numpy()[pick]
    b = behaviour_all[pick]
    spend = buyers["spend"].to_numpy()[pick]

    d = params["determinants"]
    sat = d["satisfaction"]
    pv = d["perceived_value"]
    sc = d["switching_cost"]
    tr = d["trust"]
    latent_sat = sat["intercept"] + sat["behaviour"] * b + sat["noise_sd"] * rng.standard_normal(n)
    latent = {
        "satisfaction": latent_sat,
        "perceived_value": pv["intercept"]
        + pv["satisfaction"] * (latent_sat - sat["intercept"])
        + pv["noise_sd"] * rng.standard_normal(n),
        "switching_cost": sc["intercept"]
        + sc["behaviour"] * b
        + sc["noise_sd"] * rng.standard_normal(n),
        "trust": tr["intercept"]
        + tr["satisfaction"] * latent_sat
        + tr["noise_sd"] * rng.standard_normal(n),
    }
    scores = {
        name: np.round(
            _likert(
                value[:, None] + params["item_noise_sd"] * rng.standard_normal((n, 3)), 1, 7
            ).mean(axis=1),
            2,
        )
        for name, value in latent.items()
    }
    a = params["attitude"]
    attitude = (
        a["intercept"]
        + sum(a[name] * scores[name] for name in latent)
        + a["noise_sd"] * rng.standard_normal(n)
    )
    items = _likert(
        attitude[:, None] + params["attitude_item_noise_sd"] * rng.standard_normal((n, 3)), 1, 7
    )

    w = params["share_of_wallet"]
    logit = (
        w["intercept"]
        + w["attitude"] * (attitude - 4.5)
        + w["behaviour"] * b
        + w["noise_sd"] * rng.standard_normal(n)
    )
    share = np.maximum(1 / (1 + np.exp(-logit)), w["floor"])
    step = params["category_spend_step"]
    category_spend = np.ceil(np.round(spend / share, 6) / step) * step
    category_spend = np.maximum(category_spend, np.ceil(spend / step) * step)

    frame = pd.DataFrame(
        {
            "customer_id": customer_id,
            "attitude_1": items[:, 0],
            "attitude_2": items[:, 1],
            "attitude_3": items[:, 2],
            "perceived_value": scores["perceived_value"],
            "satisfaction": scores["satisfaction"],
            "switching_cost": scores["switching_cost"],
            "trust": scores["trust"],
            "category_spend": category_spend,
        }
    )
    return conform(frame, "loyalty_survey")
