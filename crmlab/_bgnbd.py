"""The BG/NBD model: likelihood, fast fit, P(alive), expected purchases.

Private: students import these names from :mod:`crmlab.clv_models`, which
documents the model as a whole.

Why the fit is fast: the likelihood of a customer depends only on (x, t_x, T),
and real summaries repeat those triples (times come from calendar days), so
the fit sums over the distinct triples weighted by their counts; the terms
that depend on x alone are summed over the distinct x; the gradient is
analytic; and a bounded quasi-Newton method (SLSQP) works on log-parameters,
from a start found on a subsample when the data are large.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from crmlab._align import align_floats, shaped
from crmlab._btyd import (
    BGNBD_PARAMS,
    check_result,
    dot,
    maximize,
    minimize_log_params,
    read_params,
)
from crmlab._validation import check_columns, check_count, check_nonnegative
from crmlab.i18n import message

# The closed form of E[Y(t)] divides by a - 1 (and, for x = 0, hyp2f1 needs
# a + b - 1 != 0): both are removable singularities. Within this distance of
# one, the closed form loses digits to cancellation, so it is evaluated on
# both sides, twice as far away, and averaged.
_NEAR_ONE = 1e-4

# From twice this many distinct (x, t_x, T) on, the fit first runs on a spread-out
# subsample of about this many, whose estimates start the full fit a few steps
# from the end: half the steps on the full data.
_SUBSAMPLE = 2_000


# ---------------------------------------------------------------------------
# input checks, done once at each public entry
# ---------------------------------------------------------------------------


def check_rft(frequency, recency, T):
    """Validate x, t_x, T per customer: whole x >= 0, 0 <= t_x <= T, t_x = 0 when x = 0."""
    frequency = check_count(frequency, "frequency")
    recency = check_nonnegative(recency, "recency")
    T = check_nonnegative(T, "T")
    (x, tx, age), index = align_floats(frequency=frequency, recency=recency, T=T)
    late = tx > age
    if np.any(late):
        raise ValueError(
            message("clv.recency_the_time_of_the", tx=tx[late].flat[0], age=age[late].flat[0])
        )
    stray = (x == 0) & (tx != 0)
    if np.any(stray):
        raise ValueError(message("clv.recency_must_be_for_customers", tx=tx[stray].flat[0]))
    return index, (x, tx, age)


def summary_columns(summary):
    """frequency, recency and T of a summary DataFrame as float arrays."""
    check_columns(summary, ("frequency", "recency", "T"), "summary")
    return tuple(summary[column].to_numpy(dtype=float) for column in ("frequency", "recency", "T"))


def group_rows(*columns):
    """The distinct rows of equal-length 1-D columns.

    Returns the index of each distinct row's first occurrence, how many rows
    repeat it, and the number of the distinct row of every row. Hashing
    (:func:`pandas.factorize`) rather than sorting keeps this linear in the
    number of rows; re-factorizing the combined code after each column keeps
    it from overflowing.
    """
    codes = np.zeros(len(columns[0]), dtype=np.int64)
    if len(codes) == 0:
        return codes, codes, codes
    for column in columns:
        column_codes, uniques = pd.factorize(column, sort=False)
        codes = pd.factorize(codes * len(uniques) + column_codes, sort=False)[0]
    counts = np.bincount(codes)
    # factorize numbers rows in order of first appearance, so a row is the first of
    # its kind exactly where the running maximum of the codes steps up
    top = np.maximum.accumulate(codes)
    first = np.flatnonzero(np.r_[True, top[1:] > top[:-1]])
    return first, counts, codes


# ---------------------------------------------------------------------------
# likelihood
# ---------------------------------------------------------------------------


def _log_terms(r, alpha, a, b, x, tx, T):
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
    r, alpha, a, b = read_params(params, "BG/NBD")
    _, (x, tx, age) = check_rft(frequency, recency, T)
    return float(np.sum(_log_terms(r, alpha, a, b, x, tx, age)))


class _Likelihood:
    """The BG/NBD log-likelihood of weighted customer histories, with its gradient.

    Built once from validated (x, t_x, T) and a weight per history (how many
    customers share it); calling it with log-parameters returns the negative
    mean log-likelihood and its gradient, for :func:`scipy.optimize.minimize`.

    With d = ln a - ln(b + x - 1) + (r + x) [ln(alpha + T) - ln(alpha + t_x)]
    (the log-odds of A4 against A3) and s = 1 / (1 + e^-d), the log of
    A3 + A4 is -(r + x) ln(alpha + T) + ln(1 + e^d), and its derivatives are

    d/dr = -ln(alpha + T) + s [ln(alpha + T) - ln(alpha + t_x)],
    d/dalpha = (r + x) [s / (alpha + T) - s / (alpha + t_x) - 1 / (alpha + T)],
    d/da = s / a,  d/db = -s / (b + x - 1);

    the Gamma functions of A1 and A2 give digamma terms.
    """

    def __init__(self, x, tx, T, weight):
        self.n = float(np.sum(weight))
        # the terms of x alone, per distinct x
        self.x_values, x_codes = np.unique(x, return_inverse=True)
        self.x_weights = np.bincount(x_codes, weights=weight)
        # without a repeat purchase, A4 is absent and only T matters
        repeat = x > 0
        self.T0, self.w0 = T[~repeat], weight[~repeat]
        self.x1, self.tx1, self.T1, self.w1 = x[repeat], tx[repeat], T[repeat], weight[repeat]

    def __call__(self, log_params):
        params = np.exp(log_params)
        r, alpha, a, b = params
        xs, ws, n = self.x_values, self.x_weights, self.n
        lg, dg = special.gammaln, special.digamma
        value = dot(ws, lg(r + xs) - lg(r) + lg(b + xs) - lg(b) + lg(a + b) - lg(a + b + xs))
        value += n * r * np.log(alpha)
        dg_ab = dg(a + b) - dg(a + b + xs)
        gradient = np.array(
            [
                dot(ws, dg(r + xs) - dg(r)) + n * np.log(alpha),
                n * r / alpha,
                dot(ws, dg_ab),
                dot(ws, dg(b + xs) - dg(b) + dg_ab),
            ]
        )

        log_age0 = np.log(alpha + self.T0)
        value -= r * dot(self.w0, log_age0)
        gradient[0] -= dot(self.w0, log_age0)
        gradient[1] -= r * dot(self.w0, 1.0 / (alpha + self.T0))

        x, w = self.x1, self.w1
        k = r + x
        inv_age, inv_recency = 1.0 / (alpha + self.T1), 1.0 / (alpha + self.tx1)
        log_age, log_recency = np.log(alpha + self.T1), np.log(alpha + self.tx1)
        log_b = np.log(b + x - 1)
        d = np.log(a) - log_b + k * (log_age - log_recency)
        s = special.expit(d)
        value += dot(w, np.logaddexp(0.0, d) - k * log_age)
        gradient[0] += dot(w, s * (log_age - log_recency) - log_age)
        gradient[1] += dot(w, k * (s * (inv_age - inv_recency) - inv_age))
        ws1 = w * s
        gradient[2] += ws1.sum() / a
        gradient[3] -= dot(ws1, np.exp(-log_b))
        # d/d(log theta) = theta d/d(theta)
        return -value / n, -gradient * params / n


def fit_bgnbd(summary):
    """Fit the BG/NBD model (BG/NBD模型) by maximum likelihood.

    The story (Fader, Hardie & Lee 2005a): while active, a customer buys at
    the times of a Poisson process with rate lambda; after each purchase the
    customer drops out for good with probability p. Customers differ:
    lambda ~ Gamma(r, alpha) (shape r, rate alpha) and p ~ Beta(a, b). The
    likelihood of :func:`bgnbd_log_likelihood` is maximized over
    log r, log alpha, log a, log b (so the estimates stay positive) with a
    bounded quasi-Newton method (SLSQP) and the analytic gradient. Customers with the same (x, t_x, T)
    have the same likelihood, so each distinct history is evaluated once and
    counted as often as it occurs: a million customers fit in about a second.

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
    >>> from crmlab.clv_models import rfm_summary
    >>> from crmlab.datasets import load_cdnow
    >>> summary = rfm_summary(load_cdnow(), "1997-09-30")
    >>> fit_bgnbd(summary)
    ModelFit('BG/NBD', r=0.2426, alpha=4.414, a=0.7929, b=2.426, log_likelihood=-9582.43, n=2357)
    """
    x, tx, age = summary_columns(summary)
    check_rft(x, tx, age)
    if len(x) == 0:
        raise ValueError(message("clv.summary_has_no_customers_fit"))
    if not np.any(x > 0):
        raise ValueError(message("clv.no_customer_in_summary_made"))
    first, counts, _ = group_rows(x, tx, age)
    x, tx, age, weight = x[first], tx[first], age[first], counts.astype(float)
    likelihood = _Likelihood(x, tx, age, weight)
    return maximize(likelihood, _start(x, tx, age, weight), "BG/NBD", len(summary), likelihood.n)


def _start(x, tx, T, weight):
    """Log-parameters to start from: 0 (all parameters 1), or the fit of a subsample.

    The subsample takes every k-th distinct history with its weight: each
    customer is in it with the same chance, whatever their history, so its
    estimates are those of the full data up to sampling noise.
    """
    start = np.zeros(len(BGNBD_PARAMS))
    if len(x) < 2 * _SUBSAMPLE:
        return start
    every = slice(None, None, len(x) // _SUBSAMPLE)
    if not np.any(x[every] > 0):
        return start
    subsample = _Likelihood(x[every], tx[every], T[every], weight[every])
    result = minimize_log_params(subsample, start, precision=1e-9)
    return result.x if np.all(np.isfinite(result.x)) else start


# ---------------------------------------------------------------------------
# P(alive) and expected purchases
# ---------------------------------------------------------------------------


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
    Lee 2005a; the modified MBG/NBD model removes the x = 0 quirk). It is
    computed from the log-odds, so it stays in [0, 1] without overflow for
    any history.

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
    r, alpha, a, b = read_params(params, "BG/NBD")
    index, (x, tx, age) = check_rft(frequency, recency, T)
    p_alive = special.expit(-_log_odds_dead(r, alpha, a, b, x, tx, age))
    return shaped(p_alive, index)


def _expected_if_alive(r, alpha, a, b, t, x, T):
    """(a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)].

    Written after Euler's transformation 2F1(A, B; C; z) = (1-z)^(C-A-B)
    2F1(C-A, C-B; C; z), which turns the product into
    (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z): the same value, but the
    hypergeometric function no longer grows like (1-z)^-(r+x) and cannot
    overflow for frequent buyers or long horizons.

    SciPy's hyp2f1 leaves gaps (NaN) for z near 1, a horizon of years: there
    Pfaff's transformation gives the bracket as 1 - 2F1(a-1, r+x; a+b+x-1;
    -t/(alpha+T)), and where that fails too (a frequent buyer, a large
    a+b+x-1) the power series, which then converges fast, takes over.
    """
    z = t / (alpha + T + t)
    c = a + b + x - 1
    first, second = a + b - 1 - r, a - 1
    power = (a - 1) * np.log1p(-z)
    bracket = -np.expm1(power) - np.exp(power) * (special.hyp2f1(first, second, c, z) - 1)
    failed = ~np.isfinite(bracket)
    if np.any(failed):
        bracket = np.array(bracket, dtype=float)
        bracket[failed] = _bracket_where_scipy_fails(
            r, alpha, a, b, *(np.broadcast_to(v, failed.shape)[failed] for v in (t, x, T))
        )
    return c / (a - 1) * bracket


def _bracket_where_scipy_fails(r, alpha, a, b, t, x, T):
    """The bracket of :func:`_expected_if_alive` by Pfaff's transformation, else the series."""
    c = a + b + x - 1
    bracket = -(special.hyp2f1(a - 1, r + x, c, -t / (alpha + T)) - 1)
    series = np.isnan(bracket)
    if np.any(series):
        z = t[series] / (alpha + T[series] + t[series])
        power = (a - 1) * np.log1p(-z)
        hyp_minus_one = _hyp2f1_series_minus_one(a + b - 1 - r, a - 1, c[series], z)
        bracket[series] = -np.expm1(power) - np.exp(power) * hyp_minus_one
    return bracket


