"""Generator of the CCSI survey of eight fictional air-conditioner brands."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab.datasets._common import (
    SEEDS,
    _check_seed,
    _check_size,
    _draw,
    _frozen,
    _likert,
    _values,
)
from crmlab.datasets._schema import conform

# --------------------------------------------------------------------------
# CCSI survey
# --------------------------------------------------------------------------
_CCSI_CONSTRUCTS = ("BI", "EQ", "PQ", "PV", "SAT", "LOY")

CCSI_PARAMS = _frozen(
    {
        "brand_share": {
            "Arctiva": 0.22,
            "Breezia": 0.18,
            "Coolwave": 0.15,
            "Frostel": 0.12,
            "Lanfeng": 0.10,
            "Nordair": 0.09,
            "Qingliang": 0.08,
            "Zephyra": 0.06,
        },
        "brand_image_mean": {
            "Arctiva": 0.6,
            "Breezia": 0.4,
            "Coolwave": 0.1,
            "Frostel": 0.3,
            "Lanfeng": -0.2,
            "Nordair": 0.0,
            "Qingliang": -0.5,
            "Zephyra": -0.3,
        },
        "perceived_quality_shift": {
            "Arctiva": 0.3,
            "Breezia": 0.1,
            "Coolwave": 0.4,
            "Frostel": -0.3,
            "Lanfeng": 0.2,
            "Nordair": -0.1,
            "Qingliang": -0.4,
            "Zephyra": 0.0,
        },
        "paths": {
            "EQ": {"BI": 0.60},
            "PQ": {"BI": 0.25, "EQ": 0.35},
            "PV": {"EQ": 0.20, "PQ": 0.55},
            "SAT": {"BI": 0.15, "PQ": 0.40, "PV": 0.35},
            "LOY": {"BI": 0.20, "SAT": 0.60},
        },
        "residual_sd": {"BI": 1.0, "EQ": 0.80, "PQ": 0.84, "PV": 0.75, "SAT": 0.60, "LOY": 0.70},
        "indicator_intercept": {"BI": 7.4, "EQ": 7.8, "PQ": 7.3, "PV": 6.9, "SAT": 7.2, "LOY": 6.8},
        "loadings": {
            "BI": (0.90, 0.85, 0.80),
            "EQ": (0.85, 0.90, 0.80),
            "PQ": (0.90, 0.88, 0.82),
            "PV": (0.88, 0.85, 0.80),
            "SAT": (0.92, 0.90, 0.86),
            "LOY": (0.88, 0.84, 0.78),
        },
        "scale": 1.3,
        "indicator_noise_sd": 0.8,
    }
)
"""True parameters of :func:`generate_ccsi_survey` (see its docstring)."""


def generate_ccsi_survey(
    seed: int = SEEDS["ccsi_survey"], n_respondents: int = 800
) -> pd.DataFrame:
    """Simulate a CCSI survey (中国顾客满意指数) of eight fictional air-conditioner brands.

    Each respondent owns one brand (drawn with the market shares
    Arctiva .22, Breezia .18, Coolwave .15, Frostel .12, Lanfeng .10,
    Nordair .09, Qingliang .08, Zephyra .06) and rates it.

    The structural model of the CCSI (CRM and satisfaction), latent variables with the
    true path coefficients of :data:`CCSI_PARAMS` and independent normal
    residuals (sd in brackets):

    * BI (brand image) = brand mean + e [1.0]; brand means Arctiva 0.6,
      Breezia 0.4, Coolwave 0.1, Frostel 0.3, Lanfeng -0.2, Nordair 0,
      Qingliang -0.5, Zephyra -0.3;
    * EQ (expected quality) = 0.60 BI + e [0.80];
    * PQ (perceived quality) = brand shift + 0.25 BI + 0.35 EQ + e [0.84];
      shifts Arctiva 0.3, Breezia 0.1, Coolwave 0.4, Frostel -0.3,
      Lanfeng 0.2, Nordair -0.1, Qingliang -0.4, Zephyra 0;
    * PV (perceived value) = 0.20 EQ + 0.55 PQ + e [0.75];
    * SAT (satisfaction) = 0.15 BI + 0.40 PQ + 0.35 PV + e [0.60];
    * LOY (loyalty) = 0.20 BI + 0.60 SAT + e [0.70].

    Measurement model: indicator k of construct C is
    round(c_C + 1.3 x loading_Ck x C + N(0, 0.8^2)) clipped to 1-10, with
    intercepts c = BI 7.4, EQ 7.8, PQ 7.3, PV 6.9, SAT 7.2, LOY 6.8 and
    loadings between 0.78 and 0.92 (``CCSI_PARAMS["loadings"]``).

    Parameters
    ----------
    seed : int, default SEEDS["ccsi_survey"] (323)
        Seed of ``numpy.random.default_rng``.
    n_respondents : int, default 800
        Number of respondents (one brand each).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`load_ccsi_survey`.

    Raises
    ------
    TypeError
        If ``seed`` or ``n_respondents`` is not an integer.
    ValueError
        If ``seed`` is negative or ``n_respondents`` is below 1.

    References
    ----------
    CRM and satisfaction (CCSI model: 品牌形象, 预期质量, 感知质量, 感知价值, 顾客满意,
    顾客忠诚). Fornell, C. et al. (1996), "The American Customer
    Satisfaction Index", Journal of Marketing 60(4).

    Examples
    --------
    >>> ccsi = generate_ccsi_survey(seed=1, n_respondents=40)
    >>> ccsi.shape
    (40, 20)
    """
    seed = _check_seed(seed)
    n = _check_size(n_respondents, "n_respondents")
    params = CCSI_PARAMS
    rng = np.random.default_rng(seed)
    brands = list(params["brand_share"])
    brand = _draw(rng, list(params["brand_share"].values()), n)
    sd = params["residual_sd"]
    paths = params["paths"]
    lv = {
        "BI": _values(params["brand_image_mean"], brands)[brand] + sd["BI"] * rng.standard_normal(n)
    }
    for construct in ("EQ", "PQ", "PV", "SAT", "LOY"):
        value = sd[construct] * rng.standard_normal(n)
        for cause, coefficient in paths[construct].items():
            value = value + coefficient * lv[cause]
        if construct == "PQ":
            value = value + _values(params["perceived_quality_shift"], brands)[brand]
        lv[construct] = value

    frame = pd.DataFrame({"respondent_id": np.arange(1, n + 1), "brand": np.array(brands)[brand]})
    for construct in _CCSI_CONSTRUCTS:
        loadings = np.array(params["loadings"][construct])
        scores = (
            params["indicator_intercept"][construct]
            + params["scale"] * loadings * lv[construct][:, None]
            + params["indicator_noise_sd"] * rng.standard_normal((n, 3))
        )
        for k in range(3):
            frame[f"{construct}{k + 1}"] = _likert(scores[:, k], 1, 10)
    return conform(frame, "ccsi_survey")
