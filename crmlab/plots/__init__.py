"""Charts for the CRM course: one function per chart, matplotlib only.

Every function takes data that is already computed (a DataFrame, a Series,
numbers), draws one chart and returns the matplotlib ``Axes``. They share
two keyword arguments:

``ax``
    draw into this Axes; when ``None`` a new figure of a sensible size is made.
``lang``
    ``"en"`` or ``"zh"``; the default, ``None``, follows the course language
    (``crmlab.set_language`` or ``$CRMLAB_LANGUAGE``, see :mod:`crmlab.i18n`). Chinese titles and labels are used only
    when a font with Chinese glyphs is installed (see :func:`find_cjk_font`);
    otherwise the chart falls back to English with a ``UserWarning``.

Charts are made to survive black-and-white printing: series that overlap
differ by marker, line style or hatch, not by colour alone. Importing this
module changes no global matplotlib setting and never calls ``plt.show()``.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from crmlab import plots
>>> ax = plots.retention_curves([0.8, 0.85], periods=10)
>>> ax.get_title()
'Retention curves: share of customers still active'
>>> import matplotlib.pyplot as plt
>>> import matplotlib.pyplot as plt
>>> plt.close("all")
"""

from crmlab.plots._style import find_cjk_font
from crmlab.plots.churn import churn_reasons_pareto, cohort_heatmap, survival_curve
from crmlab.plots.loyalty import loyalty_matrix, loyalty_profit
from crmlab.plots.retention import retention_curves
from crmlab.plots.satisfaction import (
    control_chart,
    importance_performance,
    kano_scatter,
    satisfaction_breakdown,
)
from crmlab.plots.states import customer_flow, state_counts, transition_heatmap
from crmlab.plots.value import clv_by_year, pareto_curve, rfm_heatmap, value_tiers

__all__ = [
    "churn_reasons_pareto",
    "clv_by_year",
    "cohort_heatmap",
    "control_chart",
    "customer_flow",
    "find_cjk_font",
    "importance_performance",
    "kano_scatter",
    "loyalty_matrix",
    "loyalty_profit",
    "pareto_curve",
    "retention_curves",
    "rfm_heatmap",
    "satisfaction_breakdown",
    "state_counts",
    "survival_curve",
    "transition_heatmap",
    "value_tiers",
]
