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

from crmlab.datasets._common import SEEDS
from crmlab.datasets.ccsi_survey import CCSI_PARAMS, generate_ccsi_survey
from crmlab.datasets.customers import CUSTOMERS_PARAMS, generate_customers_and_transactions
from crmlab.datasets.generate import generate_all
from crmlab.datasets.kano_survey import KANO_PARAMS, generate_kano_survey
from crmlab.datasets.loaders import (
    DATASETS,
    load,
    load_appliance_tiers,
    load_ccsi_survey,
    load_cdnow,
    load_customers,
    load_kano_survey,
    load_loyalty_survey,
    load_satisfaction_survey,
    load_telecom_churn,
    load_transactions,
)
from crmlab.datasets.loyalty_survey import LOYALTY_PARAMS, generate_loyalty_survey
from crmlab.datasets.satisfaction_survey import SATISFACTION_PARAMS, generate_satisfaction_survey
from crmlab.datasets.telecom_churn import TELECOM_PARAMS, generate_telecom_churn

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
