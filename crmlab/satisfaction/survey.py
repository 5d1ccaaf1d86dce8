"""Survey statistics and control charts: Cronbach's alpha, sample size, control
limits and out-of-control points, NPS (Keeping relationships, CRM slides, CRM and
satisfaction).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from crmlab._validation import (
    check_count,
    check_finite,
    check_fraction,
    check_in_range,
    check_positive,
    check_real,
    numeric_matrix,
    one_dimensional,
)
from crmlab.i18n import message

# ---------------------------------------------------------------------------
# Survey tools (Keeping relationships, CRM slides, CRM and satisfaction)
# ---------------------------------------------------------------------------


def cronbach_alpha(items) -> float:
    """Cronbach's alpha, the internal consistency (信度) of a multi-item scale.

    .. math::
        \\alpha = \\frac{k}{k - 1}\\left(1 - \\frac{\\sum_j s_j^2}{s_T^2}\\right)

    with k items, item sample variances :math:`s_j^2` and the sample variance
    :math:`s_T^2` of the respondents' total scores (all with ddof = 1).
    Alpha is at most 1 (reached when all items are identical); values of 0.7
    or more are usually read as acceptable reliability.

    Parameters
    ----------
    items : DataFrame or 2-D array
        One column per item, one row per respondent (at least 2 of each).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For missing values (drop incomplete respondents first), fewer than two
        items or respondents, or total scores with zero variance.
    TypeError
        If ``items`` is not a DataFrame or 2-D array, or a column is not numeric.

    References
    ----------
    Cronbach, L. J. (1951), "Coefficient alpha and the internal structure of
    tests", Psychometrika 16(3), 297-334. CRM and satisfaction (statistical analysis of
    surveys).

    Examples
    --------
    >>> items = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 2, 4, 4], "q3": [1, 3, 3, 5]})
    >>> round(cronbach_alpha(items), 4)  # 14/15
    0.9333
    """
    if isinstance(items, pd.DataFrame):
        matrix = numeric_matrix(items, list(items.columns), "items")
    elif isinstance(items, np.ndarray | list):
        matrix = np.asarray(check_finite(items, "items"), dtype=float)
        if matrix.ndim != 2:
            raise ValueError(message("satisfaction.items_must_be_d_respondents", ndim=matrix.ndim))
    else:
        raise TypeError(
            message("satisfaction.items_must_be_a_dataframe", type=type(items).__name__)
        )
    n_respondents, k = matrix.shape
    if np.isnan(matrix).any():
        raise ValueError(
            message("satisfaction.items_has_n_matrix_missing", n=int(np.isnan(matrix).sum()))
        )
    if k < 2:
        raise ValueError(message("satisfaction.items_must_have_at_least", k=k))
    if n_respondents < 2:
        raise ValueError(
            message("satisfaction.items_must_have_at_least_2", n_respondents=n_respondents)
        )
    item_variance = matrix.var(axis=0, ddof=1).sum()
    total_variance = matrix.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        raise ValueError(message("satisfaction.the_respondents_total_scores_have"))
    return float(k / (k - 1) * (1.0 - item_variance / total_variance))


def sample_size(margin, confidence=0.95, p=0.5, population=None):
    """Sample size needed to estimate a proportion within a margin of error.

    .. math::
        n_0 = \\frac{z^2 p (1 - p)}{e^2}, \\qquad
        n = \\frac{n_0}{1 + (n_0 - 1) / N}

    where z is the two-sided normal quantile of the confidence level
    (``scipy.stats.norm.ppf(1 - (1 - confidence) / 2)``, 1.959964 at 95%), p
    the anticipated proportion (0.5 is the safe worst case), e the margin of
    error and N the population size (finite-population correction, used only
    when ``population`` is given). The result is rounded up (样本量的确定);
    n0 is first rounded to 9 decimals so that floating-point noise such as
    400.0000000001 does not push the answer to 401.

    Parameters
    ----------
    margin : float or array-like
        Margin of error e as a fraction in (0, 1), e.g. 0.05 for +/- 5 points.
    confidence : float or array-like, default 0.95
        Confidence level, a fraction in (0, 1).
    p : float or array-like, default 0.5
        Anticipated proportion, a fraction in (0, 1).
    population : int or array-like, optional
        Population size N >= 1 (a whole number).

    Returns
    -------
    int or ndarray of int
        The sample size n (at least 1); an array when an argument is an array.

    Raises
    ------
    ValueError
        If margin, confidence or p is outside (0, 1) (a percentage such as 5
        gets a hint), or population is below 1 or not whole.

    References
    ----------
    CRM slides (样本量的确定, sample-size decision); Cochran, W. G. (1977),
    Sampling Techniques, 3rd ed., Wiley, eq. 4.2 and 4.3.

    Examples
    --------
    >>> sample_size(0.05)
    385
    >>> sample_size(0.05, population=2000)
    323
    """
    e = check_fraction(margin, "margin", allow_zero=False, allow_one=False)
    conf = check_fraction(confidence, "confidence", allow_zero=False, allow_one=False)
    prop = check_fraction(p, "p", allow_zero=False, allow_one=False)
    from scipy.special import ndtri  # the normal quantile; scipy only when sizing a sample

    z = ndtri(1.0 - (1.0 - np.asarray(conf, dtype=float)) / 2.0)
    prop = np.asarray(prop, dtype=float)
    n = z**2 * prop * (1.0 - prop) / np.asarray(e, dtype=float) ** 2
    if population is not None:
        size = np.asarray(check_count(population, "population", positive=True), dtype=float)
        n = n / (1.0 + (n - 1.0) / size)
    result = np.maximum(np.ceil(np.round(n, 9)), 1).astype(np.int64)
    return int(result) if result.ndim == 0 else result


class ControlLimits(NamedTuple):
    """Lower control limit, centre line and upper control limit of a control chart."""

    lower: float
    centre: float
    upper: float


def control_limits(values, sigmas=3, subgroup_size=None) -> ControlLimits:
    """Control-chart limits: the mean plus and minus a multiple of the standard deviation.

    .. math:: \\text{LCL} = \\bar x - k s, \\quad \\text{CL} = \\bar x,
              \\quad \\text{UCL} = \\bar x + k s

    with :math:`\\bar x` the mean, s the sample standard deviation (ddof = 1)
    and k = ``sigmas`` (3 by default). Points outside the limits signal that
    satisfaction moved for a reason worth investigating (满意度控制图).

    **Limits for subgroup means (the x-bar chart, 均值控制图).** When the
    points of the chart are means of n observations each (e.g. the mean
    satisfaction of the ~75 respondents of each store or week), pass the
    *individual* observations as ``values`` and n as ``subgroup_size``: the
    limits then use the standard error of a mean of n observations,

    .. math:: \\bar x \\pm k \\, s / \\sqrt{n}

    Use them to judge subgroup means; judging the means against limits
    computed from the means themselves (the default) lets one extreme
    subgroup inflate s and widen the limits until it hides itself. Here s is
    the standard deviation of all individual observations, which also
    contains any real difference between subgroups, so these limits are
    slightly wider than Montgomery's (who estimates s within subgroups).

    Parameters
    ----------
    values : array-like or Series
        The series being monitored, e.g. mean satisfaction per week (at least
        2); with ``subgroup_size``, the individual observations (e.g. every
        respondent's score).
    sigmas : float, default 3
        Width of the limits in standard deviations (positive).
    subgroup_size : float, optional
        n, the number of observations behind each plotted mean (>= 1; an
        average size is fine when subgroups differ a little). By default
        the points are single values and the limits use s itself.

    Returns
    -------
    ControlLimits
        A named tuple ``(lower, centre, upper)``.

    Raises
    ------
    ValueError
        For NaN or infinite values, fewer than two values, ``sigmas`` <= 0 or
        ``subgroup_size`` < 1.
    TypeError
        For a ``sigmas`` or ``subgroup_size`` that is not a single number.

    References
    ----------
    CRM and satisfaction (满意度控制图, satisfaction control chart); Shewhart control
    charts; Montgomery, D. C. (2019), Introduction to Statistical Quality
    Control, 8th ed., Wiley, ch. 6 (control charts for x-bar: limits
    mean -/+ 3 sigma / sqrt(n)).

    Examples
    --------
    >>> control_limits([78, 80, 82, 80, 80], sigmas=2)
    ControlLimits(lower=77.17157287525381, centre=80.0, upper=82.82842712474618)

    Limits for means of 4 answers each are half as wide (sqrt(4) = 2):

    >>> control_limits([78, 80, 82, 80, 80], sigmas=2, subgroup_size=4)
    ControlLimits(lower=78.58578643762691, centre=80.0, upper=81.41421356237309)
    """
    check_finite(values, "values")
    x = one_dimensional(values, "values", min_size=2)
    k = check_positive(check_real(sigmas, "sigmas"), "sigmas")
    spread = k * float(x.std(ddof=1))
    if subgroup_size is not None:
        n = check_in_range(
            check_real(subgroup_size, "subgroup_size"),
            "subgroup_size",
            low=1,
            what="observations_per_subgroup",
        )
        spread /= float(np.sqrt(n))
    centre = float(x.mean())
    return ControlLimits(centre - spread, centre, centre + spread)


def _as_limits(limits) -> ControlLimits:
    """Validate a (lower, centre, upper) triple given by the caller."""
    if not isinstance(limits, tuple | list) or len(limits) != 3:
        raise TypeError(message("satisfaction.limits_must_be_a_lower", limits=limits))
    limits = ControlLimits(*(check_real(v, "limits") for v in limits))
    if limits.lower > limits.upper:
        raise ValueError(
            message(
                "satisfaction.limits_must_have_lower_upper", lower=limits.lower, upper=limits.upper
            )
        )
    return limits


def out_of_control(values, sigmas=3, limits=None) -> pd.Series:
    """The points of a series that fall outside its control limits.

    A point is out of control when it is below the lower or above the upper
    limit (points exactly on a limit are in control), the same rule that
    :func:`crmlab.plots.control_chart` marks.

    Parameters
    ----------
    values : array-like or Series
        The monitored series.
    sigmas : float, default 3
        Width of the limits, used when ``limits`` is not given.
    limits : tuple, optional
        ``(lower, centre, upper)`` computed elsewhere: from a baseline
        period, or the x-bar limits of subgroup means,
        ``control_limits(individual_values, subgroup_size=n)``. By default
        ``control_limits(values, sigmas)``.

    Returns
    -------
    Series
        The out-of-control values with their index (positions for arrays);
        empty when every point is in control.

    Raises
    ------
    ValueError
        As for :func:`control_limits`, or for limits with lower > upper.
    TypeError
        For limits that are not three numbers.

    References
    ----------
    CRM and satisfaction (满意度控制图); Montgomery (2019), Introduction to Statistical
    Quality Control, ch. 6.

    Examples
    --------
    >>> week = pd.Series([80, 81, 79, 80, 60, 80, 81, 79, 80, 80])
    >>> out_of_control(week, sigmas=2)
    4    60
    dtype: int64

    Store means of 25 answers each, judged against x-bar limits computed
    from the 100 answers (mean 80, s = 5.03, limits 80 -/+ 3 x 5.03 / sqrt(25)):

    >>> answers = [75.0, 85.0] * 50
    >>> limits = control_limits(answers, subgroup_size=25)
    >>> [round(x, 2) for x in limits]
    [76.98, 80.0, 83.02]
    >>> out_of_control(pd.Series([79.5, 76.0, 81.0], index=["S1", "S2", "S3"]), limits=limits)
    S2    76.0
    dtype: float64
    """
    check_finite(values, "values")
    x = one_dimensional(values, "values", min_size=1)
    limits = control_limits(values, sigmas) if limits is None else _as_limits(limits)
    series = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values))
    outside = (x < limits.lower) | (x > limits.upper)
    return series[outside]


def nps(scores) -> float:
    """Net Promoter Score of 0-10 "would you recommend us?" answers.

    .. math:: \\text{NPS} = 100 \\times \\frac{\\#\\{9, 10\\} - \\#\\{0, \\ldots, 6\\}}{n}

    the percentage of promoters (9-10) minus the percentage of detractors
    (0-6); passives (7-8) count only in n. The result is in percentage
    points, from -100 (all detractors) to 100 (all promoters): the one place
    where crmlab reports a percentage, as NPS is always quoted that way.

    Parameters
    ----------
    scores : array-like or Series
        Whole-number answers from 0 to 10 (at least one).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For scores outside 0-10, non-integers, NaN, or no scores.

    References
    ----------
    Reichheld, F. F. (2003), "The one number you need to grow", Harvard
    Business Review 81(12), 46-54.

    Examples
    --------
    >>> nps([10, 9, 9, 8, 7, 6, 3, 10, 9, 0])
    20.0
    """
    checked = check_in_range(scores, "scores", low=0, high=10, what="score_0_10")
    x = one_dimensional(checked, "scores", min_size=1)
    if np.any(x != np.round(x)):
        bad = x[x != np.round(x)][0]
        raise ValueError(message("satisfaction.scores_must_be_whole_numbers", bad=bad))
    promoters = int(np.sum(x >= 9))
    detractors = int(np.sum(x <= 6))
    return 100.0 * (promoters - detractors) / x.size
