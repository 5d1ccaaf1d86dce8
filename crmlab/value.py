"""Customer value (客户价值): lifetime value, churn loss, delivered value, Pareto and RFM.

Unit 01 of the course. The lifetime-value formulas follow the source lecture
notes exactly (CRM slides for the discounted and group/Dwyer forms, Knowing the customer for
the simple form); the infinite-horizon retention form, the Pareto table and RFM
are standard textbook practice beyond the source documents.

Conventions used throughout:

- Rates are fractions: a 9% discount rate is ``0.09``.
- Cash flows arrive at year ends (t = 1, ..., T); an acquisition cost is paid
  at t = 0 and therefore is not discounted.
- Functions are vectorized: pass numbers, NumPy arrays or pandas Series.
  Series in gives a Series back with the same index.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab._align import align, align_floats, shaped
from crmlab._validation import (
    check_columns,
    check_count,
    check_date,
    check_discount_rate,
    check_finite,
    check_fraction,
    check_int,
    check_nonnegative,
    check_not_greater,
    check_positive,
    check_real,
    check_transactions,
)

__all__ = [
    "COST_COMPONENTS",
    "RFM_SEGMENTS",
    "VALUE_COMPONENTS",
    "annuity_factor",
    "churn_loss",
    "clv",
    "clv_simple",
    "delivered_value",
    "expected_lifetime",
    "group_churn_loss",
    "group_clv",
    "pareto_table",
    "retention_clv",
    "rfm",
    "rfm_segment",
    "share_of_wallet",
    "top_share",
]

#: The four components of total customer value (顾客总价值), CRM and satisfaction.
VALUE_COMPONENTS = MappingProxyType(
    {"product": "产品价值", "service": "服务价值", "personnel": "人员价值", "image": "形象价值"}
)

#: The four components of total customer cost (顾客总成本), CRM and satisfaction.
COST_COMPONENTS = MappingProxyType(
    {"monetary": "货币成本", "time": "时间成本", "energy": "精力成本", "physical": "体力成本"}
)

#: Segment labels of :func:`rfm_segment`, from best to worst.
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
# helpers shared by the value and retention modules
# ---------------------------------------------------------------------------


def _size_text(arr: np.ndarray) -> str:
    if arr.ndim == 0:
        return "a single number"
    if arr.ndim == 1:
        return f"{arr.shape[0]} values"
    return f"shape {arr.shape}"


def _broadcast(**named) -> list[np.ndarray]:
    """Float arrays lined up by :mod:`crmlab._align`'s rule (used by crmlab.clv_models)."""
    return align_floats(**named).inputs


def _wrap(result, *inputs):
    """Shape a result like :func:`crmlab._align.shaped`, on the first Series input's index.

    That is the index :func:`crmlab._align.align` gives back (used by crmlab.clv_models).
    """
    index = next((x.index for x in inputs if isinstance(x, pd.Series)), None)
    return shaped(result, index)


#: The discount-rate check, under the name crmlab.clv_models imports.
_check_rate = check_discount_rate


# ---------------------------------------------------------------------------
# lifetime value
# ---------------------------------------------------------------------------


def annuity_factor(years, rate):
    """Present value of 1 paid at the end of each year for ``years`` years.

    a(T, i) = (1 - (1 + i)^-T) / i, and a(T, 0) = T (年金现值系数).

    T may be fractional (a group lifetime 1 / r_L rarely is a whole number).

    Parameters
    ----------
    years : float or array-like
        T, the number of years, T >= 0.
    rate : float or array-like
        i, the yearly discount rate as a fraction in [0, 1) (0.09 for 9%).

    Returns
    -------
    float, ndarray or Series
        a(T, i); same shape as the broadcast inputs.

    Raises
    ------
    ValueError
        If years is negative, a value is NaN or infinite, rate is outside
        [0, 1) (with a hint when it looks like a percentage), or the lengths
        of array inputs differ.

    References
    ----------
    CRM slides (annuity present-value method, 年金现值法, in the Dwyer group CLV).

    Examples
    --------
    >>> annuity_factor(5, 0.09)
    3.889651
    >>> annuity_factor(5, 0.10)
    3.790787
    >>> annuity_factor(2.5, 0)
    2.5
    """
    years = check_nonnegative(years, "years")
    rate = check_discount_rate(rate)
    (t, i), index = align_floats(years=years, rate=rate)
    # expm1/log1p keep the closed form accurate for small rates; when (T + 2) i is
    # tiny the product T log1p(i) can underflow, so use the Taylor series in i instead.
    tiny = (t + 2.0) * i < 1e-6
    safe_i = np.where(tiny, 1.0, i)
    closed = -np.expm1(-t * np.log1p(safe_i)) / safe_i
    series = t - t * (t + 1) / 2 * i + t * (t + 1) * (t + 2) / 6 * i**2
    factor = np.where(tiny, series, closed)
    return shaped(factor, index)


