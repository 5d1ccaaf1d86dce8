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

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd
from scipy import optimize, special

from crmlab._validation import (
    check_columns,
    check_count,
    check_date,
    check_fraction,
    check_int,
    check_nonnegative,
    check_positive,
    check_real,
    check_transactions,
)
from crmlab.value import _broadcast, _check_rate, _wrap

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
]

#: Parameter names of the BG/NBD model, in the order of Fader, Hardie & Lee (2005a).
BGNBD_PARAMS = ("r", "alpha", "a", "b")

#: Parameter names of the Gamma-Gamma spend model (Fader, Hardie & Lee 2005b).
GAMMA_GAMMA_PARAMS = ("p", "q", "gamma")

#: Time units of :func:`rfm_summary` and their length in days.
TIME_UNITS = MappingProxyType({"D": 1, "W": 7})

_MODELS = {"BG/NBD": BGNBD_PARAMS, "Gamma-Gamma": GAMMA_GAMMA_PARAMS}

# The closed form of E[Y(t)] divides by a - 1 (and, for x = 0, hyp2f1 needs
# a + b - 1 != 0): both are removable singularities. Within this distance of
# one, the closed form loses digits to cancellation, so it is evaluated on
# both sides, twice as far away, and averaged.
_NEAR_ONE = 1e-4


# ---------------------------------------------------------------------------
# results and parameter handling
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelFit:
    """The result of :func:`fit_bgnbd` or :func:`fit_gamma_gamma`.

    Attributes
    ----------
    model : str
        ``"BG/NBD"`` or ``"Gamma-Gamma"``.
    params : dict
        The maximum-likelihood estimates, by their names in the papers.
    log_likelihood : float
        The log-likelihood at the estimates (higher is better).
    n : int
        The number of customers the model was fitted to.
    converged : bool
        Whether the optimizer reported convergence.

    Examples
    --------
    >>> fit = ModelFit("Gamma-Gamma", {"p": 6.25, "q": 3.74, "gamma": 15.44}, -4055.92, 946)
    >>> fit
    ModelFit('Gamma-Gamma', p=6.25, q=3.74, gamma=15.44, log_likelihood=-4055.92, n=946)
    >>> fit.params["q"]
    3.74
    """

    model: str
    params: dict[str, float]
    log_likelihood: float
    n: int
    converged: bool = True

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={value:.4g}" for name, value in self.params.items())
        return (
            f"ModelFit({self.model!r}, {values}, "
            f"log_likelihood={self.log_likelihood:.2f}, n={self.n})"
        )


def _params(params, model: str) -> tuple[float, ...]:
    """Read the parameters of ``model`` from a ModelFit, a mapping or a sequence."""
    names = _MODELS[model]
    listing = ", ".join(names)
    if isinstance(params, ModelFit):
        if params.model != model:
            raise ValueError(
                f"params is a {params.model} fit, but this function needs the {model} "
                f"parameters ({listing})."
            )
        params = params.params
    if isinstance(params, pd.Series):
        params = params.to_dict()
    if isinstance(params, Mapping):
        missing = [name for name in names if name not in params]
        if missing:
            raise ValueError(
                f"params is missing the {model} parameter(s) {', '.join(map(repr, missing))}; "
                f"it needs {listing}."
            )
        values = [params[name] for name in names]
    elif isinstance(params, Sequence | np.ndarray) and not isinstance(params, str | bytes):
        values = list(params)
        if len(values) != len(names):
            raise ValueError(
                f"params must hold the {len(names)} {model} parameters ({listing}) in this "
                f"order, got {len(values)} value(s)."
            )
    else:
        raise TypeError(
            f"params must be a ModelFit, a mapping or a sequence of the {model} parameters "
            f"({listing}), got {type(params).__name__}."
        )
    return tuple(
        check_positive(check_real(value, f"params[{name!r}]"), f"params[{name!r}]")
        for name, value in zip(names, values, strict=True)
    )


