"""Course datasets (课程数据集): loaders for the shipped files and the generators behind them.

Every dataset of the course is a CSV file in the top-level ``datasets/``
folder (a wheel carries a copy in ``crmlab/_data``). ``load_<name>()`` reads a
file into a tidy DataFrame with proper dtypes; :func:`load` does the same by
name and :data:`DATASETS` lists the names.

The synthetic datasets describe **Huamei Stores** (华美连锁), a fictional
regional chain of eight stores, plus a fictional mobile operator and eight
fictional air-conditioner brands. Each comes from a seeded generator in this
module (``generate_<name>()``), so that

* running a generator with its default seed (:data:`SEEDS`) reproduces the
  shipped file exactly (``python scripts/make_datasets.py`` rewrites them), and
* the true parameters of the process are known: each generator's docstring
  states them and a module-level constant holds them
  (:data:`CUSTOMERS_PARAMS`, :data:`SATISFACTION_PARAMS`, :data:`KANO_PARAMS`,
  :data:`LOYALTY_PARAMS`, :data:`TELECOM_PARAMS`, :data:`CCSI_PARAMS`), so a
  notebook can compare an estimate with the truth.

``cdnow`` is real data (the CDNOW purchase log of Fader and Hardie) and
``appliance_tiers`` is the table of CRM slides, verbatim. The datasheet
``datasets/README.md`` documents every column, unit, size and licence.

Nothing is read at import; files are read on first use and cached, and every
loader returns a fresh copy that the caller may modify.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab._validation import check_columns, check_int, check_transactions
from crmlab.satisfaction import SIMPLE_INDEX

__all__ = [
    "CCSI_PARAMS",
    "CUSTOMERS_PARAMS",
    "DATASETS",
    "KANO_PARAMS",
    "LOYALTY_PARAMS",
    "SATISFACTION_PARAMS",
    "SEEDS",
    "TELECOM_PARAMS",
    "generate_all",
    "generate_ccsi_survey",
    "generate_customers_and_transactions",
    "generate_kano_survey",
    "generate_loyalty_survey",
    "generate_satisfaction_survey",
    "generate_telecom_churn",
    "load",
    "load_appliance_tiers",
    "load_ccsi_survey",
    "load_cdnow",
    "load_customers",
    "load_kano_survey",
    "load_loyalty_survey",
    "load_satisfaction_survey",
    "load_telecom_churn",
    "load_transactions",
]

DATASETS = (
    "appliance_tiers",
    "customers",
    "transactions",
    "satisfaction_survey",
    "kano_survey",
    "loyalty_survey",
    "telecom_churn",
    "ccsi_survey",
    "cdnow",
)
"""Names accepted by :func:`load`, in course order."""


def _frozen(value):
    """Read-only view of nested parameter dicts, so a notebook cannot change the truth."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    return value


SEEDS = _frozen(
    {
        "customers_and_transactions": 101,
        "satisfaction_survey": 303,
        "kano_survey": 313,
        "loyalty_survey": 404,
        "telecom_churn": 505,
        "ccsi_survey": 323,
    }
)
"""Default seed of each generator: the seed that made the shipped file."""

# --------------------------------------------------------------------------
# Schemas: the exact columns and dtypes of every table, shared by the
# generators and the loaders so that a regenerated table equals a loaded one.
# --------------------------------------------------------------------------
_DATE = "datetime64[us]"
# The 14 leaves of the indicator tree of CRM and satisfaction, in the tree's order.
_LEAVES = SIMPLE_INDEX.leaf_ids
_CCSI_CONSTRUCTS = ("BI", "EQ", "PQ", "PV", "SAT", "LOY")

_SCHEMAS = {
    "appliance_tiers": {
        "tier": "str",
        "value_pct": "float64",
        "market_share_pct": "float64",
        "customer_share_pct": "float64",
    },
    "customers": {
        "customer_id": "int64",
        "signup_date": _DATE,
        "region": "str",
        "channel": "str",
        "acquisition_cost": "float64",
        "age_group": "str",
    },
    "transactions": {
        "transaction_id": "int64",
        "customer_id": "int64",
        "date": _DATE,
        "amount": "float64",
        "store": "str",
    },
    "satisfaction_survey": {
        "respondent_id": "int64",
        "customer_id": "int64",
        "store": "str",
        "segment": "str",
        **dict.fromkeys(_LEAVES, "Int64"),
        "overall_satisfaction": "int64",
        "recommend": "int64",
        "repurchase_intention": "int64",
        "expected": "int64",
        "perceived": "int64",
    },
    "kano_survey": {
        "respondent_id": "int64",
        "feature": "str",
        "functional": "str",
        "dysfunctional": "str",
    },
    "loyalty_survey": {
        "customer_id": "int64",
        "attitude_1": "int64",
        "attitude_2": "int64",
        "attitude_3": "int64",
        "perceived_value": "float64",
        "satisfaction": "float64",
        "switching_cost": "float64",
        "trust": "float64",
        "category_spend": "float64",
    },
    "telecom_churn": {
        "subscriber_id": "int64",
        "region": "str",
        "plan": "str",
        "monthly_fee": "float64",
        "tenure_months": "int64",
        "complaints": "int64",
        "service_contacts": "int64",
        "tier": "str",
        "churned": "bool",
        "churn_type": "str",
        "churn_reason": "str",
    },
    "ccsi_survey": {
        "respondent_id": "int64",
        "brand": "str",
        **{f"{c}{k}": "int64" for c in _CCSI_CONSTRUCTS for k in (1, 2, 3)},
    },
    "cdnow": {"customer_id": "int64", "date": _DATE, "cds": "int64", "amount": "float64"},
}


