"""Charts of unit 06, customer retention: retention curves r^t."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from crmlab.i18n import message
from crmlab.plots._style import (
    _CYCLE,
    _LINESTYLES,
    _MARKERS,
    _axes,
    _finish,
    _legend,
    _resolve_lang,
    _t,
)
from crmlab.retention import retention_curve


def retention_curves(retentions, periods: int = 10, *, ax=None, lang: str | None = None) -> Axes:
    """Retention curves r^t for one or several retention rates.

    The share of a cohort still active after t periods is r^t (客户保持率
    r); the expected lifetime 1/(1 - r) is given in the legend.

    Parameters
    ----------
    retentions : float or sequence of floats
        Retention rates as fractions in [0, 1].
    periods : int, default 10
        Last period shown (t = 0..periods).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        One line per rate with ``periods + 1`` points, each with its own
        marker and line style.

    Raises
    ------
    TypeError, ValueError
        As :func:`crmlab.retention.retention_curve`, and for an empty sequence.

    References
    ----------
    Keeping relationships (retention rate = 1 - churn rate).

    Examples
    --------
    >>> ax = retention_curves(0.8, periods=3)
    >>> [round(float(y), 1) for y in ax.lines[0].get_ydata()]
    [100.0, 80.0, 64.0, 51.2]
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    rates = [retentions] if np.ndim(retentions) == 0 else list(retentions)
    if isinstance(retentions, str | bytes):
        raise TypeError(message("plots.retentions_must_be_a_number", retentions=retentions))
    if not rates:
        raise ValueError(message("plots.retentions_is_empty_pass_at"))
    ax = _axes(ax, (7.5, 4.8))
    for k, r in enumerate(rates):
        curve = retention_curve(r, periods)
        r = float(r)
        label = _t("rc.forever", lang) if r >= 1 else _t("rc.label", lang, r=r, life=1 / (1 - r))
        ax.plot(
            np.asarray(curve.index, dtype=float),
            np.asarray(curve, dtype=float) * 100,
            color=_CYCLE[k % len(_CYCLE)],
            ls=_LINESTYLES[k % len(_LINESTYLES)],
            marker=_MARKERS[k % len(_MARKERS)],
            ms=5,
            label=label,
        )
    ax.set_ylim(0, 103)
    ax.set_title(_t("rc.title", lang))
    ax.set_xlabel(_t("rc.x", lang))
    ax.set_ylabel(_t("rc.y", lang))
    ax.grid(alpha=0.3)
    _legend(ax, loc="upper right")
    return _finish(ax, font)
