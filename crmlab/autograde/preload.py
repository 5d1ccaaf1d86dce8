"""IPython extension of grading kernels: import the course's modules while the kernel waits.

Loaded by the kernel at its start (``--IPKernelApp.extensions``), before any
student code, when the launcher was given ``--preload`` (see
:mod:`crmlab.autograde.spares`). It only fills ``sys.modules``: no name is
bound in the notebook's namespace, so a notebook runs as in a kernel without
it, its imports being instant.
"""

from __future__ import annotations

import importlib
import os

from crmlab.autograde.launch import PRELOAD


def load_ipython_extension(shell) -> None:
    for name in os.environ.pop(PRELOAD, "").split(","):
        if name:
            try:
                importlib.import_module(name)
            except Exception:  # the notebook's own import shows the error in its cell
                pass