def _conform(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Put a table in its documented column order and dtypes, with a fresh RangeIndex."""
    schema = _SCHEMAS[name]
    out = {}
    for column, dtype in schema.items():
        values = frame[column]
        if dtype == _DATE:
            out[column] = pd.to_datetime(values).astype(_DATE)
        elif dtype == "str":
            out[column] = values.astype("str")
            # astype("str") would turn a missing answer into the text "nan".
            out[column] = out[column].where(values.notna())
        else:
            out[column] = values.astype(dtype)
    return pd.DataFrame(out).reset_index(drop=True)


# --------------------------------------------------------------------------
# Data location and cached reading
# --------------------------------------------------------------------------
def _data_dir() -> Path:
    """Folder holding the data files.

    An installed wheel carries them in ``crmlab/_data`` (pyproject
    force-includes ``datasets/`` there); an editable install or a clone of
    the course uses the repository's top-level ``datasets/`` folder.
    """
    packaged = Path(__file__).parent / "_data"
    if packaged.is_dir():
        return packaged
    repository = Path(__file__).resolve().parent.parent / "datasets"
    if repository.is_dir():
        return repository
    raise FileNotFoundError(
        f"The crmlab data files were not found: neither {packaged} nor {repository} exists. "
        "Reinstall crmlab (pip install crmlab) or run from a clone of the course repository."
    )


@functools.cache
def _read_table(name: str) -> pd.DataFrame:
    path = _data_dir() / f"{name}.csv"
    raw = pd.read_csv(path)
    return _conform(raw, name)


@functools.cache
def _read_cdnow(full: bool) -> pd.DataFrame:
    folder = _data_dir() / "cdnow"
    if full:
        raw = pd.read_csv(
            folder / "CDNOW_master.txt",
            sep=r"\s+",
            header=0,
            names=["customer_id", "date", "cds", "amount"],
            dtype={"customer_id": "int64", "date": "str", "cds": "int64"},
        )
    else:
        raw = pd.read_csv(
            folder / "CDNOW_sample.txt",
            sep=r"\s+",
            header=None,
            names=["customer_id", "sample_id", "date", "cds", "amount"],
            dtype={"customer_id": "int64", "sample_id": "int64", "date": "str", "cds": "int64"},
        )
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    return _conform(raw, "cdnow")


# --------------------------------------------------------------------------
# Loaders
# --------------------------------------------------------------------------
def load_appliance_tiers() -> pd.DataFrame:
    """The appliance company's customer tiers (80/20 rule, 二八法则), verbatim from the CRM slides.

    Five tiers of an appliance maker's customers with their value to the firm
    and their shares of the market and of the company's customers, all in
    percent. The value column does not sum to 100 in the source; it is shown
    as reported. The tiers "very low" and "low" (62.7% of the company's
    customers) have negative value.

    Returns
    -------
    pandas.DataFrame
        5 rows: ``tier`` (str), ``value_pct``, ``market_share_pct``,
        ``customer_share_pct`` (float, percent).

    References
    ----------
    CRM slides (CRM course slides), the 80/20 customer tiers table.

    Examples
    --------
    >>> tiers = load_appliance_tiers()
    >>> tiers.loc[tiers["value_pct"] < 0, "customer_share_pct"].sum()
    np.float64(62.7)
    """
    return _read_table("appliance_tiers").copy()


def load_customers() -> pd.DataFrame:
    """Registered customers (注册客户) of Huamei Stores, 2022-2024.

    Made by :func:`generate_customers_and_transactions` with seed
    ``SEEDS["customers_and_transactions"]``; about 9% of them never bought
    (potential customers, 潜在客户).

    Returns
    -------
    pandas.DataFrame
        5,000 rows: ``customer_id`` (int64), ``signup_date`` (datetime64),
        ``region`` (North, South, East, West, Central), ``channel`` (store,
        online, referral, promotion), ``acquisition_cost`` (float, yuan),
        ``age_group`` (str).

    Examples
    --------
    >>> customers = load_customers()
    >>> customers.shape
    (5000, 6)
    >>> sorted(customers["channel"].unique())
    ['online', 'promotion', 'referral', 'store']
    """
    return _read_table("customers").copy()


def load_transactions() -> pd.DataFrame:
    """Purchase log (交易记录) of Huamei Stores, 2022-01-01 to 2024-12-31.

    One row per purchase, made by :func:`generate_customers_and_transactions`.
    It is a transaction log in the crmlab sense (``customer_id``, ``date``,
    ``amount``).

    Returns
    -------
    pandas.DataFrame
        ``transaction_id`` (int64), ``customer_id`` (int64, links to
        :func:`load_customers`), ``date`` (datetime64), ``amount`` (float,
        yuan), ``store`` (S01..S08), sorted by date.

    Examples
    --------
    >>> log = load_transactions()
    >>> list(log.columns)
    ['transaction_id', 'customer_id', 'date', 'amount', 'store']
    >>> str(log["date"].min().date()), str(log["date"].max().date())
    ('2022-01-01', '2024-12-31')
    """
    return _read_table("transactions").copy()


def load_satisfaction_survey() -> pd.DataFrame:
    """Customer satisfaction survey (顾客满意度调查) of Huamei Stores.

    600 customers who bought in 2024 rated the 14 leaves of the CRM and satisfaction
    indicator tree on a 0-100 scale (about 2% of the answers are missing),
    and answered overall satisfaction (1-10), the recommend question (0-10),
    repurchase intention (1-5), and their expected (1-10, before purchase)
    and perceived (1-10, after) value. Made by
    :func:`generate_satisfaction_survey`.

    Returns
    -------
    pandas.DataFrame
        ``respondent_id``, ``customer_id``, ``store``, ``segment`` (new,
        regular, VIP), ``X311`` ... ``X352`` (nullable Int64), then
        ``overall_satisfaction``, ``recommend``, ``repurchase_intention``,
        ``expected``, ``perceived`` (int64).

    Examples
    --------
    >>> survey = load_satisfaction_survey()
    >>> len(survey), str(survey["X331"].dtype)
    (600, 'Int64')
    """
    return _read_table("satisfaction_survey").copy()


def load_kano_survey() -> pd.DataFrame:
    """Kano survey (卡诺模型问卷) on eight service features of Huamei Stores.

    Long format: one row per respondent and feature with the answers to the
    functional question ("if the store offers it, how do you feel?") and the
    dysfunctional question ("if it does not?"). Made by
    :func:`generate_kano_survey`.

    Returns
    -------
    pandas.DataFrame
        1,600 rows (200 respondents x 8 features): ``respondent_id``,
        ``feature``, ``functional``, ``dysfunctional`` (str, one of "like",
        "must-be", "neutral", "live-with", "dislike").

    Examples
    --------
    >>> kano = load_kano_survey()
    >>> kano.shape, kano["feature"].nunique()
    ((1600, 4), 8)
    """
    return _read_table("kano_survey").copy()


def load_loyalty_survey() -> pd.DataFrame:
    """Loyalty survey (忠诚度调查) of 1,500 Huamei customers who bought in 2024.

    Relative-attitude items and the four loyalty determinants of Keeping relationships,
    plus each customer's yearly spend in the product category at all stores.
    Link it to :func:`load_transactions` by ``customer_id`` for repeat
    behaviour and share of wallet (our 2024 sales / ``category_spend``, at
    most 1). Made by :func:`generate_loyalty_survey`.

    Returns
    -------
    pandas.DataFrame
        ``customer_id``, ``attitude_1`` ... ``attitude_3`` (int64, 1-7),
        ``perceived_value``, ``satisfaction``, ``switching_cost``, ``trust``
        (float, 1-7 scale scores: means of three items), ``category_spend``
        (float, yuan per year).

    Examples
    --------
    >>> loyalty = load_loyalty_survey()
    >>> loyalty.shape
    (1500, 9)
    """
    return _read_table("loyalty_survey").copy()


def load_telecom_churn() -> pd.DataFrame:
    """Subscribers of a fictional mobile operator, with churn (客户流失), after Knowing the customer.

    Made by :func:`generate_telecom_churn`. ``tenure_months`` runs to the
    month of leaving for churned subscribers and to the extraction date for
    the others, so (``tenure_months``, ``churned``) are survival data.

    Returns
    -------
    pandas.DataFrame
        7,000 rows: ``subscriber_id``, ``region``, ``plan``, ``monthly_fee``
        (yuan), ``tenure_months``, ``complaints`` and ``service_contacts``
        (last 12 months), ``tier`` (key, ordinary, small, unworthy),
        ``churned`` (bool), ``churn_type`` (active, passive; missing if not
        churned), ``churn_reason`` (missing if not churned).

    Examples
    --------
    >>> churn = load_telecom_churn()
    >>> churn.shape, str(churn["churned"].dtype)
    ((7000, 11), 'bool')
    """
    return _read_table("telecom_churn").copy()


def load_ccsi_survey() -> pd.DataFrame:
    """CCSI survey (中国顾客满意指数) of owners of eight fictional air-conditioner brands.

    Each respondent rated the brand they own on three indicators for each of
    the six CCSI constructs: brand image (BI), expected quality (EQ),
    perceived quality (PQ), perceived value (PV), satisfaction (SAT) and
    loyalty (LOY), on 1-10 scales. Made by :func:`generate_ccsi_survey`
    from a documented structural model.

    Returns
    -------
    pandas.DataFrame
        800 rows: ``respondent_id``, ``brand``, ``BI1`` ... ``LOY3`` (int64).

    Examples
    --------
    >>> ccsi = load_ccsi_survey()
    >>> ccsi.shape, ccsi["brand"].nunique()
    ((800, 20), 8)
    """
    return _read_table("ccsi_survey").copy()


def load_cdnow(full: bool = False) -> pd.DataFrame:
    """CDNOW purchase data (real): the classic data set of "buy till you die" models.

    Every purchase of customers who first bought at the online music store
    CDNOW in the first quarter of 1997, up to the end of June 1998
    (Fader and Hardie). By default the 1/10 sample of 2,357 customers on
    which the published BG/NBD and Pareto/NBD estimates were made; with
    ``full=True`` the whole cohort of 23,570 customers.

    ``customer_id`` is always the master-file id, so a sample customer has
    the same id in both versions (the sample's own 1..2357 numbering is
    dropped). Rows are individual transactions: same-day purchases are not
    merged (the published models merge them; do so yourself).

    Parameters
    ----------
    full : bool, default False
        False for the sample (6,919 rows), True for the master file
        (69,659 rows).

    Returns
    -------
    pandas.DataFrame
        ``customer_id`` (int64), ``date`` (datetime64), ``cds`` (int64,
        number of CDs bought), ``amount`` (float, US dollars).

    Raises
    ------
    TypeError
        If ``full`` is not a boolean.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005), "Counting Your
    Customers the Easy Way: An Alternative to the Pareto/NBD Model",
    Marketing Science 24(2), 275-284.

    Examples
    --------
    >>> sample = load_cdnow()
    >>> len(sample), sample["customer_id"].nunique()
    (6919, 2357)
    """
    if not isinstance(full, bool | np.bool_):
        raise TypeError(f"full must be True or False, got {full!r} ({type(full).__name__}).")
    return _read_cdnow(bool(full)).copy()


_LOADERS = {
    "appliance_tiers": load_appliance_tiers,
    "customers": load_customers,
    "transactions": load_transactions,
    "satisfaction_survey": load_satisfaction_survey,
    "kano_survey": load_kano_survey,
    "loyalty_survey": load_loyalty_survey,
    "telecom_churn": load_telecom_churn,
    "ccsi_survey": load_ccsi_survey,
    "cdnow": load_cdnow,
}


def load(name: str, **kwargs) -> pd.DataFrame:
    """Load a course dataset by name (the same as calling ``load_<name>()``).

    Parameters
    ----------
    name : str
        One of :data:`DATASETS`.
    **kwargs
        Passed on to the loader (only ``load("cdnow", full=True)`` takes one).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ValueError
        If the name is not a course dataset; the message lists the names.

    Examples
    --------
    >>> load("appliance_tiers").shape
    (5, 4)
    >>> load("sales")
    Traceback (most recent call last):
    ...
    ValueError: Unknown dataset 'sales'. Available datasets: appliance_tiers, ...
    """
    if not isinstance(name, str) or name not in _LOADERS:
        raise ValueError(f"Unknown dataset {name!r}. Available datasets: {', '.join(DATASETS)}.")
    return _LOADERS[name](**kwargs)


# --------------------------------------------------------------------------
# Shared helpers of the generators
# --------------------------------------------------------------------------
def _check_seed(seed) -> int:
    return check_int(seed, "seed", low=0)


def _check_size(value, name: str) -> int:
    return check_int(value, name, low=1)


def _draw(rng: np.random.Generator, probabilities, size: int) -> np.ndarray:
    """Draw category indices with fixed probabilities (vectorized inverse CDF)."""
    cumulative = np.cumsum(np.asarray(probabilities, dtype=float))
    cumulative /= cumulative[-1]
    return np.searchsorted(cumulative, rng.uniform(size=size), side="right")


def _draw_rows(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """Draw one category index per row of a (rows x categories) probability matrix."""
    cumulative = np.cumsum(probabilities, axis=1)
    cumulative /= cumulative[:, -1:]
    u = rng.uniform(size=(len(probabilities), 1))
    return np.minimum((cumulative <= u).sum(axis=1), probabilities.shape[1] - 1)


def _values(mapping, keys) -> np.ndarray:
    """Parameter values in the order of the category labels (indexable by category codes)."""
    return np.array([mapping[key] for key in keys], dtype=float)


def _likert(values, low: int, high: int) -> np.ndarray:
    """Round latent scores to the integer points of a rating scale."""
    return np.clip(np.rint(values), low, high).astype(np.int64)


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
    return _conform(customers, "customers"), _conform(transactions, "transactions")


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
        raise ValueError("transactions is empty; the survey needs customers who bought.")
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
            f"{name} cannot exceed the {available} customers who bought in the survey year, got {n}."
        )


# --------------------------------------------------------------------------
# Satisfaction survey
# --------------------------------------------------------------------------
# Overall weight of each leaf in the weighted satisfaction index: second-level x third-level weight.
_INDEX_LEAF_WEIGHTS = SIMPLE_INDEX.leaf_weights().to_dict()

SATISFACTION_PARAMS = _frozen(
    {
        "leaf_mean": {
            "X311": 82.0,
            "X312": 78.0,
            "X313": 80.0,
            "X321": 77.0,
            "X322": 75.0,
            "X323": 72.0,
            "X324": 74.0,
            "X331": 64.0,
            "X332": 58.0,
            "X341": 71.0,
            "X342": 68.0,
            "X343": 73.0,
            "X351": 83.0,
            "X352": 79.0,
        },
        "leaf_loading": 9.0,
        "leaf_noise_sd": 8.0,
        "weakest_indicator": "X23",
        "store_effect": {"S03": 0.3, "S05": 0.2, "S07": -0.8},
        "segment_effect": {"new": -0.1, "regular": 0.0, "VIP": 0.3},
        "missing_share": 0.015,
        "missing_share_repair": 0.05,
        "overall": {"intercept": -0.5, "per_index_point": 0.105, "noise_sd": 0.7},
        "recommend": {"intercept": 8.1, "slope": 1.6, "noise_sd": 1.0},
        "repurchase": {"intercept": 3.7, "slope": 0.75, "noise_sd": 0.6},
        "expected": {
            "mean": 7.0,
            "segment_shift": {"new": -0.3, "regular": 0.0, "VIP": 0.6},
            "sd": 1.1,
        },
        "perceived": {"slope": 0.9, "noise_sd": 0.9, "shift": 0.1},
    }
)
"""True parameters of :func:`generate_satisfaction_survey` (see its docstring)."""


def generate_satisfaction_survey(
    seed: int = SEEDS["satisfaction_survey"],
    n_respondents: int = 600,
    transactions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Simulate the satisfaction survey (顾客满意度调查) of Huamei Stores.

    The process, with the true parameters of :data:`SATISFACTION_PARAMS`:

    1. **Sample**: ``n_respondents`` distinct customers drawn at random from
       those who bought in the last calendar year of the purchase log (2024).
       ``store`` is the store of their last purchase; ``segment`` is "new"
       (first purchase ever in the last 182 days of the log), "VIP"
       (otherwise, in the top 20% of that year's spend among the buyers who
       are not new) or "regular".
    2. **Latent satisfaction** s = z + store effect + segment effect, with
       z ~ N(0, 1), store effects S03 +0.3, S05 +0.2, S07 -0.8 (others 0) and
       segment effects new -0.1, regular 0, VIP +0.3.
    3. **Leaves** of the indicator tree of CRM and satisfaction, 0-100 integers:
       X = mean + 9 s + N(0, 8^2), clipped to [0, 100]. True means: X311 82,
       X312 78, X313 80, X321 77, X322 75, X323 72, X324 74, X331 64,
       X332 58, X341 71, X342 68, X343 73, X351 83, X352 79. So the
       installation quality X23 (weighted mean 61.6) is clearly the weakest
       second-level indicator; repair quality X24 (70.8) is second weakest.
       With every leaf at its mean the weighted satisfaction index is Y = 75.6.
    4. **Missing answers**: each answer is missing completely at random with
       probability 1.5%, the repair items X341-X343 with 5% (some had nothing
       repaired): about 2% of all answers.
    5. **Outcomes** (integers, clipped to their scales), using the index Y of
       the complete answers: overall_satisfaction (1-10) =
       -0.5 + 0.105 Y + N(0, 0.7^2); recommend (0-10) = 8.1 + 1.6 s +
       N(0, 1); repurchase_intention (1-5) = 3.7 + 0.75 s + N(0, 0.6^2);
       expected (1-10) = 7.0 + segment shift (new -0.3, VIP +0.6) +
       N(0, 1.1^2); perceived (1-10) = expected + 0.1 + 0.9 s + N(0, 0.9^2)
       (the latent values before rounding). Expected is at least 1, so the
       satisfaction ratio perceived / expected is always defined.

    Parameters
    ----------
    seed : int, default SEEDS["satisfaction_survey"] (303)
        Seed of ``numpy.random.default_rng``.
    n_respondents : int, default 600
        Number of respondents; at most the number of customers who bought in
        the survey year.
    transactions : pandas.DataFrame, optional
        Purchase log with ``customer_id``, ``date``, ``amount`` and
        ``store``. By default the shipped log (regenerated with its seed).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`load_satisfaction_survey`, sorted by customer.

    Raises
    ------
    TypeError
        If ``seed`` or ``n_respondents`` is not an integer, or
        ``transactions`` is not a DataFrame.
    ValueError
        If ``seed`` is negative, ``n_respondents`` is below 1 or larger than
        the number of survey-year buyers, or ``transactions`` misses a column.

    References
    ----------
    CRM and satisfaction (the weighted satisfaction index and its indicator tree),
    CRM slides (satisfaction ratio C = B / A).

    Examples
    --------
    >>> survey = generate_satisfaction_survey(seed=1, n_respondents=50)
    >>> survey.shape
    (50, 23)
    """
    seed = _check_seed(seed)
    n = _check_size(n_respondents, "n_respondents")
    log = _purchase_log(transactions, ("store",))
    params = SATISFACTION_PARAMS
    buyers = _survey_year_buyers(log)
    _check_enough(n, len(buyers), "n_respondents")
    rng = np.random.default_rng(seed)

    chosen = np.sort(rng.choice(buyers.index.to_numpy(), size=n, replace=False))
    info = buyers.loc[chosen]
    vip_cut = buyers.loc[~buyers["new"], "spend"].quantile(0.8)
    segment = np.where(info["new"], "new", np.where(info["spend"] >= vip_cut, "VIP", "regular"))
    last = log.sort_values(["customer_id", "date"], kind="stable").groupby("customer_id").tail(1)
    store = last.set_index("customer_id")["store"].reindex(chosen).to_numpy()

    store_effect = pd.Series(store).map(params["store_effect"]).fillna(0.0).to_numpy()
    segment_effect = pd.Series(segment).map(params["segment_effect"]).to_numpy()
    s = rng.standard_normal(n) + store_effect + segment_effect

    means = _values(params["leaf_mean"], _LEAVES)
    latent = (
        means
        + params["leaf_loading"] * s[:, None]
        + params["leaf_noise_sd"] * rng.standard_normal((n, len(_LEAVES)))
    )
    leaves = _likert(latent, 0, 100)
    index = leaves @ _values(_INDEX_LEAF_WEIGHTS, _LEAVES)
    missing_share = np.where(
        np.isin(_LEAVES, ("X341", "X342", "X343")),
        params["missing_share_repair"],
        params["missing_share"],
    )
    missing = rng.uniform(size=leaves.shape) < missing_share

    o, r, q = params["overall"], params["recommend"], params["repurchase"]
    overall = _likert(
        o["intercept"] + o["per_index_point"] * index + o["noise_sd"] * rng.standard_normal(n),
        1,
        10,
    )
    recommend = _likert(
        r["intercept"] + r["slope"] * s + r["noise_sd"] * rng.standard_normal(n), 0, 10
    )
    repurchase = _likert(
        q["intercept"] + q["slope"] * s + q["noise_sd"] * rng.standard_normal(n), 1, 5
    )
    e, p = params["expected"], params["perceived"]
    expected_latent = (
        e["mean"]
        + pd.Series(segment).map(e["segment_shift"]).to_numpy()
        + e["sd"] * rng.standard_normal(n)
    )
    perceived_latent = (
        expected_latent + p["shift"] + p["slope"] * s + p["noise_sd"] * rng.standard_normal(n)
    )

    frame = pd.DataFrame(
        {
            "respondent_id": np.arange(1, n + 1),
            "customer_id": chosen,
            "store": store,
            "segment": segment,
        }
    )
    answers = pd.DataFrame(leaves, columns=list(_LEAVES)).astype("Int64")
    answers = answers.mask(pd.DataFrame(missing, columns=list(_LEAVES)))
    frame = pd.concat([frame, answers], axis=1)
    frame["overall_satisfaction"] = overall
    frame["recommend"] = recommend
    frame["repurchase_intention"] = repurchase
    frame["expected"] = _likert(expected_latent, 1, 10)
    frame["perceived"] = _likert(perceived_latent, 1, 10)
    return _conform(frame, "satisfaction_survey")


