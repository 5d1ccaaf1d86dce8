"""Bilingual reference lists of unit 03, as glossary entries: the three elements
and six indicators of satisfaction (Keeping relationships), SERVQUAL (CRM and
satisfaction), the car dealer's SSI and CSI steps (Chain-store CRM) and the nine
steps of measuring a satisfaction index (CRM slides).
"""

from __future__ import annotations

from crmlab.glossary import TermTable, term_sequence

# ---------------------------------------------------------------------------
# Bilingual reference lists
# ---------------------------------------------------------------------------

SATISFACTION_ELEMENTS = TermTable(
    {
        "mind": "mind-satisfaction",
        "behaviour": "behaviour-satisfaction",
        "visual": "visual-satisfaction",
    }
)
"""The three elements of customer satisfaction (Keeping relationships)."""

SATISFACTION_INDICATORS = TermTable(
    {
        "reputation": "reputation",
        "name_recognition": "name-recognition",
        "return_rate": "return-rate",
        "complaint_rate": "complaint-rate",
        "purchase_amount": "purchase-amount",
        "price_sensitivity": "price-sensitivity",
    }
)
"""Indicators that reflect the level of customer satisfaction (Keeping relationships)."""

SERVQUAL_DIMENSIONS = TermTable(
    {
        "reliability": "reliability",
        "responsiveness": "responsiveness",
        "assurance": "assurance",
        "empathy": "empathy",
        "tangibles": "tangibles",
    }
)
"""The five service quality dimensions (CRM and satisfaction; Parasuraman, Zeithaml and Berry 1988)."""

DEALER_SSI_STEPS = term_sequence(
    (
        "reception",
        "test-drive",
        "delivery-and-payment",
        "sales-promise",
        "after-sale-follow-up",
        "weekly-call-back",
        "feedback-follow-up",
    )
)
"""The seven steps on which a car dealer's sales satisfaction (SSI) is assessed (Chain-store CRM)."""

DEALER_CSI_STEPS = term_sequence(
    (
        "service-reminder",
        "courteous-reception",
        "clear-quote",
        "waiting",
        "billing-and-delivery",
        "repair-quality",
    )
)
"""The six steps on which a car dealer's after-sales service satisfaction (CSI) is assessed
(Chain-store CRM)."""

CSI_MEASUREMENT_STEPS = term_sequence(
    (
        "define-and-quantify-the-indicators",
        "choose-who-is-measured",
        "design-the-sample",
        "design-the-questionnaire",
        "run-the-survey",
        "compile-the-data",
        "compute-and-analyse-the-satisfaction-index",
        "write-the-csi-report",
        "recommend-improvements",
    )
)
"""The nine steps of customer satisfaction measurement (CRM slides)."""
