"""Explorer of unit 02: the customer-flow simulator, and the transition matrix it edits."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from crmlab import plots
from crmlab._validation import check_fraction
from crmlab.i18n import get_language, message
from crmlab.states import (
    CUSTOMER_FLOW,
    STATE_NAMES_ZH,
    STATES,
    in_state_order,
    simulate_flow,
    steady_state,
)
from crmlab.states.flow import check_transition_matrix
from crmlab.widgets._explorer import Explorer, _escape, _int_slider, _money, _slider

# --------------------------------------------------------------------------- states

# Slider name -> the cells it sets; its label is the catalog's widgets.flow.<name>.
# Staying probabilities (the diagonal) absorb the change so that every row
# still sums to 1.
_FLOW_SLIDERS = {
    "develop": [("potential", "first-time"), ("target", "first-time")],
    "repeat": [("first-time", "repeat")],
    "loyal": [("repeat", "loyal")],
    "churn_first_time": [("first-time", "churned")],
    "churn_repeat": [("repeat", "churned")],
    "churn_loyal": [("loyal", "churned")],
    "win_back": [("churned", "repeat")],
    "lost_forever": [("churned", "non-customer")],
}

_DEFAULT_START = {"potential": 600, "target": 200, "first-time": 100, "repeat": 60, "loyal": 40}


def _present_cells(name: str, labels) -> list[tuple[str, str]]:
    """The cells of slider ``name`` that exist in a chain over ``labels``."""
    return [(a, b) for a, b in _FLOW_SLIDERS[name] if a in labels and b in labels]


def _state_name(state: str) -> str:
    """A state label as shown: the label itself, or its Chinese name in Chinese."""
    return STATE_NAMES_ZH.get(state, state) if get_language() == "zh" else state


def _missing_states(name: str, labels) -> list[str]:
    cells = _FLOW_SLIDERS[name]
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
                message(
                    "widgets.unknown_probability_name_use_one",
                    name=name,
                    allowed=", ".join(_FLOW_SLIDERS),
                )
            )
        check_fraction(p, name)
        cells = _present_cells(name, labels)
        if not cells and p != 0:
            missing = message("widgets.flow.or").join(map(repr, _missing_states(name, labels)))
            moves = message("widgets.flow.separator").join(
                f"{a} → {b}" for a, b in _FLOW_SLIDERS[name]
            )
            raise ValueError(
                message("widgets.name_must_be_for_this", name=name, missing=missing, moves=moves)
            )
        for source, target in cells:
            matrix.loc[source, target] = p
    for state in matrix.index:
        leaving = float(matrix.loc[state].drop(state).sum())
        if leaving > 1 + 1e-9:
            raise ValueError(
                message("widgets.the_probabilities_of_leaving_state", state=state, leaving=leaving)
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
    present, _ = check_transition_matrix(base)
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
    for name in _FLOW_SLIDERS:
        label = message(f"widgets.flow.{name}")
        cells = _present_cells(name, labels)
        slider = _slider(float(base.loc[cells[0]]) if cells else 0.0, 0.0, 1.0, 0.01, label)
        if not cells:
            slider.disabled = True
            slider.layout.display = "none"
            missing = message("widgets.flow.and").join(
                message("widgets.flow.quoted_state", state=_state_name(s))
                for s in _missing_states(name, labels)
            )
            unavailable.append(
                message(
                    "widgets.flow.unavailable_one", label=_escape(label), missing=_escape(missing)
                )
            )
        controls[name] = slider
    controls["periods"] = _int_slider(periods, 1, 40, message("widgets.periods"))

    def compute(x):
        probabilities = {name: x[name] for name in _FLOW_SLIDERS}
        matrix = flow_transitions(base, **probabilities)
        flow = simulate_flow(start, matrix, x["periods"])
        final = flow.iloc[-1]
        total = float(final.sum())
        try:
            long_run = steady_state(matrix)
            steady_text = message("widgets.flow.separator").join(
                message("widgets.flow.state_share", state=_state_name(s), share=share)
                for s, share in long_run.items()
            )
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
            shares = (
                message("widgets.flow.share_of_all", share=final["loyal"] / total)
                if total > 0
                else ""
            )
            headline = message(
                "widgets.flow.loyal_after",
                periods=x["periods"],
                count=_money(float(final["loyal"])),
                shares=shares,
            )
        else:
            headline = message(
                "widgets.flow.customers_after", periods=x["periods"], count=_money(total)
            )
        table = (
            flow.round(1)
            .rename(columns=_state_name)
            .rename_axis(
                index=message("widgets.flow.period_axis"),
                columns=message("widgets.flow.state_axis"),
            )
        )
        text = message(
            "widgets.flow.result",
            headline=headline,
            steady=steady_text,
            table=table.to_html(max_rows=12, border=0),
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
                message(
                    "widgets.flow.unavailable",
                    items=message("states.detail_separator").join(unavailable),
                )
            )
        )
    return Explorer(
        message("widgets.flow.title"),
        controls,
        compute,
        layout_controls=widgets.VBox(rows),
        figsize=(7.5, 3.8),
    )