def clv_simple(years, annual_profit, acquisition_cost=0):
    """Simple lifetime value: years x yearly profit - acquisition cost, no discounting.

    V = T x p - c (客户终生价值的简单算法).

    Parameters
    ----------
    years : float or array-like
        T, how many years the customer stays (>= 0).
    annual_profit : float or array-like
        p, the average profit per year from the customer (may be negative).
    acquisition_cost : float or array-like, default 0
        c, the cost of attracting, selling to and serving a new customer (>= 0).

    Returns
    -------
    float, ndarray or Series

    Raises
    ------
    ValueError
        For negative years or acquisition cost, NaN/inf, or mismatched lengths.

    References
    ----------
    Knowing the customer (10 years x $100/year - $80 = $920).

    Examples
    --------
    >>> clv_simple(10, 100, 80)
    920.0
    """
    years = check_nonnegative(years, "years")
    annual_profit = check_finite(annual_profit, "annual_profit")
    acquisition_cost = check_nonnegative(acquisition_cost, "acquisition_cost")
    (t, p, c), index = align_floats(
        years=years, annual_profit=annual_profit, acquisition_cost=acquisition_cost
    )
    return shaped(t * p - c, index)


def clv(contributions, rate, costs=0, acquisition_cost=0):
    """Customer lifetime value (客户终生价值, CLV) from yearly contributions and costs.

    V_k = sum_{t=1..T} (Q_t - C_t)(1 + i)^-t - C_0

    Q_t is the customer's net contribution in year t, C_t the firm's cost of
    serving the customer in year t, i the discount rate and C_0 an acquisition
    cost paid at t = 0 (hence not discounted). Cash flows are at year ends.

    Parameters
    ----------
    contributions : array-like or DataFrame
        Q_t for t = 1..T. One-dimensional for one customer; two-dimensional
        (one row per customer, one column per year) for several customers.
    rate : float
        i, the yearly discount rate as a fraction in [0, 1).
    costs : float or array-like, default 0
        C_t (>= 0): a single number for every year, or the same shape as
        ``contributions``; with 2-D contributions a 1-D array of length T is
        one cost schedule shared by every customer.
    acquisition_cost : float or array-like, default 0
        C_0 (>= 0): a single number, or with 2-D contributions one per customer.

    Returns
    -------
    float, ndarray or Series
        A float for 1-D contributions; one value per row for 2-D input
        (a Series indexed like the DataFrame when given one).

    Raises
    ------
    ValueError
        For NaN/inf, fewer than one year, negative costs, a rate outside
        [0, 1), or shapes that do not fit together.
    TypeError
        For non-numeric input.

    References
    ----------
    CRM slides (four-step individual CLV; example T = 5, C_0 = 400, Q = 500, i = 9%).

    Examples
    --------
    >>> clv([500, 500, 500, 500, 500], 0.09, acquisition_cost=400)
    1544.83
    >>> clv([[100, 100], [200, 0]], 0.10)
    array([173.553719, 181.818182])
    """
    index = contributions.index if isinstance(contributions, pd.DataFrame) else None
    q = np.asarray(check_finite(contributions, "contributions"), dtype=float)
    if q.ndim not in (1, 2):
        raise ValueError(
            "contributions must be 1-D (one customer, one value per year) or 2-D "
            f"(one row per customer), got {_size_text(q)}."
        )
    if q.shape[-1] == 0:
        raise ValueError("contributions must hold at least one year (T >= 1), got none.")
    rate = float(check_discount_rate(check_real(rate, "rate")))
    c = np.asarray(check_nonnegative(costs, "costs"), dtype=float)
    try:
        c = np.broadcast_to(c, q.shape)
    except ValueError:
        raise ValueError(
            f"costs must be a single number or match contributions ({_size_text(q)}), "
            f"got {_size_text(c)}."
        ) from None
    c0 = np.asarray(check_nonnegative(acquisition_cost, "acquisition_cost"), dtype=float)
    if c0.ndim > 0 and not (q.ndim == 2 and c0.shape == (q.shape[0],)):
        raise ValueError(
            "acquisition_cost must be a single number, or one per customer (row) of "
            f"contributions ({_size_text(q)}), got {_size_text(c0)}."
        )
    t = np.arange(1, q.shape[-1] + 1)
    discount = (1.0 + rate) ** -t
    value = ((q - c) * discount).sum(axis=-1) - c0
    if index is not None:
        return pd.Series(value, index=index, name="clv")
    return shaped(value, None)


