"""Generator of the Kano survey of eight service features."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab.datasets._common import SEEDS, _check_seed, _check_size, _draw_rows, _frozen
from crmlab.datasets._schema import conform

# --------------------------------------------------------------------------
# Kano survey
# --------------------------------------------------------------------------
_KANO_CATEGORIES = ("A", "O", "M", "I", "R", "Q")

KANO_PARAMS = _frozen(
    {
        "true_category": {
            "free delivery": "O",
            "mobile app": "A",
            "self checkout": "A",
            "clean fitting rooms": "M",
            "member discounts": "O",
            "product returns": "M",
            "personal shopper": "I",
            "store parking": "I",
        },
        # Share of respondents who perceive each feature as A, O, M, I, R, Q.
        "category_mix": {
            "free delivery": (0.25, 0.50, 0.08, 0.13, 0.02, 0.02),
            "mobile app": (0.45, 0.12, 0.03, 0.30, 0.07, 0.03),
            "self checkout": (0.42, 0.10, 0.05, 0.31, 0.10, 0.02),
            "clean fitting rooms": (0.05, 0.25, 0.55, 0.12, 0.01, 0.02),
            "member discounts": (0.22, 0.48, 0.15, 0.12, 0.01, 0.02),
            "product returns": (0.05, 0.30, 0.50, 0.12, 0.01, 0.02),
            "personal shopper": (0.28, 0.06, 0.02, 0.50, 0.12, 0.02),
            "store parking": (0.08, 0.15, 0.30, 0.42, 0.02, 0.03),
        },
        # Answer pairs (functional, dysfunctional) given the perceived category.
        "answer_pairs": {
            "A": {
                ("like", "neutral"): 0.45,
                ("like", "live-with"): 0.35,
                ("like", "must-be"): 0.20,
            },
            "O": {("like", "dislike"): 1.0},
            "M": {
                ("neutral", "dislike"): 0.40,
                ("must-be", "dislike"): 0.35,
                ("live-with", "dislike"): 0.25,
            },
            "I": {
                ("neutral", "neutral"): 0.40,
                ("neutral", "live-with"): 0.20,
                ("live-with", "live-with"): 0.15,
                ("must-be", "neutral"): 0.10,
                ("live-with", "neutral"): 0.10,
                ("must-be", "must-be"): 0.05,
            },
            "R": {
                ("dislike", "like"): 0.40,
                ("neutral", "like"): 0.25,
                ("live-with", "like"): 0.20,
                ("dislike", "neutral"): 0.15,
            },
            "Q": {("like", "like"): 0.60, ("dislike", "dislike"): 0.40},
        },
    }
)
"""True parameters of :func:`generate_kano_survey` (see its docstring)."""


def generate_kano_survey(
    seed: int = SEEDS["kano_survey"], n_respondents: int = 200
) -> pd.DataFrame:
    """Simulate a Kano survey (卡诺模型问卷) on eight service features of Huamei Stores.

    Each respondent answers, for every feature, the functional question
    ("if the store offers it, how do you feel?") and the dysfunctional one
    ("if it does not?") with "like", "must-be", "neutral", "live-with" or
    "dislike".

    The process, with the true parameters of :data:`KANO_PARAMS`:

    1. For each respondent and feature, the category the respondent
       perceives is drawn from the feature's mix over (A, O, M, I, R, Q):

       ===================  ====  =============================
       feature              true  mix A / O / M / I / R / Q (%)
       ===================  ====  =============================
       free delivery        O     25 / 50 /  8 / 13 /  2 / 2
       mobile app           A     45 / 12 /  3 / 30 /  7 / 3
       self checkout        A     42 / 10 /  5 / 31 / 10 / 2
       clean fitting rooms  M      5 / 25 / 55 / 12 /  1 / 2
       member discounts     O     22 / 48 / 15 / 12 /  1 / 2
       product returns      M      5 / 30 / 50 / 12 /  1 / 2
       personal shopper     I     28 /  6 /  2 / 50 / 12 / 2
       store parking        I      8 / 15 / 30 / 42 /  2 / 3
       ===================  ====  =============================

    2. The answer pair is drawn among the pairs that the standard Kano
       evaluation table maps to that category, e.g. A: (like, neutral) .45,
       (like, live-with) .35, (like, must-be) .20; O: (like, dislike);
       M: (neutral | must-be | live-with, dislike) .40 / .35 / .25 (all pairs
       in ``KANO_PARAMS["answer_pairs"]``).

    Parameters
    ----------
    seed : int, default SEEDS["kano_survey"] (313)
        Seed of ``numpy.random.default_rng``.
    n_respondents : int, default 200
        Number of respondents; the result has 8 rows per respondent.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`load_kano_survey`.

    Raises
    ------
    TypeError
        If ``seed`` or ``n_respondents`` is not an integer.
    ValueError
        If ``seed`` is negative or ``n_respondents`` is below 1.

    References
    ----------
    CRM slides (Kano model: 迷人质量, 期望质量, 当然质量). Kano, N. et al.
    (1984), "Attractive quality and must-be quality", Journal of the
    Japanese Society for Quality Control 14(2).

    Examples
    --------
    >>> kano = generate_kano_survey(seed=1, n_respondents=10)
    >>> kano.shape
    (80, 4)
    """
    seed = _check_seed(seed)
    n = _check_size(n_respondents, "n_respondents")
    params = KANO_PARAMS
    rng = np.random.default_rng(seed)
    features = list(params["true_category"])
    mix = np.array([params["category_mix"][f] for f in features])
    feature_index = np.tile(np.arange(len(features)), n)
    category = _draw_rows(rng, mix[feature_index])

    # Category x slot tables of answer pairs; unused slots have probability 0.
    width = max(len(params["answer_pairs"][c]) for c in _KANO_CATEGORIES)
    pair_probs = np.zeros((len(_KANO_CATEGORIES), width))
    pair_answers = np.full((len(_KANO_CATEGORIES), width, 2), "neutral", dtype=object)
    for k, c in enumerate(_KANO_CATEGORIES):
        options = params["answer_pairs"][c]
        pair_probs[k, : len(options)] = list(options.values())
        pair_answers[k, : len(options)] = list(options)
    pair = _draw_rows(rng, pair_probs[category])
    functional = pair_answers[category, pair, 0]
    dysfunctional = pair_answers[category, pair, 1]

    frame = pd.DataFrame(
        {
            "respondent_id": np.repeat(np.arange(1, n + 1), len(features)),
            "feature": np.array(features)[feature_index],
            "functional": functional,
            "dysfunctional": dysfunctional,
        }
    )
    return conform(frame, "kano_survey")
