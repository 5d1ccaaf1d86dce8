"""Charts of unit 03, customer satisfaction: index breakdown, Kano diagram,
importance-performance map, control chart.
"""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.transforms import Bbox

from crmlab import _validation as v
from crmlab.i18n import message
from crmlab.plots._style import (
    _BLUE,
    _SKY,
    _VERMILLION,
    _axes,
    _column,
    _corner_labels,
    _finish,
    _frame,
    _labelled_pairs,
    _legend,
    _resolve_lang,
    _series,
    _t,
)
from crmlab.satisfaction import SIMPLE_INDEX, control_limits, out_of_control

# --------------------------------------------------------------------------- satisfaction


def _index_weights() -> dict[str, float]:
    """Second-level weights of the weighted satisfaction index tree, read from SIMPLE_INDEX."""
    return {key: SIMPLE_INDEX[key].weight for key in SIMPLE_INDEX.second_level_ids}


def satisfaction_breakdown(scores, weights=None, *, ax=None, lang: str | None = None) -> Axes:
    """Second-level indicator scores with their weights, the weakest highlighted.

    Horizontal bars show each second-level indicator's score; its weight is
    in the label; the dashed line is the weighted satisfaction index
    (顾客满意度指数) Y = sum of weight x score. The weakest indicator (lowest
    score; the first one on ties) is hatched and coloured.

    Parameters
    ----------
    scores : Series or mapping
        Score per second-level indicator (e.g. X21..X25, mean respondent
        scores on a 0-100 scale).
    weights : Series or mapping, optional
        Weight per indicator, summing to 1. Defaults to the weights of the weighted satisfaction index
        (X21 0.30, X22 0.30, X23 0.10, X24 0.15, X25 0.15) when the indicators
        are X21..X25.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        One bar per indicator (``ax.patches``), top to bottom in input order.

    Raises
    ------
    TypeError, ValueError
        For non-numeric or empty scores, weights that do not sum to 1 or do
        not match the indicators, or missing weights for unknown indicators.

    References
    ----------
    CRM and satisfaction (simple measurement method: the weighted indicator tree).

    Examples
    --------
    >>> ax = satisfaction_breakdown({"X21": 82, "X22": 75, "X23": 90, "X24": 64, "X25": 80})
    >>> ax.get_title()
    'Satisfaction by indicator (index Y = 77.7)'
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    s = _series(scores, "scores")
    if weights is None:
        default = _index_weights()
        missing = [k for k in s.index if k not in default]
        if missing:
            raise ValueError(
                message(
                    "plots.pass_weights_for_indicator_s",
                    missing=missing,
                    default=", ".join(default),
                )
            )
        weights = {k: default[k] for k in s.index}
    w = _series(weights, "weights")
    if set(w.index) != set(s.index):
        raise ValueError(
            message(
                "plots.weights_and_scores_must_name",
                in_scores=list(s.index),
                in_weights=list(w.index),
            )
        )
    v.check_weights(dict(w.items()), "weights")
    w = w.reindex(s.index)
    index_y = float((s * w).sum())
    weakest = int(np.argmin(s.to_numpy()))

    ax = _axes(ax, (7.5, 1.2 + 0.6 * len(s)))
    y = np.arange(len(s))[::-1]
    colors = [_VERMILLION if k == weakest else _SKY for k in range(len(s))]
    hatches = ["xx" if k == weakest else "" for k in range(len(s))]
    bars = ax.barh(y, s.to_numpy(), 0.6, color=colors, hatch=hatches, edgecolor="black")
    ax.bar_label(bars, fmt="%.1f", padding=3, fontsize=9)
    names = SIMPLE_INDEX.labels
    labels = []
    for key, weight in w.items():
        name = names.get(key)
        title = f"{key} {name.zh if lang == 'zh' else name.en}" if name else str(key)
        labels.append(f"{title}\n({_t('sat.weight', lang, w=float(weight))})")
    ax.set_yticks(y, labels)
    ax.axvline(index_y, color="black", ls="--", lw=1.5)
    # Proxy handles: the legend explains the highlight without relying on colour.
    handles = [
        plt.Rectangle((0, 0), 1, 1, fc=_SKY, ec="black"),
        plt.Rectangle((0, 0), 1, 1, fc=_VERMILLION, ec="black", hatch="xx"),
        plt.Line2D([], [], color="black", ls="--"),
    ]
    ax.legend(
        handles,
        [_t("sat.other", lang), _t("sat.weakest", lang), _t("sat.index", lang, y=index_y)],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncol=3,
        fontsize="small",
    )
    ax.set_xlim(0, max(100.0, float(s.max()) * 1.1))
    ax.set_title(_t("sat.title", lang, y=index_y))
    ax.set_xlabel(_t("sat.x", lang))
    ax.set_ylabel(_t("sat.y", lang))
    return _finish(ax, font)


def kano_scatter(summary, *, split=0.5, ax=None, lang: str | None = None) -> Axes:
    """Kano Better-Worse diagram: Better against the absolute value of Worse per feature.

    Better = (A+O)/(A+O+M+I) is how much satisfaction a feature adds when
    present, Worse = -(O+M)/(A+O+M+I) how much dissatisfaction its absence
    causes. Split lines divide the plane into attractive A (迷人质量, top
    left), one-dimensional O (期望质量, top right), must-be M (当然质量,
    bottom right) and indifferent I (bottom left).

    Parameters
    ----------
    summary : DataFrame
        One row per feature with columns ``better`` and ``worse`` (any
        capitalization; Worse may be given negative, as defined, or as its
        absolute value), e.g. from :func:`crmlab.satisfaction.kano_summary`.
        Feature names come from a ``feature`` column if present, else the index.
    split : float or "mean", default 0.5
        Where to draw the split lines: a value in [0, 1] for both axes, or
        "mean" for the means of Better and of abs(Worse).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        One scatter point per feature (``ax.collections[0]``).

    Raises
    ------
    TypeError, ValueError
        For a non-DataFrame, missing columns, empty data or values outside [0, 1].

    References
    ----------
    CRM slides (Kano model); Berger et al. (1993), "Kano's methods for
    understanding customer-defined quality", Center for Quality of Management Journal.

    Examples
    --------
    >>> kano = pd.DataFrame({"better": [0.7, 0.2], "worse": [-0.3, -0.8]},
    ...                     index=["free delivery", "clean store"])
    >>> ax = kano_scatter(kano)
    >>> len(ax.collections[0].get_offsets())
    2
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    _frame(summary, "summary")
    better = _column(summary, "better", "summary")
    worse = _column(summary, "worse", "summary").abs()
    v.check_in_range(better.to_numpy(), "summary['better']", low=0, high=1, what="share")
    v.check_in_range(worse.to_numpy(), "|summary['worse']|", low=0, high=1, what="share")
    if "feature" in summary.columns:
        names = [str(f) for f in summary["feature"]]
    else:
        names = [str(f) for f in summary.index]
    if isinstance(split, str):
        v.check_labels(split, ("mean",), "split")
        x_cut, y_cut = float(worse.mean()), float(better.mean())
    else:
        x_cut = y_cut = float(v.check_fraction(split, "split"))

    ax = _axes(ax, (7, 6))
    ax.scatter(
        worse,
        better,
        s=60,
        color=_BLUE,
        edgecolor="black",
        zorder=3,
        label=_t("kano.features", lang),
    )
    for name, x, y in zip(names, worse, better, strict=True):
        ax.annotate(name, (x, y), xytext=(5, 5), textcoords="offset points", fontsize=8)
    ax.axvline(x_cut, color="black", ls="--", lw=1)
    ax.axhline(y_cut, color="black", ls="--", lw=1)
    corners = [
        ("kano.A", 0.02, 0.98, "left", "top"),
        ("kano.O", 0.98, 0.98, "right", "top"),
        ("kano.M", 0.98, 0.02, "right", "bottom"),
        ("kano.I", 0.02, 0.02, "left", "bottom"),
    ]
    _corner_labels(ax, corners, lang)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_title(_t("kano.title", lang))
    ax.set_xlabel(_t("kano.x", lang))
    ax.set_ylabel(_t("kano.y", lang))
    ax.grid(alpha=0.3)
    return _finish(ax, font)


