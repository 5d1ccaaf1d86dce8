"""Charts of unit 05, customer churn: churn reasons Pareto, cohort heat map, survival curves."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes

from crmlab import _validation as v
from crmlab.churn import median_survival_time
from crmlab.glossary import TermTable
from crmlab.i18n import message
from crmlab.plots._style import (
    _CYCLE,
    _GREY,
    _LINESTYLES,
    _MARKERS,
    _SKY,
    _VERMILLION,
    _axes,
    _finish,
    _heat_text,
    _legend,
    _name,
    _numeric_frame,
    _resolve_lang,
    _series,
    _t,
)

_REASON_ZH = TermTable(
    {
        "competition": "competitive-churn",
        "price": "churn-for-price",
        "service attitude": "churn-for-service-attitude",
        "billing/integrity": "churn-for-billing-or-integrity",
        "natural": "natural-churn",
        "bad debt": "bad-debt",
    },
    field="chinese",
)
# --------------------------------------------------------------------------- churn, retention


def churn_reasons_pareto(reasons, *, ax=None, lang: str | None = None) -> Axes:
    """Pareto chart of churn reasons: bars sorted descending, cumulative % line.

    Parameters
    ----------
    reasons : Series, mapping or 1-D array-like
        Either counts per reason (numeric Series indexed by reason, or a
        mapping reason -> count), or one reason label per churned customer
        (strings; missing labels are dropped and the rest counted).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        The bar axes (one bar per reason in ``ax.patches``). The cumulative
        line lives on a twin axes, ``ax.figure.axes[-1]`` when the figure
        was created here.

    Raises
    ------
    TypeError, ValueError
        For empty input, negative counts or an all-zero total.

    References
    ----------
    Knowing the customer (China Mobile churn causes), CRM and satisfaction (Pareto charts, 排列图).

    Examples
    --------
    >>> ax = churn_reasons_pareto(["price", "competition", "price", "natural"])
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['price', 'competition', 'natural']
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    if isinstance(reasons, Mapping):
        counts = _series(reasons, "reasons")
    else:
        if isinstance(reasons, str | bytes) or np.ndim(reasons) != 1:
            raise TypeError(message("plots.reasons_must_be_counts_per"))
        labels = (
            reasons
            if isinstance(reasons, pd.Series)
            else pd.Series(np.asarray(reasons, dtype=object))
        )
        if len(labels) == 0:
            raise ValueError(message("plots.reasons_is_empty_there_is"))
        if pd.api.types.is_numeric_dtype(labels) and not pd.api.types.is_bool_dtype(labels):
            counts = _series(labels, "reasons")
        else:
            counts = labels.dropna().astype(str).value_counts()
            if counts.empty:
                raise ValueError(message("plots.reasons_has_only_missing_labels"))
    if (counts < 0).any():
        raise ValueError(message("plots.reasons_must_hold_non_negative"))
    total = float(counts.sum())
    if total <= 0:
        raise ValueError(message("plots.reasons_the_counts_add_up"))
    counts = counts.sort_values(ascending=False, kind="stable")
    cumulative = counts.cumsum().to_numpy() / total * 100

    ax = _axes(ax, (8, 4.8))
    x = np.arange(len(counts))
    bars = ax.bar(
        x,
        counts.to_numpy(),
        0.7,
        color=_SKY,
        hatch="//",
        edgecolor="black",
        label=_t("cr.bars", lang),
    )
    ax.bar_label(bars, fmt="%.0f", padding=2, fontsize=8)
    ax.set_xticks(x, [_name(r, lang, _REASON_ZH) for r in counts.index], rotation=30, ha="right")
    ax.set_ylim(0, float(counts.max()) * 1.15)
    twin = ax.twinx()
    twin.plot(x, cumulative, color=_VERMILLION, marker="o", lw=2, label=_t("cr.cum", lang))
    twin.axhline(80, color="black", ls=":", lw=1, label=_t("cr.80", lang))
    twin.set_ylim(0, 105)
    twin.set_ylabel(_t("cr.y2", lang))
    ax.set_title(_t("cr.title", lang))
    ax.set_xlabel(_t("cr.x", lang))
    ax.set_ylabel(_t("cr.y", lang))
    handles = ax.get_legend_handles_labels()
    twin_handles = twin.get_legend_handles_labels()
    twin.legend(
        handles[0] + twin_handles[0],
        handles[1] + twin_handles[1],
        loc="center right",
        fontsize="small",
    )
    return _finish(ax, font, twin)


