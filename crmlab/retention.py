"""Customer retention (客户保持): retention rate, retention curves and the value of retention.

Unit 06 of the course. The retention rate, its evaluation indicators and
the retention methods come from Keeping relationships; retention curves r^t, the expected
lifetime 1 / (1 - r) and the CLV gain from better retention are the standard
analyses built on them (CLV from :func:`crmlab.value.retention_clv`).
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab._align import align, shaped
from crmlab._validation import (
    check_discount_rate,
    check_fraction,
    check_int,
    check_positive,
    check_real,
    count_share,
)
from crmlab.i18n import message
from crmlab.value import retention_clv

__all__ = [
    "RETENTION_INDICATORS",
    "RETENTION_METHODS",
    "clv_uplift",
    "expected_lifetime_from_retention",
    "retention_curve",
    "retention_rate",
]

#: The six indicators for evaluating retention (Keeping relationships, 客户保持效果的评价指标).
RETENTION_INDICATORS = MappingProxyType(
    {
        "repeat purchase rate": "客户重复购买率",
        "need-satisfaction rate": "客户需求满足率",
        "attention to our products or brand": "客户对本企业商品或品牌的关注程度",
        "attention to competitors' products or brands": "客户对竞争产品或品牌的关注程度",
        "time spent choosing": "客户购买挑选的时间",
        "price sensitivity": "客户对价格的敏感程度",
    }
)

#: The five retention methods (Keeping relationships, 客户保持的方法).
RETENTION_METHODS = MappingProxyType(
    {
        "quality": "注重质量",
        "service": "优质服务",
        "brand image": "品牌形象",
        "price offers": "价格优惠",
        "emotional investment": "感情投资",
    }
)


def retention_rate(retained, customers):
    """Retention rate: retained customers / customers = 1 - churn rate (客户保持率).

    retention rate = retained / customers (x 100% as a percentage)
    = 1 - churn rate. The result is a fraction: 0.85 means 85%.

    Parameters
    ----------
    retained : int or array-like
        Customers kept in the period (whole number, 0 <= retained <= customers).
    customers : int or array-like
        Customers at the start of the period (whole number > 0).

    Returns
    -------
    float, ndarray or Series

    Raises
    ------
    ValueError
        For negative or fractional counts, zero customers, retained above
        customers, NaN/inf, or mismatched lengths.

    References
    ----------
    Keeping relationships (客户保持率 = 客户保持数 / 消费人数 x 100% = 1 - 客户流失率).

    Examples
    --------
    >>> retention_rate(850, 1000)
    0.85
    """
    return count_share(retained, customers, "retained")


def retention_curve(retention, periods):
    """Share of a cohort still retained after t periods: r^t for t = 0..periods.

    Parameters
    ----------
    retention : float
        r, the retention rate per period, a fraction in [0, 1].
    periods : int
        The last period to show (>= 0).

    Returns
    -------
    Series
        Indexed by ``period`` 0..periods, named ``retained``; starts at 1.0.

    Raises
    ------
    ValueError
        For a retention outside [0, 1] (with a percentage hint) or periods < 0.
    TypeError
        For an array retention or a non-integer number of periods.

    References
    ----------
    Unit 06 (retention curves); Keeping relationships (retention rate).

    Examples
    --------
    >>> retention_curve(0.8, 3)
    period
    0    1.000
    1    0.800
    2    0.640
    3    0.512
    Name: retained, dtype: float64
    """
    retention = float(check_fraction(check_real(retention, "retention"), "retention"))
    periods = check_int(periods, "periods", low=0)
    t = np.arange(periods + 1)
    return pd.Series(retention**t, index=pd.RangeIndex(periods + 1, name="period"), name="retained")


def expected_lifetime_from_retention(retention):
    """Expected customer lifetime in periods from the retention rate: 1 / (1 - r).

    With a constant churn probability 1 - r per period, the number of
    periods a customer stays (counting the first) is geometric with mean
    1 / (1 - r); the same as :func:`crmlab.value.expected_lifetime` of the
    churn rate 1 - r.

    Parameters
    ----------
    retention : float or array-like
        r, a fraction in [0, 1).

    Returns
    -------
    float, ndarray or Series

    Raises
    ------
    ValueError
        For r = 1 (nobody ever leaves: the lifetime is infinite), values
        outside [0, 1] (with a percentage hint) or NaN/inf.

    References
    ----------
    CRM slides (T = 1 / r_L) with r_L = 1 - r.

    Examples
    --------
    >>> expected_lifetime_from_retention(0.8)
    5.0
    """
    checked = check_fraction(retention, "retention")
    r = np.asarray(checked, dtype=float)
    if np.any(r >= 1):
        raise ValueError(message("retention.retention_must_be_below_with"))
    return shaped(1.0 / (1.0 - r), align(retention=checked).index)


def clv_uplift(margin, retention, rate, uplift=0.05):
    """Value of a retention improvement: CLV at r and at r + uplift.

    CLV(r) = m r / (1 + i - r) (:func:`crmlab.value.retention_clv`);
    gain = CLV(r + uplift) - CLV(r); relative gain = gain / CLV(r).

    Parameters
    ----------
    margin : float
        m, the margin per customer per period (> 0).
    retention : float
        r, the current retention rate, a fraction in (0, 1).
    rate : float
        i, the discount rate per period, a fraction in [0, 1).
    uplift : float, default 0.05
        The improvement in retention, a fraction in (0, 1] (0.05 = 5 points);
        r + uplift must not exceed 1.

    Returns
    -------
    Series
        ``retention``, ``improved_retention``, ``clv``, ``improved_clv``,
        ``gain`` and ``relative_gain``.

    Raises
    ------
    ValueError
        For a margin <= 0, fractions out of range (with a percentage hint),
        r + uplift above 1, or an infinite improved CLV (r + uplift = 1 with
        rate = 0).
    TypeError
        For array inputs: pass single numbers.

    References
    ----------
    Unit 06 (value of a retention improvement); Reichheld, F. F. & Sasser,
    W. E. (1990), "Zero defections: quality comes to services", Harvard
    Business Review 68(5).

    Examples
    --------
    >>> clv_uplift(100, 0.8, 0.1)
    retention               0.800000
    improved_retention      0.850000
    clv                   266.666667
    improved_clv          340.000000
    gain                   73.333333
    relative_gain           0.275000
    dtype: float64
    """
    margin = check_positive(check_real(margin, "margin"), "margin")
    retention = check_fraction(check_real(retention, "retention"), "retention", allow_zero=False)
    if retention >= 1:
        raise ValueError(message("retention.retention_must_be_below_so"))
    rate = check_discount_rate(check_real(rate, "rate"))
    uplift = check_fraction(check_real(uplift, "uplift"), "uplift", allow_zero=False)
    improved = retention + uplift
    if improved > 1 + 1e-12:
        raise ValueError(
            message(
                "retention.retention_uplift_must_not_exceed",
                retention=retention,
                uplift=uplift,
                improved=improved,
            )
        )
    improved = min(improved, 1.0)
    base = retention_clv(margin, retention, rate)
    better = retention_clv(margin, improved, rate)
    return pd.Series(
        {
            "retention": retention,
            "improved_retention": improved,
            "clv": base,
            "improved_clv": better,
            "gain": better - base,
            "relative_gain": (better - base) / base,
        }
    )
