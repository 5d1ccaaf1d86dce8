"""Grading that student code cannot fool, damage or stop (nbgrader plug-ins).

- :class:`GradingKernelManager` and :class:`GradingExecute` (``nbgrader
  autograde``): every student kernel runs in a bubblewrap sandbox with
  resource limits (:mod:`crmlab.autograde.sandbox`), forked from a kernel
  template that imported the course's modules once
  (:mod:`crmlab.autograde.template`); test cells run in a
  trusted checker that reads the student's values as data
  (:mod:`crmlab.autograde.checker`, :mod:`crmlab.autograde.transfer`).
- :class:`TamperCheck` (``nbgrader autograde``): flags submissions that hook
  or patch their kernel, zeroes the tests they could fool, and reports them.
- :class:`HideHiddenTests` (``nbgrader generate_feedback``): feedback shows
  neither the code of hidden tests nor the values they expect.
- :class:`SafeDeduplicateIds` (``nbgrader autograde``): a submission with a
  copied test or solution cell is graded instead of failing.
- :class:`FastCheckCellMetadata` (``nbgrader autograde``): nbgrader's check of
  cell metadata, with its JSON schema checked once per notebook.
- :class:`LMSFileNameCollector` (``nbgrader zip_collect``): reads the time of
  a submission from an LMS file name correctly.

``nbgrader_config.py`` at the top of the course wires them in. The classes
are built on first access, so importing this package does not load nbgrader.
"""

from __future__ import annotations

import functools


def _builders():
    from crmlab.autograde import feedback, kernels, plugins, tamper

    return {
        "HideHiddenTests": feedback._build_hide_hidden_tests,
        "GradingKernelManager": kernels._build_kernel_manager,
        "GradingExecute": kernels._build_execute,
        "SafeDeduplicateIds": plugins._build_deduplicate_ids,
        "FastCheckCellMetadata": plugins._build_check_cell_metadata,
        "LMSFileNameCollector": plugins._build_collector,
        "TamperCheck": tamper._build_tamper_check,
    }


CLASSES = (
    "HideHiddenTests",
    "GradingKernelManager",
    "GradingExecute",
    "SafeDeduplicateIds",
    "FastCheckCellMetadata",
    "LMSFileNameCollector",
    "TamperCheck",
)


@functools.cache
def nbgrader_class(name: str):
    """Build the nbgrader plug-in ``name`` (once)."""
    return _builders()[name]()


def __getattr__(name: str):
    if name in CLASSES:
        return nbgrader_class(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *CLASSES])
