"""Customer loyalty (客户忠诚): loyalty types, loyalty and profit, loyalty drivers (unit 04).

What this module covers, in the order of the unit:

- the four loyalty types of relative attitude x repeat patronage,
  :func:`loyalty_type` and :data:`LOYALTY_TYPES` (Keeping relationships; Dick and Basu 1994),
  and the seven types of CRM slides, :data:`SEVEN_LOYALTY_TYPES`;
- the four stages of loyalty, :data:`LOYALTY_STAGES`, and its four
  determinants, :data:`LOYALTY_DETERMINANTS` (Keeping relationships);
- "loyalty = profit": :func:`loyalty_profit`, the profit a customer brings
  year by year (CRM slides; Reichheld 1996);
- :func:`loyalty_drivers`, a regression of loyalty on its determinants;
- the Vanke case figures, :data:`VANKE_CASE` (Knowing the customer).

Share of wallet (钱包份额), also part of this unit, is
:func:`crmlab.value.share_of_wallet`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmlab._align import align_floats, shaped
from crmlab._validation import (
    check_columns,
    check_dataframe,
    check_finite,
    check_fraction,
    check_int,
    check_nonnegative,
    check_real,
    numeric_matrix,
)
from crmlab.churn import UNHAPPY_CUSTOMER_TELLS  # word of mouth, with the complaint statistics
from crmlab.glossary import TermTable
from crmlab.i18n import message

__all__ = [
    "LOYALTY_DETERMINANTS",
    "LOYALTY_STAGES",
    "LOYALTY_TYPES",
    "SEVEN_LOYALTY_TYPES",
    "UNHAPPY_CUSTOMER_TELLS",
    "VANKE_CASE",
    "loyalty_drivers",
    "loyalty_profit",
    "loyalty_type",
]


LOYALTY_TYPES = TermTable(
    {
        "ideal": "ideal-loyalty",
        "latent": "latent-loyalty",
        "spurious": "spurious-loyalty",
        "none": "no-loyalty",
    }
)
"""The four loyalty types by relative attitude x repeat patronage (Keeping relationships)."""

SEVEN_LOYALTY_TYPES = TermTable(
    {
        "monopoly": "monopoly-loyalty",
        "inertia": "inertia-loyalty",
        "latent": "latent-loyalty",
        "convenience": "convenience-loyalty",
        "price": "price-loyalty",
        "incentive": "incentive-loyalty",
        "super-value": "super-value-loyalty",
    }
)
"""Seven kinds of loyalty by what keeps the customer (CRM slides); only the last is earned."""

LOYALTY_STAGES = TermTable(
    {
        "cognitive": "cognitive-loyalty",
        "affective": "affective-loyalty",
        "conative": "conative-loyalty",
        "action": "action-loyalty",
    }
)
"""The four dimensions or stages of loyalty, in order (Keeping relationships; Oliver 1999)."""

LOYALTY_DETERMINANTS = TermTable(
    {
        "perceived_value": "customer-perceived-value",
        "satisfaction": "customer-satisfaction",
        "switching_cost": "switching-cost",
        "trust": "customer-trust",
    }
)
"""The four determinants of customer loyalty (Keeping relationships); keys match the loyalty survey."""

VANKE_CASE = {
    "member_repeat_purchase_rate": 0.653,
    "would_buy_again": 0.569,
    "would_recommend": 0.485,
    "referral_sales_share_low": 0.30,
    "referral_sales_share_high": 0.50,
}
"""Vanke (万科) owners' club survey, as fractions (Knowing the customer).

