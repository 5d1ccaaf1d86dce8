"""Customer value (客户价值): lifetime value, churn loss, delivered value, Pareto and RFM.

Unit 01 of the course. The lifetime-value formulas follow the source lecture
notes exactly (CRM slides for the discounted and group/Dwyer forms, Knowing the customer for
the simple form); the infinite-horizon retention form, the Pareto table and RFM
are standard textbook practice beyond the source documents.

Conventions used throughout:

- Rates are fractions: a 9% discount rate is ``0.09``.
- Cash flows arrive at year ends (t = 1, ..., T); an acquisition cost is paid
  at t = 0 and therefore is not discounted.
- Functions are vectorized: pass numbers, NumPy arrays or pandas Series.
  Series in gives a Series back with the same index.
"""

# crmlab.clv_models, maintained apart, imports these three from crmlab.value.
from crmlab.value.lifetime import (
    annuity_factor,
    churn_loss,
    clv,
    clv_simple,
    expected_lifetime,
    group_churn_loss,
    group_clv,
    retention_clv,
)
from crmlab.value.segments import RFM_SEGMENTS, pareto_table, rfm, rfm_segment, top_share
from crmlab.value.wallet import COST_COMPONENTS, VALUE_COMPONENTS, delivered_value, share_of_wallet

__all__ = [
    "COST_COMPONENTS",
    "RFM_SEGMENTS",
    "VALUE_COMPONENTS",
    "annuity_factor",
    "churn_loss",
    "clv",
    "clv_simple",
    "delivered_value",
    "expected_lifetime",
    "group_churn_loss",
    "group_clv",
    "pareto_table",
    "retention_clv",
    "rfm",
    "rfm_segment",
    "share_of_wallet",
    "top_share",
]