# Enough for the power series of 2F1 at z up to 1 - 1e-4 when c - a - b > 2, the
# cases SciPy leaves: there the terms fall faster than n^-3 z^n.
_SERIES_TERMS = 20_000


def _hyp2f1_series_minus_one(A, B, C, z):
    """2F1(A, B; C; z) - 1 = sum over n >= 1 of (A)_n (B)_n / ((C)_n n!) z^n.

    Summed without the leading 1, so no digits are lost when the result is
    small; NaN where the series has not converged after _SERIES_TERMS terms.
    """
    term = np.ones_like(z)
    total = np.zeros_like(z)
    with np.errstate(over="ignore", invalid="ignore"):
        for n in range(_SERIES_TERMS):
            term = term * ((A + n) * (B + n) / ((C + n) * (n + 1)) * z)
            total += term
            if np.all(np.abs(term) <= 1e-17 * np.abs(total)):
                return total
    return np.where(np.abs(term) <= 1e-17 * np.abs(total), total, np.nan)


def _across_singularity(r, alpha, a, b, t, x, T):
    """The mean of the closed form at a -/+ 2 _NEAR_ONE: a smooth function, error O(1e-8)."""
    step = 2 * _NEAR_ONE
    below = _expected_if_alive(r, alpha, a - step, b, t, x, T)
    above = _expected_if_alive(r, alpha, a + step, b, t, x, T)
    return (below + above) / 2