# --------------------------------------------------------------------------
# Kano survey
# --------------------------------------------------------------------------
_KANO_CATEGORIES = ("A", "O", "M", "I", "R", "Q")

KANO_PARAMS = _frozen(
    {
        "true_category": {
            "free delivery": "O",
            "mobile app": "A",
            "self checkout": "A",
            "clean fitting rooms": "M",
            "member discounts": "O",
            "product returns": "M",
            "personal shopper": "I",
            "store parking": "I",
        },
        # Share of respondents who perceive each feature as A, O, M, I, R, Q.
        "category_mix": {
            "free delivery": (0.25, 0.50, 0.08, 0.13, 0.02, 0.02),
            "mobile app": (0.45, 0.12, 0.03, 0.30, 0.07, 0.03),
            "self checkout": (0.42, 0.10, 0.05, 0.31, 0.10, 0.02),
            "clean fitting rooms": (0.05, 0.25, 0.55, 0.12, 0.01, 0.02),
            "member discounts": (0.22, 0.48, 0.15, 0.12, 0.01, 0.02),
            "product returns": (0.05, 0.30, 0.50, 0.12, 0.01, 0.02),
            "personal shopper": (0.28, 0.06, 0.02, 0.50, 0.12, 0.02),
            "store parking": (0.08, 0.15, 0.30, 0.42, 0.02, 0.03),
        },
        # Answer pairs (functional, dysfunctional) given the perceived category.
        "answer_pairs": {
            "A": {
                ("like", "neutral"): 0.45,
                ("like", "live-with"): 0.35,
                ("like", "must-be"): 0.20,
            },
            "O": {("like", "dislike"): 1.0},
            "M": {
                ("neutral", "dislike"): 0.40,
                ("must-be", "dislike"): 0.35,
                ("live-with", "dislike"): 0.25,
            },
            "I": {
                ("neutral", "neutral"): 0.40,
                ("neutral", "live-with"): 0.20,
                ("live-with", "live-with"): 0.15,
                ("must-be", "neutral"): 0.10,
                ("live-with", "neutral"): 0.10,
                ("must-be", "must-be"): 0.05,
            },
            "R": {
                ("dislike", "like"): 0.40,
                ("neutral", "like"): 0.25,
                ("live-with", "like"): 0.20,
                ("dislike", "neutral"): 0.15,
            },
            "Q": {("like", "like"): 0.60, ("dislike", "dislike"): 0.40},
        },
    }
)
"""True parameters of :func:`generate_kano_survey` (see its docstring)."""


