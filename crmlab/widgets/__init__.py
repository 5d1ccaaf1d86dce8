"""Interactive explorers for the course notebooks, built with ipywidgets.

Each function returns an :class:`Explorer`: an ``ipywidgets.VBox`` holding
the controls, a text result and (for most) a chart. Moving a control
recomputes everything with the core functions of crmlab. The parts are
exposed as attributes, so that a test or a grader can drive an explorer
without a browser:

``explorer.controls``
    dict name -> control widget; set ``explorer.controls[name].value`` to
    move a control (the result updates at once).
``explorer.result``
    ``ipywidgets.HTML``; ``.value`` is the displayed text, with the key number
    formatted with thousands separators and 2 decimals, e.g.
    ``"CLV: 1,544.83"``. Invalid input shows a friendly message starting
    with "⚠" instead of raising.
``explorer.computed``
    dict of the numbers last computed (empty after invalid input).
``explorer.error``
    the message shown for invalid input, or None.
``explorer.chart``
    ``ipywidgets.Output`` holding the chart as a PNG image (None when the
    explorer has no chart); ``explorer.figure`` is the matplotlib Figure
    behind it. Figures are made with ``matplotlib.figure.Figure``, not
    pyplot, so nothing accumulates in pyplot's figure list.

Default values reproduce a worked example of the course, so the first
number a student sees is a known answer (e.g. CLV 1,544.83 of CRM slides).

Examples
--------
>>> w = clv_calculator()
>>> "CLV: 1,544.83" in w.result.value
True
>>> w.controls["years"].value = 6
>>> round(w.computed["clv"], 2)
1842.96
"""

from crmlab.widgets._explorer import Explorer
from crmlab.widgets.retention import retention_explorer
from crmlab.widgets.satisfaction import kano_classifier, satisfaction_index_explorer
from crmlab.widgets.states import flow_simulator, flow_transitions
from crmlab.widgets.value import churn_loss_calculator, clv_calculator

__all__ = [
    "Explorer",
    "churn_loss_calculator",
    "clv_calculator",
    "flow_simulator",
    "flow_transitions",
    "kano_classifier",
    "retention_explorer",
    "satisfaction_index_explorer",
]
