"""Charts of unit 01, customer value: Pareto curve, value tiers, CLV by year, RFM heat map."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes

from crmlab import _validation as v
from crmlab.glossary import TermTable
from crmlab.i18n import message
from crmlab.plots._style import (
    _BLUE,
    _GREY,
    _ORANGE,
    _SKY,
    _VERMILLION,
    _axes,
    _finish,
    _frame,
    _heat_text,
    _legend,
    _name,
    _resolve_lang,
    _series,
    _t,
)
from crmlab.value import clv, pareto_table

_TIER_ZH = TermTable(
    {
        "very low": "very-low-tier",
        "low": "low-tier",
        "moderate": "moderate-tier",
        "high": "high-tier",
        "very high": "very-high-tier",
    },
    field="chinese",
)
# --------------------------------------------------------------------------- value


def pareto_curve(values, *, top: float = 0.2, ax=None, lang: str | None = None) -> Axes:
    """Pareto (Lorenz-type) curve of customer value with the 80/20 point marked.

    Customers are ranked by value, most valuable first; the curve plots the
    cumulative share of customers (x) against the cumulative share of value
    (y). The point at ``top`` (20% of customers by default) is marked with the
    share of value it holds: the 80/20 rule (二八法则) says it is near 80%.

    Parameters
    ----------
    values : array-like, Series or DataFrame
        One value per customer (e.g. total amount spent), or the output of
        :func:`crmlab.value.pareto_table` (columns ``customer_share`` and
        ``value_share``).
    top : float, default 0.2
        Share of customers to mark, a fraction in (0, 1).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        The curve is ``ax.lines[0]``; it starts at (0, 0) and ends at (100, 100).

    Raises
    ------
    TypeError, ValueError
        For non-numeric or empty values, missing columns or ``top`` outside (0, 1).

    References
    ----------
    CRM slides (80/20 rule and the appliance tiers), Chain-store CRM (bank 20/80 rule).

    Examples
    --------
    >>> ax = pareto_curve([500, 200, 100, 80, 50, 30, 20, 10, 6, 4])
    >>> float(ax.lines[0].get_ydata()[2])   # top 20% (2 of 10) hold 70% of value
    70.0
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    top = float(v.check_fraction(top, "top", allow_zero=False, allow_one=False))
    if isinstance(values, pd.DataFrame):
        table = _frame(values, "values", ("customer_share", "value_share"))
        x_share = _series(table["customer_share"], "values['customer_share']")
        y_share = _series(table["value_share"], "values['value_share']")
    else:
        table = pareto_table(_series(values, "values", allow_mapping=False))
        x_share, y_share = table["customer_share"], table["value_share"]
    x = np.r_[0.0, x_share.to_numpy(dtype=float)] * 100
    y = np.r_[0.0, y_share.to_numpy(dtype=float)] * 100
    if np.any(np.diff(x) < 0):
        raise ValueError(message("plots.values_customer_share_must_be"))
    y_top = float(np.interp(top * 100, x, y))

    ax = _axes(ax, (6.5, 5))
    many = len(x) > 40
    ax.plot(
        x, y, color=_BLUE, lw=2, marker=None if many else "o", ms=4, label=_t("pareto.curve", lang)
    )
    ax.plot([0, 100], [0, 100], color=_GREY, ls="--", label=_t("pareto.equal", lang))
    low = min(0.0, float(y.min()))
    ax.plot([top * 100, top * 100], [low, y_top], color="black", ls=":", lw=1)
    ax.plot([0, top * 100], [y_top, y_top], color="black", ls=":", lw=1)
    ax.plot(
        [top * 100],
        [y_top],
        ls="none",
        marker="D",
        ms=9,
        color=_VERMILLION,
        markeredgecolor="black",
        label=_t("pareto.point", lang, c=top * 100, v=y_top),
    )
    ax.set_xlim(0, 100)
    ax.set_ylim(low, max(100.0, float(y.max())) * 1.04)
    ax.set_title(_t("pareto.title", lang))
    ax.set_xlabel(_t("pareto.x", lang))
    ax.set_ylabel(_t("pareto.y", lang))
    ax.grid(alpha=0.3)
    _legend(ax, loc="lower right")
    return _finish(ax, font)


