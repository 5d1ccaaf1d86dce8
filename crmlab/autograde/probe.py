"""Runtime probe, run in the student's kernel before each test cell.

Its answer is untrusted (student code may have replaced anything in the
kernel), so the grader only ever adds flags from it: a kernel that reports
hooks is flagged, and a kernel that fails to answer is flagged as well.
"""

from __future__ import annotations

import json
import sys

_BUILTIN_CHECKS = ("print", "len", "isinstance", "abs", "round", "float", "int", "sum", "repr")


def _from(value, packages: tuple[str, ...]) -> bool:
    module = getattr(value, "__module__", None) or type(value).__module__
    return module.split(".")[0] in packages


def report() -> str:
    """JSON list of the hooks and patches found in this kernel (empty: none)."""
    import builtins

    found = []
    if sys.gettrace() is not None:
        found.append("trace function set")
    if sys.getprofile() is not None:
        found.append("profile function set")
    if sys.excepthook is not sys.__excepthook__ and "ipykernel" not in repr(sys.excepthook):
        found.append("sys.excepthook replaced")
    for name in _BUILTIN_CHECKS:
        value = getattr(builtins, name, None)
        if getattr(value, "__module__", "builtins") not in ("builtins", None):
            found.append(f"builtins.{name} replaced")
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return json.dumps(found)
    if shell.ast_transformers:
        found.append("AST transformers")
    manager = shell.input_transformer_manager
    transforms = [
        *manager.cleanup_transforms,
        *manager.line_transforms,
        *manager.token_transformers,
    ]
    if not all(_from(t, ("IPython",)) for t in transforms):
        found.append("input transformers")
    if shell.input_transformers_post:
        found.append("input transformers (post)")
    if shell.custom_exceptions:
        found.append("custom exception handler")
    if type(shell.displayhook).__module__.split(".")[0] not in ("ipykernel", "IPython"):
        found.append("display hook replaced")
    if type(sys.displayhook).__module__.split(".")[0] not in ("ipykernel", "IPython"):
        found.append("sys.displayhook replaced")
    for event, callbacks in shell.events.callbacks.items():
        if any(
            not getattr(cb, "__module__", "").startswith(("IPython", "ipykernel", "matplotlib"))
            for cb in callbacks
        ):
            found.append(f"{event} callback")
    for module, names in (
        ("crmlab.grading", ("assert_close", "assert_raises", "assert_series_close")),
        ("numpy.testing", ("assert_allclose", "assert_array_equal")),
        ("pandas.testing", ("assert_series_equal", "assert_frame_equal")),
    ):
        loaded = sys.modules.get(module)
        for name in names:
            value = getattr(loaded, name, None) if loaded else None
            if value is not None and not getattr(value, "__module__", "").startswith(
                module.split(".")[0]
            ):
                found.append(f"{module}.{name} replaced")
    return json.dumps(found)