def generate_kano_survey(
    seed: int = SEEDS["kano_survey"], n_respondents: int = 200
) -> pd.DataFrame:
    """Simulate a Kano survey (卡诺模型问卷) on eight service features of Huamei Stores.

    Each respondent answers, for every feature, the functional question
    ("if the store offers it, how do you feel?") and the dysfunctional one
    ("if it does not?") with "like", "must-be", "neutral", "live-with" or
    "dislike".

    The process, with the true parameters of :data:`KANO_PARAMS`:

    1. For each respondent and feature, the category the respondent
       perceives is drawn from the feature's mix over (A, O, M, I, R, Q):

       ===================  ====  =============================
       feature              true  mix A / O / M / I / R / Q (%)
       ===================  ====  =============================
       free delivery        O     25 / 50 /  8 / 13 /  2 / 2
       mobile app           A     45 / 12 /  3 / 30 /  7 / 3
       self checkout        A     42 / 10 /  5 / 31 / 10 / 2
       clean fitting rooms  M      5 / 25 / 55 / 12 /  1 / 2
       member discounts     O     22 / 48 / 15 / 12 /  1 / 2
       product returns      M      5 / 30 / 50 / 12 /  1 / 2
       personal shopper     I     28 /  6 /  2 / 50 / 12 / 2
       store parking        I      8 / 15 / 30 / 42 /  2 / 3
       ===================  ====  =============================

    2. The answer pair is drawn among the pairs that the standard Kano
       evaluation table maps to that category, e.g. A: (like, neutral) .45,
       (like, live-with) .35, (like, must-be) .20; O: (like, dislike);
       M: (neutral | must-be | live-with, dislike) .40 / .35 / .25 (all pairs
       in ``KANO_PARAMS["answer_pairs"]``).

    Parameters
    ----------
    seed : int, default SEEDS["kano_survey"] (313)
        Seed of ``numpy.random.default_rng``.
    n_respondents : int, default 200
        Number of respondents; the result has 8 rows per respondent.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`load_kano_survey`.

    Raises
    ------
    TypeError
        If ``seed`` or ``n_respondents`` is not an integer.
    ValueError
        If ``seed`` is negative or ``n_respondents`` is below 1.

    References
    ----------
    CRM slides (Kano model: 迷人质量, 期望质量, 当然质量). Kano, N. et al.
    (1984), "Attractive quality and must-be quality", Journal of the
    Japanese Society for Quality Control 14(2).

    Examples
    --------
    >>> kano = generate_kano_survey(seed=1, n_respondents=10)
    >>> kano.shape
    (80, 4)
    """
    seed = _check_seed(seed)
    n = _check_size(n_respondents, "n_respondents")
    params = KANO_PARAMS
    rng = np.random.default_rng(seed)
    features = list(params["true_category"])
    mix = np.array([params["category_mix"][f] for f in features])
    feature_index = np.tile(np.arange(len(features)), n)
    category = _draw_rows(rng, mix[feature_index])

    # Category x slot tables of answer pairs; unused slots have probability 0.
    width = max(len(params["answer_pairs"][c]) for c in _KANO_CATEGORIES)
    pair_probs = np.zeros((len(_KANO_CATEGORIES), width))
    pair_answers = np.full((len(_KANO_CATEGORIES), width, 2), "neutral", dtype=object)
    for k, c in enumerate(_KANO_CATEGORIES):
        options = params["answer_pairs"][c]
        pair_probs[k, : len(options)] = list(options.values())
        pair_answers[k, : len(options)] = list(options)
    pair = _draw_rows(rng, pair_probs[category])
    functional = pair_answers[category, pair, 0]
    dysfunctional = pair_answers[category, pair, 1]

    frame = pd.DataFrame(
        {
            "respondent_id": np.repeat(np.arange(1, n + 1), len(features)),
            "feature": np.array(features)[feature_index],
            "functional": functional,
            "dysfunctional": dysfunctional,
        }
    )
    return _conform(frame, "kano_survey")


