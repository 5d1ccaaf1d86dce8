"""Generator of Huamei Stores' customers and transactions, and the purchase log the
linked surveys (satisfaction, loyalty) draw their respondents from.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from crmlab._validation import check_columns, check_transactions
from crmlab.datasets._common import SEEDS, _check_seed, _check_size, _draw, _frozen, _values
from crmlab.datasets._schema import conform
from crmlab.i18n import message

# --------------------------------------------------------------------------
# Customers and transactions
# --------------------------------------------------------------------------
CUSTOMERS_PARAMS = _frozen(
    {
        "start": "2022-01-01",
        "end": "2024-12-31",
        "region_share": {"North": 0.20, "South": 0.22, "East": 0.28, "West": 0.14, "Central": 0.16},
        "region_stores": {
            "North": ("S01", "S02"),
            "South": ("S03", "S04"),
            "East": ("S05", "S06"),
            "West": ("S07",),
            "Central": ("S08",),
        },
        "home_store_share": 0.88,
        "channel_share": {"store": 0.45, "online": 0.25, "referral": 0.15, "promotion": 0.15},
        "age_group_share": {
            "18-24": 0.14,
            "25-34": 0.30,
            "35-44": 0.26,
            "45-54": 0.18,
            "55+": 0.12,
        },
        "acquisition_cost_median": {
            "store": 25.0,
            "online": 60.0,
            "referral": 40.0,
            "promotion": 85.0,
        },
        "acquisition_cost_log_sd": 0.30,
        "signup_growth": 0.35,
        "launch_month_boost": 6.0,
        "never_buy_probability": {
            "store": 0.02,
            "online": 0.12,
            "referral": 0.06,
            "promotion": 0.20,
        },
        "first_purchase_delay_days": {
            "store": 2.0,
            "online": 25.0,
            "referral": 15.0,
            "promotion": 40.0,
        },
        "purchase_rate": {"r": 0.9, "alpha": 0.07},
        "purchase_rate_multiplier": {
            "store": 1.0,
            "online": 1.1,
            "referral": 1.2,
            "promotion": 0.75,
        },
        "dropout": {
            "a": 1.0,
            "b": {"store": 11.0, "online": 9.0, "referral": 14.0, "promotion": 5.0},
        },
        "spend": {"p": 4.0, "q": 3.5, "gamma": 125.0},
        "spend_multiplier": {
            "North": 1.0,
            "South": 1.05,
            "East": 1.15,
            "West": 0.85,
            "Central": 0.9,
        },
        "seasonality": {
            "weekend": 1.25,
            "pre_chinese_new_year": 1.6,
            "chinese_new_year_week": 0.5,
            "double_11": 1.9,
            "mid_year_618": 1.3,
        },
        "chinese_new_year": ("2022-02-01", "2023-01-22", "2024-02-10"),
        "basket_multiplier": {"pre_chinese_new_year": 1.2, "double_11": 1.25},
        "minimum_amount": 5.0,
    }
)
"""True parameters of :func:`generate_customers_and_transactions` (see its docstring)."""


def _calendar(params) -> tuple[pd.DatetimeIndex, np.ndarray, np.ndarray]:
    """Days of the study window, their seasonal purchase weight and basket multiplier."""
    days = pd.date_range(params["start"], params["end"], freq="D")
    season = params["seasonality"]
    month = days.month.to_numpy()
    day = days.day.to_numpy()
    weight = np.where(days.day_of_week.to_numpy() >= 5, season["weekend"], 1.0)
    basket = np.ones(len(days))
    for new_year in pd.to_datetime(list(params["chinese_new_year"])):
        offset = (days - new_year).days.to_numpy()
        before = (offset >= -21) & (offset < 0)
        holiday = (offset >= 0) & (offset < 7)
        weight = weight * np.where(before, season["pre_chinese_new_year"], 1.0)
        weight = weight * np.where(holiday, season["chinese_new_year_week"], 1.0)
        basket = basket * np.where(before, params["basket_multiplier"]["pre_chinese_new_year"], 1.0)
    double_11 = (month == 11) & (day <= 11)
    weight = weight * np.where(double_11, season["double_11"], 1.0)
    weight = weight * np.where((month == 6) & (day <= 18), season["mid_year_618"], 1.0)
    basket = basket * np.where(double_11, params["basket_multiplier"]["double_11"], 1.0)
    return days, weight / weight.mean(), basket


def generate_customers_and_transactions(
    seed: int = SEEDS["customers_and_transactions"], n_customers: int = 5000
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate the customer base and purchase log of Huamei Stores (华美连锁).

    The process, with the true parameters of :data:`CUSTOMERS_PARAMS`:

    1. **Sign-up** (注册). Each customer gets a region (North .20, South .22,
       East .28, West .14, Central .16), an acquisition channel (store .45,
       online .25, referral .15, promotion .15) and an age group. Sign-up
       days are spread over 2022-01-01..2024-12-31 with a density that grows
       by 35% over the three years, follows the shopping calendar below, and
       is 6 times higher in January 2022, when the loyalty card was launched
       and existing shoppers registered. Acquisition cost (yuan) is
       lognormal with median 25 (store), 60 (online), 40 (referral), 85
       (promotion) and log-sd 0.30.
    2. **First purchase**. A customer never buys with probability .02
       (store), .12 (online), .06 (referral), .20 (promotion); otherwise the
       first purchase follows sign-up after an exponential delay with mean
       2, 25, 15, 40 days. Those who never bought by 2024-12-31 are the
       potential customers (潜在客户), about 9%.
    3. **Repeat purchases: BG/NBD** (Fader, Hardie and Lee 2005). While
       alive, customer i buys as a Poisson process with rate
       lambda_i = m_channel x Gamma(r = 0.9, alpha = 0.07) purchases per
       year (mean 12.9 a year before the multiplier m_channel = 1.0, 1.1,
       1.2, 0.75 for store, online, referral, promotion). After each repeat
       purchase the customer drops out for good with probability
       p_i ~ Beta(a = 1, b), b = 11, 9, 14, 5 by channel. Time runs in
       "shopping time": a calendar day counts as its seasonal weight
       (weekend x1.25, the three weeks before Chinese New Year x1.6, the
       New Year week x0.5, Double 11 on November 1-11 x1.9, the 618 sale on
       June 1-18 x1.3, normalized to mean 1), so the model is exactly
       BG/NBD in shopping time. Churn (流失) is not simulated as a label: it
       emerges from dropout.
    4. **Spend: Gamma-Gamma**. Customer i has nu_i ~ Gamma(q = 3.5,
       rate gamma = 125); each basket is Gamma(p = 4, rate nu_i), mean
       p gamma / (q - 1) = 200 yuan, times a regional price level (North
       1.00, South 1.05, East 1.15, West 0.85, Central 0.90) and a holiday
       basket effect (x1.2 before Chinese New Year, x1.25 at Double 11);
       at least 5 yuan, rounded to the fen (0.01).
    5. **Store**. Region stores: North S01-S02, South S03-S04, East
       S05-S06, West S07, Central S08. Each customer has a home store in
       their region, where 88% of purchases happen; the rest are spread
       over all eight stores.

    Age group has no effect on behaviour (a true null).

    Parameters
    ----------
    seed : int, default SEEDS["customers_and_transactions"] (101)
        Seed of ``numpy.random.default_rng``; the default made the shipped files.
    n_customers : int, default 5000
        Number of registered customers.

    Returns
    -------
    customers : pandas.DataFrame
        One row per registered customer, ids 1..n in order of sign-up.
    transactions : pandas.DataFrame
        One row per purchase, sorted by date then customer, ids 1..N.

    Raises
    ------
    TypeError
        If ``seed`` or ``n_customers`` is not an integer.
    ValueError
        If ``seed`` is negative or ``n_customers`` is below 1.

    References
    ----------
    Chain-store CRM (chain-store CRM) and Knowing the customer (customer states). Fader, P. S.,
    Hardie, B. G. S. & Lee, K. L. (2005), Marketing Science 24(2), 275-284
    (BG/NBD); Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value
    Curves for Customer Base Analysis", Journal of Marketing Research 42(4)
    (Gamma-Gamma).

    Examples
    --------
    >>> customers, log = generate_customers_and_transactions(seed=1, n_customers=200)
    >>> len(customers)
    200
    >>> bool(log["customer_id"].isin(customers["customer_id"]).all())
    True
    """
    seed = _check_seed(seed)
    n = _check_size(n_customers, "n_customers")
    params = CUSTOMERS_PARAMS
    rng = np.random.default_rng(seed)
    days, weight, basket = _calendar(params)
    n_days = len(days)

    regions = list(params["region_share"])
    channels = list(params["channel_share"])
    ages = list(params["age_group_share"])
    region = _draw(rng, list(params["region_share"].values()), n)
    channel = _draw(rng, list(params["channel_share"].values()), n)
    age = _draw(rng, list(params["age_group_share"].values()), n)

    signup_weight = weight * (1 + params["signup_growth"] * np.arange(n_days) / n_days)
    launch_month = (days.year == days.year[0]) & (days.month == 1)
    signup_weight[launch_month] *= params["launch_month_boost"]
    signup = np.sort(_draw(rng, signup_weight, n))

    cost_median = _values(params["acquisition_cost_median"], channels)[channel]
    acquisition_cost = np.round(
        cost_median * np.exp(params["acquisition_cost_log_sd"] * rng.standard_normal(n)), 2
    )

    never = rng.uniform(size=n) < _values(params["never_buy_probability"], channels)[channel]
    delay = rng.exponential(_values(params["first_purchase_delay_days"], channels)[channel])
    first = signup + np.floor(delay).astype(np.int64)
    buyer = ~never & (first < n_days)

    rate = params["purchase_rate"]
    lam = rng.gamma(rate["r"], 1 / rate["alpha"], size=n)
    lam = lam * _values(params["purchase_rate_multiplier"], channels)[channel]
    dropout_b = _values(params["dropout"]["b"], channels)[channel]
    p_drop = rng.beta(params["dropout"]["a"], dropout_b)
    repeats_until_dropout = rng.geometric(p_drop)

    # Shopping time (years) elapsed at the end of each calendar day.
    clock = np.cumsum(weight) / 365.25
    window_start = np.where(buyer, clock[np.minimum(first, n_days - 1)], clock[-1])
    window = clock[-1] - window_start
    n_events = np.where(buyer, rng.poisson(lam * window), 0)
    owner = np.repeat(np.arange(n), n_events)
    when = window_start[owner] + rng.uniform(size=owner.size) * window[owner]
    order = np.lexsort((when, owner))
    owner, when = owner[order], when[order]
    rank = np.arange(owner.size) - np.repeat(np.cumsum(n_events) - n_events, n_events)
    alive = rank < repeats_until_dropout[owner]
    owner, when = owner[alive], when[alive]
    repeat_day = np.minimum(np.searchsorted(clock, when), n_days - 1)

    buyer_index = np.flatnonzero(buyer)
    tx_customer = np.concatenate([buyer_index, owner])
    tx_day = np.concatenate([first[buyer], repeat_day])

    spend = params["spend"]
    nu = rng.gamma(spend["q"], 1 / spend["gamma"], size=n)
    price_level = _values(params["spend_multiplier"], regions)[region]
    amount = rng.gamma(spend["p"], 1 / nu[tx_customer]) * price_level[tx_customer] * basket[tx_day]
    amount = np.round(np.maximum(amount, params["minimum_amount"]), 2)

    stores = sorted(s for group in params["region_stores"].values() for s in group)
    # One row per region, two home-store slots (a one-store region repeats its store).
    home_table = np.array(
        [[stores.index(g[0]), stores.index(g[-1])] for g in params["region_stores"].values()]
    )
    home = home_table[region, rng.integers(0, 2, size=n)]
    away = rng.uniform(size=tx_customer.size) >= params["home_store_share"]
    store = np.where(away, rng.integers(0, len(stores), size=tx_customer.size), home[tx_customer])

    customers = pd.DataFrame(
        {
            "customer_id": np.arange(1, n + 1),
            "signup_date": days[signup],
            "region": np.array(regions)[region],
            "channel": np.array(channels)[channel],
            "acquisition_cost": acquisition_cost,
            "age_group": np.array(ages)[age],
        }
    )
    transactions = pd.DataFrame(
        {
            "customer_id": tx_customer + 1,
            "date": days[tx_day],
            "amount": amount,
            "store": np.array(stores)[store],
        }
    ).sort_values(["date", "customer_id"], kind="stable")
    transactions.insert(0, "transaction_id", np.arange(1, len(transactions) + 1))
    return conform(customers, "customers"), conform(transactions, "transactions")