def _check_rft(frequency, recency, T):
    """Validate x, t_x, T per customer: whole x >= 0, 0 <= t_x <= T, t_x = 0 when x = 0."""
    frequency = check_count(frequency, "frequency")
    recency = check_nonnegative(recency, "recency")
    T = check_nonnegative(T, "T")
    x, tx, age = _broadcast(frequency=frequency, recency=recency, T=T)
    late = tx > age
    if np.any(late):
        raise ValueError(
            "recency (the time of the last purchase, from the first) cannot exceed T (the "
            "time from the first purchase to the end of the period): got "
            f"recency={tx[late].flat[0]:g} and T={age[late].flat[0]:g}."
        )
    stray = (x == 0) & (tx != 0)
    if np.any(stray):
        raise ValueError(
            "recency must be 0 for customers with no repeat purchase (frequency = 0), got "
            f"recency={tx[stray].flat[0]:g}. Recency here is the time from the first to the "
            "last purchase, not the time since the last purchase."
        )
    return (frequency, recency, T), (x, tx, age)


def _summary_columns(summary):
    check_columns(summary, ("frequency", "recency", "T"), "summary")
    return tuple(summary[column].to_numpy(dtype=float) for column in ("frequency", "recency", "T"))


# ---------------------------------------------------------------------------
# the RFM summary of a transaction log
# ---------------------------------------------------------------------------


