"""Charts of unit 04, customer loyalty: the loyalty matrix and the loyalty-profit chart."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from crmlab.glossary import TermTable
from crmlab.loyalty import loyalty_type
from crmlab.plots._style import (
    _BLUE,
    _CYCLE,
    _GREEN,
    _GREY,
    _ORANGE,
    _axes,
    _finish,
    _frame,
    _labelled_pairs,
    _legend,
    _numeric_frame,
    _resolve_lang,
    _t,
)

_COMPONENT_ZH = TermTable(
    {
        "acquisition": "acquisition-cost-component",
        "base_profit": "base-profit",
        "increased_purchases": "increased-purchases",
        "lower_operating_cost": "lower-operating-cost",
        "referrals": "referrals",
        "price_premium": "price-premium",
    },
    field="chinese",
)
# --------------------------------------------------------------------------- loyalty


def loyalty_matrix(
    attitude,
    repeat,
    *,
    attitude_cut: float = 0.5,
    repeat_cut: float = 0.5,
    xlabel: str | None = None,
    ylabel: str | None = None,
    ax=None,
    lang: str | None = None,
) -> Axes:
    """Relative attitude x repeat patronage scatter with the four loyalty types.

    Cut lines split customers into ideal loyalty (理想忠诚, both high),
    latent (潜在忠诚, high attitude only), spurious (虚假忠诚, high repeat
    only) and no loyalty (缺乏忠诚), using
    :func:`crmlab.loyalty.loyalty_type`. Each type has its own marker; the
    corners give each type's count and share.

    Parameters
    ----------
    attitude, repeat : 1-D array-like or Series, same length
        Relative attitude and repeat patronage per customer.
    attitude_cut, repeat_cut : float, default 0.5
        Values at or above a cut count as high.
    xlabel, ylabel : str, optional
        Override the default axis labels (e.g. to name the scale).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        One scatter collection per type present; their points add up to the
        number of customers.

    Raises
    ------
    TypeError, ValueError
        For non-numeric, empty or unequal-length input.

    References
    ----------
    Keeping relationships (four loyalty types); Dick and Basu (1994), "Customer loyalty:
    toward an integrated conceptual framework", JAMS.

    Examples
    --------
    >>> ax = loyalty_matrix([0.9, 0.8, 0.2, 0.1], [0.9, 0.1, 0.7, 0.2])
    >>> sum(len(c.get_offsets()) for c in ax.collections)
    4
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    att, rep = _labelled_pairs(attitude, repeat, ("attitude", "repeat"))
    types = np.asarray(
        loyalty_type(
            att.to_numpy(), rep.to_numpy(), attitude_cut=attitude_cut, repeat_cut=repeat_cut
        )
    )
    styles = {
        "ideal": (_GREEN, "o", 0.98, 0.98, "right", "top"),
        "latent": (_BLUE, "^", 0.02, 0.98, "left", "top"),
        "spurious": (_ORANGE, "s", 0.98, 0.02, "right", "bottom"),
        "none": (_GREY, "x", 0.02, 0.02, "left", "bottom"),
    }
    ax = _axes(ax, (7, 6))
    n = len(types)
    for kind, (color, marker, tx, ty, ha, va) in styles.items():
        mask = types == kind
        label = _t(f"lm.{kind}", lang)
        if mask.any():
            ax.scatter(
                rep.to_numpy()[mask],
                att.to_numpy()[mask],
                marker=marker,
                s=30,
                color=color,
                edgecolor="black" if marker != "x" else None,
                alpha=0.8,
                label=label,
            )
        ax.text(
            tx,
            ty,
            f"{label}\nn = {int(mask.sum())} ({mask.sum() / n:.0%})",
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=9,
            fontweight="bold",
            bbox={"boxstyle": "round", "fc": "white", "ec": color, "alpha": 0.85},
        )
    ax.axvline(float(repeat_cut), color="black", ls="--", lw=1, label=_t("lm.cut", lang))
    ax.axhline(float(attitude_cut), color="black", ls="--", lw=1)
    ax.margins(0.2)
    ax.set_title(_t("lm.title", lang))
    ax.set_xlabel(xlabel if xlabel is not None else _t("lm.x", lang))
    ax.set_ylabel(ylabel if ylabel is not None else _t("lm.y", lang))
    _legend(ax, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return _finish(ax, font)


def _component_label(column, lang: str) -> str:
    if lang == "zh" and column in _COMPONENT_ZH:
        return _COMPONENT_ZH[column]
    return str(column).replace("_", " ")


def loyalty_profit(table, *, currency: str = "yuan", ax=None, lang: str | None = None) -> Axes:
    """Stacked bars of the profit components per customer, year by year.

    The "loyalty = profit" chart (忠诚 = 利润, Reichheld): the longer a
    customer stays, the more profit comes from increased purchases, lower
    operating cost, referrals and a price premium on top of the base profit;
    the acquisition cost is a negative bar in year 0. A line gives the total
    per year.

    Parameters
    ----------
    table : DataFrame
        One row per year (the index, or a ``year`` column), one numeric column
        per component, as returned by :func:`crmlab.loyalty.loyalty_profit`
        (whose derived ``total`` and ``cumulative`` columns are ignored).
        Negative values (costs) are stacked below zero.
    currency : str, default "yuan"
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        One bar per year and component (``ax.patches``); ``ax.lines[0]`` is
        the total.

    Raises
    ------
    TypeError, ValueError
        For a non-DataFrame, empty or non-numeric table, or missing values.

    References
    ----------
    CRM slides (loyalty = profit); Reichheld and Sasser (1990), "Zero
    defections", Harvard Business Review.

    Examples
    --------
    >>> from crmlab.loyalty import loyalty_profit as profit_table
    >>> ax = loyalty_profit(profit_table(years=7))
    >>> len(ax.patches)   # 8 years (0..7) x 6 components
    48
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    _frame(table, "table")
    data = table.set_index("year") if "year" in table.columns else table
    # Derived columns of crmlab.loyalty.loyalty_profit are not components.
    data = data.drop(columns=[c for c in ("total", "cumulative") if c in data.columns])
    data = _numeric_frame(data, "table")
    ax = _axes(ax, (8, 5))
    x = np.arange(len(data))
    pos_bottom = np.zeros(len(data))
    neg_bottom = np.zeros(len(data))
    hatches = ["", "//", "..", "\\\\", "xx", "oo", "--", "++"]
    for k, col in enumerate(data.columns):
        vals = data[col].to_numpy()
        bottom = np.where(vals >= 0, pos_bottom, neg_bottom)
        ax.bar(
            x,
            vals,
            0.7,
            bottom=bottom,
            color=_CYCLE[k % len(_CYCLE)],
            hatch=hatches[k % len(hatches)],
            edgecolor="black",
            label=_component_label(col, lang),
        )
        pos_bottom += np.where(vals >= 0, vals, 0)
        neg_bottom += np.where(vals < 0, vals, 0)
    total = data.sum(axis=1).to_numpy()
    ax.plot(x, total, color="black", marker="D", lw=1.5, label=_t("lp.total", lang))
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(x, [str(i) for i in data.index])
    ax.set_title(_t("lp.title", lang))
    ax.set_xlabel(_t("lp.x", lang))
    ax.set_ylabel(_t("lp.y", lang, cur=currency))
    _legend(ax, loc="upper left")
    return _finish(ax, font)
