"""Customer states (客户的状态), the customer-flow chain and the MAN principle.

Unit 02 of the course. The states and the customer-flow model (客户流转模式)
come from Knowing the customer: potential and target customers are developed into
first-time buyers, then repeat buyers, then loyal customers; each of the
last three can churn; a churned customer can be won back (挽回) or lost
forever (永远流失) as a non-customer. crmlab models the flow as a Markov
chain: :func:`transition_matrix` estimates it from two classifications,
:func:`simulate_flow` moves counts through it, :func:`steady_state` finds
its long-run distribution.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab._align import align, shaped
from crmlab._validation import (
    check_columns,
    check_date,
    check_finite,
    check_flags,
    check_int,
    check_labels,
    check_nonnegative,
    check_same_length,
    check_transactions,
)
from crmlab.glossary import TermTable

__all__ = [
    "CUSTOMER_FLOW",
    "CUSTOMER_LIFE_CYCLE",
    "PERIODS",
    "RELATIONSHIP_PHASES",
    "SALES_SUCCESS_RATES",
    "STATES",
    "STATE_NAMES_ZH",
    "classify_states",
    "count_states",
    "in_state_order",
    "man_qualified",
    "simulate_flow",
    "steady_state",
    "transition_matrix",
]

#: Customer states, in the order used for every table and chart (Knowing the customer).
STATES = ("potential", "target", "first-time", "repeat", "loyal", "churned", "non-customer")

#: Chinese names of the states (Knowing the customer).
STATE_NAMES_ZH = TermTable(
    {state: "non-customer" if state == "non-customer" else f"{state}-customer" for state in STATES},
    field="chinese",
)

#: Calendar periods accepted by :func:`classify_states` (week, month, quarter, year).
PERIODS = ("W", "M", "Q", "Y")

#: Success rate of a sale by the state of the customer sold to (Knowing the customer):
#: 6% to potential and target customers, 15% to first-time buyers and 50% to
#: repeat and loyal customers.
SALES_SUCCESS_RATES = MappingProxyType(
    {"potential": 0.06, "target": 0.06, "first-time": 0.15, "repeat": 0.50, "loyal": 0.50}
)

#: The five phases of the customer relationship life cycle (客户关系生命周期, Knowing the customer).
RELATIONSHIP_PHASES = MappingProxyType(
    {
        "cultivation": "培育期",
        "growth": "成长期",
        "return": "回报期",
        "retention": "挽留期",
        "termination": "终止期",
    }
)

#: The seven stages of the customer life cycle (客户生命周期, CRM slides).
CUSTOMER_LIFE_CYCLE = MappingProxyType(
    {
        "potential": "潜在客户期",
        "development": "开发期",
        "growth": "成长期",
        "maturity": "成熟期",
        "decline": "衰退期",
        "termination": "终止期",
        "recovery": "恢复期",
    }
)

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
# classifying customers from a transaction log
# ---------------------------------------------------------------------------


def _registered_ids(customers, as_of: pd.Timestamp) -> pd.Index | None:
    """Ids of registered customers as of a date, from a list-like or a customers table."""
    if customers is None:
        return None
    if isinstance(customers, pd.DataFrame):
        check_columns(customers, ("customer_id",), "customers")
        table = customers
        if "signup_date" in customers.columns:
            signup = pd.to_datetime(customers["signup_date"])
            # customers who register after as_of do not exist yet on that date
            table = customers.loc[~(signup.dt.normalize() > as_of)]
        ids = table["customer_id"]
    elif isinstance(customers, str | bytes) or np.ndim(customers) != 1:
        raise TypeError(
            "customers must be a list, array, Series or Index of customer ids, or a "
            f"DataFrame with a customer_id column, got {type(customers).__name__}."
        )
    else:
        ids = pd.Series(customers)
    if pd.isna(ids).any():
        raise ValueError(f"customers has {int(pd.isna(ids).sum())} missing customer id(s).")
    return pd.Index(pd.unique(np.asarray(ids)), name="customer_id")


def in_state_order(labels, name: str = "states") -> list[str]:
    """The distinct labels among :data:`STATES`, in the course's order of states.

    Raises
    ------
    ValueError
        If a label is not one of :data:`STATES` (the message lists them).

    Examples
    --------
    >>> in_state_order(["loyal", "potential", "loyal"])
    ['potential', 'loyal']
    """
    labels = list(labels)
    unknown = [s for s in labels if s not in STATES]
    if unknown:
        raise ValueError(
            f"{name} has unknown state(s) {unknown!r}; allowed states are {', '.join(STATES)}."
        )
    return [s for s in STATES if s in labels]


def classify_states(
    transactions,
    as_of,
    churn_after_days=365,
    loyal_periods=4,
    period="Q",
    customers=None,
):
    """Classify each customer's state (客户状态) as of a date from a transaction log.

    The crmlab rule (COURSE.md, unit 02), applied in this order:

    1. Only purchases on or before ``as_of`` count; later ones are ignored.
    2. **churned** (流失客户): the last purchase was more than
       ``churn_after_days`` days before ``as_of``.
    3. **first-time** (初次购买客户): exactly one purchase.
    4. **loyal** (忠诚客户): two or more purchases and at least one purchase
       in each of the last ``loyal_periods`` consecutive calendar periods
       (``period``: "W", "M", "Q" or "Y"), counting back from and including
       the period that contains ``as_of``.
    5. **repeat** (重复购买客户): two or more purchases otherwise.
    6. **potential** (潜在客户): listed in ``customers`` but no purchase on
       or before ``as_of``. If ``customers`` is a DataFrame with a
       ``signup_date`` column, customers who sign up after ``as_of`` are left
       out (they are not registered yet); a missing signup date counts as
       registered.

    Each row of the log is one purchase. "target" and "non-customer" depend
    on the firm's choices and attitudes, so they never come from a log.

    Parameters
    ----------
    transactions : DataFrame
        A transaction log with ``customer_id``, ``date`` and ``amount``.
    as_of : date-like
        The classification date (a calendar day; purchases on that day count).
    churn_after_days : int, default 365
        Days without purchase after which a customer counts as churned (>= 0).
    loyal_periods : int, default 4
        Consecutive periods with purchases needed for "loyal" (>= 1).
    period : {"W", "M", "Q", "Y"}, default "Q"
        Calendar period for the loyalty rule.
    customers : list-like or DataFrame, optional
        Registered customer ids (or a table with ``customer_id``); those with
        no purchase are "potential".

    Returns
    -------
    Series
        Indexed by ``customer_id`` (sorted), named ``state``, labels from
        :data:`STATES`.

    Raises
    ------
    ValueError
        For a malformed log or customers table, a bad date or parameter, or
        nobody to classify.
    TypeError
        For wrongly typed arguments.

    References
    ----------
    Knowing the customer (客户的状态: potential, target, actual - first-time, repeat,
    loyal -, churned, non-customer).

    Examples
    --------
    >>> log = pd.DataFrame({
    ...     "customer_id": [1, 2, 2, 3, 3, 3, 3, 4],
    ...     "date": pd.to_datetime(["2024-11-02", "2024-02-01", "2024-12-01",
    ...                             "2024-01-15", "2024-04-20", "2024-08-03",
    ...                             "2024-11-30", "2022-05-01"]),
    ...     "amount": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0]})
    >>> classify_states(log, "2024-12-31", customers=[1, 2, 3, 4, 5])
    customer_id
    1    first-time
    2        repeat
    3         loyal
    4       churned
    5     potential
    Name: state, dtype: str
    """
    log = check_transactions(transactions)
    as_of = check_date(as_of, "as_of").normalize()
    churn_after_days = check_int(churn_after_days, "churn_after_days", low=0)
    loyal_periods = check_int(loyal_periods, "loyal_periods", low=1)
    check_labels(period, PERIODS, "period")
    registered = _registered_ids(customers, as_of)

    log = log.loc[log["date"] < as_of + pd.Timedelta(days=1)]
    stats = log.groupby("customer_id", sort=True).agg(
        last=("date", "max"), purchases=("date", "size")
    )
    recency = (as_of - stats["last"].dt.normalize()).dt.days.to_numpy()

    first_period = as_of.to_period(period) - (loyal_periods - 1)
    window = log.loc[log["date"] >= first_period.start_time]
    active_periods = (
        window["date"]
        .dt.to_period(period)
        .groupby(window["customer_id"])
        .nunique()
        .reindex(stats.index, fill_value=0)
        .to_numpy()
    )
    purchases = stats["purchases"].to_numpy()
    labels = np.select(
        [recency > churn_after_days, purchases == 1, active_periods >= loyal_periods],
        ["churned", "first-time", "loyal"],
        default="repeat",
    )
    states = pd.Series(labels, index=stats.index, name="state", dtype="str")
    if registered is not None:
        never_bought = registered.difference(stats.index)
        potential = pd.Series("potential", index=never_bought, name="state", dtype="str")
        states = pd.concat([states, potential]).sort_index()
    if states.empty:
        raise ValueError(
            f"Nobody to classify: transactions has no purchases on or before {as_of.date()} "
            "and no registered customers were given."
        )
    states.index.name = "customer_id"
    return states


def count_states(states):
    """Count customers per state, in STATES order, including states with no one.

    Parameters
    ----------
    states : Series or list-like
        Labels from :data:`STATES`, e.g. the result of :func:`classify_states`.

    Returns
    -------
    Series
        Indexed by every label of :data:`STATES`, named ``count``.

    Raises
    ------
    ValueError
        For missing or unknown labels.

    Examples
    --------
    >>> count_states(["loyal", "repeat", "loyal"])
    state
    potential       0
    target          0
    first-time      0
    repeat          1
    loyal           2
    churned         0
    non-customer    0
    Name: count, dtype: int64
    """
    check_labels(states, STATES, "states")
    series = pd.Series(states, dtype="str") if np.ndim(states) else pd.Series([states], dtype="str")
    counts = series.value_counts().reindex(list(STATES), fill_value=0).astype("int64")
    counts.index.name = "state"
    counts.name = "count"
    return counts


# ---------------------------------------------------------------------------
# the customer-flow Markov chain
# ---------------------------------------------------------------------------


def _state_labels(values, name: str):
    if isinstance(values, str | bytes) or np.ndim(values) != 1:
        raise TypeError(
            f"{name} must be a Series (or list) of state labels, got {type(values).__name__}."
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
                raise ValueError(f"{name} lists customer {dup!r} more than once.")
        pairs = pd.concat({"from": before, "to": after}, axis=1, join="inner")
        if pairs.empty:
            raise ValueError("before and after have no customer (index value) in common.")
    elif isinstance(before, pd.Series) or isinstance(after, pd.Series):
        raise TypeError(
            "Pass before and after both as Series indexed by customer_id, or both as lists "
            "of the same length."
        )
    else:
        check_same_length(before=before, after=after)
        pairs = pd.DataFrame({"from": np.asarray(before), "to": np.asarray(after)})
        if pairs.empty:
            raise ValueError("before and after are empty; give at least one customer.")
    pairs = pairs.astype("str")
    counts = pairs.groupby(["from", "to"]).size().unstack("to", fill_value=0)
    rows = [s for s in STATES if s in set(pairs["from"])]
    columns = [s for s in STATES if s in set(pairs["from"]) | set(pairs["to"])]
    counts = counts.reindex(index=rows, columns=columns, fill_value=0)
    matrix = counts.div(counts.sum(axis=1), axis=0).astype(float)
    return matrix.rename_axis(index="from", columns="to")


def _check_stochastic(transitions, name: str = "transitions"):
    """Validate a transition matrix; return (labels, float array with rows in label order)."""
    if isinstance(transitions, pd.DataFrame):
        labels = list(transitions.index)
        if transitions.index.has_duplicates or transitions.columns.has_duplicates:
            raise ValueError(f"{name} has duplicated state labels.")
        missing_rows = [c for c in transitions.columns if c not in set(labels)]
        missing_cols = [r for r in labels if r not in set(transitions.columns)]
        if missing_rows or missing_cols:
            detail = []
            if missing_rows:
                detail.append(f"columns without a row: {', '.join(map(repr, missing_rows))}")
            if missing_cols:
                detail.append(f"rows without a column: {', '.join(map(repr, missing_cols))}")
            raise ValueError(
                f"{name} must have the same states as rows and columns ({'; '.join(detail)}). "
                "Add the missing rows/columns, e.g. a state that nobody leaves gets 1 on "
                "its own column."
            )
        values = transitions.reindex(columns=labels).to_numpy(dtype=float)
    else:
        values = np.asarray(check_finite(transitions, name), dtype=float)
        if values.ndim != 2 or values.shape[0] != values.shape[1]:
            raise ValueError(f"{name} must be a square matrix, got shape {values.shape}.")
        labels = list(range(values.shape[0]))
    if values.size == 0:
        raise ValueError(f"{name} is empty; it needs at least one state.")
    check_finite(values, name)
    if np.any((values < 0) | (values > 1)):
        bad = values[(values < 0) | (values > 1)][0]
        hint = ""
        if np.allclose(values.sum(axis=1), 100.0):
            hint = " Did you pass percentages? Divide by 100."
        raise ValueError(f"{name} must hold probabilities in [0, 1], got {bad:g}.{hint}")
    sums = values.sum(axis=1)
    off = np.abs(sums - 1.0) > 1e-6
    if np.any(off):
        k = int(np.flatnonzero(off)[0])
        raise ValueError(
            f"Each row of {name} must sum to 1 (the probabilities of all moves out of a "
            f"state), but row {labels[k]!r} sums to {sums[k]:.6g}."
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
    labels, matrix = _check_stochastic(transitions)
    periods = check_int(periods, "periods", low=0)
    if isinstance(initial_counts, Mapping | pd.Series):
        counts = pd.Series(
            dict(initial_counts) if isinstance(initial_counts, Mapping) else initial_counts
        )
        unknown = [k for k in counts.index if k not in set(labels)]
        if unknown:
            raise ValueError(
                f"initial_counts has state(s) {', '.join(map(repr, unknown))} that are not in "
                f"transitions; its states are {', '.join(map(repr, labels))}."
            )
        x = counts.reindex(labels, fill_value=0).to_numpy(dtype=float)
    else:
        x = np.asarray(check_finite(initial_counts, "initial_counts"), dtype=float)
        if x.shape != (len(labels),):
            raise ValueError(
                f"initial_counts must give one count per state ({len(labels)}), got "
                f"{x.size} value(s)."
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
    :func:`simulate_flow` approaches from any start. A chain with one
    absorbing state that every state can reach gets pi = 1 on that state.

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
    labels, matrix = _check_stochastic(transitions)
    k = len(labels)
    system = matrix.T - np.eye(k)
    if np.linalg.matrix_rank(system) < k - 1:
        raise ValueError(
            "transitions has more than one stationary distribution: some groups of states "
            "never lead to each other (e.g. two absorbing states), so the long run depends "
            "on where customers start. Use simulate_flow from a given start instead."
        )
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


# ---------------------------------------------------------------------------
# MAN principle
# ---------------------------------------------------------------------------


def man_qualified(money, authority, need):
    """MAN principle: a prospect is qualified only with Money, Authority and Need.

    qualified = M and A and N (MAN原则: 购买能力, 购买决定权, 需求).

    Parameters
    ----------
    money : bool or array-like of bool
        M: the prospect can afford to buy.
    authority : bool or array-like of bool
        A: the prospect decides (or can advise on or veto) the purchase.
    need : bool or array-like of bool
        N: the prospect needs the product or service.

    Returns
    -------
    bool, ndarray or Series
        A bool for single values; a Series if any input is a Series.

    Raises
    ------
    TypeError
        For strings or other non-boolean values.
    ValueError
        For numbers other than 0/1, missing values, or different lengths.

    References
    ----------
    Knowing the customer (寻求潜在客户的 "MAN" 原则).

    Examples
    --------
    >>> man_qualified(True, True, False)
    False
    >>> man_qualified([True, True], [True, False], [True, True])
    array([ True, False])
    """
    named = {"money": money, "authority": authority, "need": need}
    for name, value in named.items():
        check_flags(value, name)
    aligned, index = align(**named)
    m, a, n = np.broadcast_arrays(*(check_flags(x, k) for k, x in zip(named, aligned, strict=True)))
    return shaped(m & a & n, index, "qualified")
