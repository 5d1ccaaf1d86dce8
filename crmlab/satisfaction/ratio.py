"""The satisfaction ratio C = B / A and its three levels (CRM slides)."""

from __future__ import annotations

import numpy as np

from crmlab._align import align, align_floats, shaped
from crmlab._validation import (
    check_fraction,
    check_nonnegative,
    check_positive,
    check_real,
)

# ---------------------------------------------------------------------------
# Satisfaction ratio (CRM slides)
# ---------------------------------------------------------------------------

SATISFACTION_LEVELS = ("exceeded", "met", "dissatisfied")

# Ratios such as 105 / 100 land a hair above 1.05 in floating point; the
# allowance keeps such boundary cases "met", as the arithmetic on paper says.
_LEVEL_ROUNDING = 1e-9


def satisfaction_ratio(perceived, expected):
    """Satisfaction ratio: perceived value over expected value.

    .. math:: C = B / A

    where B is the customer's perceived value (感知值) and A the expected value
    (期望值) on the same scale; C is the degree of satisfaction (顾客满意度).
    C > 1 means expectations were exceeded, C close to 1 that they were met,
    C < 1 that the customer is dissatisfied (see :func:`satisfaction_level`).

    Parameters
    ----------
    perceived : float, array-like or Series
        Perceived value B, a non-negative score.
    expected : float, array-like or Series
        Expected value A, a positive score on the same scale as ``perceived``.

    Returns
    -------
    float, ndarray or Series
        The ratio, with the shape of the inputs (a Series keeps its index).

    Raises
    ------
    ValueError
        If ``expected`` is not positive, ``perceived`` is negative, a value is
        NaN or infinite, or the lengths differ.

    References
    ----------
    CRM slides (顾客满意度 C = 顾客的感知值 B / 顾客的期望值 A); Kotler's definition
    of satisfaction as perceived performance compared with expectations.

    Examples
    --------
    >>> satisfaction_ratio(9, 8)
    1.125
    >>> satisfaction_ratio([6, 8, 9], [8, 8, 6])
    array([0.75, 1.  , 1.5 ])
    """
    b = check_nonnegative(perceived, "perceived")
    a = check_positive(expected, "expected")
    (b, a), index = align_floats(perceived=b, expected=a)
    return shaped(b / a, index, "satisfaction_ratio")


def satisfaction_level(ratio, tolerance=0.05):
    """Label a satisfaction ratio as "exceeded", "met" or "dissatisfied".

    .. math::
        \\text{level} = \\begin{cases}
        \\text{met} & |C - 1| \\le \\text{tolerance} \\\\
        \\text{exceeded} & C > 1 + \\text{tolerance} \\\\
        \\text{dissatisfied} & C < 1 - \\text{tolerance}
        \\end{cases}

    CRM slides calls a ratio "equal to or close to 1" met (可以接受); crmlab makes
    "close" precise with ``tolerance`` (default 5%). Boundaries count as met,
    with a 1e-9 allowance for floating-point rounding (1.05 is met at 5%).

    Parameters
    ----------
    ratio : float, array-like or Series
        Satisfaction ratios C = B / A (non-negative), e.g. from
        :func:`satisfaction_ratio`.
    tolerance : float, default 0.05
        Half-width of the "met" band, as a fraction in [0, 1).

    Returns
    -------
    str, ndarray of str or Series of str
        One of :data:`SATISFACTION_LEVELS` per ratio (a Series keeps its index).

    Raises
    ------
    ValueError
        If a ratio is negative, NaN or infinite, or ``tolerance`` is outside [0, 1).

    References
    ----------
    CRM slides (the three readings of C).

    Examples
    --------
    >>> satisfaction_level(1.125)
    'exceeded'
    >>> satisfaction_level([0.75, 0.98, 1.05, 1.2])
    array(['dissatisfied', 'met', 'met', 'exceeded'], dtype='<U12')
    """
    r = check_nonnegative(ratio, "ratio")
    tol = check_fraction(check_real(tolerance, "tolerance"), "tolerance", allow_one=False)
    deviation = np.asarray(r, dtype=float) - 1.0
    labels = np.where(
        np.abs(deviation) <= tol + _LEVEL_ROUNDING,
        "met",
        np.where(deviation > 0, "exceeded", "dissatisfied"),
    )
    return shaped(labels, align(ratio=ratio).index, "satisfaction_level")
