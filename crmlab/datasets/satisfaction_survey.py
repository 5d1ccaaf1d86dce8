"""Generator of the satisfaction survey (weighted index leaves, overall, NPS, ratio)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab.datasets._common import SEEDS, _check_seed, _check_size, _frozen, _likert, _values
from crmlab.datasets._schema import conform
from crmlab.datasets.customers import _check_enough, _purchase_log, _survey_year_buyers
from crmlab.satisfaction import SIMPLE_INDEX

# --------------------------------------------------------------------------
# Satisfaction survey
# --------------------------------------------------------------------------
# The 14 leaves of the indicator tree of CRM and satisfaction, in the tree's order.
_LEAVES = SIMPLE_INDEX.leaf_ids
# Overall weight of each leaf in the weighted satisfaction index: second-level x third-level weight.
_INDEX_LEAF_WEIGHTS = SIMPLE_INDEX.leaf_weights().to_dict()

SATISFACTION_PARAMS = _frozen(
    {
        "leaf_mean": {
            "X311": 82.0,
            "X312": 78.0,
            "X313": 80.0,
            "X321": 77.0,
            "X322": 75.0,
            "X323": 72.0,
            "X324": 74.0,
            "X331": 64.0,
            "X332": 58.0,
            "X341": 71.0,
            "X342": 68.0,
            "X343": 73.0,
            "X351": 83.0,
            "X352": 79.0,
        },
        "leaf_loading": 9.0,
        "leaf_noise_sd": 8.0,
        "weakest_indicator": "X23",
        "store_effect": {"S03": 0.3, "S05": 0.2, "S07": -0.8},
        "segment_effect": {"new": -0.1, "regular": 0.0, "VIP": 0.3},
        "missing_share": 0.015,
        "missing_share_repair": 0.05,
        "overall": {"intercept": -0.5, "per_index_point": 0.105, "noise_sd": 0.7},
        "recommend": {"intercept": 8.1, "slope": 1.6, "noise_sd": 1.0},
        "repurchase": {"intercept": 3.7, "slope": 0.75, "noise_sd": 0.6},
        "expected": {
            "mean": 7.0,
            "segment_shift": {"new": -0.3, "regular": 0.0, "VIP": 0.6},
            "sd": 1.1,
        },
        "perceived": {"slope": 0.9, "noise_sd": 0.9, "shift": 0.1},
    }
)
"""True parameters of :func:`generate_satisfaction_survey` (see its docstring)."""


def generate_satisfaction_survey(
    seed: int = SEEDS["satisfaction_survey"],
    n_respondents: int = 600,
    transactions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Simulate the satisfaction survey (顾客满意度调查) of Huamei Stores.

    The process, with the true parameters of :data:`SATISFACTION_PARAMS`:

    1. **Sample**: ``n_respondents`` distinct customers drawn at random from
       those who bought in the last calendar year of the purchase log (2024).
       ``store`` is the store of their last purchase; ``segment`` is "new"
       (first purchase ever in the last 182 days of the log), "VIP"
       (otherwise, in the top 20% of that year's spend among the buyers who
       are not new) or "regular".
    2. **Latent satisfaction** s = z + store effect + segment effect, with
       z ~ N(0, 1), store effects S03 +0.3, S05 +0.2, S07 -0.8 (others 0) and
       segment effects new -0.1, regular 0, VIP +0.3.
    3. **Leaves** of the indicator tree of CRM and satisfaction, 0-100 integers:
       X = mean + 9 s + N(0, 8^2), clipped to [0, 100]. True means: X311 82,
       X312 78, X313 80, X321 77, X322 75, X323 72, X324 74, X331 64,
       X332 58, X341 71, X342 68, X343 73, X351 83, X352 79. So the
       installation quality X23 (weighted mean 61.6) is clearly the weakest
       second-level indicator; repair quality X24 (70.8) is second weakest.
       With every leaf at its mean the weighted satisfaction index is Y = 75.6.
    4. **Missing answers**: each answer is missing completely at random with
       probability 1.5%, the repair items X341-X343 with 5% (some had nothing
       repaired): about 2% of all answers.
    5. **Outcomes** (integers, clipped to their scales), using the index Y of
       the complete answers: overall_satisfaction (1-10) =
       -0.5 + 0.105 Y + N(0, 0.7^2); recommend (0-10) = 8.1 + 1.6 s +
       N(0, 1); repurchase_intention (1-5) = 3.7 + 0.75 s + N(0, 0.6^2);
       expected (1-10) = 7.0 + segment shift (new -0.3, VIP +0.6) +
       N(0, 1.1^2); perceived (1-10) = expected + 0.1 + 0.9 s + N(0, 0.9^2)
       (the latent values before rounding). Expected is at least 1, so the
       satisfaction ratio perceived / expected is always defined.

    Parameters
    ----------
    seed : int, default SEEDS["satisfaction_survey"] (303)
        Seed of ``numpy.random.default_rng``.
    n_respondents : int, default 600
        Number of respondents; at most the number of customers who bought in
        the survey year.
    transactions : pandas.DataFrame, optional
        Purchase log with ``customer_id``, ``date``, ``amount`` and
        ``store``. By default the shipped log (regenerated with its seed).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`load_satisfaction_survey`, sorted by customer.

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
    CRM and satisfaction (the weighted satisfaction index and its indicator tree),
    CRM slides (satisfaction ratio C = B / A).

    Examples
    --------
    >>> survey = generate_satisfaction_survey(seed=1, n_respondents=50)
    >>> survey.shape
    (50, 23)
    """
    seed = _check_seed(seed)
    n = _check_size(n_respondents, "n_respondents")
    log = _purchase_log(transactions, ("store",))
    params = SATISFACTION_PARAMS
    buyers = _survey_year_buyers(log)
    _check_enough(n, len(buyers), "n_respondents")
    rng = np.random.default_rng(seed)

    chosen = np.sort(rng.choice(buyers.index.to_numpy(), size=n, replace=False))
    info = buyers.loc[chosen]
    vip_cut = buyers.loc[~buyers["new"], "spend"].quantile(0.8)
    segment = np.where(info["new"], "new", np.where(info["spend"] >= vip_cut, "VIP", "regular"))
    last = log.sort_values(["customer_id", "date"], kind="stable").groupby("customer_id").tail(1)
    store = last.set_index("customer_id")["store"].reindex(chosen).to_numpy()

    store_effect = pd.Series(store).map(params["store_effect"]).fillna(0.0).to_numpy()
    segment_effect = pd.Series(segment).map(params["segment_effect"]).to_numpy()
    s = rng.standard_normal(n) + store_effect + segment_effect

    means = _values(params["leaf_mean"], _LEAVES)
    latent = (
        means
        + params["leaf_loading"] * s[:, None]
        + params["leaf_noise_sd"] * rng.standard_normal((n, len(_LEAVES)))
    )
    leaves = _likert(latent, 0, 100)
    index = leaves @ _values(_INDEX_LEAF_WEIGHTS, _LEAVES)
    missing_share = np.where(
        np.isin(_LEAVES, ("X341", "X342", "X343")),
        params["missing_share_repair"],
        params["missing_share"],
    )
    missing = rng.uniform(size=leaves.shape) < missing_share

    o, r, q = params["overall"], params["recommend"], params["repurchase"]
    overall = _likert(
        o["intercept"] + o["per_index_point"] * index + o["noise_sd"] * rng.standard_normal(n),
        1,
        10,
    )
    recommend = _likert(
        r["intercept"] + r["slope"] * s + r["noise_sd"] * rng.standard_normal(n), 0, 10
    )
    repurchase = _likert(
        q["intercept"] + q["slope"] * s + q["noise_sd"] * rng.standard_normal(n), 1, 5
    )
    e, p = params["expected"], params["perceived"]
    expected_latent = (
        e["mean"]
        + pd.Series(segment).map(e["segment_shift"]).to_numpy()
        + e["sd"] * rng.standard_normal(n)
    )
    perceived_latent = (
        expected_latent + p["shift"] + p["slope"] * s + p["noise_sd"] * rng.standard_normal(n)
    )

    frame = pd.DataFrame(
        {
            "respondent_id": np.arange(1, n + 1),
            "customer_id": chosen,
            "store": store,
            "segment": segment,
        }
    )
    answers = pd.DataFrame(leaves, columns=list(_LEAVES)).astype("Int64")
    answers = answers.mask(pd.DataFrame(missing, columns=list(_LEAVES)))
    frame = pd.concat([frame, answers], axis=1)
    frame["overall_satisfaction"] = overall
    frame["recommend"] = recommend
    frame["repurchase_intention"] = repurchase
    frame["expected"] = _likert(expected_latent, 1, 10)
    frame["perceived"] = _likert(perceived_latent, 1, 10)
    return conform(frame, "satisfaction_survey")