def expected_lifetime(churn_rate):
    """Expected customer life cycle from a yearly churn rate: T = 1 / r_L.

    客户生命周期 T = 1 / 客户流失率 r_L.

    Parameters
    ----------
    churn_rate : float or array-like
        r_L, the yearly churn rate as a fraction in (0, 1].

    Returns
    -------
    float, ndarray or Series
        T in years.

    Raises
    ------
    ValueError
        If churn_rate is 0 (the lifetime would be infinite), negative, above 1
        (with a percentage hint) or not finite.

    References
    ----------
    CRM slides.

    Examples
    --------
    >>> expected_lifetime(0.2)
    5.0
    """
    churn_rate = check_fraction(churn_rate, "churn_rate", allow_zero=False)
    return shaped(1.0 / np.asarray(churn_rate, dtype=float), align(churn_rate=churn_rate).index)


def group_clv(margin, churn_rate, rate):
    """Lifetime value of a customer group by the Dwyer method (客户群体终生价值).

    V_q = (Q - C) x a(T, i) with T = 1 / r_L, where (Q - C) is the group's
    average yearly margin per customer, r_L the group's yearly churn rate and
    a(T, i) the annuity factor (T may be fractional).

    Parameters
    ----------
    margin : float or array-like
        Q - C, yearly contribution minus yearly cost per customer.
    churn_rate : float or array-like
        r_L as a fraction in (0, 1].
    rate : float or array-like
        i, the discount rate as a fraction in [0, 1).

    Returns
    -------
    float, ndarray or Series

    Raises
    ------
    ValueError
        For NaN/inf, a churn rate outside (0, 1], a rate outside [0, 1), or
        mismatched lengths.

    References
    ----------
    CRM slides (Dwyer method); Dwyer, F. R. (1989), "Customer lifetime
    valuation to support marketing decision making", Journal of Direct
    Marketing 3(4).

    Examples
    --------
    >>> group_clv(100, 0.2, 0.10)
    379.08
    """
    margin = check_finite(margin, "margin")
    churn_rate = check_fraction(churn_rate, "churn_rate", allow_zero=False)
    rate = check_discount_rate(rate)
    (m, r, i), index = align_floats(margin=margin, churn_rate=churn_rate, rate=rate)
    return shaped(m * np.asarray(annuity_factor(1.0 / r, i)), index)


