"""Who brings the value: the Pareto (80/20) table and RFM scores and segments,
standard practice beyond the source documents.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmlab._align import shaped
from crmlab._validation import (
    check_columns,
    check_count,
    check_date,
    check_finite,
    check_fraction,
    check_int,
    check_nonnegative,
    check_transactions,
)
from crmlab.i18n import message

RFM_SEGMENTS = (
    "champions",
    "loyal customers",
    "potential loyalists",
    "new customers",
    "need attention",
    "about to sleep",
    "at risk",
    "lost",
)


# ---------------------------------------------------------------------------
# Pareto (80/20) and RFM
# ---------------------------------------------------------------------------


def _value_series(values, name: str) -> pd.Series:
    if isinstance(values, pd.DataFrame):
        raise TypeError(message("value.name_must_be_one_column", name=name))
    if isinstance(values, Mapping):
        values = pd.Series(dict(values))
    if isinstance(values, pd.Series):
        series = values
        if series.index.name is None:
            series = series.rename_axis("customer_id")
    else:
        series = pd.Series(np.asarray(check_finite(values, name), dtype=float))
    if series.empty:
        raise ValueError(message("value.name_is_empty_the_pareto", name=name))
    check_nonnegative(series.to_numpy(dtype=float), name)
    return series.astype(float)


def pareto_table(values):
    """Pareto (80/20) table: customers by value, with cumulative customer and value shares.

    Sorted by value descending; after k of n customers,
    customer_share = k / n and value_share = (sum of the top k values) / (total value).
    Both columns end at 1.0. Ties keep their original order.

    Parameters
    ----------
    values : Series, mapping or array-like
        One non-negative value per customer (e.g. revenue). A Series keeps its
        index (named ``customer_id`` unless it already has a name).

    Returns
    -------
    DataFrame
        Columns ``value``, ``customer_share``, ``value_share``.

    Raises
    ------
    ValueError
        For negative, NaN or infinite values, no customers, or a total of 0.
    TypeError
        For a DataFrame or non-numeric input.

    References
    ----------
    CRM slides and Chain-store CRM (80/20 rule, 二八法则); Pareto analysis.

    Examples
    --------
    >>> pareto_table(pd.Series([10, 50, 40], index=[1, 2, 3]))
                 value  customer_share  value_share
    customer_id
    2             50.0        0.333333          0.5
    3             40.0        0.666667          0.9
    1             10.0        1.000000          1.0
    """
    series = _value_series(values, "values")
    ordered = series.sort_values(ascending=False, kind="stable")
    cumulative = ordered.cumsum().to_numpy()
    total = cumulative[-1]
    if total <= 0:
        raise ValueError(message("value.values_sum_to_a_pareto"))
    n = len(ordered)
    return pd.DataFrame(
        {
            "value": ordered.to_numpy(),
            "customer_share": np.arange(1, n + 1) / n,
            # dividing by the last cumulative sum makes the final share exactly 1.0
            "value_share": cumulative / total,
        },
        index=ordered.index,
    )


def top_share(values, fraction=0.2):
    """Share of total value brought by the top ``fraction`` of customers.

    Reads the Pareto curve (customer_share, value_share), starting at (0, 0),
    at customer_share = fraction with linear interpolation, so fraction x n
    need not be a whole number of customers.

    Parameters
    ----------
    values : Series, mapping or array-like
        One non-negative value per customer.
    fraction : float or array-like, default 0.2
        The top share of customers, a fraction in (0, 1].

    Returns
    -------
    float or ndarray

    Raises
    ------
    ValueError
        As :func:`pareto_table`, or a fraction outside (0, 1].

    References
    ----------
    CRM slides (80/20 rule).

    Examples
    --------
    >>> top_share([50, 30, 10, 5, 5], 0.2)
    0.5
    """
    fraction = check_fraction(fraction, "fraction", allow_zero=False)
    table = pareto_table(values)
    x = np.concatenate([[0.0], table["customer_share"].to_numpy()])
    y = np.concatenate([[0.0], table["value_share"].to_numpy()])
    return shaped(np.interp(np.asarray(fraction, dtype=float), x, y), None)


def _quantile_score(values: pd.Series, bins: int) -> np.ndarray:
    """Score 1..bins by quantile bin of each value (higher value, higher score).

    The mid-rank percentile p = (average rank - 0.5) / n puts tied values in
    the same bin and spreads even three customers over the whole scale;
    score = ceil(bins x p), done in integers so bin edges are exact.
    """
    n = len(values)
    twice_rank = np.rint(2 * values.rank(method="average").to_numpy()).astype(np.int64)
    numerator = (twice_rank - 1) * bins
    score = -(-numerator // (2 * n))
    return np.clip(score, 1, bins)


def rfm(transactions, as_of, bins=5):
    """Recency, frequency and monetary value per customer, with 1..bins scores (RFM分析).

    For purchases on or before ``as_of`` (later ones are ignored):
    recency = days from the last purchase to as_of, frequency = number of
    purchases, monetary = total amount. Each is scored 1 (worst) to ``bins``
    (best) by quantile bin: score = ceil(bins x p) with p = (average rank -
    0.5) / n the mid-rank percentile, so ties share a score and small data
    still spreads over the scale. Recent purchases score high on R; many
    purchases and large totals score high on F and M.

    Parameters
    ----------
    transactions : DataFrame
        A transaction log with ``customer_id``, ``date`` and ``amount``.
    as_of : date-like
        The analysis date (a calendar day; purchases on that day count).
    bins : int, default 5
        Number of score levels (>= 1).

    Returns
    -------
    DataFrame
        Index ``customer_id``; columns ``recency`` (days), ``frequency``,
        ``monetary``, ``R``, ``F``, ``M``.

    Raises
    ------
    ValueError
        For a malformed log, a bad date, bins < 1, or no purchases on or
        before as_of.

    References
    ----------
    Standard practice beyond the source documents: Hughes, A. M. (1994), Strategic
    Database Marketing.

    Examples
    --------
    >>> log = pd.DataFrame({
    ...     "customer_id": [1, 1, 2, 3, 3, 3],
    ...     "date": pd.to_datetime(["2024-01-10", "2024-06-01", "2024-03-15",
    ...                             "2024-05-01", "2024-06-20", "2024-06-25"]),
    ...     "amount": [100.0, 50.0, 20.0, 80.0, 60.0, 90.0]})
    >>> rfm(log, "2024-06-30", bins=3)
                 recency  frequency  monetary  R  F  M
    customer_id
    1                 29          2     150.0  2  2  2
    2                107          1      20.0  1  1  1
    3                  5          3     230.0  3  3  3
    """
    log = check_transactions(transactions)
    as_of = check_date(as_of, "as_of").normalize()
    bins = check_int(bins, "bins", low=1)
    log = log.loc[log["date"] < as_of + pd.Timedelta(days=1)]
    if log.empty:
        raise ValueError(message("value.transactions_has_no_purchases_on", as_of=as_of.date()))
    table = log.groupby("customer_id", sort=True).agg(
        last=("date", "max"), frequency=("date", "size"), monetary=("amount", "sum")
    )
    recency = (as_of - table["last"].dt.normalize()).dt.days.astype("int64")
    result = pd.DataFrame(
        {
            "recency": recency,
            "frequency": table["frequency"].astype("int64"),
            "monetary": table["monetary"].astype(float),
        }
    )
    result["R"] = _quantile_score(-result["recency"], bins)
    result["F"] = _quantile_score(result["frequency"], bins)
    result["M"] = _quantile_score(result["monetary"], bins)
    return result


def rfm_segment(scores, bins=5):
    """Name RFM segments from the R and F scores (a common simplified RFM grid).

    Each score is read as low (<= 40% of the scale), high (> 60%) or middle
    (for bins = 5: 1-2 low, 3 middle, 4-5 high). Then

    ========  ===================  ===================  ==============
    R \\ F     high                 middle               low
    ========  ===================  ===================  ==============
    high      champions            potential loyalists  new customers
    middle    loyal customers      need attention       about to sleep
    low       at risk              at risk              lost
    ========  ===================  ===================  ==============

    Standard marketing practice beyond the source documents (segment names vary between
    sources); monetary value is left out because it tracks frequency closely.

    Parameters
    ----------
    scores : DataFrame
        With integer columns ``R`` and ``F`` in 1..bins, e.g. from :func:`rfm`.
    bins : int, default 5
        The number of score levels used to make the scores.

    Returns
    -------
    Series
        One label from :data:`RFM_SEGMENTS` per row, named ``segment``.

    Raises
    ------
    ValueError
        For missing columns or scores outside 1..bins.

    References
    ----------
    Hughes, A. M. (1994), Strategic Database Marketing.

    Examples
    --------
    >>> rfm_segment(pd.DataFrame({"R": [5, 1, 3], "F": [5, 4, 1]}))
    0         champions
    1           at risk
    2    about to sleep
    Name: segment, dtype: str
    """
    bins = check_int(bins, "bins", low=1)
    check_columns(scores, ("R", "F"), "scores")
    levels = {}
    low_cut = int(np.floor(0.4 * bins + 0.5))
    high_cut = int(np.floor(0.6 * bins + 0.5))
    for column in ("R", "F"):
        values = check_count(scores[column].to_numpy(dtype=float), f"scores['{column}']")
        values = np.asarray(values)
        if np.any((values < 1) | (values > bins)):
            raise ValueError(
                message(
                    "value.scores_column_must_be_whole",
                    column=column,
                    bins=bins,
                    values=values[(values < 1) | (values > bins)][0],
                )
            )
        levels[column] = np.where(values <= low_cut, 0, np.where(values > high_cut, 2, 1))
    r, f = levels["R"], levels["F"]
    # grid[R level][F level], levels 0 = low, 1 = middle, 2 = high
    grid = np.array(
        [
            ["lost", "at risk", "at risk"],
            ["about to sleep", "need attention", "loyal customers"],
            ["new customers", "potential loyalists", "champions"],
        ]
    )
    labels = grid[r, f]
    return pd.Series(labels, index=scores.index, name="segment", dtype="str")