def value_tiers(tiers, *, show_market: bool = False, ax=None, lang: str | None = None) -> Axes:
    """Grouped bars of each value tier's share of value vs share of customers.

    The appliance table of the CRM slides shows the 80/20 rule at work: the top tiers
    hold most of the value with few customers, while most customers sit in
    tiers of negative value (annotated on the chart).

    Parameters
    ----------
    tiers : DataFrame
        Columns ``tier``, ``value_pct`` and ``customer_share_pct`` (and
        ``market_share_pct`` when ``show_market``), as returned by
        :func:`crmlab.datasets.load_appliance_tiers`. Percentages, not fractions.
    show_market : bool, default False
        Add a third bar per tier for the share of the market.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        One bar per tier and series (``len(ax.patches) == 2 * len(tiers)``).

    Raises
    ------
    TypeError, ValueError
        If ``tiers`` is not a DataFrame, is empty, lacks a column or holds
        non-numeric or missing percentages.

    References
    ----------
    CRM slides (the appliance company's customer value tiers).

    Examples
    --------
    >>> tiers = pd.DataFrame({"tier": ["low", "high"], "value_pct": [-5.0, 105.0],
    ...                       "customer_share_pct": [80.0, 20.0]})
    >>> ax = value_tiers(tiers)
    >>> len(ax.patches)
    4
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    columns = ["tier", "value_pct", "customer_share_pct"]
    if show_market:
        columns.append("market_share_pct")
    _frame(tiers, "tiers", columns)
    series = [
        ("value_pct", _t("tiers.value", lang), _BLUE, "//"),
        ("customer_share_pct", _t("tiers.customers", lang), _ORANGE, ".."),
    ]
    if show_market:
        series.append(("market_share_pct", _t("tiers.market", lang), _GREY, "xx"))
    data = {col: _series(tiers[col], f"tiers[{col!r}]").to_numpy() for col, *_ in series}

    ax = _axes(ax, (7.5, 4.8))
    x = np.arange(len(tiers))
    width = 0.8 / len(series)
    for k, (col, label, color, hatch) in enumerate(series):
        offset = (k - (len(series) - 1) / 2) * width
        bars = ax.bar(
            x + offset, data[col], width, label=label, color=color, hatch=hatch, edgecolor="black"
        )
        ax.bar_label(bars, fmt="%.1f", fontsize=8, padding=2)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(x, [_name(t, lang, _TIER_ZH) for t in tiers["tier"]])
    negative = float(data["customer_share_pct"][data["value_pct"] < 0].sum())
    if negative > 0:
        ax.text(
            0.02,
            0.97,
            _t("tiers.negative", lang, p=negative),
            transform=ax.transAxes,
            va="top",
            fontsize=9,
            bbox={"boxstyle": "round", "fc": "white", "ec": _GREY},
        )
    ax.set_title(_t("tiers.title", lang))
    ax.set_xlabel(_t("tiers.x", lang))
    ax.set_ylabel(_t("tiers.y", lang))
    ax.margins(y=0.12)
    # Under the note in the top-left corner, where the low tiers leave room.
    _legend(ax, loc="upper left", bbox_to_anchor=(0.0, 0.86))
    return _finish(ax, font)


def clv_by_year(
    contributions,
    rate: float,
    acquisition_cost: float = 0.0,
    costs=0.0,
    *,
    currency: str = "yuan",
    ax=None,
    lang: str | None = None,
) -> Axes:
    """Yearly contributions, their discounted values and the cumulative CLV.

    Year t (1..T) shows the net contribution Q_t - C_t and its present value
    (Q_t - C_t)(1+i)^-t; the line is the running CLV, starting at -C_0 in
    year 0 and ending at V_k = -C_0 + sum (Q_t - C_t)(1+i)^-t, the customer
    lifetime value (客户终生价值), which is annotated.

    Parameters
    ----------
    contributions : 1-D array-like
        Q_t for t = 1..T (one customer).
    rate : float
        Discount rate i as a fraction (0.09, not 9).
    acquisition_cost : float, default 0
        C_0, paid at t = 0 and not discounted.
    costs : float or 1-D array-like, default 0
        C_t, the cost of serving the customer each year.
    currency : str, default "yuan"
        Unit shown on the y axis.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` is the cumulative CLV (T + 1 points, years 0..T).

    Raises
    ------
    TypeError, ValueError
        As :func:`crmlab.value.clv` does, and for 2-D contributions.

    References
    ----------
    CRM slides (individual CLV in four steps; worked example T=5, i=9%,
    Q=500, C_0=400 gives 1544.83).

    Examples
    --------
    >>> ax = clv_by_year([500] * 5, 0.09, acquisition_cost=400)
    >>> round(float(ax.lines[0].get_ydata()[-1]), 2)
    1544.83
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    if np.ndim(contributions) != 1:
        raise ValueError(message("plots.contributions_must_be_d_q", shape=np.shape(contributions)))
    total = float(clv(contributions, rate, costs=costs, acquisition_cost=acquisition_cost))
    q = _series(contributions, "contributions", allow_mapping=False).to_numpy()
    c = np.broadcast_to(np.asarray(costs, dtype=float), q.shape)
    c0 = float(acquisition_cost)
    years = np.arange(1, len(q) + 1)
    net = q - c
    discounted = net * (1 + float(rate)) ** -years
    cumulative = np.r_[-c0, -c0 + np.cumsum(discounted)]

    ax = _axes(ax, (7.5, 4.8))
    width = 0.38
    ax.bar(
        years - width / 2,
        net,
        width,
        color=_SKY,
        hatch="//",
        edgecolor="black",
        label=_t("clv.net", lang),
    )
    ax.bar(
        years + width / 2,
        discounted,
        width,
        color=_ORANGE,
        hatch="..",
        edgecolor="black",
        label=_t("clv.disc", lang),
    )
    if c0:
        ax.bar(
            [0],
            [-c0],
            width,
            color=_VERMILLION,
            hatch="xx",
            edgecolor="black",
            label=_t("clv.acq", lang),
        )
    ax.plot(
        np.arange(len(q) + 1),
        cumulative,
        color="black",
        marker="o",
        lw=2,
        label=_t("clv.cum", lang),
    )
    ax.annotate(
        _t("clv.final", lang, x=total),
        xy=(len(q), cumulative[-1]),
        xytext=(-10, 12),
        textcoords="offset points",
        ha="right",
        fontweight="bold",
        bbox={"boxstyle": "round", "fc": "white", "ec": _GREY},
    )
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(np.arange(len(q) + 1))
    ax.set_title(_t("clv.title", lang, i=float(rate)))
    ax.set_xlabel(_t("clv.x", lang))
    ax.set_ylabel(_t("clv.y", lang, cur=currency))
    ax.margins(y=0.15)
    _legend(ax, loc="upper left")
    return _finish(ax, font)


def rfm_heatmap(
    rfm_table, *, value: str | None = None, cmap: str = "Oranges", ax=None, lang: str | None = None
) -> Axes:
    """Heatmap of customers by R score (rows, best on top) and F score (columns).

    Parameters
    ----------
    rfm_table : DataFrame
        Output of :func:`crmlab.value.rfm` (columns ``R`` and ``F``, integer scores).
    value : str, optional
        A numeric column (e.g. ``"monetary"``) to average per cell; by default
        each cell counts customers.
    cmap : str, default "Oranges"
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.images[0]`` is (number of R scores) x (number of F scores);
        empty cells of a mean are blank.

    Raises
    ------
    TypeError, ValueError
        For a non-DataFrame, empty table or missing columns.

    References
    ----------
    Hughes (1994), Strategic Database Marketing (RFM analysis; beyond the source documents).

    Examples
    --------
    >>> t = pd.DataFrame({"R": [1, 2, 2, 3], "F": [1, 1, 2, 3], "monetary": [10.0, 20, 30, 40]})
    >>> ax = rfm_heatmap(t)
    >>> ax.images[0].get_array().shape
    (3, 3)
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    columns = ["R", "F"] if value is None else ["R", "F", value]
    _frame(rfm_table, "rfm_table", columns)
    r = _series(rfm_table["R"], "rfm_table['R']", allow_mapping=False).astype(int)
    f = _series(rfm_table["F"], "rfm_table['F']", allow_mapping=False).astype(int)
    r_levels = np.arange(int(r.max()), int(r.min()) - 1, -1)
    f_levels = np.arange(int(f.min()), int(f.max()) + 1)
    if value is None:
        grid = (
            pd.crosstab(r, f).reindex(index=r_levels, columns=f_levels, fill_value=0).astype(float)
        )
        title, cbar_label = _t("rfm.title_count", lang), _t("rfm.cbar_count", lang)
        fmt = "{:.0f}".format
    else:
        amounts = _series(rfm_table[value], f"rfm_table[{value!r}]", allow_mapping=False)
        grid = (
            pd.DataFrame({"R": r.to_numpy(), "F": f.to_numpy(), "v": amounts.to_numpy()})
            .pivot_table(index="R", columns="F", values="v", aggfunc="mean")
            .reindex(index=r_levels, columns=f_levels)
        )
        title = _t("rfm.title_mean", lang, col=value)
        cbar_label = _t("rfm.cbar_mean", lang, col=value)
        fmt = "{:,.0f}".format
    arr = grid.to_numpy(dtype=float)
    ax = _axes(ax, (1.5 + 0.9 * len(f_levels), 1.2 + 0.7 * len(r_levels)))
    colormap = colormaps[cmap].with_extremes(bad="white")
    image = ax.imshow(np.ma.masked_invalid(arr), cmap=colormap, aspect="auto")
    _heat_text(ax, arr, fmt, float(np.nanmax(arr)), 8)
    ax.set_xticks(np.arange(len(f_levels)), [str(x) for x in f_levels])
    ax.set_yticks(np.arange(len(r_levels)), [str(x) for x in r_levels])
    bar = ax.figure.colorbar(image, ax=ax)
    bar.set_label(cbar_label)
    ax.set_title(title)
    ax.set_xlabel(_t("rfm.x", lang))
    ax.set_ylabel(_t("rfm.y", lang))
    return _finish(ax, font, bar.ax)
