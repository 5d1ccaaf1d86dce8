"""What to improve: the Kano model (CRM slides; Berger et al. 1993) and
importance/performance analysis (Chain-store CRM; Martilla and James 1977).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd

from crmlab._align import align, shaped
from crmlab._validation import (
    check_count,
    check_finite,
    check_labels,
    one_dimensional,
)
from crmlab.glossary import TermTable
from crmlab.i18n import message

# ---------------------------------------------------------------------------
# Kano model (CRM slides; Berger et al. 1993)
# ---------------------------------------------------------------------------

KANO_ANSWERS = ("like", "must-be", "neutral", "live-with", "dislike")
"""The five answers to a Kano question, in the order of the evaluation table."""

KANO_CATEGORIES = ("A", "O", "M", "I", "R", "Q")

KANO_LABELS = TermTable(
    {
        "A": "attractive-quality",
        "O": "one-dimensional-quality",
        "M": "must-be-quality",
        "I": "indifferent-quality",
        "R": "reverse-quality",
        "Q": "questionable-answer",
    }
)
"""Kano categories with English and Chinese names (CRM slides names A, O and M)."""

_KANO_GRID = np.array(
    [
        # dysfunctional: like, must-be, neutral, live-with, dislike
        ["Q", "A", "A", "A", "O"],  # functional: like
        ["R", "I", "I", "I", "M"],  # functional: must-be
        ["R", "I", "I", "I", "M"],  # functional: neutral
        ["R", "I", "I", "I", "M"],  # functional: live-with
        ["R", "R", "R", "R", "Q"],  # functional: dislike
    ]
)

KANO_TABLE = pd.DataFrame(
    _KANO_GRID,
    index=pd.Index(KANO_ANSWERS, name="functional"),
    columns=pd.Index(KANO_ANSWERS, name="dysfunctional"),
)
"""The Kano evaluation table (Berger et al. 1993): rows functional, columns dysfunctional."""

# When two categories are equally frequent, the one with the larger effect on
# dissatisfaction wins (the usual "M > O > A > I" rule of thumb).
_KANO_TIE_ORDER = ("M", "O", "A", "I", "R", "Q")


def kano_category(functional, dysfunctional):
    """Kano category of an answer pair by the standard Kano evaluation table.

    Each respondent answers a functional question ("How do you feel if the
    feature is present?") and a dysfunctional one ("... if it is absent?")
    with one of "like", "must-be", "neutral", "live-with", "dislike". The pair
    is looked up in :data:`KANO_TABLE`:

    ============  ====  =======  =======  =========  =======
    functional    like  must-be  neutral  live-with  dislike
    ============  ====  =======  =======  =========  =======
    like          Q     A        A        A          O
    must-be       R     I        I        I          M
    neutral       R     I        I        I          M
    live-with     R     I        I        I          M
    dislike       R     R        R        R          Q
    ============  ====  =======  =======  =========  =======

    (columns: dysfunctional answer). A = attractive (迷人质量), O =
    one-dimensional (期望质量), M = must-be (当然质量), I = indifferent (无差异),
    R = reverse (反向), Q = questionable (可疑).

    Parameters
    ----------
    functional, dysfunctional : str, array-like or Series
        Answers, each one of :data:`KANO_ANSWERS`, paired element by element.

    Returns
    -------
    str, ndarray of str or Series of str
        One of "A", "O", "M", "I", "R", "Q" per pair (a Series keeps its index).

    Raises
    ------
    ValueError
        If an answer is not one of the five labels (the allowed ones are
        listed), is missing, or the lengths differ.

    References
    ----------
    CRM slides (Kano model, 狩野纪昭). Berger, C. et al. (1993), "Kano's methods
    for understanding customer-defined quality", Center for Quality of
    Management Journal 2(4), 3-36.

    Examples
    --------
    >>> kano_category("like", "dislike")
    'O'
    >>> kano_category(["like", "neutral", "like"], ["neutral", "dislike", "like"])
    array(['A', 'M', 'Q'], dtype='<U1')
    """
    check_labels(functional, KANO_ANSWERS, "functional")
    check_labels(dysfunctional, KANO_ANSWERS, "dysfunctional")
    (functional, dysfunctional), index = align(functional=functional, dysfunctional=dysfunctional)
    position = {answer: i for i, answer in enumerate(KANO_ANSWERS)}
    rows = pd.Series(np.ravel(functional)).map(position).to_numpy(dtype=int)
    cols = pd.Series(np.ravel(dysfunctional)).map(position).to_numpy(dtype=int)
    result = _KANO_GRID[rows, cols]
    if np.ndim(functional) == 0 and np.ndim(dysfunctional) == 0:
        return str(result[0])
    return shaped(result, index, "kano_category")


class BetterWorse(NamedTuple):
    """Kano satisfaction (Better) and dissatisfaction (Worse) coefficients."""

    better: float
    worse: float


def better_worse(counts) -> BetterWorse:
    """Better and Worse coefficients of a feature from its Kano category counts.

    .. math::
        \\text{Better} = \\frac{A + O}{A + O + M + I}, \\qquad
        \\text{Worse} = -\\frac{O + M}{A + O + M + I}

    Better (in [0, 1]) is how much satisfaction the feature can add; Worse (in
    [-1, 0]) how much dissatisfaction its absence causes. Reverse and
    questionable answers are left out.

    Parameters
    ----------
    counts : mapping or Series
        Number of respondents per category; keys among "A", "O", "M", "I",
        "R", "Q" (absent keys count as 0). ``value_counts()`` of
        :func:`kano_category` output works directly.

    Returns
    -------
    BetterWorse
        A named tuple ``(better, worse)``.

    Raises
    ------
    ValueError
        If a key is not a Kano category, a count is negative or not whole, or
        A + O + M + I is 0.

    References
    ----------
    Berger et al. (1993), customer satisfaction coefficient; CRM slides.

    Examples
    --------
    >>> better_worse({"A": 30, "O": 20, "M": 40, "I": 10})
    BetterWorse(better=0.5, worse=-0.6)
    """
    if isinstance(counts, pd.Series):
        counts = counts.to_dict()
    if not isinstance(counts, Mapping):
        raise TypeError(
            message("satisfaction.counts_must_be_a_mapping", type=type(counts).__name__)
        )
    unknown = [key for key in counts if key not in KANO_CATEGORIES]
    if unknown:
        raise ValueError(
            message(
                "satisfaction.counts_has_unknown_kano_category",
                unknown=", ".join(map(repr, unknown)),
                allowed=", ".join(map(repr, KANO_CATEGORIES)),
            )
        )
    n = {key: float(check_count(counts.get(key, 0), f"counts[{key!r}]")) for key in "AOMI"}
    total = n["A"] + n["O"] + n["M"] + n["I"]
    if total == 0:
        raise ValueError(message("satisfaction.counts_has_no_a_o"))
    return BetterWorse((n["A"] + n["O"]) / total, 0.0 - (n["O"] + n["M"]) / total)


def kano_summary(functional, dysfunctional, feature) -> pd.DataFrame:
    """Kano analysis per feature: category counts, dominant category, Better and Worse.

    Each answer pair is classified with :func:`kano_category`; per feature the
    counts of A, O, M, I, R, Q are tallied, the most frequent category is the
    feature's category (ties broken in the order M, O, A, I, R, Q: the
    category that hurts most when missing wins), and Better and Worse are
    computed as in :func:`better_worse`.

    Parameters
    ----------
    functional, dysfunctional : array-like or Series
        One answer pair per respondent and feature (long format), each answer
        one of :data:`KANO_ANSWERS`.
    feature : array-like or Series
        The feature each pair refers to, same length.

    Returns
    -------
    DataFrame
        Index ``feature`` (in order of first appearance); columns A, O, M, I,
        R, Q (counts), n (answers), category (dominant), better, worse.

    Raises
    ------
    ValueError
        For unknown or missing answers, missing feature names, lengths that
        differ, or a feature with no A, O, M or I answer.

    References
    ----------
    Berger et al. (1993); CRM slides.

    Examples
    --------
    >>> table = kano_summary(
    ...     ["like", "like", "neutral", "like"],
    ...     ["dislike", "neutral", "dislike", "dislike"],
    ...     ["wifi", "wifi", "parking", "parking"],
    ... )
    >>> table[["A", "O", "M", "category", "better", "worse"]]
             A  O  M category  better  worse
    feature
    wifi     1  1  0        O     1.0   -0.5
    parking  0  1  1        M     0.5   -1.0
    """
    arguments = {"functional": functional, "dysfunctional": dysfunctional, "feature": feature}
    for name, values in arguments.items():
        if np.ndim(values) != 1:
            raise ValueError(
                message("satisfaction.name_must_be_a_one", name=name, ndim=np.ndim(values))
            )
    functional, dysfunctional, feature = align(**arguments).inputs
    categories = kano_category(functional, dysfunctional)
    features = pd.Series(np.asarray(feature, dtype=object))
    if features.isna().any():
        raise ValueError(
            message("satisfaction.feature_has_n_features_missing", n=int(features.isna().sum()))
        )
    frame = pd.DataFrame({"feature": features.to_numpy(), "category": np.asarray(categories)})
    counts = (
        pd.crosstab(frame["feature"], frame["category"])
        .reindex(index=features.unique(), columns=list(KANO_CATEGORIES), fill_value=0)
        .astype("int64")
    )
    counts.index.name = "feature"
    counts.columns.name = None
    core = counts[["A", "O", "M", "I"]].sum(axis=1)
    if (core == 0).any():
        bad = ", ".join(map(repr, core.index[core == 0][:5]))
        raise ValueError(message("satisfaction.feature_s_bad_have_no", bad=bad))
    summary = counts.copy()
    summary["n"] = counts.sum(axis=1)
    summary["category"] = counts[list(_KANO_TIE_ORDER)].idxmax(axis=1)
    summary["better"] = (counts["A"] + counts["O"]) / core
    summary["worse"] = 0.0 - (counts["O"] + counts["M"]) / core
    return summary


# ---------------------------------------------------------------------------
# Importance/performance analysis (Chain-store CRM)
# ---------------------------------------------------------------------------

IPA_QUADRANTS = TermTable(
    {
        "concentrate here": "concentrate-here",
        "keep up the good work": "keep-up-the-good-work",
        "low priority": "low-priority",
        "possible overkill": "possible-overkill",
    }
)
"""The four quadrants of importance/performance analysis (Martilla and James 1977)."""


def importance_performance(importance, performance) -> pd.DataFrame:
    """Importance/performance analysis: place each attribute in one of four quadrants.

    An attribute is "high" on a dimension when it is at or above the mean over
    all attributes:

    =====================  ==================  ===================
    quadrant               importance          performance
    =====================  ==================  ===================
    concentrate here       >= mean             < mean
    keep up the good work  >= mean             >= mean
    low priority           < mean              < mean
    possible overkill      < mean              >= mean
    =====================  ==================  ===================

    Parameters
    ----------
    importance, performance : array-like or Series
        Mean importance and mean performance rating of each attribute (at
        least two), on any scales. Two Series are matched by their index
        (the attribute names); an array is matched by position.

    Returns
    -------
    DataFrame
        One row per attribute with columns importance, performance and
        quadrant; the two means are in ``.attrs["importance_mean"]`` and
        ``.attrs["performance_mean"]``.

    Raises
    ------
    ValueError
        For NaN or infinite values, fewer than two attributes, lengths that
        differ, or two Series with different attributes.

    References
    ----------
    Chain-store CRM, fourth survey method (重要性/绩效等级排列). Martilla, J. A. and
    James, J. C. (1977), "Importance-performance analysis", Journal of
    Marketing 41(1), 77-79.

    Examples
    --------
    >>> imp = pd.Series({"price": 9.0, "staff": 8.0, "parking": 5.0, "music": 4.0})
    >>> perf = pd.Series({"price": 6.0, "staff": 9.0, "parking": 5.0, "music": 8.0})
    >>> importance_performance(imp, perf)["quadrant"]
    attribute
    price           concentrate here
    staff      keep up the good work
    parking             low priority
    music          possible overkill
    Name: quadrant, dtype: str
    """
    check_finite(importance, "importance")
    check_finite(performance, "performance")
    (importance, performance), index = align(importance=importance, performance=performance)
    imp = one_dimensional(importance, "importance", min_size=2)
    perf = one_dimensional(performance, "performance", min_size=2)
    if index is None:
        index = pd.RangeIndex(len(imp))
    high_imp = imp >= imp.mean()
    high_perf = perf >= perf.mean()
    quadrant = np.select(
        [high_imp & ~high_perf, high_imp & high_perf, ~high_imp & ~high_perf],
        ["concentrate here", "keep up the good work", "low priority"],
        default="possible overkill",
    )
    table = pd.DataFrame(
        {"importance": imp, "performance": perf, "quadrant": quadrant}, index=index
    )
    if table.index.name is None:
        table.index.name = "attribute"
    table.attrs = {"importance_mean": float(imp.mean()), "performance_mean": float(perf.mean())}
    return table
