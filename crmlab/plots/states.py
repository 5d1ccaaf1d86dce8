"""Charts of unit 02, customer states: state counts, the customer-flow diagram, the
transition heat map.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from crmlab import _validation as v
from crmlab.i18n import message
from crmlab.plots._style import (
    _CYCLE,
    _STATE_STYLE,
    _axes,
    _finish,
    _heat_text,
    _name,
    _numeric_frame,
    _resolve_lang,
    _series,
    _t,
)
from crmlab.states import STATE_NAMES_ZH, in_state_order

# Edges of the customer-flow diagram of Knowing the customer carry a verb; other arrows show only the number.
_EDGE_VERBS = {
    ("potential", "first-time"): ("develop", "开发"),
    ("target", "first-time"): ("develop", "开发"),
    ("churned", "first-time"): ("win back", "挽回"),
    ("churned", "repeat"): ("win back", "挽回"),
    ("churned", "loyal"): ("win back", "挽回"),
    ("churned", "non-customer"): ("lost forever", "永远流失"),
}
# Box centres of the customer-flow diagram, after the figure in Knowing the customer: the
# buying states stacked in the middle (loyal on top), where they come from on
# the left, churn on the right and the customers lost for good at the bottom.
_FLOW_LAYOUT = {
    "target": (0.0, 2.0),
    "potential": (0.0, 0.0),
    "first-time": (3.0, 0.0),
    "repeat": (3.0, 2.0),
    "loyal": (3.0, 4.0),
    "churned": (6.6, 2.0),
    "non-customer": (3.0, -2.0),
}
_BOX_W, _BOX_H = 1.7, 0.8

# --------------------------------------------------------------------------- states


def state_counts(
    flow,
    *,
    kind: str = "area",
    share: bool = False,
    drop_empty: bool = True,
    ax=None,
    lang: str | None = None,
) -> Axes:
    """Stacked area (or bars) of the customers in each state over periods.

    Parameters
    ----------
    flow : DataFrame
        One row per period, one column per state, as returned by
        :func:`crmlab.states.simulate_flow`. Columns must be labels of
        ``STATES``; they are drawn in the ``STATES`` order (potential at the
        bottom). Counts must be non-negative.
    kind : {"area", "bar"}, default "area"
    share : bool, default False
        Plot each state's percentage of all customers instead of counts.
    drop_empty : bool, default True
        Leave out the states that have no customers in any period (e.g. the
        "target" and "non-customer" columns of a simulation started from
        :func:`crmlab.states.count_states`, which lists every state), so
        that they take no room in the stack and no line in the legend. If
        every state is empty, all are kept. Pass False to draw every column.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        With ``kind="area"`` one filled area per state drawn (``ax.collections``);
        with ``kind="bar"`` one bar per state drawn and period (``ax.patches``).

    Raises
    ------
    TypeError, ValueError
        For a non-DataFrame, empty data, unknown states, negative or
        non-numeric counts, or an unknown ``kind``.

    References
    ----------
    Knowing the customer (customer states and the customer flow model).

    Examples
    --------
    >>> flow = pd.DataFrame({"first-time": [100.0, 60.0], "repeat": [0.0, 30.0],
    ...                      "churned": [0.0, 10.0]})
    >>> ax = state_counts(flow)
    >>> len(ax.collections)
    3
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)

    A state with nobody in any period is left out unless ``drop_empty=False``:

    >>> flow["loyal"] = 0.0
    >>> [t.get_text() for t in state_counts(flow).get_legend().get_texts()]
    ['churned', 'repeat', 'first-time']
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    lang, font = _resolve_lang(lang)
    v.check_labels(kind, ("area", "bar"), "kind")
    data = _numeric_frame(flow, "flow")
    if (data.to_numpy() < 0).any():
        raise ValueError(message("plots.flow_must_hold_non_negative"))
    order = in_state_order(data.columns, "flow")
    if drop_empty:
        present = [state for state in order if (data[state] > 0).any()]
        order = present or order
    data = data[order]
    if share:
        totals = data.sum(axis=1)
        if (totals <= 0).any():
            raise ValueError(message("plots.flow_has_a_period_with"))
        data = data.div(totals, axis=0) * 100
    ax = _axes(ax, (8, 4.8))
    x = np.arange(len(data))
    labels = [_name(s, lang, STATE_NAMES_ZH) for s in order]
    colors = [_STATE_STYLE[s][0] for s in order]
    hatches = [_STATE_STYLE[s][1] for s in order]
    if kind == "area":
        ax.stackplot(
            x,
            data.T.to_numpy(),
            labels=labels,
            colors=colors,
            hatch=hatches,
            edgecolor="black",
            lw=0.6,
        )
        ax.set_xlim(x[0], x[-1] if len(x) > 1 else x[0] + 1)
    else:
        bottom = np.zeros(len(data))
        for state, label, color, hatch in zip(order, labels, colors, hatches, strict=True):
            ax.bar(
                x,
                data[state],
                0.8,
                bottom=bottom,
                label=label,
                color=color,
                hatch=hatch,
                edgecolor="black",
            )
            bottom += data[state].to_numpy()
    if len(x) <= 25:
        ax.set_xticks(x, [str(p) for p in data.index])
    ax.set_title(_t("flow.title_share" if share else "flow.title", lang))
    ax.set_xlabel(_t("flow.x", lang))
    ax.set_ylabel(_t("flow.y_share" if share else "flow.y", lang))
    handles, texts = ax.get_legend_handles_labels()
    # Reversed so the legend reads top-down like the stack.
    ax.legend(
        handles[::-1], texts[::-1], loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small"
    )
    return _finish(ax, font)


