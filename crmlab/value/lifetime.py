"""Customer lifetime value and the cost of churn (CRM slides, Knowing the customer):
annuity factor, simple, individual, group (Dwyer method) and retention CLV,
expected lifetime, churn loss.

Conventions: rates are fractions (0.09, not 9); cash flows arrive at year
ends (t = 1, ..., T); an acquisition cost is paid at t = 0 and is not discounted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab._align import align, align_floats, shaped
from crmlab._validation import (
    check_count,
    check_discount_rate,
    check_finite,
    check_fraction,
    check_nonnegative,
    check_not_greater,
    check_real,
)
from crmlab.i18n import message

# ---------------------------------------------------------------------------
# helpers shared by the value and retention modules
# ---------------------------------------------------------------------------


def _size_text(arr: np.ndarray) -> str:
    if arr.ndim == 0:
        return message("value.single_number")
    if arr.ndim == 1:
        return message("align.n_values", n=arr.shape[0])
    return message("align.shape", shape=arr.shape)


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
        raise ValueError(message("value.contributions_must_be_d_one", size=_size_text(q)))
    if q.shape[-1] == 0:
        raise ValueError(message("value.contributions_must_hold_at_least"))
    rate = float(check_discount_rate(check_real(rate, "rate")))
    c = np.asarray(check_nonnegative(costs, "costs"), dtype=float)
    try:
        c = np.broadcast_to(c, q.shape)
    except ValueError:
        raise ValueError(
            message("value.costs_must_be_a_single", size=_size_text(q), size_given=_size_text(c))
        ) from None
    c0 = np.asarray(check_nonnegative(acquisition_cost, "acquisition_cost"), dtype=float)
    if c0.ndim > 0 and not (q.ndim == 2 and c0.shape == (q.shape[0],)):
        raise ValueError(
            message(
                "value.acquisition_cost_must_be_a",
                size=_size_text(q),
                size_given=_size_text(c0),
            )
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
        raise ValueError(message("value.retention_with_rate_gives_an"))
    return shaped(m * r / denominator, index)


def churn_loss(invested_cost, lifetime_value, realized_value):
    """Loss from one churned customer: V_l = C_t + (V_k - V_t) (客户的流失费用).

    The cost the firm has invested in the customer plus the part of the
    lifetime value not yet realized. The course's convention (unit 01):
    V_k is the *gross* lifetime value (present value of the expected
    margins, before the acquisition cost) and V_t the present value of the
    margins already realized, both discounted to the acquisition date; C_t
    is the cost sunk so far, acquisition included. Passing a V_k that is
    already net of the acquisition cost would count that cost twice. A sunk
    cost is no forward-looking loss: decisions such as a win-back budget use
    V_k - V_t.

    Parameters
    ----------
    invested_cost : float or array-like
        C_t, what the firm has spent on the customer (>= 0).
    lifetime_value : float or array-like
        V_k, the customer's gross lifetime value.
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
    The slides' example customer (500 a year for 5 years at 9%, acquired for
    400) who leaves after two years:

    >>> gross = 500 * annuity_factor(5, 0.09)
    >>> realized = 500 * annuity_factor(2, 0.09)
    >>> round(churn_loss(400, gross, realized), 2)
    1465.27
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