# --------------------------------------------------------------------------
# Loyalty survey
# --------------------------------------------------------------------------
LOYALTY_PARAMS = _frozen(
    {
        "determinants": {
            "satisfaction": {"intercept": 4.8, "behaviour": 0.45, "noise_sd": 0.9},
            "perceived_value": {"intercept": 4.5, "satisfaction": 0.5, "noise_sd": 0.8},
            "switching_cost": {"intercept": 3.5, "behaviour": 0.6, "noise_sd": 1.0},
            "trust": {"intercept": 1.6, "satisfaction": 0.55, "noise_sd": 0.7},
        },
        "item_noise_sd": 0.7,
        "attitude": {
            "intercept": 0.0,
            "perceived_value": 0.30,
            "satisfaction": 0.40,
            "switching_cost": 0.10,
            "trust": 0.25,
            "noise_sd": 0.55,
        },
        "attitude_item_noise_sd": 0.6,
        "share_of_wallet": {
            "intercept": -0.7,
            "attitude": 0.6,
            "behaviour": 0.5,
            "noise_sd": 0.6,
            "floor": 0.05,
        },
        "category_spend_step": 10.0,
    }
)
"""True parameters of :func:`generate_loyalty_survey` (see its docstring)."""


def generate_loyalty_survey(
    seed: int = SEEDS["loyalty_survey"],
    n_respondents: int = 1500,
    transactions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Simulate the loyalty survey (忠诚度调查) of Huamei Stores.

    The process, with the true parameters of :data:`LOYALTY_PARAMS`:

    1. **Sample**: ``n_respondents`` distinct customers who bought in the
       last calendar year of the purchase log (2024). Their behaviour score
       b is the standardized log number of purchases in that year (mean 0,
       sd 1 among that year's buyers).
    2. **Determinants** (Keeping relationships): latent values, each then measured by
       three 1-7 items (latent + N(0, 0.7^2), rounded and clipped) whose
       mean, rounded to 0.01, is the scale score in the data:
       satisfaction = 4.8 + 0.45 b + N(0, 0.9^2);
       perceived_value = 4.5 + 0.5 (satisfaction - 4.8) + N(0, 0.8^2);
       switching_cost = 3.5 + 0.6 b + N(0, 1);
       trust = 1.6 + 0.55 satisfaction + N(0, 0.7^2) (trust is driven by
       satisfaction).
    3. **Relative attitude** from the *measured* scale scores, the true
       regression (so OLS of the mean attitude on the four scores recovers
       it, up to rounding): attitude = 0.30 perceived_value +
       0.40 satisfaction + 0.10 switching_cost + 0.25 trust + N(0, 0.55^2);
       items attitude_1..3 = attitude + N(0, 0.6^2), rounded to 1-7.
    4. **Category spend**: true share of wallet
       w = logistic(-0.7 + 0.6 (attitude - 4.5) + 0.5 b + N(0, 0.6^2)), at
       least 0.05; category_spend = the customer's survey-year spend with us
       / w, rounded up to 10 yuan, so share of wallet <= 1.

    Frequent buyers score higher on average, yet the noise leaves latent
    (high attitude, few purchases) and spurious (low attitude, many
    purchases) loyal customers, as in Dick and Basu's four types.

    Parameters
    ----------
    seed : int, default SEEDS["loyalty_survey"] (404)
        Seed of ``numpy.random.default_rng``.
    n_respondents : int, default 1500
        Number of respondents; at most the number of survey-year buyers.
    transactions : pandas.DataFrame, optional
        Purchase log (``customer_id``, ``date``, ``amount``). By default the
        shipped log (regenerated with its seed).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`load_loyalty_survey`, sorted by customer.

    Raises
    ------
    TypeError
        If ``seed`` or ``n_respondents`` is not an integer, or
        ``transactions`` is not a DataFrame.
    ValueError
        If ``seed`` is negative, ``n_respondents`` is below 1 or larger than
        the number of survey-year buyers, or ``transactions`` misses a column.

    References
    ----------
    Keeping relationships (loyalty types and determinants), CRM slides (share of wallet).
    Dick, A. S. & Basu, K. (1994), "Customer loyalty: toward an integrated
    conceptual framework", Journal of the Academy of Marketing Science 22(2).

    Examples
    --------
    >>> loyalty = generate_loyalty_survey(seed=1, n_respondents=100)
    >>> loyalty.shape
    (100, 9)
    """
    seed = _check_seed(seed)
    n = _check_size(n_respondents, "n_respondents")
    log = _purchase_log(transactions)
    params = LOYALTY_PARAMS
    buyers = _survey_year_buyers(log)
    _check_enough(n, len(buyers), "n_respondents")
    rng = np.random.default_rng(seed)

    log_purchases = np.log(buyers["purchases"].to_numpy(dtype=float))
    spread = log_purchases.std() or 1.0
    behaviour_all = (log_purchases - log_purchases.mean()) / spread
    pick = np.sort(rng.choice(len(buyers), size=n, replace=False))
    customer_id = buyers.index.to_numpy()[pick]
    b = behaviour_all[pick]
    spend = buyers["spend"].to_numpy()[pick]

    d = params["determinants"]
    sat = d["satisfaction"]
    pv = d["perceived_value"]
    sc = d["switching_cost"]
    tr = d["trust"]
    latent_sat = sat["intercept"] + sat["behaviour"] * b + sat["noise_sd"] * rng.standard_normal(n)
    latent = {
        "satisfaction": latent_sat,
        "perceived_value": pv["intercept"]
        + pv["satisfaction"] * (latent_sat - sat["intercept"])
        + pv["noise_sd"] * rng.standard_normal(n),
        "switching_cost": sc["intercept"]
        + sc["behaviour"] * b
        + sc["noise_sd"] * rng.standard_normal(n),
        "trust": tr["intercept"]
        + tr["satisfaction"] * latent_sat
        + tr["noise_sd"] * rng.standard_normal(n),
    }
    scores = {
        name: np.round(
            _likert(
                value[:, None] + params["item_noise_sd"] * rng.standard_normal((n, 3)), 1, 7
            ).mean(axis=1),
            2,
        )
        for name, value in latent.items()
    }
    a = params["attitude"]
    attitude = (
        a["intercept"]
        + sum(a[name] * scores[name] for name in latent)
        + a["noise_sd"] * rng.standard_normal(n)
    )
    items = _likert(
        attitude[:, None] + params["attitude_item_noise_sd"] * rng.standard_normal((n, 3)), 1, 7
    )

    w = params["share_of_wallet"]
    logit = (
        w["intercept"]
        + w["attitude"] * (attitude - 4.5)
        + w["behaviour"] * b
        + w["noise_sd"] * rng.standard_normal(n)
    )
    share = np.maximum(1 / (1 + np.exp(-logit)), w["floor"])
    step = params["category_spend_step"]
    category_spend = np.ceil(np.round(spend / share, 6) / step) * step
    category_spend = np.maximum(category_spend, np.ceil(spend / step) * step)

    frame = pd.DataFrame(
        {
            "customer_id": customer_id,
            "attitude_1": items[:, 0],
            "attitude_2": items[:, 1],
            "attitude_3": items[:, 2],
            "perceived_value": scores["perceived_value"],
            "satisfaction": scores["satisfaction"],
            "switching_cost": scores["switching_cost"],
            "trust": scores["trust"],
            "category_spend": category_spend,
        }
    )
    return _conform(frame, "loyalty_survey")


# --------------------------------------------------------------------------
# Telecom churn
# --------------------------------------------------------------------------
TELECOM_PARAMS = _frozen(
    {
        "region_share": {"North": 0.20, "South": 0.24, "East": 0.26, "West": 0.13, "Central": 0.17},
        "plan_share": {
            "prepaid": 0.30,
            "basic": 0.25,
            "data plus": 0.22,
            "family": 0.15,
            "business": 0.08,
        },
        "plan_fee_median": {
            "prepaid": 35.0,
            "basic": 58.0,
            "data plus": 98.0,
            "family": 158.0,
            "business": 228.0,
        },
        "fee_log_sd": 0.30,
        "tenure_gamma": {"shape": 1.3, "scale_months": 15.0},
        "tenure_multiplier": {
            "prepaid": 0.7,
            "basic": 1.0,
            "data plus": 1.0,
            "family": 1.4,
            "business": 1.5,
        },
        "max_tenure_months": 120,
        "complaints_mean": 0.35,
        "contacts": {"base": 0.8, "per_complaint": 1.2},
        "arrears_probability_postpaid": 0.12,
        "tier_fee_cut": {"key": 180.0, "ordinary": 60.0},
        "logit": {
            "intercept": -1.85,
            "tenure_months": -0.010,
            "complaints": 0.50,
            "service_contacts": 0.15,
            "monthly_fee": 0.004,
            "plan": {
                "prepaid": 0.7,
                "basic": 0.0,
                "data plus": -0.2,
                "family": -0.8,
                "business": -0.5,
            },
            "tier_unworthy": 1.5,
        },
        "passive_probability": {"unworthy": 0.75, "other_postpaid": 0.03, "prepaid": 0.0},
        "active_reason_weight": {
            "competition": 0.42,
            "price": 0.22,
            "service attitude": 0.15,
            "billing/integrity": 0.12,
            "natural": 0.09,
        },
        "reason_tilt": {
            "service attitude_if_complained": 2.0,
            "billing/integrity_if_complained": 1.5,
            "price_if_prepaid": 1.5,
            "competition_if_key": 1.5,
        },
    }
)
"""True parameters of :func:`generate_telecom_churn` (see its docstring)."""


def generate_telecom_churn(
    seed: int = SEEDS["telecom_churn"], n_subscribers: int = 7000
) -> pd.DataFrame:
    """Simulate the subscribers of a fictional mobile operator and their churn (客户流失).

    Modelled on the China Mobile case of Knowing the customer (competitors, "the big
    shop bullies customers" 店大欺客, natural churn, integrity problems,
    neglected details) and the churn types of Keeping relationships (active vs passive).
    The process, with the true parameters of :data:`TELECOM_PARAMS`:

    1. **Profile**: region; plan prepaid .30, basic .25, data plus .22,
       family .15, business .08; monthly_fee = plan median (35, 58, 98, 158,
       228 yuan) x lognormal(0, 0.30^2), rounded to 0.01; tenure_months =
       1 + Gamma(1.3, 15 months) x plan multiplier (0.7, 1.0, 1.0, 1.4,
       1.5), whole months, at most 120; complaints ~ Poisson(0.35) and
       service_contacts ~ Poisson(0.8 + 1.2 complaints) in the last 12
       months.
    2. **Tier** (Keeping relationships): "unworthy" if the subscriber has an arrears
       record (postpaid only, probability .12); otherwise "key" if
       monthly_fee >= 180, "ordinary" if >= 60, else "small".
    3. **Churn**: churned ~ Bernoulli(logistic(eta)) with
       eta = -1.85 - 0.010 tenure_months + 0.50 complaints
       + 0.15 service_contacts + 0.004 monthly_fee + plan effect (prepaid
       +0.7, basic 0, data plus -0.2, family -0.8, business -0.5) + 1.5 if
       tier is unworthy. A logistic regression on these columns recovers the
       coefficients.
    4. **Type**: a churned subscriber is passive (bad debt, 欠费) with
       probability .75 if unworthy, .03 if another postpaid subscriber and
       0 if prepaid (prepaid cannot run up debt); otherwise active.
    5. **Reason** of an active churner: competition .42, price .22, service
       attitude .15, billing/integrity .12, natural .09, re-weighted x2
       (service attitude) and x1.5 (billing/integrity) if the subscriber
       complained, x1.5 (price) for prepaid and x1.5 (competition) for key
       subscribers (rivals court high-end users). Passive churners have the
       reason "bad debt". Reasons and type are missing for stayers.

    ``tenure_months`` is the tenure at leaving for churners and at the
    extraction date for the others, so (tenure_months, churned) can be read
    as survival data.

    Parameters
    ----------
    seed : int, default SEEDS["telecom_churn"] (505)
        Seed of ``numpy.random.default_rng``.
    n_subscribers : int, default 7000
        Number of subscribers.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`load_telecom_churn`.

    Raises
    ------
    TypeError
        If ``seed`` or ``n_subscribers`` is not an integer.
    ValueError
        If ``seed`` is negative or ``n_subscribers`` is below 1.

    References
    ----------
    Knowing the customer (China Mobile churn case), Keeping relationships (churn types and the
    attitude to churn by customer tier).

    Examples
    --------
    >>> churn = generate_telecom_churn(seed=1, n_subscribers=100)
    >>> churn.shape
    (100, 11)
    >>> bool(churn.loc[~churn["churned"], "churn_reason"].isna().all())
    True
    """
    seed = _check_seed(seed)
    n = _check_size(n_subscribers, "n_subscribers")
    params = TELECOM_PARAMS
    rng = np.random.default_rng(seed)
    regions = list(params["region_share"])
    plans = list(params["plan_share"])
    region = _draw(rng, list(params["region_share"].values()), n)
    plan = _draw(rng, list(params["plan_share"].values()), n)
    prepaid = plan == plans.index("prepaid")

    fee_median = _values(params["plan_fee_median"], plans)[plan]
    monthly_fee = np.round(fee_median * np.exp(params["fee_log_sd"] * rng.standard_normal(n)), 2)
    tg = params["tenure_gamma"]
    tenure_scale = tg["scale_months"] * _values(params["tenure_multiplier"], plans)[plan]
    tenure = 1 + np.floor(rng.gamma(tg["shape"], tenure_scale)).astype(np.int64)
    tenure = np.minimum(tenure, params["max_tenure_months"])
    complaints = rng.poisson(params["complaints_mean"], size=n)
    contacts = rng.poisson(
        params["contacts"]["base"] + params["contacts"]["per_complaint"] * complaints
    )

    arrears = ~prepaid & (rng.uniform(size=n) < params["arrears_probability_postpaid"])
    cut = params["tier_fee_cut"]
    tier = np.where(
        arrears,
        "unworthy",
        np.where(
            monthly_fee >= cut["key"],
            "key",
            np.where(monthly_fee >= cut["ordinary"], "ordinary", "small"),
        ),
    )

    b = params["logit"]
    eta = (
        b["intercept"]
        + b["tenure_months"] * tenure
        + b["complaints"] * complaints
        + b["service_contacts"] * contacts
        + b["monthly_fee"] * monthly_fee
        + _values(b["plan"], plans)[plan]
        + b["tier_unworthy"] * (tier == "unworthy")
    )
    churned = rng.uniform(size=n) < 1 / (1 + np.exp(-eta))

    pp = params["passive_probability"]
    passive_p = np.where(
        tier == "unworthy", pp["unworthy"], np.where(prepaid, pp["prepaid"], pp["other_postpaid"])
    )
    passive = churned & (rng.uniform(size=n) < passive_p)

    reasons = list(params["active_reason_weight"])
    weights = np.tile(_values(params["active_reason_weight"], reasons), (n, 1))
    tilt = params["reason_tilt"]
    complained = complaints > 0
    weights[complained, reasons.index("service attitude")] *= tilt["service attitude_if_complained"]
    weights[complained, reasons.index("billing/integrity")] *= tilt[
        "billing/integrity_if_complained"
    ]
    weights[prepaid, reasons.index("price")] *= tilt["price_if_prepaid"]
    weights[tier == "key", reasons.index("competition")] *= tilt["competition_if_key"]
    active_reason = np.array(reasons)[_draw_rows(rng, weights)]

    churn_type = np.where(passive, "passive", "active").astype(object)
    churn_reason = np.where(passive, "bad debt", active_reason).astype(object)
    churn_type[~churned] = None
    churn_reason[~churned] = None

    frame = pd.DataFrame(
        {
            "subscriber_id": np.arange(1, n + 1),
            "region": np.array(regions)[region],
            "plan": np.array(plans)[plan],
            "monthly_fee": monthly_fee,
            "tenure_months": tenure,
            "complaints": complaints,
            "service_contacts": contacts,
            "tier": tier,
            "churned": churned,
            "churn_type": churn_type,
            "churn_reason": churn_reason,
        }
    )
    return _conform(frame, "telecom_churn")


# --------------------------------------------------------------------------
# CCSI survey
# --------------------------------------------------------------------------
CCSI_PARAMS = _frozen(
    {
        "brand_share": {
            "Arctiva": 0.22,
            "Breezia": 0.18,
            "Coolwave": 0.15,
            "Frostel": 0.12,
            "Lanfeng": 0.10,
            "Nordair": 0.09,
            "Qingliang": 0.08,
            "Zephyra": 0.06,
        },
        "brand_image_mean": {
            "Arctiva": 0.6,
            "Breezia": 0.4,
            "Coolwave": 0.1,
            "Frostel": 0.3,
            "Lanfeng": -0.2,
            "Nordair": 0.0,
            "Qingliang": -0.5,
            "Zephyra": -0.3,
        },
        "perceived_quality_shift": {
            "Arctiva": 0.3,
            "Breezia": 0.1,
            "Coolwave": 0.4,
            "Frostel": -0.3,
            "Lanfeng": 0.2,
            "Nordair": -0.1,
            "Qingliang": -0.4,
            "Zephyra": 0.0,
        },
        "paths": {
            "EQ": {"BI": 0.60},
            "PQ": {"BI": 0.25, "EQ": 0.35},
            "PV": {"EQ": 0.20, "PQ": 0.55},
            "SAT": {"BI": 0.15, "PQ": 0.40, "PV": 0.35},
            "LOY": {"BI": 0.20, "SAT": 0.60},
        },
        "residual_sd": {"BI": 1.0, "EQ": 0.80, "PQ": 0.84, "PV": 0.75, "SAT": 0.60, "LOY": 0.70},
        "indicator_intercept": {"BI": 7.4, "EQ": 7.8, "PQ": 7.3, "PV": 6.9, "SAT": 7.2, "LOY": 6.8},
        "loadings": {
            "BI": (0.90, 0.85, 0.80),
            "EQ": (0.85, 0.90, 0.80),
            "PQ": (0.90, 0.88, 0.82),
            "PV": (0.88, 0.85, 0.80),
            "SAT": (0.92, 0.90, 0.86),
            "LOY": (0.88, 0.84, 0.78),
        },
        "scale": 1.3,
        "indicator_noise_sd": 0.8,
    }
)
"""True parameters of :func:`generate_ccsi_survey` (see its docstring)."""


def generate_ccsi_survey(
    seed: int = SEEDS["ccsi_survey"], n_respondents: int = 800
) -> pd.DataFrame:
    """Simulate a CCSI survey (中国顾客满意指数) of eight fictional air-conditioner brands.

    Each respondent owns one brand (drawn with the market shares
    Arctiva .22, Breezia .18, Coolwave .15, Frostel .12, Lanfeng .10,
    Nordair .09, Qingliang .08, Zephyra .06) and rates it.

    The structural model of the CCSI (CRM and satisfaction), latent variables with the
    true path coefficients of :data:`CCSI_PARAMS` and independent normal
    residuals (sd in brackets):

    * BI (brand image) = brand mean + e [1.0]; brand means Arctiva 0.6,
      Breezia 0.4, Coolwave 0.1, Frostel 0.3, Lanfeng -0.2, Nordair 0,
      Qingliang -0.5, Zephyra -0.3;
    * EQ (expected quality) = 0.60 BI + e [0.80];
    * PQ (perceived quality) = brand shift + 0.25 BI + 0.35 EQ + e [0.84];
      shifts Arctiva 0.3, Breezia 0.1, Coolwave 0.4, Frostel -0.3,
      Lanfeng 0.2, Nordair -0.1, Qingliang -0.4, Zephyra 0;
    * PV (perceived value) = 0.20 EQ + 0.55 PQ + e [0.75];
    * SAT (satisfaction) = 0.15 BI + 0.40 PQ + 0.35 PV + e [0.60];
    * LOY (loyalty) = 0.20 BI + 0.60 SAT + e [0.70].

    Measurement model: indicator k of construct C is
    round(c_C + 1.3 x loading_Ck x C + N(0, 0.8^2)) clipped to 1-10, with
    intercepts c = BI 7.4, EQ 7.8, PQ 7.3, PV 6.9, SAT 7.2, LOY 6.8 and
    loadings between 0.78 and 0.92 (``CCSI_PARAMS["loadings"]``).

    Parameters
    ----------
    seed : int, default SEEDS["ccsi_survey"] (323)
        Seed of ``numpy.random.default_rng``.
    n_respondents : int, default 800
        Number of respondents (one brand each).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`load_ccsi_survey`.

    Raises
    ------
    TypeError
        If ``seed`` or ``n_respondents`` is not an integer.
    ValueError
        If ``seed`` is negative or ``n_respondents`` is below 1.

    References
    ----------
    CRM and satisfaction (CCSI model: 品牌形象, 预期质量, 感知质量, 感知价值, 顾客满意,
    顾客忠诚). Fornell, C. et al. (1996), "The American Customer
    Satisfaction Index", Journal of Marketing 60(4).

    Examples
    --------
    >>> ccsi = generate_ccsi_survey(seed=1, n_respondents=40)
    >>> ccsi.shape
    (40, 20)
    """
    seed = _check_seed(seed)
    n = _check_size(n_respondents, "n_respondents")
    params = CCSI_PARAMS
    rng = np.random.default_rng(seed)
    brands = list(params["brand_share"])
    brand = _draw(rng, list(params["brand_share"].values()), n)
    sd = params["residual_sd"]
    paths = params["paths"]
    lv = {
        "BI": _values(params["brand_image_mean"], brands)[brand] + sd["BI"] * rng.standard_normal(n)
    }
    for construct in ("EQ", "PQ", "PV", "SAT", "LOY"):
        value = sd[construct] * rng.standard_normal(n)
        for cause, coefficient in paths[construct].items():
            value = value + coefficient * lv[cause]
        if construct == "PQ":
            value = value + _values(params["perceived_quality_shift"], brands)[brand]
        lv[construct] = value

    frame = pd.DataFrame({"respondent_id": np.arange(1, n + 1), "brand": np.array(brands)[brand]})
    for construct in _CCSI_CONSTRUCTS:
        loadings = np.array(params["loadings"][construct])
        scores = (
            params["indicator_intercept"][construct]
            + params["scale"] * loadings * lv[construct][:, None]
            + params["indicator_noise_sd"] * rng.standard_normal((n, 3))
        )
        for k in range(3):
            frame[f"{construct}{k + 1}"] = _likert(scores[:, k], 1, 10)
    return _conform(frame, "ccsi_survey")


# --------------------------------------------------------------------------
# The table of the CRM slides and all synthetic tables at once
# --------------------------------------------------------------------------
def _appliance_tiers_table() -> pd.DataFrame:
    """The CRM slides tiers table, verbatim (percent)."""
    frame = pd.DataFrame(
        {
            "tier": ["very low", "low", "moderate", "high", "very high"],
            "value_pct": [-4.12, -2.10, 7.45, 30.49, 107.76],
            "market_share_pct": [51.4, 25.3, 18.0, 4.6, 0.7],
            "customer_share_pct": [42.2, 20.5, 26.3, 9.2, 1.8],
        }
    )
    return _conform(frame, "appliance_tiers")


def generate_all() -> dict[str, pd.DataFrame]:
    """Every table of ``datasets/`` except CDNOW, made with the default seeds.

    This is what ``scripts/make_datasets.py`` writes: one CSV per key.

    Returns
    -------
    dict of str to pandas.DataFrame
        Keys are dataset names of :data:`DATASETS` (all but "cdnow").

    Examples
    --------
    >>> sorted(generate_all())
    ['appliance_tiers', 'ccsi_survey', 'customers', 'kano_survey', 'loyalty_survey', ...]
    """
    customers, transactions = generate_customers_and_transactions()
    return {
        "appliance_tiers": _appliance_tiers_table(),
        "customers": customers,
        "transactions": transactions,
        "satisfaction_survey": generate_satisfaction_survey(transactions=transactions),
        "kano_survey": generate_kano_survey(),
        "loyalty_survey": generate_loyalty_survey(transactions=transactions),
        "telecom_churn": generate_telecom_churn(),
        "ccsi_survey": generate_ccsi_survey(),
    }