def _check_time_unit(time_unit) -> int:
    if not isinstance(time_unit, str) or time_unit.upper() not in TIME_UNITS:
        allowed = ", ".join(
            f"{key!r} ({days} day{'s' if days > 1 else ''})" for key, days in TIME_UNITS.items()
        )
        raise ValueError(f"time_unit must be one of {allowed}; got {time_unit!r}.")
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
                f"observation_end ({observation_end.date()}) must come after calibration_end "
                f"({calibration_end.date()}): it ends the holdout period that follows."
            )
    days = _check_time_unit(time_unit)

    log["date"] = log["date"].dt.normalize()
    # one transaction per customer and day, sorted by customer then date
    daily = log.groupby(["customer_id", "date"], as_index=False, sort=True)["amount"].sum()
    calibration = daily.loc[daily["date"] <= calibration_end]
    if calibration.empty:
        raise ValueError(
            f"transactions has no purchases on or before calibration_end="
            f"{calibration_end.date()}; choose a later calibration_end."
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
# BG/NBD: likelihood, fit, P(alive), expected purchases
# ---------------------------------------------------------------------------


def _bgnbd_log_terms(r, alpha, a, b, x, tx, T):
    """Per-customer log-likelihood of the BG/NBD model (Fader, Hardie & Lee 2005a, eq. 6)."""
    ln_a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    ln_a2 = (
        special.gammaln(a + b)
        + special.gammaln(b + x)
        - special.gammaln(b)
        - special.gammaln(a + b + x)
    )
    ln_a3 = -(r + x) * np.log(alpha + T)
    repeat = x > 0
    # A4 exists only for x > 0; the placeholder denominator keeps log() quiet elsewhere
    ln_a4 = np.where(
        repeat,
        np.log(a) - np.log(np.where(repeat, b + x - 1, 1.0)) - (r + x) * np.log(alpha + tx),
        -np.inf,
    )
    return ln_a1 + ln_a2 + np.logaddexp(ln_a3, ln_a4)


def bgnbd_log_likelihood(params, frequency, recency, T):
    """Log-likelihood of the BG/NBD model for a set of customers.

    L(r, alpha, a, b | x, t_x, T) = A1 A2 (A3 + delta_{x>0} A4), with

    A1 = Gamma(r + x) alpha^r / Gamma(r),
    A2 = Gamma(a + b) Gamma(b + x) / (Gamma(b) Gamma(a + b + x)),
    A3 = (alpha + T)^-(r + x),
    A4 = a / (b + x - 1) (alpha + t_x)^-(r + x),

    summed in logs over customers (Fader, Hardie & Lee 2005a, eq. 6).

    Parameters
    ----------
    params : ModelFit, mapping or sequence
        r, alpha, a, b (all > 0).
    frequency, recency, T : float or array-like
        x (whole number >= 0), t_x and T per customer, 0 <= t_x <= T, with
        t_x = 0 when x = 0.

    Returns
    -------
    float
        The total log-likelihood.

    Raises
    ------
    ValueError
        For non-positive parameters or an invalid summary (see :func:`rfm_summary`).
    TypeError
        For params of the wrong kind.

    References
    ----------
    Fader, Hardie & Lee (2005a), Marketing Science 24(2), eq. 6.

    Examples
    --------
    >>> round(bgnbd_log_likelihood((0.243, 4.414, 0.793, 2.426), [2, 0], [30.43, 0],
    ...                            [38.86, 38.86]), 4)
    -10.0133
    """
    r, alpha, a, b = _params(params, "BG/NBD")
    _, (x, tx, age) = _check_rft(frequency, recency, T)
    return float(np.sum(_bgnbd_log_terms(r, alpha, a, b, x, tx, age)))


def fit_bgnbd(summary):
    """Fit the BG/NBD model (BG/NBD模型) by maximum likelihood.

    The story (Fader, Hardie & Lee 2005a): while active, a customer buys at
    the times of a Poisson process with rate lambda; after each purchase the
    customer drops out for good with probability p. Customers differ:
    lambda ~ Gamma(r, alpha) (shape r, rate alpha) and p ~ Beta(a, b). The
    likelihood of :func:`bgnbd_log_likelihood` is maximized over
    log r, log alpha, log a, log b with Nelder-Mead (so the estimates stay
    positive), starting from r = alpha = a = b = 1.

    The mean purchase rate of the active customers is r / alpha per time unit
    and the mean dropout probability a / (a + b) per purchase.

    Parameters
    ----------
    summary : DataFrame
        One row per customer with ``frequency``, ``recency`` and ``T``, as
        returned by :func:`rfm_summary`.

    Returns
    -------
    ModelFit
        ``params`` r, alpha, a, b; the log-likelihood; n customers.

    Raises
    ------
    ValueError
        For missing columns, invalid values, no customers, or no customer with
        a repeat purchase (then dropout cannot be estimated).
    TypeError
        If summary is not a DataFrame.

    Warns
    -----
    RuntimeWarning
        If the optimizer does not report convergence.

    References
    ----------
    Fader, Hardie & Lee (2005a), Marketing Science 24(2), 275-284: on the CDNOW
    sample, r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4.

    Examples
    --------
    >>> from crmlab.datasets import load_cdnow
    >>> summary = rfm_summary(load_cdnow(), "1997-09-30")
    >>> fit_bgnbd(summary)
    ModelFit('BG/NBD', r=0.2426, alpha=4.414, a=0.7929, b=2.426, log_likelihood=-9582.43, n=2357)
    """
    x, tx, age = _summary_columns(summary)
    _check_rft(x, tx, age)
    if len(x) == 0:
        raise ValueError("summary has no customers; fit the model to at least one.")
    if not np.any(x > 0):
        raise ValueError(
            "No customer in summary made a repeat purchase (frequency is 0 everywhere), so "
            "the dropout process cannot be estimated; use a longer calibration period."
        )

    def negative_log_likelihood(log_params):
        r, alpha, a, b = np.exp(log_params)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            value = -np.sum(_bgnbd_log_terms(r, alpha, a, b, x, tx, age))
        # steps far out in log space can overflow; treat them as infinitely unlikely
        return value if np.isfinite(value) else np.inf

    return _maximize(negative_log_likelihood, "BG/NBD", len(x))


def _maximize(negative_log_likelihood, model: str, n: int) -> ModelFit:
    names = _MODELS[model]
    result = optimize.minimize(
        negative_log_likelihood,
        np.zeros(len(names)),
        method="Nelder-Mead",
        options={"xatol": 1e-7, "fatol": 1e-9, "maxiter": 20_000, "maxfev": 20_000},
    )
    if not result.success:
        warnings.warn(
            f"The {model} fit did not converge ({result.message}); treat the estimates with care.",
            RuntimeWarning,
            stacklevel=3,
        )
    params = {name: float(value) for name, value in zip(names, np.exp(result.x), strict=True)}
    return ModelFit(model, params, float(-result.fun), n, bool(result.success))


def _log_odds_dead(r, alpha, a, b, x, tx, T):
    """log of a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x); -inf when x = 0."""
    repeat = x > 0
    safe = np.where(repeat, b + x - 1, 1.0)
    return np.where(
        repeat,
        np.log(a) - np.log(safe) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx)),
        -np.inf,
    )