def _transition_frame(transitions, name: str = "transitions") -> pd.DataFrame:
    """A square probability matrix over the STATES that appear, rows summing to 1."""
    data = _numeric_frame(transitions, name)
    order = in_state_order(list(dict.fromkeys([*data.index, *data.columns])), name)
    data = data.reindex(index=order, columns=order, fill_value=0.0)
    arr = data.to_numpy()
    if (arr < 0).any() or (arr > 1).any():
        raise ValueError(message("plots.name_must_hold_probabilities_in", name=name))
    sums = arr.sum(axis=1)
    bad = [
        (s, t)
        for s, t in zip(order, sums, strict=True)
        if t > 0 and not np.isclose(t, 1.0, atol=1e-6)
    ]
    if bad:
        state, total = bad[0]
        raise ValueError(
            message("plots.each_row_of_name_must", name=name, state=state, total=total)
        )
    return data


def _segment_hits_box(start, end, centre) -> bool:
    xs = np.linspace(start[0], end[0], 60)[5:-5]
    ys = np.linspace(start[1], end[1], 60)[5:-5]
    inside = (np.abs(xs - centre[0]) < _BOX_W / 2 + 0.1) & (
        np.abs(ys - centre[1]) < _BOX_H / 2 + 0.1
    )
    return bool(inside.any())


def _label_position(start, end, rad: float, n_chars: int, placed: list) -> np.ndarray:
    """A point on the arrow for its label that overlaps no box and no earlier label.

    The arrow is arc3's quadratic Bezier curve with control point
    mid + rad * (dy, -dx); with an equal aspect ratio this holds in data units.
    """
    control = (start + end) / 2 + rad * np.array([end[1] - start[1], start[0] - end[0]])
    half_w, half_h = 0.04 * n_chars + 0.05, 0.18
    candidates = []
    for t in (0.5, 0.38, 0.62, 0.28, 0.72):
        point = (1 - t) ** 2 * start + 2 * (1 - t) * t * control + t**2 * end
        candidates.append(point)
        in_box = any(
            abs(point[0] - x) < _BOX_W / 2 + half_w and abs(point[1] - y) < _BOX_H / 2 + half_h
            for x, y in _FLOW_LAYOUT.values()
        )
        clash = any(
            abs(point[0] - x) < half_w + w and abs(point[1] - y) < 2 * half_h for x, y, w in placed
        )
        if not in_box and not clash:
            break
    else:
        point = candidates[0]
    placed.append((float(point[0]), float(point[1]), half_w))
    return point