def _overlap(a, b) -> float:
    """Area shared by two display-space bounding boxes (0 when they do not touch)."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return max(width, 0.0) * max(height, 0.0)


# Where a point's label may go, in points from the point: above right first
# (the usual place), then the other corners and sides.
_LABEL_SPOTS = (
    (5, 5, "left", "bottom"),
    (-5, 5, "right", "bottom"),
    (5, -5, "left", "top"),
    (-5, -5, "right", "top"),
    (7, 0, "left", "center"),
    (-7, 0, "right", "center"),
    (0, 7, "center", "bottom"),
    (0, -7, "center", "top"),
)


def _label_points(ax: Axes, xs, ys, names, *, marker_size: float, family=None) -> None:
    """Write each point's name where it covers no point, no other label and no text.

    The figure is laid out first (``draw_without_rendering``) so that display
    coordinates are final; each label then takes the first spot of
    ``_LABEL_SPOTS`` that stays inside the axes and overlaps nothing, or the
    spot that overlaps least.
    """
    figure = ax.get_figure(root=True)
    with warnings.catch_warnings():
        # A font lacking a glyph is reported when the chart is really drawn;
        # this measuring pass need not report it twice.
        warnings.filterwarnings("ignore", "Glyph .* missing from", UserWarning)
        figure.draw_without_rendering()
        pixels = ax.transData.transform(np.column_stack([xs, ys]))
        radius = np.sqrt(marker_size) / 2 * figure.dpi / 72 + 1
        markers = [Bbox([[x - radius, y - radius], [x + radius, y + radius]]) for x, y in pixels]
        frame = ax.get_window_extent()
        taken = [t.get_window_extent() for t in ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            taken.append(legend.get_window_extent())
        for k, (name, x, y) in enumerate(zip(names, xs, ys, strict=True)):
            others = markers[:k] + markers[k + 1 :]
            best, best_box, best_cost = None, None, np.inf
            for dx, dy, ha, va in _LABEL_SPOTS:
                label = ax.annotate(
                    str(name),
                    (x, y),
                    xytext=(dx, dy),
                    textcoords="offset points",
                    ha=ha,
                    va=va,
                    fontsize=8,
                    fontfamily=family,
                )
                box = label.get_window_extent()
                # Leaving the axes costs more than covering a neighbour.
                outside = box.width * box.height - _overlap(box, frame)
                cost = 10 * outside + sum(_overlap(box, other) for other in [*others, *taken])
                if cost < best_cost:
                    if best is not None:
                        best.remove()
                    best, best_box, best_cost = label, box, cost
                else:
                    label.remove()
                if cost == 0:
                    break
            taken.append(best_box)


def importance_performance(
    importance,
    performance=None,
    *,
    xlabel: str | None = None,
    ylabel: str | None = None,
    ax=None,
    lang: str | None = None,
) -> Axes:
    """Importance-performance quadrant chart with mean lines.

    Each attribute is placed by its performance (x) and importance (y); the
    dashed lines at the means split the plane into: concentrate here (high
    importance, low performance), keep up the good work, low priority and
    possible overkill. Each point's name is written next to it, on the side
    where it covers no other point, name or quadrant label; the legend sits
    outside the axes, on the right, so it hides no point.

    Parameters
    ----------
    importance : Series, mapping or DataFrame
        Importance per attribute (index = attribute), or a DataFrame with
        columns ``importance`` and ``performance`` (then ``performance`` must
        be None), e.g. from :func:`crmlab.satisfaction.importance_performance`.
    performance : Series or mapping, optional
        Performance per attribute, same labels as ``importance``.
    xlabel, ylabel : str, optional
        Override the default axis labels, "Performance (mean rating)" and
        "Importance (mean rating)", e.g. when importance is derived as the
        correlation of each attribute with overall satisfaction.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        One point per attribute (``ax.collections[0]``).

    Raises
    ------
    TypeError, ValueError
        For missing or mismatched data.

    References
    ----------
    Chain-store CRM (fourth evaluation method: importance and performance ranking);
    Martilla and James (1977), "Importance-performance analysis", Journal of Marketing.

    Examples
    --------
    >>> imp = pd.Series({"price": 8.0, "staff": 6.0, "parking": 3.0})
    >>> perf = pd.Series({"price": 5.0, "staff": 7.5, "parking": 6.0})
    >>> ax = importance_performance(imp, perf, ylabel="Importance (1-10)")
    >>> len(ax.collections[0].get_offsets())
    3
    >>> ax.get_ylabel()
    'Importance (1-10)'
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    if isinstance(importance, pd.DataFrame):
        if performance is not None:
            raise TypeError(message("plots.pass_either_a_dataframe_with"))
        frame = _frame(importance, "importance", ("importance", "performance"))
        importance, performance = frame["importance"], frame["performance"]
    if performance is None:
        raise TypeError(message("plots.performance_is_missing_pass_it"))
    imp, perf = _labelled_pairs(importance, performance, ("importance", "performance"))
    x_mean, y_mean = float(perf.mean()), float(imp.mean())

    ax = _axes(ax, (8, 6))
    ax.scatter(
        perf, imp, s=60, color=_BLUE, edgecolor="black", zorder=3, label=_t("ipa.attributes", lang)
    )
    ax.axvline(x_mean, color="black", ls="--", lw=1, label=_t("ipa.mean", lang))
    ax.axhline(y_mean, color="black", ls="--", lw=1)
    corners = [
        ("ipa.q1", 0.02, 0.98, "left", "top"),
        ("ipa.q2", 0.98, 0.98, "right", "top"),
        ("ipa.q3", 0.02, 0.02, "left", "bottom"),
        ("ipa.q4", 0.98, 0.02, "right", "bottom"),
    ]
    _corner_labels(ax, corners, lang)
    ax.margins(0.25)
    ax.set_title(_t("ipa.title", lang))
    ax.set_xlabel(xlabel if xlabel is not None else _t("ipa.x", lang))
    ax.set_ylabel(ylabel if ylabel is not None else _t("ipa.y", lang))
    _legend(ax, loc="upper left", bbox_to_anchor=(1.01, 1))
    _finish(ax, font)
    # Last, once every other text has its final font and place.
    family = None if font is None else [font, "DejaVu Sans"]
    _label_points(
        ax,
        perf.to_numpy(),
        imp.to_numpy(),
        [str(n) for n in imp.index],
        marker_size=60,
        family=family,
    )
    return ax


