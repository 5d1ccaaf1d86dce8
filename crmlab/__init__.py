"""crmlab: the Python companion of a course in CRM analytics.

One module per course unit, plus helpers for data, charts, widgets and
self-checks:

- :mod:`crmlab.value`        customer value, CLV, RFM, Pareto (unit 01)
- :mod:`crmlab.states`       customer states and the customer-flow chain (unit 02)
- :mod:`crmlab.satisfaction` satisfaction ratio, weighted index, Kano, surveys (unit 03)
- :mod:`crmlab.loyalty`      loyalty types and the loyalty-profit chain (unit 04)
- :mod:`crmlab.churn`        churn rate, cohorts, survival (unit 05)
- :mod:`crmlab.retention`    retention rate and curves (unit 06)
- :mod:`crmlab.clv_models`   BG/NBD and Gamma-Gamma, probabilistic CLV (advanced A1)
- :mod:`crmlab.pls`          PLS path modeling of satisfaction indices (advanced A2)
- :mod:`crmlab.datasets`, :mod:`crmlab.plots`, :mod:`crmlab.widgets`,
  :mod:`crmlab.check`, :mod:`crmlab.glossary`, :mod:`crmlab.sources`
  (the lecture documents the course cites), and :mod:`crmlab.grading`
  (test-cell helpers and nbgrader plug-ins for the graded assignments)

``crmlab.set_language("zh")`` switches messages and chart labels to Chinese
(:mod:`crmlab.i18n`).

Submodules load on first use (``crmlab.value`` imports pandas only then), so
``import crmlab`` stays instant and never pulls in matplotlib or ipywidgets.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_SUBMODULES = (
    "value",
    "states",
    "satisfaction",
    "loyalty",
    "churn",
    "retention",
    "clv_models",
    "pls",
    "datasets",
    "plots",
    "widgets",
    "check",
    "glossary",
    "sources",
    "exercises",
    "grading",
)

__all__ = ["__version__", "get_language", "set_language", *_SUBMODULES]


def __getattr__(name: str):
    if name in ("set_language", "get_language"):
        return getattr(importlib.import_module(f"{__name__}.i18n"), name)
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'crmlab' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