def _probability_text(p: float) -> str:
    """A probability with 2 decimals that never rounds a non-zero value to 0 (or to 1)."""
    if 0 < p < 0.001:
        return "<0.001"
    if 0 < p < 0.01:
        return f"{p:.2g}"
    if 0.995 <= p < 1:
        return ">0.99"
    return f"{p:.2f}"


def customer_flow(
    transitions, *, counts=None, min_prob: float = 0.0, ax=None, lang: str | None = None
) -> Axes:
    """Flow diagram of the customer-state chain (客户流转模式), Knowing the customer layout.

    States are boxes: first-time, repeat and loyal stacked in the middle,
    potential and target on the left (develop, 开发), churned on the right
    (churn, 流失; win back, 挽回) and non-customers beyond it (lost forever,
    永远流失). Each arrow is a transition probability per period; the
    probability of staying is written inside the box.

    Parameters
    ----------
    transitions : DataFrame
        Transition matrix with states (labels of ``STATES``) as index (from)
        and columns (to), rows summing to 1, e.g. from
        :func:`crmlab.states.transition_matrix`. States missing from the
        index or the columns are treated as having probability 0.
    counts : Series or mapping, optional
        Customers per state, written in the boxes.
    min_prob : float, default 0
        Arrows with probability <= ``min_prob`` are left out (zero-probability
        arrows are never drawn).

    Notes
    -----
    Probabilities are written with 2 decimals; a small non-zero one never
    reads "0.00": below 0.01 it gets 2 significant digits (0.003, 0.0045),
    below 0.001 it reads "<0.001", and one just under 1 reads ">0.99".
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        One ``FancyBboxPatch`` per state and one ``FancyArrowPatch`` per drawn
        transition in ``ax.patches``. The axes frame is hidden; the x label is
        a caption.

    Raises
    ------
    TypeError, ValueError
        For a non-DataFrame, unknown states, probabilities outside [0, 1] or
        rows that do not sum to 1.

    References
    ----------
    Knowing the customer (customer states and the customer flow model).

    Examples
    --------
    >>> P = pd.DataFrame([[0.6, 0.3, 0.1], [0.0, 0.8, 0.2], [0.1, 0.0, 0.9]],
    ...                  index=["first-time", "repeat", "churned"],
    ...                  columns=["first-time", "repeat", "churned"])
    >>> ax = customer_flow(P)
    >>> sum(isinstance(p, FancyArrowPatch) for p in ax.patches)
    4
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    matrix = _transition_frame(transitions)
    min_prob = float(v.check_fraction(min_prob, "min_prob"))
    if counts is not None:
        counts = _series(counts, "counts")
        in_state_order(counts.index, "counts")
    order = list(matrix.index)
    ax = _axes(ax, (9, 8))
    boxes = {}
    for state in order:
        x, y = _FLOW_LAYOUT[state]
        color = _STATE_STYLE[state][0]
        box = FancyBboxPatch(
            (x - _BOX_W / 2, y - _BOX_H / 2),
            _BOX_W,
            _BOX_H,
            boxstyle="round,pad=0.04",
            fc=color,
            ec="black",
            lw=1.2,
            alpha=0.9,
        )
        ax.add_patch(box)
        boxes[state] = box
        lines = [_name(state, lang, STATE_NAMES_ZH)]
        stay = float(matrix.loc[state, state])
        if stay > 0:
            lines.append(_t("diagram.stay", lang, p=_probability_text(stay)))
        if counts is not None and state in counts.index:
            lines.append(_t("diagram.count", lang, n=float(counts[state])))
        ax.text(x, y, "\n".join(lines), ha="center", va="center", fontsize=9, fontweight="bold")
    labels = []
    for i, source in enumerate(order):
        for target in order:
            p = float(matrix.loc[source, target])
            if source == target or p <= 0 or p <= min_prob:
                continue
            start, end = np.array(_FLOW_LAYOUT[source]), np.array(_FLOW_LAYOUT[target])
            blocked = any(
                _segment_hits_box(start, end, _FLOW_LAYOUT[s])
                for s in order
                if s not in (source, target)
            )
            two_way = float(matrix.loc[target, source]) > min_prob
            rad = 0.35 if blocked else (0.3 if two_way else 0.0)
            arrow = FancyArrowPatch(
                tuple(start),
                tuple(end),
                arrowstyle="-|>",
                mutation_scale=16,
                connectionstyle=f"arc3,rad={rad}",
                patchA=boxes[source],
                patchB=boxes[target],
                lw=0.8 + 3.5 * p,
                color=_CYCLE[i % len(_CYCLE)],
                shrinkA=2,
                shrinkB=2,
            )
            ax.add_patch(arrow)
            verb = _EDGE_VERBS.get((source, target))
            text = _probability_text(p)
            if verb is not None:
                text = f"{verb[1] if lang == 'zh' else verb[0]} {text}"
            labels.append((start, end, rad, text))
    # Long labels first: short ones find room more easily around them.
    placed: list[tuple[float, float, float]] = []
    for start, end, rad, text in sorted(labels, key=lambda item: -len(item[3])):
        ax.text(
            *_label_position(start, end, rad, len(text), placed),
            text,
            ha="center",
            va="center",
            fontsize=8,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
        )
    xs = [_FLOW_LAYOUT[s][0] for s in order]
    ys = [_FLOW_LAYOUT[s][1] for s in order]
    ax.set_xlim(min(xs) - 1.4, max(xs) + 1.4)
    ax.set_ylim(min(ys) - 1.0, max(ys) + 1.0)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(_t("diagram.title", lang))
    ax.set_xlabel(_t("diagram.caption", lang), fontsize=9)
    return _finish(ax, font)


def transition_heatmap(
    transitions, *, annotate: bool = True, cmap: str = "Blues", ax=None, lang: str | None = None
) -> Axes:
    """Heatmap of a transition matrix, from-state rows by to-state columns.

    Parameters
    ----------
    transitions : DataFrame
        Probabilities in [0, 1] (index: from, columns: to), e.g. from
        :func:`crmlab.states.transition_matrix`. Rows and columns are drawn
        in the given order; any labels are allowed.
    annotate : bool, default True
        Write each probability in its cell.
    cmap : str, default "Blues"
    ax : matplotlib Axes, optional
    lang : {"en", "zh"} or None, default None
        Language of the labels; None uses the course language, crmlab.get_language().

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.images[0].get_array().shape == transitions.shape``; a colour bar is added.

    Raises
    ------
    TypeError, ValueError
        For a non-DataFrame, empty or non-numeric data, or values outside [0, 1].

    References
    ----------
    Knowing the customer (customer flow model as a Markov chain).

    Examples
    --------
    >>> P = pd.DataFrame([[0.7, 0.3], [0.2, 0.8]], index=["repeat", "churned"],
    ...                  columns=["repeat", "churned"])
    >>> ax = transition_heatmap(P)
    >>> ax.images[0].get_array().shape
    (2, 2)
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    data = _numeric_frame(transitions, "transitions")
    arr = data.to_numpy()
    if (arr < 0).any() or (arr > 1).any():
        raise ValueError(message("plots.transitions_must_hold_probabilities_in"))
    ax = _axes(ax, (1.2 + 0.9 * arr.shape[1], 1.0 + 0.75 * arr.shape[0]))
    image = ax.imshow(arr, cmap=cmap, vmin=0, vmax=1, aspect="auto")
    if annotate:
        _heat_text(ax, arr, lambda p: f"{p:.2f}", 1.0, 9)
    ax.set_xticks(
        np.arange(arr.shape[1]),
        [_name(s, lang, STATE_NAMES_ZH) for s in data.columns],
        rotation=30,
        ha="right",
    )
    ax.set_yticks(np.arange(arr.shape[0]), [_name(s, lang, STATE_NAMES_ZH) for s in data.index])
    bar = ax.figure.colorbar(image, ax=ax)
    bar.set_label(_t("heat.cbar", lang))
    ax.set_title(_t("heat.title", lang))
    ax.set_xlabel(_t("heat.x", lang))
    ax.set_ylabel(_t("heat.y", lang))
    return _finish(ax, font, bar.ax)