def retention_clv(margin, retention, rate):
    """Infinite-horizon lifetime value with constant retention: m r / (1 + i - r).

    The margin m is earned at the end of each period the customer is still
    there; the customer survives each period with probability r, so
    V = sum_{t>=1} m r^t / (1 + i)^t = m r / (1 + i - r).

    Parameters
    ----------
    margin : float or array-like
        m, the margin per period.
    retention : float or array-like
        r, the retention rate per period, a fraction in [0, 1].
    rate : float or array-like
        i, the discount rate per period, a fraction in [0, 1).

    Returns
    -------
    float, ndarray or Series

    Raises
    ------
    ValueError
        For NaN/inf, fractions out of range, mismatched lengths, or
        retention = 1 together with rate = 0 (an infinite value).

    References
    ----------
    Standard textbook form beyond the source documents, e.g. Gupta, S. & Lehmann, D. R.
    (2003), "Customers as assets", Journal of Interactive Marketing 17(1).

    Examples
    --------
    >>> retention_clv(100, 0.8, 0.1)
    266.67
    """
    margin = check_finite(margin, "margin")
    retention = check_fraction(retention, "retention")
    rate = check_discount_rate(rate)
    (m, r, i), index = align_floats(margin=margin, retention=retention, rate=rate)
    denominator = 1.0 + i - r
    if np.any(denominator <= 0):
        raise ValueError(
            "retention = 1 with rate = 0 gives an infinite lifetime value; use a retention "
            "below 1 or a positive discount rate."
        )
    return shaped(m * r / denominator, index)


def churn_loss(invested_cost, lifetime_value, realized_value):
    """Loss from one churned customer: V_l = C_t + (V_k - V_t) (客户的流失费用).

    The cost the firm has invested in the customer plus the part of the
    lifetime value not yet realized.

    Parameters
    ----------
    invested_cost : float or array-like
        C_t, what the firm has spent on the customer (>= 0).
    lifetime_value : float or array-like
        V_k, the customer's lifetime value.
    realized_value : float or array-like
        V_t, the value realized so far; it is part of V_k, so V_t <= V_k.

    Returns
    -------
    float, ndarray or Series

    Raises
    ------
    ValueError
        For negative invested cost, NaN/inf, realized_value above
        lifetime_value, or mismatched lengths.

    References
    ----------
    CRM slides.

    Examples
    --------
    >>> churn_loss(400, 1544.83, 500)
    1444.83
    """
    invested_cost = check_nonnegative(invested_cost, "invested_cost")
    lifetime_value = check_finite(lifetime_value, "lifetime_value")
    realized_value = check_finite(realized_value, "realized_value")
    (c, vk, vt), index = align_floats(
        invested_cost=invested_cost, lifetime_value=lifetime_value, realized_value=realized_value
    )
    check_not_greater(vt, vk, "realized_value", "lifetime_value")
    return shaped(c + (vk - vt), index)


def group_churn_loss(n_customers, churn_rate, lifetime_value):
    """Loss from churn in a customer group: V_q,l = N x r_l x V_k (客户群体的流失费用).

    Parameters
    ----------
    n_customers : int or array-like
        N, the number of customers (a whole number >= 0).
    churn_rate : float or array-like
        r_l, the churn rate as a fraction in [0, 1].
    lifetime_value : float or array-like
        V_k, the lifetime value of one customer.

    Returns
    -------
    float, ndarray or Series

    Raises
    ------
    ValueError
        For negative or fractional counts, a churn rate outside [0, 1]
        (with a percentage hint), NaN/inf, or mismatched lengths.

    References
    ----------
    CRM slides.

    Examples
    --------
    >>> group_churn_loss(10_000, 0.15, 1544.83)
    2317245.0
    """
    n_customers = check_count(n_customers, "n_customers")
    churn_rate = check_fraction(churn_rate, "churn_rate")
    lifetime_value = check_finite(lifetime_value, "lifetime_value")
    (n, r, v), index = align_floats(
        n_customers=n_customers, churn_rate=churn_rate, lifetime_value=lifetime_value
    )
    return shaped(n * r * v, index)


# ---------------------------------------------------------------------------
# value to the customer, share of wallet
# ---------------------------------------------------------------------------


def _component_total(components, name: str):
    """Sum value or cost components: a float for a mapping/Series, per row for a DataFrame."""
    if isinstance(components, pd.DataFrame):
        if components.shape[1] == 0:
            raise ValueError(f"{name} has no component columns.")
        check_nonnegative(components.to_numpy(dtype=float), name)
        return components.sum(axis=1)
    if isinstance(components, Mapping):
        components = pd.Series(dict(components), dtype=float)
    if not isinstance(components, pd.Series):
        raise TypeError(
            f"{name} must be a mapping such as {{'product': 60, 'service': 20}}, a Series or "
            f"a DataFrame with one column per component, got {type(components).__name__}."
        )
    if components.empty:
        raise ValueError(f"{name} has no components; give at least one.")
    check_nonnegative(components.to_numpy(dtype=float), name)
    return float(components.sum())


