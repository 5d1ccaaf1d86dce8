"""Customer churn (客户流失): churn rate, win-back policy, cohorts and survival.

Unit 05 of the course. The churn rate, churn types and the win-back attitude
by customer tier come from Keeping relationships; the complaint statistics and the China
Mobile churn causes from Knowing the customer. Cohort tables and Kaplan-Meier survival
curves are the standard analyses of churn in a transaction log or a
subscriber table.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab._align import align
from crmlab._validation import (
    check_columns,
    check_flags,
    check_labels,
    check_nonnegative,
    check_transactions,
    count_share,
)
from crmlab.glossary import TermTable
from crmlab.i18n import get_language, message
from crmlab.states import PERIODS

__all__ = [
    "CHINA_MOBILE_CHURN_CAUSES",
    "CHURN_MANAGEMENT_ELEMENTS",
    "CHURN_MANAGEMENT_PRINCIPLES",
    "CHURN_TYPES",
    "COMPLAINT_STATS",
    "TIERS",
    "UNHAPPY_CUSTOMER_TELLS",
    "WINBACK_POLICY",
    "WINBACK_POLICY_ZH",
    "churn_rate",
    "churn_rate_by",
    "cohort_table",
    "median_survival_time",
    "survival_curve",
    "winback_policy",
]

#: Customer tiers for the win-back policy (Keeping relationships), most to least valuable.
TIERS = ("key", "ordinary", "small", "unworthy")

#: Management attitude to a churned customer by tier (Keeping relationships, 对不同级别客户的流失的态度).
_WINBACK_KEYS = {
    "key": "strive-to-win-back",
    "ordinary": "try-to-win-back",
    "small": "win-back-when-convenient",
    "unworthy": "let-go",
}
#: Management attitude to a churned customer by tier (Keeping relationships,
#: 对不同级别客户的流失的态度), in English and in the document's Chinese words.
WINBACK_POLICY = TermTable(_WINBACK_KEYS, field="english")
WINBACK_POLICY_ZH = TermTable(_WINBACK_KEYS, field="chinese")

#: Complaint and service statistics quoted in Knowing the customer ("研究表明"), as fractions.
#: They are claims from the source, not laws: teach them as such.
COMPLAINT_STATS = MappingProxyType(
    {
        # 对客户服务不好，将造成94%的客户离去
        "leave_after_poor_service": 0.94,
        # 因为没有解决客户的问题，会造成89%的客户离去
        "leave_after_unsolved_problem": 0.89,
        # 在不满意的用户中有67%的用户要投诉
        "unhappy_who_complain": 0.67,
        # 通过较好地解决用户投诉，可挽回75%的客户
        "won_back_by_good_complaint_handling": 0.75,
        # 及时、高效且表示出特别重视并尽最大努力解决投诉的，95%的客户还会继续接受服务
        "kept_by_fast_caring_handling": 0.95,
    }
)

#: Each unhappy customer tells this many friends and relatives on average (Knowing the customer).
UNHAPPY_CUSTOMER_TELLS = 9

#: Churn causes in the China Mobile case (Knowing the customer, 客户流失原因).
CHINA_MOBILE_CHURN_CAUSES = TermTable(
    {
        "competitors": "competitors",
        "arrogance of a big firm": "big-firm-arrogance",
        "natural churn": "natural-churn",
        "integrity problems": "integrity-problems",
        "neglected details": "neglected-details",
    },
    field="chinese",
)

#: Churn types and their causes (Keeping relationships): active churn (主动流失) and passive churn (被动流失).
CHURN_TYPES = MappingProxyType(
    {
        "active": TermTable(
            {
                "natural": "natural-churn",
                "competitive": "competitive-churn",
                "fault": "fault-churn",
            },
            field="chinese",
        ),
        "passive": TermTable(
            {
                "non-malicious": "non-malicious-passive-churn",
                "retaliatory": "retaliatory-passive-churn",
                "malicious": "malicious-passive-churn",
            },
            field="chinese",
        ),
    }
)

#: Principles of churn management (Keeping relationships, 客户流失管理的原则), as a checklist.
CHURN_MANAGEMENT_PRINCIPLES = MappingProxyType(
    {
        "enterprise-level strategy execution": "企业级的战略执行",
        "data-driven research": "数据驱动的研究",
        "a global view": "有全局的视角",
        "several diagnostic and evaluation methods": "多种诊断评估方法",
        "effective use of resources": "资源的有效使用",
        "firm and clear goals": "坚定而又明确的目标",
        "open communication": "自由地沟通",
        "effective measurement and improvement": "有效地度量和改进",
    }
)

#: Elements of churn management (Keeping relationships, 客户流失管理的要素), as a checklist.
CHURN_MANAGEMENT_ELEMENTS = MappingProxyType(
    {
        "tools": "工具",
        "training": "培训",
        "policies": "政策",
        "processes": "流程",
        "systems": "系统",
        "structure": "结构",
        "sharing": "共享",
        "incentives": "激励",
        "measurement": "衡量",
    }
)


def churn_rate(churned, customers):
    """Churn rate: churned customers / customers (客户流失率).

    churn rate = churned / customers (x 100% to show it as a percentage).
    The result is a fraction: 0.15 means 15%.

    Parameters
    ----------
    churned : int or array-like
        Customers lost in the period (whole number, 0 <= churned <= customers).
    customers : int or array-like
        Customers at risk in the period (whole number > 0).

    Returns
    -------
    float, ndarray or Series

    Raises
    ------
    ValueError
        For negative or fractional counts, zero customers, churned above
        customers, NaN/inf, or mismatched lengths.

    References
    ----------
    Keeping relationships (顾客流失率 = 顾客流失数 / 消费人数 x 100%).

    Examples
    --------
    >>> churn_rate(150, 1000)
    0.15
    """
    return count_share(churned, customers, "churned")


def churn_rate_by(df, by, churned="churned"):
    """Churn rate per group: customers, churned customers and their ratio.

    Parameters
    ----------
    df : DataFrame
        One row per customer.
    by : str or list of str
        Column(s) to group by, e.g. "region" or ["region", "plan"]. Missing
        values form a group of their own, so the counts add up to len(df).
    churned : str, default "churned"
        Column with True/False (or 1/0) churn flags.

    Returns
    -------
    DataFrame
        Indexed by the group(s); columns ``customers``, ``churned``,
        ``churn_rate`` (a fraction).

    Raises
    ------
    ValueError
        For missing columns or missing churn flags, or numbers other than 0/1.
    TypeError
        For a non-DataFrame or a non-boolean churn column.

    References
    ----------
    Keeping relationships (churn rate); unit 05 (churn rate by segment).

    Examples
    --------
    >>> df = pd.DataFrame({"plan": ["A", "A", "B", "B", "B"],
    ...                    "churned": [True, False, True, True, False]})
    >>> churn_rate_by(df, "plan")
          customers  churned  churn_rate
    plan
    A             2        1    0.500000
    B             3        2    0.666667
    """
    keys = [by] if isinstance(by, str) else list(by)
    if not keys:
        raise ValueError(message("churn.by_must_name_at_least"))
    check_columns(df, [*keys, churned], "df")
    flags = check_flags(df[churned], f"df['{churned}']")
    table = df[keys].assign(_churned=flags.astype("int64"))
    result = table.groupby(keys if len(keys) > 1 else keys[0], dropna=False, observed=True)[
        "_churned"
    ].agg(customers="size", churned="sum")
    result["churn_rate"] = result["churned"] / result["customers"]
    return result


def winback_policy(tier, language=None):
    """The attitude (from Keeping relationships) to a churned customer, by customer tier (挽回策略).

    ======== ========================== ==========
    tier     policy                     Chinese
    ======== ========================== ==========
    key      strive to win back         极力挽回
    ordinary try to win back            尽力挽回
    small    win back when convenient   见机行事
    unworthy let go                     彻底放弃
    ======== ========================== ==========

    Parameters
    ----------
    tier : str or array-like of str
        One of :data:`TIERS`: "key", "ordinary", "small", "unworthy".
    language : {"en", "zh"} or None, default None
        English policy or the Chinese words of Keeping relationships; None
        uses the course language, :func:`crmlab.get_language`.

    Returns
    -------
    str, ndarray or Series
        A Series (same index) for a Series, an array for other list-likes.

    Raises
    ------
    ValueError
        For an unknown or missing tier, or an unknown language.

    References
    ----------
    Keeping relationships (对不同级别客户的流失的态度).

    Examples
    --------
    >>> winback_policy("key")
    'strive to win back'
    >>> winback_policy(pd.Series(["small", "unworthy"]), language="zh")
    0    见机行事
    1    彻底放弃
    Name: winback_policy, dtype: str
    """
    if language is None:
        language = get_language()
    check_labels(language, ("en", "zh"), "language")
    policy = WINBACK_POLICY if language == "en" else WINBACK_POLICY_ZH
    check_labels(tier, TIERS, "tier")
    if np.ndim(tier) == 0:
        return policy[tier]
    if isinstance(tier, pd.Series):
        return tier.map(dict(policy)).astype("str").rename("winback_policy")
    return pd.Series(np.asarray(tier, dtype=object)).map(dict(policy)).to_numpy(dtype=str)


def cohort_table(transactions, period="M", normalize=True):
    """Cohort retention table: share of each acquisition cohort active k periods later.

    A customer's cohort is the calendar period of their first purchase; they
    are active in a period if they buy at least once in it. Cell (c, k) =
    (customers of cohort c who buy in period c + k) / (customers in cohort c).
    Column 0 is 1.0 by construction.

    Cells after the last period in the data (c + k beyond the period of the
    latest purchase) are NaN: those periods have not been observed yet, so
    no share can be computed. These are the only NaN cells; an observed
    period with no purchases is 0.0. Periods without a new customer get no
    row.

    Parameters
    ----------
    transactions : DataFrame
        A transaction log with ``customer_id``, ``date`` and ``amount``.
    period : {"W", "M", "Q", "Y"}, default "M"
        Calendar period for cohorts and activity.
    normalize : bool, default True
        True for shares of the cohort; False for counts of active customers.

    Returns
    -------
    DataFrame
        Index ``cohort`` (a PeriodIndex); columns
        ``periods_since_acquisition`` 0, 1, ... .

    Raises
    ------
    ValueError
        For a malformed or empty log or an unknown period.

    References
    ----------
    Unit 05/06 (cohort churn and retention); standard cohort analysis.

    Examples
    --------
    >>> log = pd.DataFrame({
    ...     "customer_id": [1, 1, 2, 2, 3],
    ...     "date": pd.to_datetime(["2024-01-05", "2024-03-02", "2024-01-20",
    ...                             "2024-02-11", "2024-02-03"]),
    ...     "amount": [10.0, 20.0, 30.0, 40.0, 50.0]})
    >>> cohort_table(log)
    periods_since_acquisition    0    1    2
    cohort
    2024-01                    1.0  0.5  0.5
    2024-02                    1.0  0.0  NaN
    """
    log = check_transactions(transactions)
    check_labels(period, PERIODS, "period")
    if not isinstance(normalize, bool):
        raise TypeError(message("churn.normalize_must_be_true_or", normalize=normalize))
    if log.empty:
        raise ValueError(message("churn.transactions_is_empty_a_cohort"))
    ordinal = log["date"].dt.to_period(period).array.asi8
    codes = pd.factorize(log["customer_id"])[0]
    first = pd.Series(ordinal).groupby(codes).min().to_numpy()
    start, last = int(first.min()), int(ordinal.max())
    width = last - start + 1
    since = ordinal - first[codes]
    # one entry per (customer, period since acquisition) in which the customer bought
    active = pd.unique(codes.astype(np.int64) * width + since)
    customer, offset = np.divmod(active, width)
    cohort = first[customer] - start
    active_counts = np.bincount(cohort * width + offset, minlength=width * width).reshape(
        width, width
    )
    sizes = np.bincount(first - start, minlength=width)
    keep = sizes > 0
    table = active_counts[keep].astype(float)
    if normalize:
        table = table / sizes[keep, None]
    horizon = (last - start) - np.flatnonzero(keep)
    table[np.arange(width)[None, :] > horizon[:, None]] = np.nan
    return pd.DataFrame(
        table,
        index=pd.PeriodIndex.from_ordinals(np.flatnonzero(keep) + start, freq=period).rename(
            "cohort"
        ),
        columns=pd.RangeIndex(width, name="periods_since_acquisition"),
    )


def survival_curve(durations, observed=None):
    """Kaplan-Meier survival curve S(t) of customer lifetimes (生存分析).

    S(t) = prod over event times t_j <= t of (1 - d_j / n_j), with d_j the
    churn events at t_j and n_j the customers still at risk just before
    t_j (durations >= t_j). Censored customers (still active, lifetime
    not over) count as at risk up to their duration, then leave.

    Parameters
    ----------
    durations : array-like
        Observed lifetime of each customer (>= 0), e.g. tenure in months.
    observed : array-like of bool, optional
        True if the customer churned at that duration (an event), False if
        still a customer (censored). Default: every duration is an event.

    Returns
    -------
    Series
        S(t) indexed by ``time``: t = 0 (S = 1 unless some customers churn
        at time 0), then every distinct duration, event or censored, as a
        step function. Named ``survival``.

    Raises
    ------
    ValueError
        For no customers, negative or non-finite durations, missing or
        non-0/1 flags, or different lengths.
    TypeError
        For non-numeric durations or non-boolean flags.

    References
    ----------
    Kaplan, E. L. & Meier, P. (1958), "Nonparametric estimation from
    incomplete observations", JASA 53(282).

    Examples
    --------
    >>> survival_curve([2, 3, 3, 5], [True, True, False, True])
    time
    0.0    1.000
    2.0    0.750
    3.0    0.500
    5.0    0.000
    Name: survival, dtype: float64
    """
    durations = check_nonnegative(durations, "durations")
    if observed is not None:
        durations, observed = align(durations=durations, observed=observed).inputs
    d = np.asarray(durations, dtype=float)
    if d.ndim != 1 or d.size == 0:
        raise ValueError(message("churn.durations_must_be_a_non"))
    if observed is None:
        events = np.ones(d.size, dtype=bool)
    else:
        events = check_flags(observed, "observed")
        if np.ndim(events) != 1:
            raise ValueError(message("churn.observed_must_be_a_d"))
    times, inverse = np.unique(d, return_inverse=True)
    deaths = np.bincount(inverse, weights=events.astype(float), minlength=times.size)
    leaving = np.bincount(inverse, minlength=times.size)
    at_risk = d.size - np.concatenate([[0], np.cumsum(leaving)[:-1]])
    survival = np.cumprod(1.0 - deaths / at_risk)
    if times[0] > 0:
        times = np.concatenate([[0.0], times])
        survival = np.concatenate([[1.0], survival])
    return pd.Series(survival, index=pd.Index(times, name="time"), name="survival")


def median_survival_time(survival):
    """Median lifetime: the first time at which S(t) <= 0.5.

    Parameters
    ----------
    survival : Series
        A survival curve indexed by time, e.g. from :func:`survival_curve`.

    Returns
    -------
    float
        The median lifetime, or ``inf`` if S(t) never falls to 0.5 (the
        median is not reached within the data).

    Raises
    ------
    TypeError
        If survival is not a Series.
    ValueError
        For an empty curve, values outside [0, 1], a curve that rises, or
        times out of order.

    Examples
    --------
    >>> median_survival_time(survival_curve([2, 3, 3, 5], [True, True, False, True]))
    3.0
    """
    if not isinstance(survival, pd.Series):
        raise TypeError(message("churn.survival_must_be_a_series", type=type(survival).__name__))
    if survival.empty:
        raise ValueError(message("churn.survival_is_empty"))
    values = np.asarray(check_nonnegative(survival.to_numpy(dtype=float), "survival"))
    if np.any(values > 1):
        raise ValueError(message("churn.survival_must_hold_probabilities_in"))
    if np.any(np.diff(values) > 1e-12):
        raise ValueError(message("churn.survival_must_not_increase_over"))
    times = np.asarray(check_nonnegative(survival.index.to_numpy(dtype=float), "survival.index"))
    if np.any(np.diff(times) <= 0):
        raise ValueError(message("churn.survival_must_be_indexed_by"))
    below = np.flatnonzero(values <= 0.5)
    return float(times[below[0]]) if below.size else float("inf")
