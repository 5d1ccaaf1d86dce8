"""Loaders of the shipped datasets: ``load_<name>()`` and :func:`load`, read on first use and cached."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from crmlab.datasets._schema import conform
from crmlab.i18n import message

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


# --------------------------------------------------------------------------
# Data location and cached reading
# --------------------------------------------------------------------------
def _data_dir() -> Path:
    """Folder holding the data files.

    An installed wheel carries them in ``crmlab/_data`` (pyproject
    force-includes ``datasets/`` there); an editable install or a clone of
    the course uses the repository's top-level ``datasets/`` folder.
    """
    package = Path(__file__).parent.parent
    packaged = package / "_data"
    if packaged.is_dir():
        return packaged
    repository = package.resolve().parent / "datasets"
    if repository.is_dir():
        return repository
    raise FileNotFoundError(
        message("datasets.the_crmlab_data_files_were", packaged=packaged, repository=repository)
    )


@functools.cache
def _read_table(name: str) -> pd.DataFrame:
    path = _data_dir() / f"{name}.csv"
    raw = pd.read_csv(path)
    return conform(raw, name)


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
    return conform(raw, "cdnow")


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
        raise TypeError(
            message("datasets.full_must_be_true_or", full=full, type=type(full).__name__)
        )
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
        raise ValueError(
            message(
                "datasets.unknown_dataset_name_available_datasets",
                name=name,
                allowed=", ".join(DATASETS),
            )
        )
    return _LOADERS[name](**kwargs)