def control_chart(
    values,
    *,
    sigmas: float = 3,
    limits=None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    ax=None,
    lang: str | None = None,
) -> Axes:
    """Control chart: values in order, centre line, limits, outliers marked.

    By default the limits are mean -/+ sigmas x sample standard deviation of
    the plotted values, from :func:`crmlab.satisfaction.control_limits`
    (满意度控制图). Points outside the limits get a large X marker; they are
    exactly the points :func:`crmlab.satisfaction.out_of_control` returns.

    When each point is a mean of n observations (e.g. the mean satisfaction
    of each store's ~75 respondents), few points and one extreme mean widen
    the default limits until nothing is flagged. Judge such subgroup means
    against standard-error limits instead (the x-bar chart, 均值控制图):
    ``limits=control_limits(individual_scores, subgroup_size=n)``, i.e.
    grand mean -/+ 3 s / sqrt(n) with s the standard deviation of the
    individual scores (Montgomery, ch. 6).

    Parameters
    ----------
    values : 1-D array-like or Series
        Observations in time order (e.g. monthly mean satisfaction). A
        DatetimeIndex or PeriodIndex is used for the x axis; otherwise the
        position (or string labels) are.
    sigmas : float, default 3
        Width of the default limits; ignored when ``limits`` is given.
    limits : tuple, optional
        ``(lower, centre, upper)`` to draw instead of the default, e.g. a
        :class:`crmlab.satisfaction.ControlLimits` from
        ``control_limits(..., subgroup_size=n)``, from a baseline period, or
        custom numbers. The centre line is drawn at ``centre``.
    xlabel, ylabel : str, optional
        Override the default axis labels (which name no unit).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` holds the values, ``ax.lines[1]`` the centre line,
        ``ax.lines[2]`` and ``ax.lines[3]`` the upper and lower limits;
        ``ax.collections[0]`` the points outside the limits (possibly none).

    Raises
    ------
    TypeError, ValueError
        As :func:`crmlab.satisfaction.control_limits` and
        :func:`crmlab.satisfaction.out_of_control` (limits that are not three
        numbers, lower > upper), and for fewer than 2 values without ``limits``.

    References
    ----------
    CRM and satisfaction (statistical analysis of satisfaction: control chart);
    Montgomery, D. C. (2019), Introduction to Statistical Quality Control,
    8th ed., Wiley, ch. 6 (x-bar charts).

    Examples
    --------
    >>> ax = control_chart([7.1, 7.3, 7.0, 7.2, 7.4, 7.1, 7.2, 7.3, 7.0, 7.2, 5.0])
    >>> len(ax.collections[0].get_offsets())
    0
    >>> plt.close(ax.figure)

    The same points against limits given by the caller:

    >>> ax = control_chart([7.1, 7.3, 7.0, 7.2, 7.4, 7.1, 7.2, 7.3, 7.0, 7.2, 5.0],
    ...                    limits=(6.5, 7.2, 7.9))
    >>> ax.collections[0].get_offsets().tolist()
    [[10.0, 5.0]]
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    s = _series(values, "values", allow_mapping=False)
    y = s.to_numpy()
    if limits is None:
        if len(s) < 2:
            raise ValueError(message("plots.values_needs_at_least_observations"))
        limits = control_limits(y, sigmas=sigmas)
        title = _t("cc.title", lang, s=float(sigmas))
        centre_key = "cc.centre"
    else:
        title, centre_key = _t("cc.title_given", lang), "cc.centre_given"
    # out_of_control validates given limits and applies the one rule for "outside".
    flagged = out_of_control(y, limits=limits)
    out = np.zeros(len(y), dtype=bool)
    out[flagged.index.to_numpy()] = True
    lower, centre, upper = (float(x) for x in limits)
    index = s.index
    if isinstance(index, pd.PeriodIndex):
        x = index.to_timestamp()
    elif isinstance(index, pd.DatetimeIndex):
        x = index
    else:
        x = np.arange(len(s))

    ax = _axes(ax, (8, 4.5))
    ax.plot(x, y, color=_BLUE, marker="o", ms=4, lw=1.2, label=_t("cc.values", lang))
    ax.axhline(centre, color="black", lw=1.5, label=_t(centre_key, lang, c=centre))
    ax.axhline(
        upper, color=_VERMILLION, ls="--", lw=1.5, label=_t("cc.limits", lang, lo=lower, hi=upper)
    )
    ax.axhline(lower, color=_VERMILLION, ls="--", lw=1.5)
    ax.scatter(
        np.asarray(x)[out],
        y[out],
        marker="X",
        s=140,
        color=_VERMILLION,
        edgecolor="black",
        zorder=4,
        label=_t("cc.out", lang, n=int(out.sum())),
    )
    if not isinstance(index, pd.PeriodIndex | pd.DatetimeIndex | pd.RangeIndex) and len(s) <= 40:
        ax.set_xticks(x, [str(i) for i in index], rotation=45, ha="right")
    ax.set_title(title)
    ax.set_xlabel(xlabel if xlabel is not None else _t("cc.x", lang))
    ax.set_ylabel(ylabel if ylabel is not None else _t("cc.y", lang))
    _legend(ax, loc="best")
    return _finish(ax, font)
