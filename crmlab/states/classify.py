"""Who is in which state: the state labels and life cycles (Knowing the customer, CRM
slides), classifying customers from a transaction log, and the MAN principle for
qualifying a prospect.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab._align import align, shaped
from crmlab._validation import (
    check_columns,
    check_date,
    check_flags,
    check_int,
    check_labels,
    check_transactions,
)
from crmlab.glossary import TermTable
from crmlab.i18n import message

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
        raise TypeError(message("states.customers_must_be_a_list", type=type(customers).__name__))
    else:
        ids = pd.Series(customers)
    if pd.isna(ids).any():
        raise ValueError(message("states.customers_has_n_ids_missing", n=int(pd.isna(ids).sum())))
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
            message(
                "states.name_has_unknown_state_s",
                name=name,
                unknown=unknown,
                states=", ".join(map(repr, STATES)),
            )
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
        raise ValueError(message("states.nobody_to_classify_transactions_has", as_of=as_of.date()))
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
