"""The Gamma-Gamma spend model: likelihood, fast fit, expected spend per transaction.

Private: students import these names from :mod:`crmlab.clv_models`.

Why the fit is fast: of the log-likelihood, only -(p x + q) ln(gamma + x m)
needs a logarithm per customer at each step; the Gamma functions depend on
x alone and are evaluated once per distinct x; sum x ln(x m) and sum ln m
do not depend on the parameters and are computed once. The gradient is
analytic and a bounded quasi-Newton method (SLSQP) works on log-parameters.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from crmlab._align import align_floats, shaped
from crmlab._btyd import GAMMA_GAMMA_PARAMS, dot, maximize, read_params
from crmlab._validation import check_count, check_nonnegative, check_positive
from crmlab.i18n import message


def check_spend(frequency, monetary_value, *, fitting: bool):
    """Validate x and the mean spend m; both > 0 for a fit, >= 0 for a forecast."""
    frequency = check_count(frequency, "frequency", positive=fitting)
    monetary_value = (check_positive if fitting else check_nonnegative)(
        monetary_value, "monetary_value"
    )
    (x, m), index = align_floats(frequency=frequency, monetary_value=monetary_value)
    return index, (x, m)


def _log_terms(p, q, gamma, x, m):
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
    p, q, gamma = read_params(params, "Gamma-Gamma")
    _, (x, m) = check_spend(frequency, monetary_value, fitting=True)
    return float(np.sum(_log_terms(p, q, gamma, x, m)))


class _Likelihood:
    """The Gamma-Gamma log-likelihood of validated (x, m), with its gradient.

    With s = x m (a customer's total repeat spend) and n customers,

    LL = sum over x of n_x [ln Gamma(p x + q) - ln Gamma(p x)] - n ln Gamma(q)
    + n q ln gamma + p sum x ln s - sum ln m - sum (p x + q) ln(gamma + s),

    dLL/dp = sum x [psi(p x + q) - psi(p x) + ln s - ln(gamma + s)],
    dLL/dq = sum [psi(p x + q) - psi(q) + ln gamma - ln(gamma + s)],
    dLL/dgamma = n q / gamma - sum (p x + q) / (gamma + s).

    Calling it with log-parameters returns the negative mean log-likelihood
    and its gradient, for :func:`scipy.optimize.minimize`.
    """

    def __init__(self, x, m):
        self.n = float(len(x))
        self.x = x
        self.s = x * m
        self.x_values, x_codes = np.unique(x, return_inverse=True)
        self.x_weights = np.bincount(x_codes).astype(float)
        self.sum_x_log_s = dot(x, np.log(self.s))
        self.sum_log_m = float(np.sum(np.log(m)))

    def __call__(self, log_params):
        params = np.exp(log_params)
        p, q, gamma = params
        xs, ws, n = self.x_values, self.x_weights, self.n
        log_total = np.log(gamma + self.s)
        inverse_total = 1.0 / (gamma + self.s)
        x_log_total = dot(self.x, log_total)
        sum_log_total = log_total.sum()
        pxq = p * xs + q
        value = (
            dot(ws, special.gammaln(pxq) - special.gammaln(p * xs))
            - n * special.gammaln(q)
            + n * q * np.log(gamma)
            + p * self.sum_x_log_s
            - self.sum_log_m
            - p * x_log_total
            - q * sum_log_total
        )
        psi_pxq = special.digamma(pxq)
        gradient = np.array(
            [
                dot(ws * xs, psi_pxq - special.digamma(p * xs)) + self.sum_x_log_s - x_log_total,
                dot(ws, psi_pxq) - n * special.digamma(q) + n * np.log(gamma) - sum_log_total,
                n * q / gamma - p * dot(self.x, inverse_total) - q * inverse_total.sum(),
            ]
        )
        return -value / n, -gradient * params / n


def fit_gamma_gamma(frequency, monetary_value):
    """Fit the Gamma-Gamma spend model (Gamma-Gamma模型) by maximum likelihood.

    The values of a customer's transactions vary around the customer's own
    mean; the model (Fader, Hardie & Lee 2005b) treats each value as
    Gamma(p, nu) with mean p / nu, and spreads nu over customers as
    Gamma(q, gamma). It assumes that how much a customer spends per
    transaction does not depend on how often they buy. The likelihood of
    :func:`gamma_gamma_log_likelihood` is maximized over log p, log q,
    log gamma with a bounded quasi-Newton method (SLSQP) and the analytic
    gradient. Only customers with at least one repeat purchase carry
    information on their spend, so pass those.

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
    >>> from crmlab.clv_models import rfm_summary
    >>> from crmlab.datasets import load_cdnow
    >>> summary = rfm_summary(load_cdnow(), "1997-09-30")
    >>> repeaters = summary[summary["frequency"] > 0]
    >>> fit_gamma_gamma(repeaters["frequency"], repeaters["monetary_value"])
    ModelFit('Gamma-Gamma', p=6.25, q=3.744, gamma=15.44, log_likelihood=-4055.92, n=946)
    """
    frequency = check_count(frequency, "frequency")
    if np.any(np.asarray(frequency) == 0):
        n_zero = int(np.sum(np.asarray(frequency) == 0))
        raise ValueError(message("clv.frequency_is_for_n_zero", n_zero=n_zero))
    _, (x, m) = check_spend(frequency, monetary_value, fitting=True)
    x, m = np.atleast_1d(x), np.atleast_1d(m)
    if len(x) < len(GAMMA_GAMMA_PARAMS):
        raise ValueError(
            message(
                "clv.fit_gamma_gamma_needs_at",
                n_params=len(GAMMA_GAMMA_PARAMS),
                n=len(x),
            )
        )
    likelihood = _Likelihood(x, m)
    return maximize(likelihood, np.zeros(len(GAMMA_GAMMA_PARAMS)), "Gamma-Gamma", len(x), len(x))


def expected_spend(params, frequency, monetary_value):
    """Expected spend per future transaction of a customer, by the Gamma-Gamma model.

    E[M | p, q, gamma, m_x, x] = p (gamma + x m_x) / (p x + q - 1)
    = w p gamma / (q - 1) + (1 - w) m_x, with w = (q - 1) / (p x + q - 1):

    a weighted mean of the population mean p gamma / (q - 1) and the
    customer's own mean m_x. The more transactions x, the more weight on the
    customer's own mean; a customer with x = 0 gets the population mean.
    Computed as p gamma / D + (p x / D) m_x with D = p x + q - 1, so that a
    large x m_x cannot overflow.

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
    p, q, gamma = read_params(params, "Gamma-Gamma")
    index, (x, m) = check_spend(frequency, monetary_value, fitting=False)
    denominator = p * x + q - 1
    if np.any(denominator <= 0):
        raise ValueError(
            message(
                "clv.the_expected_spend_is_infinite", q=q, x=np.asarray(x)[denominator <= 0].flat[0]
            )
        )
    return shaped(p * gamma / denominator + (p * x / denominator) * m, index)
