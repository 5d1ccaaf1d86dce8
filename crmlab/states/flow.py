"""The customer-flow model as a Markov chain (客户流转模式, Knowing the customer):
estimating the transition matrix, simulating the flow, the steady state.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmlab._validation import (
    check_finite,
    check_int,
    check_labels,
    check_nonnegative,
    check_same_length,
)
from crmlab.i18n import message
from crmlab.states.classify import STATES

# Rows are "from", columns "to", one period (say a year) apart. The moves follow
# the arrows of the customer-flow diagram of Knowing the customer; the numbers are
# illustrative, except that the 6% (potential/target -> first-time) and 15%
# (first-time -> repeat) echo SALES_SUCCESS_RATES. Non-customers drift back to
# potential at 5% a year, which keeps the chain regular (every state reachable,
# so it has a steady state that is not "everyone is lost").
_FLOW = {
    "potential": {"potential": 0.80, "target": 0.10, "first-time": 0.06, "non-customer": 0.04},
    "target": {"potential": 0.04, "target": 0.86, "first-time": 0.06, "non-customer": 0.04},
    "first-time": {"first-time": 0.50, "repeat": 0.15, "churned": 0.35},
    "repeat": {"repeat": 0.45, "loyal": 0.30, "churned": 0.25},
    "loyal": {"repeat": 0.05, "loyal": 0.85, "churned": 0.10},
    "churned": {"repeat": 0.10, "loyal": 0.05, "churned": 0.50, "non-customer": 0.35},
    "non-customer": {"potential": 0.05, "non-customer": 0.95},
}

#: An illustrative yearly transition matrix of the customer-flow model of Knowing the customer
#: (rows: from-state, columns: to-state, both in STATES order). The numbers are
#: made up for teaching; copy it (``CUSTOMER_FLOW.copy()``) before editing.
CUSTOMER_FLOW = (
    pd.DataFrame(_FLOW)
    .T.reindex(index=list(STATES), columns=list(STATES))
    .fillna(0.0)
    .rename_axis(index="from", columns="to")
)


# ---------------------------------------------------------------------------
# the customer-flow Markov chain
# ---------------------------------------------------------------------------


def _state_labels(values, name: str):
    if isinstance(values, str | bytes) or np.ndim(values) != 1:
        raise TypeError(
            message("states.name_must_be_a_series", name=name, type=type(values).__name__)
        )
    check_labels(values, STATES, name)
    return values


def transition_matrix(before, after):
    """Estimate the transition matrix between customer states at two dates (客户流转).

    P[s, u] = (customers in state s before and in state u after) /
    (customers in state s before).

    Two Series are aligned on their index (customer_id); customers present
    in only one of them are left out (pass the same ``customers`` to both
    :func:`classify_states` calls to keep customers who were "potential" at
    the first date). Two lists/arrays are paired by position.

    Rows (from-states) are the states that have customers in ``before``;
    states nobody starts from are omitted, since their row would be 0/0.
    Columns (to-states) are the states present in ``before`` or ``after``.
    Both follow the order of :data:`STATES`. When every from-state also
    occurs as a to-state, the matrix is square and can be passed to
    :func:`simulate_flow` and :func:`steady_state`.

    Parameters
    ----------
    before, after : Series or list-like
        State labels (from :data:`STATES`) of the same customers at an
        earlier and a later date.

    Returns
    -------
    DataFrame
        Row-normalized (each row sums to 1); index named ``from``, columns
        named ``to``.

    Raises
    ------
    ValueError
        For unknown or missing labels, duplicated customer ids, lists of
        different lengths, or no customer in common.
    TypeError
        For a Series mixed with a list, or a non-list-like argument.

    References
    ----------
    Knowing the customer (客户流转模式, the customer-flow model).

    Examples
    --------
    >>> before = pd.Series(["first-time", "first-time", "repeat", "repeat"], index=[1, 2, 3, 4])
    >>> after = pd.Series(["repeat", "churned", "loyal", "repeat"], index=[1, 2, 3, 4])
    >>> transition_matrix(before, after)
    to          first-time  repeat  loyal  churned
    from
    first-time         0.0     0.5    0.0      0.5
    repeat             0.0     0.5    0.5      0.0
    """
    _state_labels(before, "before")
    _state_labels(after, "after")
    if isinstance(before, pd.Series) and isinstance(after, pd.Series):
        for name, series in (("before", before), ("after", after)):
            if series.index.has_duplicates:
                dup = series.index[series.index.duplicated()].tolist()[0]
                raise ValueError(message("states.name_lists_customer_dup_more", name=name, dup=dup))
        pairs = pd.concat({"from": before, "to": after}, axis=1, join="inner")
        if pairs.empty:
            raise ValueError(message("states.before_and_after_have_no"))
    elif isinstance(before, pd.Series) or isinstance(after, pd.Series):
        raise TypeError(message("states.pass_before_and_after_both"))
    else:
        check_same_length(before=before, after=after)
        pairs = pd.DataFrame({"from": np.asarray(before), "to": np.asarray(after)})
        if pairs.empty:
            raise ValueError(message("states.before_and_after_are_empty"))
    pairs = pairs.astype("str")
    counts = pairs.groupby(["from", "to"]).size().unstack("to", fill_value=0)
    rows = [s for s in STATES if s in set(pairs["from"])]
    columns = [s for s in STATES if s in set(pairs["from"]) | set(pairs["to"])]
    counts = counts.reindex(index=rows, columns=columns, fill_value=0)
    matrix = counts.div(counts.sum(axis=1), axis=0).astype(float)
    return matrix.rename_axis(index="from", columns="to")


def check_transition_matrix(transitions, name: str = "transitions"):
    """Validate a transition matrix; return (labels, float array with rows in label order)."""
    if isinstance(transitions, pd.DataFrame):
        labels = list(transitions.index)
        if transitions.index.has_duplicates or transitions.columns.has_duplicates:
            raise ValueError(message("states.name_has_duplicated_state_labels", name=name))
        missing_rows = [c for c in transitions.columns if c not in set(labels)]
        missing_cols = [r for r in labels if r not in set(transitions.columns)]
        if missing_rows or missing_cols:
            detail = []
            if missing_rows:
                detail.append(
                    message("states.columns_without_row", states=", ".join(map(repr, missing_rows)))
                )
            if missing_cols:
                detail.append(
                    message("states.rows_without_column", states=", ".join(map(repr, missing_cols)))
                )
            raise ValueError(
                message(
                    "states.name_must_have_the_same",
                    name=name,
                    detail=message("states.detail_separator").join(detail),
                )
            )
        values = transitions.reindex(columns=labels).to_numpy(dtype=float)
    else:
        values = np.asarray(check_finite(transitions, name), dtype=float)
        if values.ndim != 2 or values.shape[0] != values.shape[1]:
            raise ValueError(message("states.name_must_be_a_square", name=name, shape=values.shape))
        labels = list(range(values.shape[0]))
    if values.size == 0:
        raise ValueError(message("states.name_is_empty_it_needs", name=name))
    check_finite(values, name)
    if np.any((values < 0) | (values > 1)):
        bad = values[(values < 0) | (values > 1)][0]
        hint = ""
        if np.allclose(values.sum(axis=1), 100.0):
            hint = message("states.hint_percentages")
        raise ValueError(
            message("states.name_must_hold_probabilities_in", name=name, bad=bad, hint=hint)
        )
    sums = values.sum(axis=1)
    off = np.abs(sums - 1.0) > 1e-6
    if np.any(off):
        k = int(np.flatnonzero(off)[0])
        raise ValueError(
            message("states.each_row_of_name_must", name=name, state=labels[k], total=sums[k])
        )
    return labels, values


def simulate_flow(initial_counts, transitions, periods):
    """Move customer counts through the transition matrix for a number of periods.

    x_0 = initial counts; x_t = x_{t-1} P (expected counts, so fractional
    numbers are normal). For a stochastic P the total is preserved.

    Parameters
    ----------
    initial_counts : mapping, Series or array-like
        Customers per state (>= 0). A mapping/Series is keyed by state labels
        (states not mentioned start at 0); an array gives one count per row of
        ``transitions``, in order.
    transitions : DataFrame or square array
        A transition matrix: rows = from-state, columns = to-state, each row
        summing to 1 (e.g. :func:`transition_matrix` or :data:`CUSTOMER_FLOW`).
    periods : int
        How many periods to simulate (>= 0).

    Returns
    -------
    DataFrame
        One row per period 0..periods (index ``period``; row 0 = initial
        counts), one column per state.

    Raises
    ------
    ValueError
        For a non-stochastic or non-square matrix, negative or non-finite
        counts, unknown states, a wrong number of counts, or periods < 0.

    References
    ----------
    Knowing the customer (客户流转模式).

    Examples
    --------
    >>> P = pd.DataFrame([[0.5, 0.5], [0.0, 1.0]],
    ...                  index=["repeat", "churned"], columns=["repeat", "churned"])
    >>> simulate_flow({"repeat": 100}, P, 2)
    state   repeat  churned
    period
    0        100.0      0.0
    1         50.0     50.0
    2         25.0     75.0
    """
    labels, matrix = check_transition_matrix(transitions)
    periods = check_int(periods, "periods", low=0)
    if isinstance(initial_counts, Mapping | pd.Series):
        counts = pd.Series(
            dict(initial_counts) if isinstance(initial_counts, Mapping) else initial_counts
        )
        unknown = [k for k in counts.index if k not in set(labels)]
        if unknown:
            raise ValueError(
                message(
                    "states.initial_counts_has_state_s",
                    unknown=", ".join(map(repr, unknown)),
                    labels=", ".join(map(repr, labels)),
                )
            )
        x = counts.reindex(labels, fill_value=0).to_numpy(dtype=float)
    else:
        x = np.asarray(check_finite(initial_counts, "initial_counts"), dtype=float)
        if x.shape != (len(labels),):
            raise ValueError(
                message("states.initial_counts_must_give_one", n_labels=len(labels), size=x.size)
            )
    x = np.asarray(check_nonnegative(x, "initial_counts"), dtype=float)
    rows = [x]
    for _ in range(periods):
        rows.append(rows[-1] @ matrix)
    return pd.DataFrame(
        np.vstack(rows),
        index=pd.RangeIndex(periods + 1, name="period"),
        columns=pd.Index(labels, name="state"),
    )


# Below this, a long-run share is numerical noise from the least-squares solve.
_ROUND_OFF = 1e-12


def steady_state(transitions):
    """Stationary distribution pi of a Markov chain: pi P = pi, sum(pi) = 1 (稳态分布).

    Solved with NumPy least squares on (P^T - I) pi = 0 together with
    sum(pi) = 1. For a regular chain (some power of P has only positive
    entries) pi is also the long-run share of customers in each state that
    :func:`simulate_flow` approaches from any start. More generally, any
    chain with a single closed class of states has one pi, zero on the
    transient states that drain into that class (such as potential and
    first-time customers when nobody returns to them); it is the long-run
    share whenever that class is aperiodic. A chain with one absorbing state
    that every state can reach gets pi = 1 on that state.

    Parameters
    ----------
    transitions : DataFrame or square array
        A transition matrix whose rows sum to 1.

    Returns
    -------
    Series
        pi indexed by state, named ``steady_state``. Entries below 1e-12 in
        absolute value (numerical round-off) are set to exactly 0 and pi is
        renormalized to sum to 1, so a state with no long-run mass shows 0.0.

    Raises
    ------
    ValueError
        If the matrix is not stochastic (entries outside [0, 1], rows not
        summing to 1, not square), or if the chain has more than one
        stationary distribution (several closed groups of states, e.g. two
        absorbing states).

    References
    ----------
    Kemeny, J. G. & Snell, J. L. (1976), Finite Markov Chains, ch. 4.

    Examples
    --------
    >>> steady_state(pd.DataFrame([[0.9, 0.1], [0.5, 0.5]],
    ...                           index=["active", "churned"], columns=["active", "churned"]))
    active     0.833333
    churned    0.166667
    Name: steady_state, dtype: float64
    """
    labels, matrix = check_transition_matrix(transitions)
    k = len(labels)
    system = matrix.T - np.eye(k)
    if np.linalg.matrix_rank(system) < k - 1:
        raise ValueError(message("states.transitions_has_more_than_one"))
    a = np.vstack([system, np.ones(k)])
    b = np.zeros(k + 1)
    b[-1] = 1.0
    pi = np.linalg.lstsq(a, b, rcond=None)[0]
    # Round-off leaves values like 6e-17 or -6e-17 on states with no long-run
    # mass; they are 0, and printing them as such keeps tables readable.
    pi[np.abs(pi) < _ROUND_OFF] = 0.0
    pi = np.clip(pi, 0.0, None)
    pi = pi / pi.sum()
    return pd.Series(pi, index=pd.Index(labels), name="steady_state")
