"""Every course notebook, English and Chinese, runs top to bottom on a fresh kernel without errors.

New notebooks in notebooks/ and notebooks/zh/ are picked up automatically.
"""

import pytest

from tests.notebook_tools import NOTEBOOKS, ROOT, ZH_NOTEBOOKS, execute
from tests.test_student_text import internal_labels

pytestmark = pytest.mark.notebooks


@pytest.mark.parametrize(
    "path", NOTEBOOKS + ZH_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks"))
)
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
    shown = [
        "".join(output.get("text", "")) + "".join(map(str, output.get("data", {}).values()))
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    ]
    leaked = [hit for text in shown for hit in internal_labels(text)]
    assert not leaked, f"{path.name} shows internal file labels in its output: {leaked[:3]}"
