"""Customer satisfaction (客户满意度): ratio, weighted index, Kano, surveys (unit 03).

What this module covers, in the order of the unit:

- the satisfaction ratio C = B / A and its three levels (CRM slides);
- the weighted satisfaction index, an :class:`IndicatorTree` of weighted
  indicators, and :data:`SIMPLE_INDEX`, the three-level tree of CRM and satisfaction;
- the Kano model: :func:`kano_category`, :func:`better_worse`,
  :func:`kano_summary` (Berger et al. 1993);
- importance/performance analysis (Chain-store CRM);
- survey tools: :func:`cronbach_alpha`, :func:`sample_size`,
  :func:`control_limits`, :func:`out_of_control`, :func:`nps`;
- bilingual reference lists: :data:`SATISFACTION_INDICATORS` (Keeping relationships),
  :data:`SERVQUAL_DIMENSIONS` (CRM and satisfaction), the car dealer's
  :data:`DEALER_SSI_STEPS` and :data:`DEALER_CSI_STEPS` (Chain-store CRM) and the nine
  :data:`CSI_MEASUREMENT_STEPS` (CRM slides).
"""

from crmlab.glossary import Term
from crmlab.satisfaction.index import SIMPLE_INDEX, Indicator, IndicatorTree
from crmlab.satisfaction.kano import (
    IPA_QUADRANTS,
    KANO_ANSWERS,
    KANO_CATEGORIES,
    KANO_LABELS,
    KANO_TABLE,
    BetterWorse,
    better_worse,
    importance_performance,
    kano_category,
    kano_summary,
)
from crmlab.satisfaction.ratio import SATISFACTION_LEVELS, satisfaction_level, satisfaction_ratio
from crmlab.satisfaction.reference import (
    CSI_MEASUREMENT_STEPS,
    DEALER_CSI_STEPS,
    DEALER_SSI_STEPS,
    SATISFACTION_ELEMENTS,
    SATISFACTION_INDICATORS,
    SERVQUAL_DIMENSIONS,
)
from crmlab.satisfaction.survey import (
    ControlLimits,
    control_limits,
    cronbach_alpha,
    nps,
    out_of_control,
    sample_size,
)

__all__ = [
    "CSI_MEASUREMENT_STEPS",
    "DEALER_CSI_STEPS",
    "DEALER_SSI_STEPS",
    "IPA_QUADRANTS",
    "KANO_ANSWERS",
    "KANO_CATEGORIES",
    "KANO_LABELS",
    "KANO_TABLE",
    "SATISFACTION_ELEMENTS",
    "SATISFACTION_INDICATORS",
    "SATISFACTION_LEVELS",
    "SERVQUAL_DIMENSIONS",
    "SIMPLE_INDEX",
    "BetterWorse",
    "ControlLimits",
    "Indicator",
    "IndicatorTree",
    "Term",
    "better_worse",
    "control_limits",
    "cronbach_alpha",
    "importance_performance",
    "kano_category",
    "kano_summary",
    "nps",
    "out_of_control",
    "sample_size",
    "satisfaction_level",
    "satisfaction_ratio",
]
