"""Committed notebooks are stripped, valid, and name their kernel."""

import importlib
import re

import nbformat
import pytest

from tests.notebook_tools import NOTEBOOKS, ROOT, ZH_NOTEBOOKS

ALL_NOTEBOOKS = sorted(
    p
    for folder in ("notebooks", "solutions", "assignments")
    for p in (ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)


def _ids(path):
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_ids)
def test_notebook_is_valid_stripped_and_names_its_kernel(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", (
        "set the kernel so JupyterLab never asks for one (python scripts/strip_notebooks.py)"
    )
    dirty = [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and (c.outputs or c.execution_count)
    ]
    assert not dirty, f"cells {dirty} have outputs: run python scripts/strip_notebooks.py"


@pytest.mark.parametrize("path", NOTEBOOKS + ZH_NOTEBOOKS, ids=_ids)
def test_course_notebook_starts_with_a_title_and_links_resolve(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.lstrip().startswith("# ")
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for target in re.findall(r"\]\(([^)#\s]+\.ipynb)", cell.source):
            assert (path.parent / target).exists(), f"{path.name} links to missing {target}"


@pytest.mark.parametrize("path", NOTEBOOKS + ZH_NOTEBOOKS, ids=_ids)
def test_every_exercise_of_the_notebook_is_asked_checked_and_hinted(path):
    """The notebook uses its exercise module fully: each qN is checked and its hint offered."""
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    text = "\n".join(c.source for c in nb.cells)
    found = re.search(r"from crmlab\.exercises import (\w+) as (\w+)", code)
    assert found, f"{path.name} imports no exercise module from crmlab.exercises"
    module = importlib.import_module(f"crmlab.exercises.{found.group(1)}")
    alias = found.group(2)
    defined = {name for name in dir(module) if re.fullmatch(r"q\d+", name)}
    checked = set(re.findall(rf"\b{alias}\.(q\d+)\.check\(", code))
    hinted = set(re.findall(rf"\b{alias}\.(q\d+)\.hint\(\)", text))
    assert 3 <= len(defined) <= 8, f"{path.name} has {len(defined)} exercises"
    assert checked == defined, f"checked {sorted(checked)}, defined {sorted(defined)}"
    assert hinted == defined, f"hints offered for {sorted(hinted)}, defined {sorted(defined)}"
