"""All synthetic tables at once, as ``scripts/make_datasets.py`` writes them."""

from __future__ import annotations

import pandas as pd

from crmlab.datasets._schema import conform
from crmlab.datasets.ccsi_survey import generate_ccsi_survey
from crmlab.datasets.customers import generate_customers_and_transactions
from crmlab.datasets.kano_survey import generate_kano_survey
from crmlab.datasets.loyalty_survey import generate_loyalty_survey
from crmlab.datasets.satisfaction_survey import generate_satisfaction_survey
from crmlab.datasets.telecom_churn import generate_telecom_churn


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
    return conform(frame, "appliance_tiers")


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