def _if_alive(r, alpha, a, b, t, x, T):
    """Purchases expected in t from a customer still active at T, singularities handled."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if abs(a - 1) < _NEAR_ONE:
            if_alive = _across_singularity(r, alpha, a, b, t, x, T)
        else:
            if_alive = _expected_if_alive(r, alpha, a, b, t, x, T)
            singular = (x == 0) & (abs(a + b - 1) < _NEAR_ONE)
            if np.any(singular):
                across = _across_singularity(r, alpha, a, b, t, x, T)
                if_alive = np.where(singular, across, if_alive)
    # the expectation is >= 0; cancellation in the bracket can leave -1e-16
    return np.maximum(if_alive, 0.0)


def conditional_expectation(r, alpha, a, b, t, x, tx, T):
    """P(alive) times the purchases expected from an active customer, per customer.

    x, tx, T are 1-D per customer; t is either 1-D too (a horizon per
    customer) or a column of horizons shared by all (one row per horizon).
    The expensive part, the hypergeometric function, depends on t, x and T
    only, so it is evaluated once per distinct (x, T) and horizon: dated
    summaries have few of them.
    """
    p_alive = special.expit(-_log_odds_dead(r, alpha, a, b, x, tx, T))
    t = np.asarray(t, dtype=float)
    if t.ndim == 1:
        first, _, codes = group_rows(t, x, T)
        t_first = t[first]
    else:
        first, _, codes = group_rows(x, T)
        t_first = t
    if_alive = _if_alive(r, alpha, a, b, t_first, x[first], T[first])
    return p_alive * if_alive[..., codes]


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
    customer. It is 0 at t = 0 and grows with t. The hypergeometric factor is
    computed once per distinct (t, x, T), after Euler's transformation, so
    it neither overflows for frequent buyers and long horizons nor costs a
    call per customer in a large base.

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
    r, alpha, a, b = read_params(params, "BG/NBD")
    t = check_nonnegative(t, "t")
    check_rft(frequency, recency, T)
    (horizon, x, tx, age), index = align_floats(t=t, frequency=frequency, recency=recency, T=T)
    shape = x.shape
    expected = conditional_expectation(
        r, alpha, a, b, horizon.ravel(), x.ravel(), tx.ravel(), age.ravel()
    ).reshape(shape)
    check_result(expected, "expected_purchases")
    return shaped(expected, index)