def probability_alive(params, frequency, recency, T):
    """Probability that a customer is still active (存活概率) under the BG/NBD model.

    P(alive | x, t_x, T) = 1 / (1 + delta_{x>0} a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x))

    In the BG/NBD story a customer can only drop out right after a purchase,
    so a customer with no repeat purchase (x = 0) is alive with probability 1;
    for x > 0 the probability falls the longer the customer has been silent
    (T - t_x), and the faster the more often they used to buy (Fader, Hardie &
    Lee 2005a; the modified MBG/NBD model removes the x = 0 quirk).

    Parameters
    ----------
    params : ModelFit, mapping or sequence
        BG/NBD r, alpha, a, b (all > 0).
    frequency, recency, T : float or array-like
        x, t_x and T per customer as in :func:`rfm_summary`.

    Returns
    -------
    float, ndarray or Series
        Probabilities in [0, 1].

    Raises
    ------
    ValueError
        For non-positive parameters, negative or fractional frequencies,
        recency above T or non-zero recency with x = 0, NaN/inf, or mismatched
        lengths.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005), "Computing P(alive)
    using the BG/NBD model", technical note, brucehardie.com.

    Examples
    --------
    >>> bgnbd = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    >>> round(probability_alive(bgnbd, 2, 30.43, 38.86), 4)
    0.7266
    >>> probability_alive(bgnbd, 0, 0, 38.86)
    1.0
    """
    r, alpha, a, b = _params(params, "BG/NBD")
    originals, (x, tx, age) = _check_rft(frequency, recency, T)
    p_alive = special.expit(-_log_odds_dead(r, alpha, a, b, x, tx, age))
    return _wrap(p_alive, *originals)


def _expected_if_alive(r, alpha, a, b, t, x, T):
    """(a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)].

    Written after Euler's transformation 2F1(A, B; C; z) = (1-z)^(C-A-B)
    2F1(C-A, C-B; C; z), which turns the product into
    (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z): the same value, but the
    hypergeometric function no longer grows like (1-z)^-(r+x) and cannot
    overflow for frequent buyers or long horizons.
    """
    z = t / (alpha + T + t)
    c = a + b + x - 1
    hyp = special.hyp2f1(a + b - 1 - r, a - 1, c, z)
    bracket = -np.expm1((a - 1) * np.log1p(-z)) - np.exp((a - 1) * np.log1p(-z)) * (hyp - 1)
    return c / (a - 1) * bracket


def _conditional_expectation(r, alpha, a, b, t, x, tx, T):
    """P(alive) times the purchases expected from an active customer, singularities handled."""
    p_alive = special.expit(-_log_odds_dead(r, alpha, a, b, x, tx, T))
    with np.errstate(invalid="ignore", divide="ignore"):
        if abs(a - 1) < _NEAR_ONE:
            return p_alive * _across_singularity(r, alpha, a, b, t, x, T)
        if_alive = _expected_if_alive(r, alpha, a, b, t, x, T)
        singular = (x == 0) & (abs(a + b - 1) < _NEAR_ONE)
        if np.any(singular):
            if_alive = np.where(singular, _across_singularity(r, alpha, a, b, t, x, T), if_alive)
    return p_alive * if_alive


