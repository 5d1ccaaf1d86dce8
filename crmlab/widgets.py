"""Interactive explorers for the course notebooks, built with ipywidgets.

Each function returns an :class:`Explorer`: an ``ipywidgets.VBox`` holding
the controls, a text result and (for most) a chart. Moving a control
recomputes everything with the core functions of crmlab. The parts are
exposed as attributes, so that a test or a grader can drive an explorer
without a browser:

``explorer.controls``
    dict name -> control widget; set ``explorer.controls[name].value`` to
    move a control (the result updates at once).
``explorer.result``
    ``ipywidgets.HTML``; ``.value`` is the displayed text, with the key number
    formatted with thousands separators and 2 decimals, e.g.
    ``"CLV: 1,544.83"``. Invalid input shows a friendly message starting
    with "⚠" instead of raising.
``explorer.computed``
    dict of the numbers last computed (empty after invalid input).
``explorer.error``
    the message shown for invalid input, or None.
``explorer.chart``
    ``ipywidgets.Output`` holding the chart as a PNG image (None when the
    explorer has no chart); ``explorer.figure`` is the matplotlib Figure
    behind it. Figures are made with ``matplotlib.figure.Figure``, not
    pyplot, so nothing accumulates in pyplot's figure list.

Default values reproduce a worked example of the course, so the first
number a student sees is a known answer (e.g. CLV 1,544.83 of CRM slides).

Examples
--------
>>> w = clv_calculator()
>>> "CLV: 1,544.83" in w.result.value
True
>>> w.controls["years"].value = 6
>>> round(w.computed["clv"], 2)
1842.96
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Callable, Mapping

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from crmlab import plots
from crmlab._validation import check_fraction
from crmlab.retention import expected_lifetime_from_retention, retention_curve
from crmlab.satisfaction import (
    KANO_ANSWERS,
    KANO_CATEGORIES,
    KANO_LABELS,
    SIMPLE_INDEX,
    IndicatorTree,
    better_worse,
    kano_category,
)
from crmlab.states import (
    CUSTOMER_FLOW,
    STATES,
    _check_stochastic,
    in_state_order,
    simulate_flow,
    steady_state,
)
from crmlab.value import (
    annuity_factor,
    churn_loss,
    clv,
    expected_lifetime,
    group_churn_loss,
    group_clv,
    retention_clv,
)

__all__ = [
    "Explorer",
    "churn_loss_calculator",
    "clv_calculator",
    "flow_simulator",
    "flow_transitions",
    "kano_classifier",
    "retention_explorer",
    "satisfaction_index_explorer",
]

_STYLE = {"description_width": "initial"}


def _escape(text: str) -> str:
    """Escape text for HTML, leaving quotes readable in ``result.value``."""
    return html.escape(text, quote=False)


def _money(x: float) -> str:
    return f"{x:,.2f}"


def _slider(value, low, high, step, description, fmt=".2f") -> widgets.FloatSlider:
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=False,
        style=_STYLE,
        layout=widgets.Layout(width="420px"),
    )


def _int_slider(value, low, high, description) -> widgets.IntSlider:
    return widgets.IntSlider(
        value=value,
        min=low,
        max=high,
        description=description,
        continuous_update=False,
        style=_STYLE,
        layout=widgets.Layout(width="420px"),
    )


def _number(value, description) -> widgets.FloatText:
    return widgets.FloatText(
        value=value, description=description, style=_STYLE, layout=widgets.Layout(width="300px")
    )


class Explorer(widgets.VBox):
    """A VBox of controls, a text result and an optional chart, kept up to date.

    Parameters
    ----------
    title : str
        Heading shown above the controls.
    controls : dict of str -> ipywidgets widget
        The controls; every change of a ``value`` recomputes.
    compute : callable
        ``compute(inputs) -> (values, text_html, draw)`` where ``inputs`` maps
        control names to their current values, ``values`` is the dict of
        numbers, ``text_html`` the result text (HTML) and ``draw`` either None
        or a function that draws the chart into a given matplotlib Axes. A
        ``ValueError`` or ``TypeError`` raised by ``compute`` (e.g. from a
        crmlab validator) is shown as a friendly message.
    layout_controls : ipywidgets widget, optional
        How to arrange the controls; by default one under the other.
    chart : bool, default True
        Whether the explorer has a chart.
    figsize : tuple, default (6.4, 3.8)
        Size of the chart in inches.
    complements : tuple of (str, str) pairs, optional
        Pairs of controls kept summing to 1 (e.g. churn and retention rate):
        moving one sets the other to 1 minus it.

    Attributes
    ----------
    controls, result, computed, error, chart, figure
        See the module docstring.
    """

    def __init__(
        self,
        title: str,
        controls: Mapping[str, widgets.Widget],
        compute: Callable,
        *,
        layout_controls: widgets.Widget | None = None,
        chart: bool = True,
        figsize: tuple[float, float] = (6.4, 3.8),
        complements: tuple[tuple[str, str], ...] = (),
    ):
        self.controls = dict(controls)
        self.result = widgets.HTML()
        self.chart = widgets.Output() if chart else None
        self.figure: Figure | None = None
        self.computed: dict = {}
        self.error: str | None = None
        self._compute = compute
        self._figsize = figsize
        self._paused = False
        body = layout_controls or widgets.VBox(list(self.controls.values()))
        children = [widgets.HTML(f"<h4>{_escape(title)}</h4>"), body, self.result]
        if self.chart is not None:
            children.append(self.chart)
        super().__init__(children)
        # Registered first so that a linked control is updated before the recomputation.
        for first, second in complements:
            self.controls[first].observe(self._complement(second), names="value")
            self.controls[second].observe(self._complement(first), names="value")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    def _complement(self, other: str) -> Callable:
        def sync(change) -> None:
            target = self.controls[other]
            new = round(1.0 - change["new"], 10)
            if target.value != new:
                paused, self._paused = self._paused, True
                try:
                    target.value = new
                finally:
                    self._paused = paused

        return sync

    def _on_change(self, _change=None) -> None:
        if not self._paused:
            self.refresh()

    def refresh(self) -> None:
        """Recompute the result (and chart) from the current control values."""
        inputs = {name: control.value for name, control in self.controls.items()}
        try:
            values, text, draw = self._compute(inputs)
        except (ValueError, TypeError, ZeroDivisionError) as exc:
            self.computed = {}
            self.error = str(exc)
            self.result.value = (
                f'<div style="color:#b00020"><b>⚠ Check the inputs:</b> {_escape(self.error)}</div>'
            )
            self._show(None)
            return
        self.computed = values
        self.error = None
        self.result.value = text
        self._show(draw)

    def set_values(self, **values) -> None:
        """Set several controls at once and recompute only once."""
        unknown = [name for name in values if name not in self.controls]
        if unknown:
            raise KeyError(
                f"No control(s) {', '.join(map(repr, unknown))}; the controls are "
                f"{', '.join(map(repr, self.controls))}."
            )
        paused, self._paused = self._paused, True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._paused = paused
        self.refresh()

    def _show(self, draw) -> None:
        if self.chart is None:
            return
        if draw is None:
            self.figure = None
            self.chart.outputs = ()
            return
        figure = Figure(figsize=self._figsize, layout="constrained")
        draw(figure.add_subplot())
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=90)
        self.figure = figure
        # Set the output directly (a display_data message), which needs no
        # running kernel and leaves no figure open in pyplot.
        self.chart.outputs = (
            {
                "output_type": "display_data",
                "data": {
                    "image/png": base64.b64encode(buffer.getvalue()).decode("ascii"),
                    "text/plain": "<crmlab chart>",
                },
                "metadata": {},
            },
        )


# --------------------------------------------------------------------------- CLV


def clv_calculator(
    margin: float = 500.0,
    churn_rate: float = 0.2,
    rate: float = 0.09,
    years: int = 5,
    acquisition_cost: float = 400.0,
) -> Explorer:
    """CLV calculator: individual, group (Dwyer) and retention lifetime value.

    Shows, for a yearly margin m = Q - C:

    - the individual CLV V = -C_0 + m a(T, i) over ``years`` T, computed with
      :func:`crmlab.value.clv` (CRM slides, four steps);
    - the group CLV by the Dwyer method, m a(1/r_L, i), with T = 1 / churn
      rate (:func:`crmlab.value.group_clv`);
    - the infinite-horizon retention CLV m r / (1 + i - r) with r = 1 - r_L
      (:func:`crmlab.value.retention_clv`);

    and a chart of the yearly contributions and the cumulative CLV. The
    churn and retention sliders are linked (retention = 1 - churn).

    Parameters
    ----------
    margin, churn_rate, rate, years, acquisition_cost
        Starting values. The defaults are the example of the CRM slides (T = 5,
        i = 9%, Q = 500, C_0 = 400: CLV 1,544.83) with a churn rate of 0.2,
        so the Dwyer lifetime 1 / 0.2 is also 5 years.

    Returns
    -------
    Explorer
        Controls ``"margin"``, ``"churn_rate"``, ``"retention_rate"``,
        ``"rate"``, ``"years"``, ``"acquisition_cost"``. ``computed`` keys:
        ``"clv"``, ``"annuity_factor"``, ``"group_clv"``,
        ``"expected_lifetime"``, ``"retention_clv"``. The text starts with
        ``"CLV: 1,544.83"``.

    References
    ----------
    CRM slides (individual CLV, Dwyer group CLV); unit 01 of the course.

    Examples
    --------
    >>> w = clv_calculator()
    >>> round(w.computed["group_clv"], 2)
    1944.83
    >>> w.controls["retention_rate"].value = 0.75
    >>> w.controls["churn_rate"].value
    0.25
    """
    controls = {
        "margin": _number(margin, "Yearly margin Q − C (yuan)"),
        "churn_rate": _slider(churn_rate, 0.01, 1.0, 0.01, "Churn rate r_L (per year)"),
        "retention_rate": _slider(
            round(1.0 - churn_rate, 10), 0.0, 0.99, 0.01, "Retention rate r = 1 − r_L"
        ),
        "rate": _slider(rate, 0.0, 0.3, 0.005, "Discount rate i", fmt=".3f"),
        "years": _int_slider(years, 1, 30, "Horizon T (years)"),
        "acquisition_cost": _number(acquisition_cost, "Acquisition cost C₀ (yuan)"),
    }

    def compute(x):
        m, i, T, c0 = x["margin"], x["rate"], x["years"], x["acquisition_cost"]
        contributions = [m] * T
        individual = clv(contributions, i, acquisition_cost=c0)
        factor = annuity_factor(T, i)
        lifetime = expected_lifetime(x["churn_rate"])
        group = group_clv(m, x["churn_rate"], i)
        kept = retention_clv(m, x["retention_rate"], i)
        values = {
            "clv": individual,
            "annuity_factor": factor,
            "group_clv": group,
            "expected_lifetime": lifetime,
            "retention_clv": kept,
        }
        text = (
            f"<p><b>CLV: {_money(individual)}</b> (one customer, T = {T} years, "
            f"i = {i:.1%})<br>"
            f"= −{_money(c0)} + {_money(m)} × a({T}, {i:.1%}) = −{_money(c0)} + "
            f"{_money(m)} × {factor:.6f}</p>"
            f"<p><b>Group CLV (Dwyer): {_money(group)}</b> per customer, with "
            f"T = 1 / r_L = 1 / {x['churn_rate']:.2f} = {lifetime:.2f} years (no acquisition "
            f"cost)</p>"
            f"<p><b>Retention CLV: {_money(kept)}</b> over an infinite horizon, "
            f"m·r / (1 + i − r) with r = {x['retention_rate']:.2f}</p>"
        )
        return values, text, lambda ax: plots.clv_by_year(contributions, i, c0, ax=ax)

    return Explorer(
        "Customer lifetime value (客户终生价值)",
        controls,
        compute,
        complements=(("churn_rate", "retention_rate"),),
    )


def churn_loss_calculator(
    n_customers: int = 10_000,
    churn_rate: float = 0.15,
    lifetime_value: float = 1544.83,
    invested_cost: float = 400.0,
    realized_value: float = 500.0,
) -> Explorer:
    """Churn loss calculator: what a churn rate costs the firm.

    Group loss V_ql = N x r_l x V_k (:func:`crmlab.value.group_churn_loss`)
    and the loss from one churned customer V_l = C_t + (V_k - V_t)
    (:func:`crmlab.value.churn_loss`), both from CRM slides.

    Parameters
    ----------
    n_customers, churn_rate, lifetime_value, invested_cost, realized_value
        Starting values; the defaults are the course example N = 10,000,
        r_l = 0.15, V_k = 1,544.83 (loss 2,317,245.00) and, for one
        customer, C_t = 400 and V_t = 500 (loss 1,444.83).

    Returns
    -------
    Explorer
        Controls ``"n_customers"``, ``"churn_rate"``, ``"lifetime_value"``,
        ``"invested_cost"``, ``"realized_value"``; ``computed`` keys ``"loss"``,
        ``"churned_customers"``, ``"customer_loss"``. No chart. The text
        starts with ``"Group churn loss: 2,317,245.00"``.

    References
    ----------
    CRM slides (客户流失损失).

    Examples
    --------
    >>> w = churn_loss_calculator()
    >>> "Group churn loss: 2,317,245.00" in w.result.value
    True
    """
    controls = {
        "n_customers": widgets.IntText(
            value=n_customers,
            description="Customers N",
            style=_STYLE,
            layout=widgets.Layout(width="300px"),
        ),
        "churn_rate": _slider(churn_rate, 0.0, 1.0, 0.01, "Churn rate r_l"),
        "lifetime_value": _number(lifetime_value, "Lifetime value V_k (yuan)"),
        "invested_cost": _number(invested_cost, "One customer: cost invested C_t"),
        "realized_value": _number(realized_value, "One customer: value realized V_t"),
    }

    def compute(x):
        loss = group_churn_loss(x["n_customers"], x["churn_rate"], x["lifetime_value"])
        churned = x["n_customers"] * x["churn_rate"]
        one = churn_loss(x["invested_cost"], x["lifetime_value"], x["realized_value"])
        values = {"loss": loss, "churned_customers": churned, "customer_loss": one}
        text = (
            f"<p><b>Group churn loss: {_money(loss)}</b> yuan<br>"
            f"= N × r_l × V_k = {x['n_customers']:,} × {x['churn_rate']:.2f} × "
            f"{_money(x['lifetime_value'])}: {churned:,.0f} customers lost</p>"
            f"<p><b>Loss from one churned customer: {_money(one)}</b> yuan<br>"
            f"= C_t + (V_k − V_t) = {_money(x['invested_cost'])} + "
            f"({_money(x['lifetime_value'])} − {_money(x['realized_value'])})</p>"
        )
        return values, text, None

    return Explorer("Loss from customer churn (客户流失损失)", controls, compute, chart=False)


# --------------------------------------------------------------------------- states

# Slider name -> (the cells it sets, label). Staying probabilities (the
# diagonal) absorb the change so that every row still sums to 1.
_FLOW_SLIDERS = {
    "develop": (
        [("potential", "first-time"), ("target", "first-time")],
        "Develop: potential/target → first-time",
    ),
    "repeat": ([("first-time", "repeat")], "First-time → repeat"),
    "loyal": ([("repeat", "loyal")], "Repeat → loyal"),
    "churn_first_time": ([("first-time", "churned")], "Churn of first-time buyers"),
    "churn_repeat": ([("repeat", "churned")], "Churn of repeat buyers"),
    "churn_loyal": ([("loyal", "churned")], "Churn of loyal customers"),
    "win_back": ([("churned", "repeat")], "Win back: churned → repeat"),
    "lost_forever": ([("churned", "non-customer")], "Lost forever: churned → non-customer"),
}

_DEFAULT_START = {"potential": 600, "target": 200, "first-time": 100, "repeat": 60, "loyal": 40}


def _present_cells(name: str, labels) -> list[tuple[str, str]]:
    """The cells of slider ``name`` that exist in a chain over ``labels``."""
    return [(a, b) for a, b in _FLOW_SLIDERS[name][0] if a in labels and b in labels]


def _missing_states(name: str, labels) -> list[str]:
    cells = _FLOW_SLIDERS[name][0]
    return list(dict.fromkeys(s for cell in cells for s in cell if s not in labels))


def flow_transitions(base: pd.DataFrame, **probabilities: float) -> pd.DataFrame:
    """The transition matrix of :func:`flow_simulator` for given slider values.

    Each named probability (keys of the simulator's sliders: develop, repeat,
    loyal, churn_first_time, churn_repeat, churn_loyal, win_back,
    lost_forever) replaces its cell(s) of ``base``; the probability of
    staying in the state then takes up the difference so each row sums to 1.

    ``base`` may hold only some of the states, e.g. the five states of a
    matrix estimated from a transaction log (potential, first-time, repeat,
    loyal, churned: nobody is "target" or "non-customer" in a log). A
    probability whose cells are all missing (``lost_forever`` without a
    "non-customer" state) can only be 0; ``develop`` sets whichever of
    potential -> first-time and target -> first-time exist.

    Parameters
    ----------
    base : DataFrame
        A square transition matrix over states of STATES (the full
        STATES x STATES matrix, or a subset), rows summing to 1.
    **probabilities : float
        Fractions in [0, 1].

    Returns
    -------
    DataFrame
        The new matrix (``base`` is not modified).

    Raises
    ------
    ValueError
        If a probability is outside [0, 1], is non-zero for a move between
        states that ``base`` lacks, or the moves out of a state add up to
        more than 1.

    Examples
    --------
    >>> P = flow_transitions(CUSTOMER_FLOW, churn_loyal=0.2)
    >>> float(P.loc["loyal", "loyal"])
    0.75

    A chain without "target" and "non-customer":

    >>> five = ["potential", "first-time", "repeat", "loyal", "churned"]
    >>> small = CUSTOMER_FLOW.loc[five, five].copy()
    >>> small.loc["potential", "potential"] = 0.94   # what went to target/non-customer
    >>> small.loc["churned", "churned"] = 0.85
    >>> P = flow_transitions(small, develop=0.1, lost_forever=0.0)
    >>> float(P.loc["potential", "first-time"]), float(P.loc["potential", "potential"])
    (0.1, 0.9)
    """
    matrix = base.astype(float)
    labels = set(matrix.index) & set(matrix.columns)
    for name, p in probabilities.items():
        if name not in _FLOW_SLIDERS:
            raise ValueError(
                f"Unknown probability {name!r}; use one of {', '.join(_FLOW_SLIDERS)}."
            )
        check_fraction(p, name)
        cells = _present_cells(name, labels)
        if not cells and p != 0:
            missing = " or ".join(map(repr, _missing_states(name, labels)))
            moves = ", ".join(f"{a} → {b}" for a, b in _FLOW_SLIDERS[name][0])
            raise ValueError(
                f"{name} must be 0 for this matrix, which has no state {missing}: the move "
                f"it sets ({moves}) does not exist."
            )
        for source, target in cells:
            matrix.loc[source, target] = p
    for state in matrix.index:
        leaving = float(matrix.loc[state].drop(state).sum())
        if leaving > 1 + 1e-9:
            raise ValueError(
                f"The probabilities of leaving '{state}' add up to {leaving:.2f}, more than 1. "
                "Lower one of them."
            )
        matrix.loc[state, state] = max(0.0, 1.0 - leaving)
    return matrix


def flow_simulator(initial_counts=None, transitions=None, periods: int = 8) -> Explorer:
    """Customer-flow simulator: move customers between states period by period.

    The chain is :data:`crmlab.states.CUSTOMER_FLOW` (Knowing the customer customer flow
    model) unless ``transitions`` is given; eight sliders set its key
    probabilities (develop, first-time -> repeat, repeat -> loyal, the three
    churn rates, win back, lost forever) and the probability of staying
    absorbs the change. The result shows the counts after the last period
    (the loyal count first), the table from
    :func:`crmlab.states.simulate_flow`, the long-run shares from
    :func:`crmlab.states.steady_state`, and a stacked area chart.

    ``transitions`` may cover only some of the seven states, e.g. the
    five-state matrix that :func:`crmlab.states.transition_matrix` estimates
    from a transaction log (potential, first-time, repeat, loyal, churned).
    The chain then runs on those states only; a slider whose move does not
    exist (lost forever, without a "non-customer" state) is hidden and
    disabled at 0, and a note under the sliders says so.

    Parameters
    ----------
    initial_counts : mapping or Series, optional
        Customers per state at period 0, for states of the chain; states the
        chain lacks may be listed with 0 customers (as
        :func:`crmlab.states.count_states` does) and are dropped. Default
        600 potential, 200 target, 100 first-time, 60 repeat, 40 loyal
        (those of the chain's states).
    transitions : DataFrame, optional
        A square transition matrix over states of STATES (all seven or a
        subset), rows summing to 1, to start from.
    periods : int, default 8

    Returns
    -------
    Explorer
        Controls ``"develop"``, ``"repeat"``, ``"loyal"``,
        ``"churn_first_time"``, ``"churn_repeat"``, ``"churn_loyal"``,
        ``"win_back"``, ``"lost_forever"`` (probabilities; those whose move
        the chain lacks are disabled) and ``"periods"``; ``computed`` keys
        ``"transitions"`` (DataFrame), ``"flow"`` (DataFrame, one column per
        state of the chain), ``"final"`` (Series of counts after the last
        period), ``"steady_state"`` (Series, or None when the chain has none).

    Raises
    ------
    ValueError
        If ``transitions`` has labels outside STATES, is not square (the same
        states as rows and columns) or has rows that do not sum to 1.

    References
    ----------
    Knowing the customer (customer states and the customer flow model).

    Examples
    --------
    >>> w = flow_simulator()
    >>> w.computed["flow"].shape
    (9, 7)
    >>> w.controls["churn_loyal"].value = 0.5
    >>> float(w.computed["transitions"].loc["loyal", "loyal"])
    0.45
    """
    base = CUSTOMER_FLOW if transitions is None else transitions
    in_state_order(list(base.index) + list(base.columns), "transitions")
    present, _ = _check_stochastic(base)
    labels = [state for state in STATES if state in present]
    base = base.reindex(index=labels, columns=labels).astype(float)
    if initial_counts is None:
        start = {state: n for state, n in _DEFAULT_START.items() if state in labels}
    else:
        start = {
            state: n
            for state, n in dict(initial_counts).items()
            if not (state in STATES and state not in labels and n == 0)
        }
    controls = {}
    unavailable = []
    for name, (_, label) in _FLOW_SLIDERS.items():
        cells = _present_cells(name, labels)
        slider = _slider(float(base.loc[cells[0]]) if cells else 0.0, 0.0, 1.0, 0.01, label)
        if not cells:
            slider.disabled = True
            slider.layout.display = "none"
            missing = " and ".join(f"'{s}'" for s in _missing_states(name, labels))
            unavailable.append(f"{_escape(label)} (no {_escape(missing)} state)")
        controls[name] = slider
    controls["periods"] = _int_slider(periods, 1, 40, "Periods")

    def compute(x):
        probabilities = {name: x[name] for name in _FLOW_SLIDERS}
        matrix = flow_transitions(base, **probabilities)
        flow = simulate_flow(start, matrix, x["periods"])
        final = flow.iloc[-1]
        total = float(final.sum())
        try:
            long_run = steady_state(matrix)
            steady_text = ", ".join(f"{s} {share:.1%}" for s, share in long_run.items())
        except ValueError as exc:
            long_run = None
            steady_text = _escape(str(exc))
        values = {
            "transitions": matrix,
            "flow": flow,
            "final": final,
            "steady_state": long_run,
        }
        if "loyal" in final.index:
            shares = f" ({final['loyal'] / total:.1%} of all)" if total > 0 else ""
            headline = (
                f"Loyal customers after {x['periods']} periods: "
                f"{_money(float(final['loyal']))}</b>{shares}"
            )
        else:
            headline = f"Customers after {x['periods']} periods: {_money(total)}</b>"
        text = (
            f"<p><b>{headline}</p>"
            f"<p>Long run (steady state): {steady_text}</p>"
            f"{flow.round(1).to_html(max_rows=12, border=0)}"
        )
        return values, text, lambda ax: plots.state_counts(flow, ax=ax)

    sliders = [controls[name] for name in _FLOW_SLIDERS]
    rows = [
        widgets.HBox([widgets.VBox(sliders[:4]), widgets.VBox(sliders[4:])]),
        controls["periods"],
    ]
    if unavailable:
        rows.append(
            widgets.HTML(
                "<i>Not in this chain, so not adjustable: " + "; ".join(unavailable) + ".</i>"
            )
        )
    return Explorer(
        "Customer flow simulator (客户流转模式)",
        controls,
        compute,
        layout_controls=widgets.VBox(rows),
        figsize=(7.5, 3.8),
    )


# --------------------------------------------------------------------------- satisfaction


def satisfaction_index_explorer(scores=None, weights=None) -> Explorer:
    """Weighted satisfaction index (CRM and satisfaction) of one respondent.

    Sliders set the five second-level weights (X21..X25) and the respondent's
    answers to the 14 leaves (0-100). The leaf weights inside each indicator
    are those of :data:`crmlab.satisfaction.SIMPLE_INDEX`. When the five
    weights do not sum to 1 the result asks to fix them, unless the
    "renormalize" box is ticked, which divides them by their sum.

    Parameters
    ----------
    scores : mapping, optional
        Starting answer per leaf id (X311 ... X352); default 80 for every
        leaf, so that Y = 80 (the check in CRM and satisfaction).
    weights : mapping, optional
        Starting second-level weights; default the weights of the weighted satisfaction index
        (0.30, 0.30, 0.10, 0.15, 0.15).

    Returns
    -------
    Explorer
        Controls ``"w_X21"`` ... ``"w_X25"`` (weights), ``"normalize"``
        (checkbox) and one per leaf, ``"X311"`` ... ``"X352"``. ``computed``
        keys ``"index"``, ``"weights"`` (dict actually used),
        ``"second_level"`` (Series), ``"weakest"`` (indicator id with the
        lowest score, None when all five score the same). The text
        starts with ``"Satisfaction index Y: 80.00"``.

    References
    ----------
    CRM and satisfaction ("simple measurement method": the three-level indicator tree).

    Examples
    --------
    >>> w = satisfaction_index_explorer()
    >>> w.computed["index"]
    80.0
    >>> w.controls["w_X21"].value = 0.5
    >>> w.computed
    {}
    """
    groups = SIMPLE_INDEX.second_level_ids
    names = SIMPLE_INDEX.labels
    weights = dict(weights or {g: SIMPLE_INDEX[g].weight for g in groups})
    scores = dict(scores or {})
    controls: dict[str, widgets.Widget] = {}
    columns = []
    for group in groups:
        weight = widgets.FloatSlider(
            value=weights[group],
            min=0.0,
            max=1.0,
            step=0.05,
            description="weight",
            readout_format=".2f",
            continuous_update=False,
            layout=widgets.Layout(width="190px"),
        )
        controls[f"w_{group}"] = weight
        column = [
            widgets.HTML(f"<b>{group}</b> {_escape(names[group].en)}"),
            weight,
        ]
        for child in SIMPLE_INDEX[group].children:
            leaf = widgets.IntSlider(
                value=int(scores.get(child.id, 80)),
                min=0,
                max=100,
                description=child.id,
                continuous_update=False,
                layout=widgets.Layout(width="190px"),
                style={"description_width": "40px"},
            )
            leaf.tooltip = f"{names[child.id].en} ({child.weight:g})"
            controls[child.id] = leaf
            column.append(leaf)
        columns.append(widgets.VBox(column))
    controls["normalize"] = widgets.Checkbox(
        value=False, description="renormalize the weights to sum to 1", indent=False
    )

    def compute(x):
        raw = {g: float(x[f"w_{g}"]) for g in groups}
        total = sum(raw.values())
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            if not x["normalize"]:
                raise ValueError(
                    f"The five weights add up to {total:.2f}, not 1. Adjust them, or tick "
                    "'renormalize' to divide each by their sum."
                )
            if total <= 0:
                raise ValueError("At least one weight must be positive.")
            raw = {g: w / total for g, w in raw.items()}
        tree = IndicatorTree(
            {g: (raw[g], {c.id: c.weight for c in SIMPLE_INDEX[g].children}) for g in groups},
            labels={key: (term.en, term.zh) for key, term in names.items() if key != "Y"},
        )
        answers = {leaf: x[leaf] for leaf in SIMPLE_INDEX.leaf_ids}
        index = tree.score(answers)
        second = tree.second_level_scores(answers)
        tied = bool(np.isclose(second.min(), second.max()))
        weakest = None if tied else str(second.idxmin())
        values = {"index": index, "weights": raw, "second_level": second, "weakest": weakest}
        formula = " + ".join(f"{raw[g]:.2f}×{second[g]:.1f}" for g in groups)
        if weakest is None:
            verdict = f"All five indicators score {second.iloc[0]:.1f}: none is weakest."
        else:
            verdict = (
                f"Weakest indicator: <b>{weakest} {_escape(names[weakest].en)}</b> "
                f"(score {second[weakest]:.1f})"
            )
        text = f"<p><b>Satisfaction index Y: {_money(index)}</b><br>= {formula}</p><p>{verdict}</p>"
        return values, text, lambda ax: plots.satisfaction_breakdown(second, raw, ax=ax)

    layout = widgets.VBox([widgets.HBox(columns), controls["normalize"]])
    return Explorer(
        "Weighted satisfaction index (顾客满意度指数)",
        controls,
        compute,
        layout_controls=layout,
        figsize=(7, 4),
    )


def kano_classifier(
    functional: str = "like",
    dysfunctional: str = "dislike",
    counts: Mapping[str, int] | None = None,
) -> Explorer:
    """Kano classifier: the category of an answer pair, plus Better/Worse from counts.

    Two dropdowns take the answers to the functional ("How do you feel if
    the feature is present?") and dysfunctional ("... if it is absent?")
    questions; the category comes from :func:`crmlab.satisfaction.kano_category`
    with its meaning. Six counts (A, O, M, I, R, Q) give Better and Worse by
    :func:`crmlab.satisfaction.better_worse`; when they are undefined
    (A + O + M + I = 0) the text says so and the category is still shown.

    Parameters
    ----------
    functional, dysfunctional : str
        Starting answers, among "like", "must-be", "neutral", "live-with",
        "dislike". Default like/dislike: one-dimensional (O).
    counts : mapping, optional
        Starting counts per category; default A 30, O 20, M 40, I 10, R 0,
        Q 0 (Better 0.50, Worse -0.60).

    Returns
    -------
    Explorer
        Controls ``"functional"``, ``"dysfunctional"``, ``"A"``, ``"O"``,
        ``"M"``, ``"I"``, ``"R"``, ``"Q"``; ``computed`` keys ``"category"``,
        ``"better"`` and ``"worse"`` (None when undefined). No chart. The text
        starts with ``"Category: O"``.

    References
    ----------
    CRM slides (Kano model); Berger et al. (1993).

    Examples
    --------
    >>> w = kano_classifier()
    >>> w.set_values(functional="like", dysfunctional="neutral")
    >>> w.computed["category"]
    'A'
    """
    counts = dict({"A": 30, "O": 20, "M": 40, "I": 10} if counts is None else counts)
    controls: dict[str, widgets.Widget] = {
        "functional": widgets.Dropdown(
            options=list(KANO_ANSWERS),
            value=functional,
            description="If the feature is present:",
            style=_STYLE,
        ),
        "dysfunctional": widgets.Dropdown(
            options=list(KANO_ANSWERS),
            value=dysfunctional,
            description="If the feature is absent:",
            style=_STYLE,
        ),
    }
    for category in KANO_CATEGORIES:
        controls[category] = widgets.BoundedIntText(
            value=int(counts.get(category, 0)),
            min=0,
            max=10**9,
            description=category,
            layout=widgets.Layout(width="140px"),
            style={"description_width": "20px"},
        )

    def compute(x):
        category = kano_category(x["functional"], x["dysfunctional"])
        term = KANO_LABELS[category]
        text = (
            f"<p><b>Category: {category}</b> = {_escape(term.en)} ({term.zh}): "
            f"{_escape(term.description)}.</p>"
        )
        values = {"category": category, "better": None, "worse": None}
        try:
            coefficients = better_worse({c: x[c] for c in KANO_CATEGORIES})
        except ValueError as exc:
            text += f"<p>Better/Worse: {_escape(str(exc))}</p>"
        else:
            values["better"], values["worse"] = coefficients.better, coefficients.worse
            text += (
                f"<p><b>Better = {coefficients.better:.2f}</b>, "
                f"<b>Worse = {coefficients.worse:.2f}</b> "
                "(Better = (A+O)/(A+O+M+I), Worse = −(O+M)/(A+O+M+I))</p>"
            )
        return values, text, None

    layout = widgets.VBox(
        [
            controls["functional"],
            controls["dysfunctional"],
            widgets.HTML("Answers per category, for Better and Worse:"),
            widgets.HBox([controls[c] for c in KANO_CATEGORIES]),
        ]
    )
    return Explorer(
        "Kano classifier (卡诺模型)", controls, compute, layout_controls=layout, chart=False
    )


# --------------------------------------------------------------------------- retention


def retention_explorer(
    retention: float = 0.8,
    periods: int = 10,
    margin: float = 100.0,
    rate: float = 0.1,
    compare: bool = True,
) -> Explorer:
    """Retention explorer: retention curve, expected lifetime and retention CLV.

    For a retention rate r: the share still active r^t
    (:func:`crmlab.retention.retention_curve`), the expected lifetime
    1 / (1 - r) (:func:`crmlab.retention.expected_lifetime_from_retention`)
    and the CLV m r / (1 + i - r) (:func:`crmlab.value.retention_clv`).
    With "compare" ticked, the same at r + 5 points and the CLV gain.

    Parameters
    ----------
    retention, periods, margin, rate, compare
        Starting values; the defaults are the course example m = 100,
        r = 0.8, i = 0.1 (lifetime 5 periods, CLV 266.67; at r = 0.85: 340.00).

    Returns
    -------
    Explorer
        Controls ``"retention"``, ``"periods"``, ``"margin"``, ``"rate"``,
        ``"compare"``; ``computed`` keys ``"retention"``, ``"curve"`` (Series),
        ``"expected_lifetime"``, ``"retention_clv"`` and, when comparing,
        ``"compare_retention"``, ``"compare_lifetime"``, ``"compare_clv"``,
        ``"clv_gain"``. The text starts with ``"Expected lifetime: 5.00 periods"``.

    References
    ----------
    Keeping relationships (retention rate); unit 06 of the course.

    Examples
    --------
    >>> w = retention_explorer()
    >>> round(w.computed["clv_gain"], 2)
    73.33
    """
    controls = {
        "retention": _slider(retention, 0.0, 0.99, 0.01, "Retention rate r (per period)"),
        "periods": _int_slider(periods, 1, 40, "Periods"),
        "margin": _number(margin, "Margin per period m (yuan)"),
        "rate": _slider(rate, 0.0, 0.3, 0.005, "Discount rate i", fmt=".3f"),
        "compare": widgets.Checkbox(
            value=compare, description="compare with r + 5 points", indent=False
        ),
    }

    def compute(x):
        r, n, m, i = x["retention"], x["periods"], x["margin"], x["rate"]
        curve = retention_curve(r, n)
        lifetime = expected_lifetime_from_retention(r)
        value = retention_clv(m, r, i)
        values = {
            "retention": r,
            "curve": curve,
            "expected_lifetime": lifetime,
            "retention_clv": value,
        }
        text = (
            f"<p><b>Expected lifetime: {lifetime:.2f} periods</b> = 1 / (1 − {r:.2f}); "
            f"after {n} periods {float(curve.iloc[-1]):.1%} of the customers remain.</p>"
            f"<p><b>Retention CLV: {_money(value)}</b> = m·r / (1 + i − r)</p>"
        )
        rates = [r]
        if x["compare"]:
            better = round(r + 0.05, 10)
            if better >= 1:
                text += "<p>No comparison: r + 5 points would reach 100% (nobody leaves).</p>"
            else:
                rates.append(better)
                life2 = expected_lifetime_from_retention(better)
                value2 = retention_clv(m, better, i)
                gain = value2 - value
                values.update(
                    compare_retention=better,
                    compare_lifetime=life2,
                    compare_clv=value2,
                    clv_gain=gain,
                )
                relative = f", {gain / value:+.1%}" if value else ""
                text += (
                    f"<p>At r = {better:.2f}: lifetime {life2:.2f} periods, CLV "
                    f"{_money(value2)} (<b>gain {_money(gain)}</b>{relative}).</p>"
                )
        return values, text, lambda ax: plots.retention_curves(rates, n, ax=ax)

    return Explorer("Customer retention (客户保持)", controls, compute)
