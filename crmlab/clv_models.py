"""Probabilistic customer lifetime value from a transaction log (BG/NBD + Gamma-Gamma).

Advanced unit A1 of the course. Unit 01 computes CLV from a known churn or
retention rate. A store or a web shop never sees a customer leave: customers
simply stop buying (a non-contractual setting, 非契约型关系), so churn must be
inferred. The "buy till you die" models do that from three numbers per
customer, read off the purchase log:

- frequency x: the number of repeat purchases (same-day purchases merged);
- recency t_x: the time of the last purchase, measured from the first one;
- age T: the time from the first purchase to the end of the calibration period.

:func:`rfm_summary` computes them; :func:`fit_bgnbd` estimates the BG/NBD
model of Fader, Hardie & Lee (2005a), which gives each customer's probability
of still being active (:func:`probability_alive`, 存活概率) and expected
number of future purchases (:func:`expected_purchases`);
:func:`fit_gamma_gamma` and :func:`expected_spend` model the spend per
purchase (Fader, Hardie & Lee 2005b); :func:`clv_from_models` puts them
together with a margin and a discount rate into a CLV per customer.
:func:`simulate_summary` draws customers from the models with known
parameters, to check the estimates or to try a base of any size: the BG/NBD
fit of a million customers takes about a second or less.

Conventions used throughout:

- Times are in the unit of the summary (weeks by default), not calendar dates.
- Parameters carry the names of the papers: BG/NBD ``r``, ``alpha``, ``a``,
  ``b``; Gamma-Gamma ``p``, ``q``, ``gamma``. Functions taking ``params``
  accept a :class:`ModelFit`, a mapping with those keys, or a sequence in
  that order.
- Functions are vectorized: pass numbers, NumPy arrays or pandas Series;
  Series in gives a Series back with the same index.

References
----------
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005a), "'Counting your customers'
the easy way: an alternative to the Pareto/NBD model", Marketing Science 24(2),
275-284.

Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005b), "RFM and CLV: using
iso-value curves for customer base analysis", Journal of Marketing Research
42(4), 415-430.

Fader, P. S. & Hardie, B. G. S. (2013), "The Gamma-Gamma model of monetary
value", technical note, brucehardie.com.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab._bgnbd import (
    bgnbd_log_likelihood,
    check_rft,
    conditional_expectation,
    expected_purchases,
    fit_bgnbd,
    probability_alive,
    summary_columns,
)
from crmlab._btyd import (
    BGNBD_PARAMS,
    GAMMA_GAMMA_PARAMS,
    ModelFit,
    check_result,
    read_params,
)
from crmlab._gamma_gamma import (
    expected_spend,
    fit_gamma_gamma,
    gamma_gamma_log_likelihood,
)
from crmlab._simulation import simulate_summary
from crmlab._validation import (
    check_columns,
    check_date,
    check_discount_rate,
    check_fraction,
    check_int,
    check_nonnegative,
    check_positive,
    check_real,
    check_transactions,
)
from crmlab.i18n import message

__all__ = [
    "BGNBD_PARAMS",
    "GAMMA_GAMMA_PARAMS",
    "TIME_UNITS",
    "ModelFit",
    "bgnbd_log_likelihood",
    "clv_from_models",
    "expected_purchases",
    "expected_spend",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "gamma_gamma_log_likelihood",
    "probability_alive",
    "rfm_summary",
    "simulate_summary",
]

#: Time units of :func:`rfm_summary` and their length in days.
TIME_UNITS = MappingProxyType({"D": 1, "W": 7})


# ---------------------------------------------------------------------------
# the RFM summary of a transaction log
# ---------------------------------------------------------------------------


def _check_time_unit(time_unit) -> int:
    if not isinstance(time_unit, str) or time_unit.upper() not in TIME_UNITS:
        allowed = message("align.separator").join(
            message("clv.time_unit_days" if days > 1 else "clv.time_unit_day", unit=key, days=days)
            for key, days in TIME_UNITS.items()
        )
        raise ValueError(message("clv.time_unit_must_be_one", allowed=allowed, time_unit=time_unit))
    return TIME_UNITS[time_unit.upper()]


def rfm_summary(transactions, calibration_end, observation_end=None, time_unit="W"):
    """Frequency, recency, age and mean repeat spend per customer, for the BTYD models.

    The "buy till you die" summary of a transaction log (Fader, Hardie & Lee
    2005a), computed from the purchases on or before ``calibration_end`` (the
    calibration period, 校准期). Purchases on the same calendar day are merged
    into one transaction (their amounts added), then for each customer:

    - frequency x = number of purchase days - 1 (repeat purchases, 重复购买次数);
    - recency t_x = last purchase - first purchase (0 when x = 0);
    - T = calibration_end - first purchase (the customer's age);
    - monetary_value = the mean amount of the x repeat transactions (the first
      purchase is left out, as in the Gamma-Gamma model; 0 when x = 0).

    Times are in ``time_unit`` (days or weeks of 7 days, possibly fractional).
    Note that recency here grows with a *late* last purchase, unlike the RFM
    recency of :func:`crmlab.value.rfm` (days since the last purchase).
    Customers whose first purchase comes after ``calibration_end`` are left out.

    With ``observation_end``, the purchases in the holdout period
    (calibration_end, observation_end] are counted too, to check forecasts.

    Parameters
    ----------
    transactions : DataFrame
        A transaction log with ``customer_id``, ``date`` and ``amount`` (>= 0).
    calibration_end : date-like
        The last day of the calibration period (purchases that day count).
    observation_end : date-like, optional
        The last day of the holdout period, after ``calibration_end``.
    time_unit : {"W", "D"}, default "W"
        Weeks or days.

    Returns
    -------
    DataFrame
        Index ``customer_id``; columns ``frequency`` (int), ``recency``, ``T``,
        ``monetary_value``; with ``observation_end`` also ``frequency_holdout``
        (purchase days in the holdout period), ``spend_holdout`` (amount spent
        then) and ``duration_holdout`` (its length in time units).

    Raises
    ------
    ValueError
        For a malformed log, negative amounts, bad dates, an observation_end not
        after calibration_end, an unknown time unit, or no purchase on or before
        calibration_end.
    TypeError
        For a non-DataFrame log or non-numeric amounts.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005a), Marketing Science
    24(2), 275-284 (the CDNOW summary: 39 weeks of calibration, 1997-01-01 to
    1997-09-30).

    Examples
    --------
    >>> log = pd.DataFrame({
    ...     "customer_id": [1, 1, 1, 1, 2, 3],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-15", "2024-01-15",
    ...                             "2024-02-12", "2024-01-08", "2024-02-05"]),
    ...     "amount": [20.0, 10.0, 5.0, 45.0, 30.0, 12.0]})
    >>> rfm_summary(log, "2024-02-26")
                 frequency  recency    T  monetary_value
    customer_id
    1                    2      6.0  8.0            30.0
    2                    0      0.0  7.0             0.0
    3                    0      0.0  3.0             0.0
    """
    log = check_transactions(transactions)
    check_nonnegative(log["amount"].to_numpy(dtype=float), "transactions['amount']")
    calibration_end = check_date(calibration_end, "calibration_end").normalize()
    if observation_end is not None:
        observation_end = check_date(observation_end, "observation_end").normalize()
        if observation_end <= calibration_end:
            raise ValueError(
                message(
                    "clv.observation_end_observation_end_must",
                    observation_end=observation_end.date(),
                    calibration_end=calibration_end.date(),
                )
            )
    days = _check_time_unit(time_unit)

    log["date"] = log["date"].dt.normalize()
    # one transaction per customer and day, sorted by customer then date
    daily = log.groupby(["customer_id", "date"], as_index=False, sort=True)["amount"].sum()
    calibration = daily.loc[daily["date"] <= calibration_end]
    if calibration.empty:
        raise ValueError(
            message("clv.transactions_has_no_purchases_on", calibration_end=calibration_end.date())
        )
    is_repeat = calibration.groupby("customer_id").cumcount() > 0
    repeat_amount = calibration["amount"].where(is_repeat, 0.0)
    grouped = calibration.groupby("customer_id", sort=True)
    first = grouped["date"].min()
    frequency = (grouped.size() - 1).astype("int64")
    repeat_spend = repeat_amount.groupby(calibration["customer_id"]).sum()
    summary = pd.DataFrame(
        {
            "frequency": frequency,
            "recency": (grouped["date"].max() - first).dt.days / days,
            "T": (calibration_end - first).dt.days / days,
            # x = 0 leaves repeat_spend = 0, so dividing by max(x, 1) gives 0 there
            "monetary_value": repeat_spend / frequency.clip(lower=1),
        }
    )
    summary.index.name = "customer_id"
    if observation_end is not None:
        holdout = daily.loc[(daily["date"] > calibration_end) & (daily["date"] <= observation_end)]
        counts = holdout.groupby("customer_id").size()
        spend = holdout.groupby("customer_id")["amount"].sum()
        summary["frequency_holdout"] = counts.reindex(summary.index, fill_value=0).astype("int64")
        summary["spend_holdout"] = spend.reindex(summary.index, fill_value=0.0).astype(float)
        summary["duration_holdout"] = (observation_end - calibration_end).days / days
    return summary


# ---------------------------------------------------------------------------
# CLV
# ---------------------------------------------------------------------------


def clv_from_models(bgnbd, gamma_gamma, summary, *, periods, period_length, margin, discount_rate):
    """Customer lifetime value (客户终生价值) of each customer from BG/NBD and Gamma-Gamma.

    The horizon is cut into ``periods`` periods of ``period_length`` time
    units. For customer i, the purchases expected in period k are the
    increase of the BG/NBD conditional expectation,
    E[Y_i(k L)] - E[Y_i((k - 1) L)]; each is worth the Gamma-Gamma expected
    spend E[M_i] times the margin m; and period k is discounted like a year
    of unit 01, by (1 + d)^-k:

    CLV_i = m E[M_i] sum_{k=1..K} (E[Y_i(k L)] - E[Y_i((k - 1) L)]) (1 + d)^-k

    Simplifications (state them when you report the numbers): spend per
    transaction is independent of the number of transactions (the
    Gamma-Gamma assumption), so the expected value is the product of the two
    expectations; purchases inside a period are discounted as if made at its
    end; the margin is a constant share of spend; the horizon is finite; no
    acquisition or retention cost is subtracted (this is the value of the
    customers already acquired, from the end of the calibration period); and
    the estimated parameters are treated as known.

    Parameters
    ----------
    bgnbd : ModelFit, mapping or sequence
        BG/NBD r, alpha, a, b.
    gamma_gamma : ModelFit, mapping or sequence
        Gamma-Gamma p, q, gamma.
    summary : DataFrame
        ``frequency``, ``recency``, ``T`` and ``monetary_value`` per customer,
        as from :func:`rfm_summary`.
    periods : int
        K, the number of periods in the horizon (>= 1).
    period_length : float
        L, the length of one period in the summary's time unit (> 0): 52 for
        years measured in weeks, 13 for quarters.
    margin : float
        m, the profit margin as a fraction of spend, in [0, 1].
    discount_rate : float
        d, the discount rate per period as a fraction in [0, 1).

    Returns
    -------
    Series
        CLV per customer, indexed like ``summary``, named ``clv``.

    Raises
    ------
    ValueError
        For invalid parameters or summary values, periods < 1, a non-positive
        period length, a margin outside [0, 1] or a discount rate outside
        [0, 1) (with a hint when they look like percentages).
    TypeError
        For a non-DataFrame summary or a non-integer number of periods.

    References
    ----------
    Fader, Hardie & Lee (2005b), Journal of Marketing Research 42(4); *CRM
    slides* for the discounting convention of unit 01.

    Examples
    --------
    >>> summary = pd.DataFrame({"frequency": [2, 0], "recency": [30.43, 0.0],
    ...                         "T": [38.86, 38.86], "monetary_value": [29.5, 0.0]},
    ...                        index=pd.Index([4, 18], name="customer_id"))
    >>> bgnbd = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    >>> gg = {"p": 6.25, "q": 3.74, "gamma": 15.44}
    >>> clv_from_models(bgnbd, gg, summary, periods=3, period_length=13, margin=1.0,
    ...                 discount_rate=0.0).round(2)
    customer_id
    4     37.43
    18     6.87
    Name: clv, dtype: float64
    """
    bgnbd = read_params(bgnbd, "BG/NBD")
    gamma_gamma = read_params(gamma_gamma, "Gamma-Gamma")
    check_columns(summary, ("frequency", "recency", "T", "monetary_value"), "summary")
    periods = check_int(periods, "periods", low=1)
    period_length = float(
        check_positive(check_real(period_length, "period_length"), "period_length")
    )
    margin = float(check_fraction(check_real(margin, "margin"), "margin"))
    discount_rate = float(
        check_discount_rate(check_real(discount_rate, "discount_rate"), "discount_rate")
    )

    x, tx, age = summary_columns(summary)
    check_rft(x, tx, age)
    spend = np.asarray(
        expected_spend(gamma_gamma, x, summary["monetary_value"].to_numpy(dtype=float)),
        dtype=float,
    )
    k = np.arange(periods + 1)[:, None]
    cumulative = conditional_expectation(*bgnbd, k * period_length, x, tx, age)
    check_result(cumulative, "clv_from_models")
    per_period = np.diff(cumulative, axis=0)
    discount = (1.0 + discount_rate) ** -np.arange(1, periods + 1)
    value = margin * spend * (discount @ per_period)
    return pd.Series(value, index=summary.index, name="clv")