def _across_singularity(r, alpha, a, b, t, x, T):
    """The mean of the closed form at a -/+ 2 _NEAR_ONE: a smooth function, error O(1e-8)."""
    step = 2 * _NEAR_ONE
    below = _expected_if_alive(r, alpha, a - step, b, t, x, T)
    above = _expected_if_alive(r, alpha, a + step, b, t, x, T)
    return (below + above) / 2


def expected_purchases(params, t, frequency, recency, T):
    """Expected number of purchases in the next t time units, given a customer's history.

    BG/NBD conditional expectation (Fader, Hardie & Lee 2005a, eq. 10):

    E[Y(t) | x, t_x, T] =
    (a + b + x - 1) / (a - 1) x [1 - ((alpha + T) / (alpha + T + t))^(r + x)
    2F1(r + x, b + x; a + b + x - 1; t / (alpha + T + t))]
    / (1 + delta_{x>0} a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x))

    where 2F1 is the Gaussian hypergeometric function
    (:func:`scipy.special.hyp2f1`). The denominator is 1 / P(alive), so the
    expectation is P(alive) times the purchases expected from an active
    customer. It is 0 at t = 0 and grows with t.

    Parameters
    ----------
    params : ModelFit, mapping or sequence
        BG/NBD r, alpha, a, b (all > 0).
    t : float or array-like
        The length of the forecast period (>= 0), in the summary's time unit.
    frequency, recency, T : float or array-like
        x, t_x and T per customer as in :func:`rfm_summary`.

    Returns
    -------
    float, ndarray or Series
        Expected repeat purchases in (T, T + t].

    Raises
    ------
    ValueError
        For non-positive parameters, negative t, an invalid summary (see
        :func:`probability_alive`), NaN/inf, or mismatched lengths.

    References
    ----------
    Fader, Hardie & Lee (2005a), Marketing Science 24(2), eq. 10. Customer 1
    of the CDNOW sample (x = 2, t_x = 30.43, T = 38.86) is expected to make
    1.226 repeat purchases in the next 39 weeks.

    Examples
    --------
    >>> bgnbd = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    >>> round(expected_purchases(bgnbd, 39, 2, 30.43, 38.86), 3)
    1.226
    >>> expected_purchases(bgnbd, [13, 26, 39], 2, 30.43, 38.86).round(3)
    array([0.457, 0.862, 1.226])
    """
    r, alpha, a, b = _params(params, "BG/NBD")
    t = check_nonnegative(t, "t")
    originals, _ = _check_rft(frequency, recency, T)
    horizon, x, tx, age = _broadcast(
        t=t, frequency=originals[0], recency=originals[1], T=originals[2]
    )
    expected = _conditional_expectation(r, alpha, a, b, horizon, x, tx, age)
    _check_result(expected, "expected_purchases")
    return _wrap(expected, t, *originals)


def _check_result(values, what: str) -> None:
    if not np.all(np.isfinite(values)):
        raise ValueError(
            f"{what} could not be computed for these parameters (the closed form gave a "
            "non-finite value); check that the parameters are plausible estimates."
        )


# ---------------------------------------------------------------------------
# Gamma-Gamma spend model
# ---------------------------------------------------------------------------


def _check_spend(frequency, monetary_value, *, fitting: bool):
    frequency = check_count(frequency, "frequency", positive=fitting)
    monetary_value = (check_positive if fitting else check_nonnegative)(
        monetary_value, "monetary_value"
    )
    x, m = _broadcast(frequency=frequency, monetary_value=monetary_value)
    return (frequency, monetary_value), (x, m)


def _gamma_gamma_log_terms(p, q, gamma, x, m):
    """Per-customer log density of the mean spend m of x transactions."""
    px = p * x
    return (
        special.gammaln(px + q)
        - special.gammaln(px)
        - special.gammaln(q)
        + q * np.log(gamma)
        + (px - 1) * np.log(m)
        + px * np.log(x)
        - (px + q) * np.log(gamma + m * x)
    )