def cohort_heatmap(
    table, *, annotate: bool = True, cmap: str = "YlGnBu", ax=None, lang: str | None = None
) -> Axes:
    """Cohort retention heatmap: share of each cohort active, as percentages.

    Parameters
    ----------
    table : DataFrame
        Rows = acquisition cohorts, columns = periods since acquisition,
        values = share active (fractions in [0, 1]), as returned by
        :func:`crmlab.churn.cohort_table`. Missing cells (periods not yet
        observed) stay blank.
    annotate : bool, default True
        Write the percentage in each non-missing cell.
    cmap : str, default "YlGnBu"
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.images[0].get_array().shape == table.shape``; one text per
        non-missing cell when annotated.

    Raises
    ------
    TypeError, ValueError
        For a non-DataFrame, empty or non-numeric table, or shares outside [0, 1].

    References
    ----------
    Keeping relationships (retention rate); cohort analysis is standard practice beyond the source documents.

    Examples
    --------
    >>> t = pd.DataFrame([[1.0, 0.5, 0.4], [1.0, 0.6, np.nan]], index=["2024-01", "2024-02"])
    >>> ax = cohort_heatmap(t)
    >>> len(ax.texts)
    5
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    data = _numeric_frame(table, "table", allow_nan=True)
    arr = data.to_numpy()
    finite = arr[~np.isnan(arr)]
    if finite.size == 0:
        raise ValueError(message("plots.table_has_no_values_every"))
    if (finite < 0).any() or (finite > 1).any():
        raise ValueError(message("plots.table_must_hold_shares_as"))
    n_rows, n_cols = arr.shape
    ax = _axes(ax, (min(16.0, 2 + 0.6 * n_cols), min(12.0, 1.5 + 0.35 * n_rows)))
    colormap = colormaps[cmap].with_extremes(bad="white")
    image = ax.imshow(
        np.ma.masked_invalid(arr * 100), cmap=colormap, vmin=0, vmax=100, aspect="auto"
    )
    if annotate:
        size = 8 if n_cols <= 16 else 6
        _heat_text(ax, arr * 100, lambda p: f"{p:.0f}%", 100.0, size)
    row_step = max(1, n_rows // 24)
    ax.set_yticks(np.arange(0, n_rows, row_step), [str(i) for i in data.index[::row_step]])
    col_step = max(1, n_cols // 24)
    ax.set_xticks(np.arange(0, n_cols, col_step), [str(c) for c in data.columns[::col_step]])
    bar = ax.figure.colorbar(image, ax=ax)
    bar.set_label(_t("coh.cbar", lang))
    ax.set_title(_t("coh.title", lang))
    ax.set_xlabel(_t("coh.x", lang))
    ax.set_ylabel(_t("coh.y", lang))
    return _finish(ax, font, bar.ax)


def survival_curve(curves, *, time_unit: str = "months", ax=None, lang: str | None = None) -> Axes:
    """Kaplan-Meier survival step curves, the median lifetime of each marked.

    Parameters
    ----------
    curves : Series or dict of Series
        S(t) indexed by time (as from :func:`crmlab.churn.survival_curve`),
        or a dict group name -> S(t) to compare groups. Values in [0, 1]; a
        curve that does not start at t = 0 is drawn from S(0) = 1.
    time_unit : str, default "months"
        Unit of the time axis, shown in labels.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        One step line per group with a legend entry that gives its median
        (the first time S(t) <= 0.5, by
        :func:`crmlab.churn.median_survival_time`, or "not reached").

    Raises
    ------
    TypeError, ValueError
        For empty input, non-numeric times or values outside [0, 1].

    References
    ----------
    Kaplan and Meier (1958), JASA; churn analysis in Keeping relationships and Knowing the customer.

    Examples
    --------
    >>> s = pd.Series([1.0, 0.8, 0.55, 0.4], index=[0, 6, 12, 18])
    >>> ax = survival_curve({"basic": s})
    >>> ax.get_legend().get_texts()[0].get_text()
    'basic (median 18 months)'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    if isinstance(curves, pd.Series):
        curves = {_t("sv.all", lang): curves}
    if not isinstance(curves, Mapping):
        raise TypeError(message("plots.curves_must_be_a_series", type=type(curves).__name__))
    if not curves:
        raise ValueError(message("plots.curves_is_empty_there_is"))
    ax = _axes(ax, (7.5, 4.8))
    for k, (name, curve) in enumerate(curves.items()):
        if not isinstance(curve, pd.Series):
            raise TypeError(
                message("plots.curves_name_must_be_a", name=name, type=type(curve).__name__)
            )
        s = _series(curve, f"curves[{name!r}]").sort_index()
        v.check_in_range(s.to_numpy(), f"curves[{name!r}]", low=0, high=1, what="survival_share")
        t = _series(pd.Series(s.index), f"curves[{name!r}].index").to_numpy()
        median = median_survival_time(pd.Series(s.to_numpy(), index=t))
        y = s.to_numpy()
        if t[0] > 0:
            t, y = np.r_[0.0, t], np.r_[1.0, y]
        if np.isfinite(median):
            label = _t("sv.median", lang, name=name, m=median, unit=time_unit)
        else:
            label = _t("sv.nomedian", lang, name=name)
        color = _CYCLE[k % len(_CYCLE)]
        ax.step(
            t,
            y * 100,
            where="post",
            color=color,
            ls=_LINESTYLES[k % len(_LINESTYLES)],
            lw=2,
            label=label,
        )
        if np.isfinite(median):
            ax.plot(
                [median],
                [50],
                ls="none",
                marker=_MARKERS[k % len(_MARKERS)],
                ms=8,
                color=color,
                markeredgecolor="black",
            )
            ax.plot([median, median], [0, 50], color=color, ls=":", lw=1)
    ax.axhline(50, color=_GREY, ls=":", lw=1)
    ax.set_ylim(0, 103)
    ax.set_xlim(left=0)
    ax.set_title(_t("sv.title", lang))
    ax.set_xlabel(_t("sv.x", lang, unit=time_unit))
    ax.set_ylabel(_t("sv.y", lang))
    ax.grid(alpha=0.3)
    _legend(ax, loc="upper right")
    return _finish(ax, font)