Among club members, 65.3% had bought a Vanke home more than once, 56.9% would
buy from Vanke again and 48.5% would recommend it; in its main cities 30-50%
of Vanke's sales came through existing owners' referrals.
"""


def loyalty_type(attitude, repeat, attitude_cut=0.5, repeat_cut=0.5):
    """Loyalty type from relative attitude and repeat patronage (Dick-Basu matrix).

    ===================  =====================  =====================
    relative attitude    repeat >= repeat_cut   repeat < repeat_cut
    ===================  =====================  =====================
    >= attitude_cut      "ideal" (理想忠诚)     "latent" (潜在忠诚)
    < attitude_cut       "spurious" (虚假忠诚)  "none" (缺乏忠诚)
    ===================  =====================  =====================

    Values on a cut count as high. The inputs can be on any scale, as long as
    each cut is on the scale of its input: the defaults suit shares in [0, 1]
    (e.g. attitude as a 0-1 score, repeat as the share of category purchases
    made with us); for a 1-7 attitude scale use e.g. ``attitude_cut=4``, and
    for purchase counts a count such as ``repeat_cut=3``.

    Parameters
    ----------
    attitude : float, array-like or Series
        Relative attitude (相对态度) toward the firm.
    repeat : float, array-like or Series
        Repeat patronage (重复购买), e.g. repeat-purchase share or count.
    attitude_cut, repeat_cut : float, default 0.5
        Thresholds for "high".

    Returns
    -------
    str, ndarray of str or Series of str
        One of "ideal", "latent", "spurious", "none" (see :data:`LOYALTY_TYPES`);
        a Series keeps its index.

    Raises
    ------
    ValueError
        For NaN or infinite values, or lengths that differ.

    References
    ----------
    Keeping relationships (理想忠诚、潜在忠诚、虚假忠诚、缺乏忠诚). Dick, A. S. and Basu, K.
    (1994), "Customer loyalty: toward an integrated conceptual framework",
    Journal of the Academy of Marketing Science 22(2), 99-113.

    Examples
    --------
    >>> loyalty_type(0.8, 0.9)
    'ideal'
    >>> loyalty_type([6, 6, 2, 2], [5, 1, 5, 1], attitude_cut=4, repeat_cut=3)
    array(['ideal', 'latent', 'spurious', 'none'], dtype='<U8')
    """
    a_cut = check_real(attitude_cut, "attitude_cut")
    r_cut = check_real(repeat_cut, "repeat_cut")
    (att, rep), index = align_floats(
        attitude=check_finite(attitude, "attitude"), repeat=check_finite(repeat, "repeat")
    )
    high_attitude = att >= a_cut
    high_repeat = rep >= r_cut
    labels = np.where(
        high_attitude,
        np.where(high_repeat, "ideal", "latent"),
        np.where(high_repeat, "spurious", "none"),
    )
    return shaped(labels, index, "loyalty_type")


_PROFIT_COMPONENTS = (
    "base_profit",
    "increased_purchases",
    "lower_operating_cost",
    "referrals",
    "price_premium",
)


def loyalty_profit(
    years=7,
    base_profit=25.0,
    acquisition_cost=80.0,
    purchase_growth=10.0,
    cost_saving=4.0,
    referral_profit=5.0,
    price_premium=3.0,
) -> pd.DataFrame:
    """Profit from one customer year by year: why loyal customers are more profitable.

    In year 0 the firm pays the acquisition cost. From year 1 the customer
    brings a constant base profit plus four loyalty effects that each grow by
    a fixed amount per year of tenure, starting from 0 in year 1:

    .. math::
        \\pi_t = b + (t - 1)(g_\\text{purchases} + g_\\text{cost} + g_\\text{referrals}
                 + g_\\text{premium}), \\quad t = 1, \\ldots, T; \\qquad \\pi_0 = -c

    so profit per customer rises with tenure (忠诚 = 利润). The linear growth
    and the default amounts (yuan per customer) are **illustrative**: they
    reproduce the shape of Reichheld's chart, not figures from any company.

    Parameters
    ----------
    years : int, default 7
        Number of years T after acquisition (at least 1).
    base_profit : float, default 25.0
        Base profit b (基本利润) per year.
    acquisition_cost : float, default 80.0
        Cost c of acquiring the customer (获取客户成本), paid in year 0.
    purchase_growth : float, default 10.0
        Added yearly profit from increased purchases (增加购买) per year of tenure.
    cost_saving : float, default 4.0
        Added yearly saving in operating cost (减少经营成本) per year of tenure.
    referral_profit : float, default 5.0
        Added yearly profit from referrals (推荐) per year of tenure.
    price_premium : float, default 3.0
        Added yearly profit from a higher price tolerated (较高的价格) per year of tenure.

    Returns
    -------
    DataFrame
        Index ``year`` 0..T; columns acquisition (-c in year 0, else 0),
        base_profit, increased_purchases, lower_operating_cost, referrals,
        price_premium, total (the sum across) and cumulative (running total).

    Raises
    ------
    ValueError
        If ``years`` < 1 or an amount is negative, NaN or infinite.
    TypeError
        If ``years`` is not an integer.

    References
    ----------
    CRM slides (忠诚 = 利润 chart, years 1-8). Reichheld, F. F. (1996), The
    Loyalty Effect, Harvard Business School Press, ch. 2.

    Examples
    --------
    >>> loyalty_profit(years=3)[["acquisition", "base_profit", "increased_purchases", "total"]]
          acquisition  base_profit  increased_purchases  total
    year
    0           -80.0          0.0                  0.0  -80.0
    1             0.0         25.0                  0.0   25.0
    2             0.0         25.0                 10.0   47.0
    3             0.0         25.0                 20.0   69.0
    """
    n_years = check_int(years, "years", low=1)
    amounts = {
        "base_profit": base_profit,
        "acquisition_cost": acquisition_cost,
        "purchase_growth": purchase_growth,
        "cost_saving": cost_saving,
        "referral_profit": referral_profit,
        "price_premium": price_premium,
    }
    amounts = {
        name: check_nonnegative(check_real(value, name), name) for name, value in amounts.items()
    }
    year = np.arange(n_years + 1)
    active = (year >= 1).astype(float)
    tenure = np.maximum(year - 1, 0).astype(float)
    table = pd.DataFrame(
        {
            "acquisition": np.where(year == 0, 0.0 - amounts["acquisition_cost"], 0.0),
            "base_profit": amounts["base_profit"] * active,
            "increased_purchases": amounts["purchase_growth"] * tenure,
            "lower_operating_cost": amounts["cost_saving"] * tenure,
            "referrals": amounts["referral_profit"] * tenure,
            "price_premium": amounts["price_premium"] * tenure,
        },
        index=pd.Index(year, name="year"),
    )
    table["total"] = table.sum(axis=1)
    table["cumulative"] = table["total"].cumsum()
    return table


def loyalty_drivers(
    df: pd.DataFrame,
    target: str,
    drivers: Sequence[str],
    standardized: bool = False,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Regress loyalty on its drivers by ordinary least squares; a tidy coefficient table.

    .. math:: y = \\beta_0 + \\beta_1 x_1 + \\cdots + \\beta_k x_k + \\varepsilon

    fitted with :class:`statsmodels.regression.linear_model.OLS`. With
    ``standardized=True`` the target and every driver are first turned into
    z-scores (mean 0, sample standard deviation 1), so each coefficient is a
    beta weight: the change in loyalty, in standard deviations, for one
    standard deviation more of that driver, comparable across drivers
    measured on different scales. The intercept is then 0 and is left out.

    Parameters
    ----------
    df : DataFrame
        One row per customer.
    target : str
        Column with the loyalty measure (e.g. a repurchase-intention score).
    drivers : sequence of str
        Columns with the explanatory variables, e.g. ``["perceived_value",
        "satisfaction", "switching_cost", "trust"]`` (see
        :data:`LOYALTY_DETERMINANTS`).
    standardized : bool, default False
        Fit on z-scores to get beta weights.
    confidence : float, default 0.95
        Level of the confidence intervals, a fraction in (0, 1).

    Returns
    -------
    DataFrame
        Index ``term`` ("const" first unless standardized, then the drivers);
        columns coef, std_err, t, p_value, ci_low, ci_high.
        ``.attrs`` holds ``n_obs``, ``r_squared`` and ``adj_r_squared``.

    Raises
    ------
    ValueError
        For missing columns (listed), missing values (drop those rows first),
        no drivers, repeated drivers, the target among the drivers, too few
        rows, a constant column when standardizing, or perfectly collinear
        drivers.
    TypeError
        If ``df`` is not a DataFrame or a column is not numeric.

    References
    ----------
    Keeping relationships (客户忠诚的决定因素: perceived value, satisfaction, switching cost,
    trust).

    Examples
    --------
    >>> data = pd.DataFrame({"satisfaction": [1, 2, 3, 4, 5], "loyalty": [2, 4, 5, 4, 5]})
    >>> loyalty_drivers(data, "loyalty", ["satisfaction"])[["coef", "std_err"]].round(4)
                    coef  std_err
    term
    const         2.2   0.9381
    satisfaction  0.6   0.2828
    """
    # statsmodels is slow to import; only this function needs it.
    from statsmodels.regression.linear_model import OLS

    check_dataframe(df, "df")
    if isinstance(drivers, str):
        drivers = [drivers]
    drivers = list(drivers)
    if not drivers:
        raise ValueError(message("loyalty.drivers_must_name_at_least"))
    repeated = sorted({d for d in drivers if drivers.count(d) > 1})
    if repeated:
        raise ValueError(
            message(
                "loyalty.drivers_lists_repeated_more_than", repeated=", ".join(map(repr, repeated))
            )
        )
    if target in drivers:
        raise ValueError(message("loyalty.target_target_cannot_also_be", target=target))
    if not isinstance(standardized, bool):
        raise TypeError(message("loyalty.standardized_must_be_true_or", standardized=standardized))
    level = check_fraction(
        check_real(confidence, "confidence"), "confidence", allow_zero=False, allow_one=False
    )
    columns = [target, *drivers]
    check_columns(df, columns, "df")
    data = numeric_matrix(df, columns, "df")
    gaps = np.isnan(data).sum(axis=0)
    if gaps.any():
        detail = ", ".join(f"{col!r} ({n})" for col, n in zip(columns, gaps, strict=True) if n)
        raise ValueError(
            message("loyalty.df_has_missing_values_in", detail=detail, columns=columns)
        )
    n_obs = len(data)
    if n_obs <= len(drivers) + 1:
        raise ValueError(
            message("loyalty.df_needs_more_rows_than", n_obs=n_obs, drivers=len(drivers) + 1)
        )
    if standardized:
        spread = data.std(axis=0, ddof=1)
        if np.any(spread == 0):
            constant = [col for col, s in zip(columns, spread, strict=True) if s == 0]
            raise ValueError(
                message(
                    "loyalty.column_s_constant_are_constant",
                    constant=", ".join(map(repr, constant)),
                )
            )
        data = (data - data.mean(axis=0)) / spread
    exog = np.column_stack([np.ones(n_obs), data[:, 1:]])
    if np.linalg.matrix_rank(exog) < exog.shape[1]:
        raise ValueError(message("loyalty.the_drivers_are_perfectly_collinear"))
    fit = OLS(data[:, 0], exog).fit()
    intervals = fit.conf_int(alpha=1.0 - level)
    table = pd.DataFrame(
        {
            "coef": fit.params,
            "std_err": fit.bse,
            "t": fit.tvalues,
            "p_value": fit.pvalues,
            "ci_low": intervals[:, 0],
            "ci_high": intervals[:, 1],
        },
        index=pd.Index(["const", *drivers], name="term"),
    )
    if standardized:
        table = table.drop(index="const")
    table.attrs = {
        "n_obs": n_obs,
        "r_squared": float(fit.rsquared),
        "adj_r_squared": float(fit.rsquared_adj),
    }
    return table