def gamma_gamma_log_likelihood(params, frequency, monetary_value):
    """Log-likelihood of the Gamma-Gamma spend model for customers with repeat purchases.

    Each transaction's value is Gamma(p, nu); nu varies over customers as
    Gamma(q, gamma). The mean m of a customer's x transaction values then has

    f(m | p, q, gamma, x) = Gamma(p x + q) / (Gamma(p x) Gamma(q))
    gamma^q m^(p x - 1) x^(p x) / (gamma + m x)^(p x + q),

    summed in logs over customers.

    Parameters
    ----------
    params : ModelFit, mapping or sequence
        p, q, gamma (all > 0).
    frequency : int or array-like
        x, the number of repeat transactions (>= 1).
    monetary_value : float or array-like
        m, the mean value of those transactions (> 0).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For non-positive parameters, frequencies below 1, non-positive spend,
        NaN/inf, or mismatched lengths.

    References
    ----------
    Fader, Hardie & Lee (2005b), Journal of Marketing Research 42(4); Fader &
    Hardie (2013), "The Gamma-Gamma model of monetary value".

    Examples
    --------
    >>> round(gamma_gamma_log_likelihood((6.25, 3.74, 15.44), [2, 1], [22.0, 31.5]), 4)
    -7.5595
    """
    p, q, gamma = _params(params, "Gamma-Gamma")
    _, (x, m) = _check_spend(frequency, monetary_value, fitting=True)
    return float(np.sum(_gamma_gamma_log_terms(p, q, gamma, x, m)))


def fit_gamma_gamma(frequency, monetary_value):
    """Fit the Gamma-Gamma spend model (Gamma-Gamma模型) by maximum likelihood.

    The values of a customer's transactions vary around the customer's own
    mean; the model (Fader, Hardie & Lee 2005b) treats each value as
    Gamma(p, nu) with mean p / nu, and spreads nu over customers as
    Gamma(q, gamma). It assumes that how much a customer spends per
    transaction does not depend on how often they buy. The likelihood of
    :func:`gamma_gamma_log_likelihood` is maximized over log p, log q,
    log gamma with Nelder-Mead. Only customers with at least one repeat
    purchase carry information on their spend, so pass those.

    The mean spend per transaction in the population is p gamma / (q - 1)
    (for q > 1).

    Parameters
    ----------
    frequency : array-like
        x, the number of repeat transactions per customer (each >= 1).
    monetary_value : array-like
        m, each customer's mean value of those transactions (> 0).

    Returns
    -------
    ModelFit
        ``params`` p, q, gamma; the log-likelihood; n customers.

    Raises
    ------
    ValueError
        For customers without repeat purchases (filter them out first), a
        non-positive spend, fewer than 3 customers, NaN/inf or mismatched
        lengths.

    Warns
    -----
    RuntimeWarning
        If the optimizer does not report convergence.

    References
    ----------
    Fader, Hardie & Lee (2005b), Journal of Marketing Research 42(4),
    415-430: on the 946 CDNOW customers with repeat purchases, p = 6.25,
    q = 3.74, gamma = 15.44.

    Examples
    --------
    >>> from crmlab.datasets import load_cdnow
    >>> summary = rfm_summary(load_cdnow(), "1997-09-30")
    >>> repeaters = summary[summary["frequency"] > 0]
    >>> fit_gamma_gamma(repeaters["frequency"], repeaters["monetary_value"])
    ModelFit('Gamma-Gamma', p=6.25, q=3.744, gamma=15.44, log_likelihood=-4055.92, n=946)
    """
    frequency = check_count(frequency, "frequency")
    if np.any(np.asarray(frequency) == 0):
        n_zero = int(np.sum(np.asarray(frequency) == 0))
        raise ValueError(
            f"frequency is 0 for {n_zero} customer(s); the Gamma-Gamma model is fitted to "
            "customers with at least one repeat purchase. Select them first, e.g. "
            "summary[summary['frequency'] > 0]."
        )
    _, (x, m) = _check_spend(frequency, monetary_value, fitting=True)
    x, m = np.atleast_1d(x), np.atleast_1d(m)
    if len(x) < len(GAMMA_GAMMA_PARAMS):
        raise ValueError(
            f"fit_gamma_gamma needs at least {len(GAMMA_GAMMA_PARAMS)} customers to estimate "
            f"p, q and gamma, got {len(x)}."
        )

    def negative_log_likelihood(log_params):
        p, q, gamma = np.exp(log_params)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            value = -np.sum(_gamma_gamma_log_terms(p, q, gamma, x, m))
        return value if np.isfinite(value) else np.inf

    return _maximize(negative_log_likelihood, "Gamma-Gamma", len(x))