@functools.lru_cache(maxsize=1)
def _default_transactions() -> pd.DataFrame:
    """The shipped purchase log, regenerated (never read from disk) for the linked surveys."""
    return generate_customers_and_transactions()[1]


def _purchase_log(transactions, extra_columns=()) -> pd.DataFrame:
    if transactions is None:
        return _default_transactions()
    check_transactions(transactions, "transactions")
    check_columns(transactions, extra_columns, "transactions")
    if transactions.empty:
        raise ValueError(message("datasets.transactions_is_empty_the_survey"))
    log = transactions.copy()
    log["date"] = pd.to_datetime(log["date"])
    return log


def _survey_year_buyers(log: pd.DataFrame) -> pd.DataFrame:
    """Per-customer summary of the last calendar year of a log (the survey year)."""
    year = log["date"].max().year
    recent = log[log["date"].dt.year == year]
    summary = recent.groupby("customer_id").agg(
        purchases=("amount", "size"), spend=("amount", "sum"), last_date=("date", "max")
    )
    summary["first_ever"] = log.groupby("customer_id")["date"].min().reindex(summary.index)
    summary["new"] = summary["first_ever"] > log["date"].max() - pd.Timedelta(days=182)
    return summary


def _check_enough(n: int, available: int, name: str) -> None:
    if n > available:
        raise ValueError(
            message(
                "datasets.name_cannot_exceed_the_available", name=name, available=available, n=n
            )
        )
