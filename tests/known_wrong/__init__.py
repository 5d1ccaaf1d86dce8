"""Known-wrong answers for every graded assignment: the tests must catch them.

One module per assignment, named after its id with "_" for "-"
(``a00-warmup`` -> ``a00_warmup.py``). Each module defines ``KNOWN_WRONG``, a
dict from the ``grade_id`` of a solution cell to a list of :class:`Wrong`
answers for it. ``tests/test_assignments.py`` builds, for every entry, a
submission filled with the solutions except that one cell, which gets the
wrong code; it autogrades all of them in one batch and checks that exactly the
tests listed in ``loses`` lose points while every other test keeps full
marks. Every code solution cell needs at least one entry: a test suite that
cannot fail is a defect.

Example (``tests/known_wrong/a00_warmup.py``)::

    KNOWN_WRONG = {
        "negative_value_share": [
            Wrong(
                "percentage instead of fraction",
                '''
                def negative_value_share(table):
                    negative = table["value_pct"] < 0
                    return float(table.loc[negative, "customer_share_pct"].sum())
                ''',
                loses=["test_negative_value_share_course", "test_negative_value_share_other_table"],
            ),
        ],
    }

The code replaces the whole solution cell (it is dedented first), so it must
define everything the cell defines.
"""

from __future__ import annotations

import importlib
import textwrap
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Wrong:
    """A wrong answer to one solution cell and the tests that must catch it.

    Parameters
    ----------
    description
        One line naming the mistake, e.g. "percentage instead of fraction".
    code
        Source that replaces the solution cell (dedented automatically).
    loses
        grade_ids of the test cells that must lose points; all others must
        keep full marks.
    """

    description: str
    code: str
    loses: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        return textwrap.dedent(self.code).strip("\n") + "\n"


def module_name(assignment_id: str) -> str:
    """The module of an assignment's known-wrong answers: a00-warmup -> a00_warmup."""
    return assignment_id.replace("-", "_")


def load(assignment_id: str) -> dict[str, list[Wrong]]:
    """KNOWN_WRONG of an assignment, or {} when its module does not exist yet."""
    try:
        module = importlib.import_module(f"{__name__}.{module_name(assignment_id)}")
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{module_name(assignment_id)}":
            raise
        return {}
    return module.KNOWN_WRONG