def expected_spend(params, frequency, monetary_value):
    """Expected spend per future transaction of a customer, by the Gamma-Gamma model.

    E[M | p, q, gamma, m_x, x] = p (gamma + x m_x) / (p x + q - 1)
    = w p gamma / (q - 1) + (1 - w) m_x, with w = (q - 1) / (p x + q - 1):

    a weighted mean of the population mean p gamma / (q - 1) and the
    customer's own mean m_x. The more transactions x, the more weight on the
    customer's own mean; a customer with x = 0 gets the population mean.

    Parameters
    ----------
    params : ModelFit, mapping or sequence
        Gamma-Gamma p, q, gamma (all > 0).
    frequency : int or array-like
        x, repeat transactions (>= 0).
    monetary_value : float or array-like
        m_x, the mean value of those transactions (>= 0; ignored when x = 0).

    Returns
    -------
    float, ndarray or Series

    Raises
    ------
    ValueError
        For non-positive parameters, negative or fractional frequencies,
        negative spend, NaN/inf, mismatched lengths, or p x + q <= 1 (the
        expectation is infinite; for x = 0 this means q <= 1).

    References
    ----------
    Fader, Hardie & Lee (2005b), Journal of Marketing Research 42(4), eq. 5.

    Examples
    --------
    >>> gg = {"p": 6.25, "q": 3.74, "gamma": 15.44}
    >>> round(expected_spend(gg, 0, 0), 2)
    35.22
    >>> expected_spend(gg, [1, 10], [20.0, 20.0]).round(2)
    array([24.64, 20.64])
    """
    p, q, gamma = _params(params, "Gamma-Gamma")
    originals, (x, m) = _check_spend(frequency, monetary_value, fitting=False)
    denominator = p * x + q - 1
    if np.any(denominator <= 0):
        raise ValueError(
            f"The expected spend is infinite when p x + q <= 1; with q = {q:g} this happens for "
            f"x = {np.asarray(x)[denominator <= 0].flat[0]:g}. The population mean spend "
            "p gamma / (q - 1) needs q > 1."
        )
    return _wrap(p * (gamma + x * m) / denominator, *originals)


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
    Fader, Hardie & Lee (2005b), Journal of Marketing Research 42(4); CRM slides
    for the discounting convention of unit 01.

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
    bgnbd = _params(bgnbd, "BG/NBD")
    gamma_gamma = _params(gamma_gamma, "Gamma-Gamma")
    check_columns(summary, ("frequency", "recency", "T", "monetary_value"), "summary")
    periods = check_int(periods, "periods", low=1)
    period_length = float(
        check_positive(check_real(period_length, "period_length"), "period_length")
    )
    margin = float(check_fraction(check_real(margin, "margin"), "margin"))
    discount_rate = float(_check_rate(check_real(discount_rate, "discount_rate"), "discount_rate"))

    x, tx, age = _summary_columns(summary)
    _check_rft(x, tx, age)
    spend = np.asarray(
        expected_spend(gamma_gamma, x, summary["monetary_value"].to_numpy(dtype=float)),
        dtype=float,
    )
    k = np.arange(periods + 1)[:, None]
    cumulative = _conditional_expectation(*bgnbd, k * period_length, x, tx, age)
    _check_result(cumulative, "clv_from_models")
    per_period = np.diff(cumulative, axis=0)
    discount = (1.0 + discount_rate) ** -np.arange(1, periods + 1)
    value = margin * spend * (discount @ per_period)
    return pd.Series(value, index=summary.index, name="clv")