def delivered_value(values, costs):
    """Customer delivered value: total customer value - total customer cost (顾客让渡价值).

    Total value = product + service + personnel + image value;
    total cost = monetary + time + energy + physical cost
    (see :data:`VALUE_COMPONENTS` and :data:`COST_COMPONENTS`). Any component
    names are accepted; only the totals matter.

    Parameters
    ----------
    values, costs : mapping, Series or DataFrame
        Components (each >= 0). A mapping or Series is one customer; a
        DataFrame has one row per customer and one column per component
        (both DataFrames must then share the same index).

    Returns
    -------
    float or Series
        A float for one customer, a Series for DataFrame input.

    Raises
    ------
    TypeError
        If an argument is not a mapping, Series or DataFrame.
    ValueError
        For negative or non-finite components, no components, or DataFrames
        with different rows.

    References
    ----------
    CRM and satisfaction (顾客让渡价值 = 顾客总价值 - 顾客总成本); Kotler, P., Marketing Management.

    Examples
    --------
    >>> delivered_value({"product": 60, "service": 20, "personnel": 10, "image": 10},
    ...                 {"monetary": 50, "time": 10, "energy": 5, "physical": 5})
    30.0
    """
    if (
        isinstance(values, pd.DataFrame)
        and isinstance(costs, pd.DataFrame)
        and not values.index.equals(costs.index)
    ):
        raise ValueError(
            "values and costs must have the same rows (index) when both are DataFrames."
        )
    total_value = _component_total(values, "values")
    total_cost = _component_total(costs, "costs")
    result = total_value - total_cost
    if isinstance(result, pd.Series):
        result.name = "delivered_value"
    return result


def share_of_wallet(our_sales, category_spend):
    """Share of wallet: our sales to a customer / the customer's category spend (钱包份额).

    SOW = our sales / total spend of the customer in the category, a fraction
    in [0, 1].

    Parameters
    ----------
    our_sales : float or array-like
        What the customer spent with us (>= 0).
    category_spend : float or array-like
        What the customer spent in the category at all firms (> 0, and not
        less than our_sales).

    Returns
    -------
    float, ndarray or Series

    Raises
    ------
    ValueError
        For negative sales, non-positive category spend, our_sales above
        category_spend, NaN/inf, or mismatched lengths.

    References
    ----------
    CRM slides (one-to-one marketing, 钱包份额, Share of Wallet).

    Examples
    --------
    >>> share_of_wallet(300, 1200)
    0.25
    """
    our_sales = check_nonnegative(our_sales, "our_sales")
    category_spend = check_positive(category_spend, "category_spend")
    (s, c), index = align_floats(our_sales=our_sales, category_spend=category_spend)
    check_not_greater(s, c, "our_sales", "category_spend")
    return shaped(s / c, index)


# ---------------------------------------------------------------------------
# Pareto (80/20) and RFM
# ---------------------------------------------------------------------------


def _value_series(values, name: str) -> pd.Series:
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{name} must be one column of values, e.g. df['amount'], not a DataFrame.")
    if isinstance(values, Mapping):
        values = pd.Series(dict(values))
    if isinstance(values, pd.Series):
        series = values
        if series.index.name is None:
            series = series.rename_axis("customer_id")
    else:
        series = pd.Series(np.asarray(check_finite(values, name), dtype=float))
    if series.empty:
        raise ValueError(f"{name} is empty; the Pareto table needs at least one customer.")
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
        raise ValueError("values sum to 0; a Pareto table needs some positive value.")
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
        raise ValueError(
            f"transactions has no purchases on or before as_of={as_of.date()}; "
            "choose a later as_of date."
        )
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
                f"scores['{column}'] must be whole numbers from 1 to bins={bins}, got "
                f"{values[(values < 1) | (values > bins)][0]:g}."
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
