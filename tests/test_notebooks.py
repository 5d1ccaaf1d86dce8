"""Every course notebook runs top to bottom on a fresh kernel without errors.

New notebooks in notebooks/ are picked up automatically.
"""

import pytest

from tests.notebook_tools import NOTEBOOKS, execute

pytestmark = pytest.mark.notebooks


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path):
    nb = execute(path)
    errors = [
        output
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.output_type == "error"
    ]
    assert not errors, f"{path.name} produced errors: {errors}"
