"""scripts/translate_notebooks.py, run as a contributor runs it, on a throw-away copy.

The script is copied into a temporary project (scripts/, notebooks/, translations/zh/)
with one small notebook, so nothing here touches the real catalogs or notebooks.
The steps follow CONTRIBUTING.md, "Translations": status, skeleton, translate,
build, then an English edit that makes a translation stale, show, accept, build.
The copy's ``main`` runs in this process (fast enough for ``make check``); one
test runs the copy as a command, to check its exit status and messages for real.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TITLE = "# Demo\n\nCustomers are not equally valuable."
SECTION = "## Churn\n\nThe churn rate $r$ is a fraction, see [Sources](sources.md)."
CODE = "import crmlab\nrate = 0.15"


def _new_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell(TITLE, id="demo-000"),
        nbformat.v4.new_code_cell(CODE, id="demo-001"),
        nbformat.v4.new_markdown_cell(SECTION, id="demo-002"),
        nbformat.v4.new_code_cell("rate * 2", id="demo-003"),
    ]
    return nb


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "translate_notebooks.py", tmp_path / "scripts")
    (tmp_path / "notebooks").mkdir()
    nbformat.write(_new_notebook(), tmp_path / "notebooks" / "demo.ipynb")
    return tmp_path


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def _copy_of_the_tool(project: Path):
    """The script of the throw-away project, loaded as a module: its ROOT is the project."""
    path = project / "scripts" / "translate_notebooks.py"
    spec = importlib.util.spec_from_file_location(f"translate_notebooks_{id(project)}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(project: Path, *args: str, ok: bool = True) -> Result:
    """``python scripts/translate_notebooks.py ARGS`` in the project, as the shell would report it."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            returncode = _copy_of_the_tool(project).main(list(args))
        except SystemExit as exit:  # raise SystemExit("message"): Python prints it, status 1
            returncode = exit.code if isinstance(exit.code, int) else 1
            if not isinstance(exit.code, int):
                print(exit.code, file=sys.stderr)
        except ValueError as error:  # a traceback ending in the message, status 1
            print(f"ValueError: {error}", file=sys.stderr)
            returncode = 1
    result = Result(returncode, out.getvalue(), err.getvalue())
    if ok:
        assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
    else:
        assert result.returncode != 0, f"{args} should fail: {result.stdout}"
    return result


def catalog(project: Path) -> dict:
    return yaml.safe_load((project / "translations" / "zh" / "demo.yaml").read_text("utf-8"))


def translate(project: Path, entries: dict[str, str]) -> None:
    """Fill ``zh:`` as a translator does: edit the YAML, keep the header."""
    path = project / "translations" / "zh" / "demo.yaml"
    header = "".join(line for line in path.read_text("utf-8").splitlines(True) if line[0] == "#")
    data = catalog(project)
    for cell_id, text in entries.items():
        data[cell_id]["zh"] = text
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def edit_english(project: Path, cell_id: str, source: str) -> None:
    path = project / "notebooks" / "demo.ipynb"
    nb = nbformat.read(path, as_version=4)
    next(cell for cell in nb.cells if cell.id == cell_id).source = source
    nbformat.write(nb, path)


def chinese(project: Path) -> nbformat.NotebookNode:
    return nbformat.read(project / "notebooks" / "zh" / "demo.ipynb", as_version=4)


ZH = {
    "demo-000": "# 演示\n\n客户的价值并不相同。",
    "demo-002": "## 客户流失\n\n流失率 $r$ 是一个比例，见[资料来源](sources.md)。",
}


def test_source_hash_is_the_first_12_hex_digits_of_sha256():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import translate_notebooks
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    # sha256("abc") = ba7816bf8f01cfea414140de5dae2223...
    assert translate_notebooks.source_hash("abc") == "ba7816bf8f01"


def test_status_reports_missing_translations_and_fails(project):
    result = run(project, "status", ok=False)
    assert "demo: 0/2 current (2 missing)" in result.stdout
    assert "missing: demo-000" in result.stdout and "missing: demo-002" in result.stdout


def test_skeleton_adds_an_entry_per_markdown_cell_with_its_hash(project):
    run(project, "skeleton", "demo")
    data = catalog(project)
    assert list(data) == ["demo-000", "demo-002"], "code cells get no entry; notebook order"
    shown = run(project, "show", "demo", "demo-002").stdout
    assert shown.startswith(f"sha: {data['demo-002']['sha']}\n") and SECTION in shown
    assert data["demo-000"]["zh"] == ""
    header = (project / "translations" / "zh" / "demo.yaml").read_text("utf-8")
    assert header.startswith("# Chinese translation of notebooks/demo.ipynb")
    assert "CONTRIBUTING.md" in header


def test_build_refuses_an_untranslated_notebook_naming_the_cells(project):
    run(project, "skeleton", "demo")
    result = run(project, "build", "demo", ok=False)
    assert "demo-000" in result.stderr and "demo-002" in result.stderr
    assert not (project / "notebooks" / "zh" / "demo.ipynb").exists()


def test_build_writes_the_chinese_notebook_with_the_english_code(project):
    run(project, "skeleton", "demo")
    translate(project, ZH)
    assert "demo: 2/2 current" in run(project, "status").stdout
    run(project, "build")
    zh = chinese(project)
    assert [c.id for c in zh.cells] == [
        "demo-000",
        "zh-language",
        "demo-001",
        "demo-002",
        "demo-003",
    ]
    assert zh.cells[0].source == ZH["demo-000"] and zh.cells[3].source == ZH["demo-002"]
    assert zh.cells[2].source == CODE and zh.cells[4].source == "rate * 2"
    assert 'crmlab.set_language("zh")' in zh.cells[1].source
    assert zh.metadata["crmlab"] == {"language": "zh", "translated_from": "../demo.ipynb"}
    assert zh.metadata["kernelspec"]["name"] == "python3"
    nbformat.validate(zh)


def test_an_english_edit_makes_the_translation_stale_until_accepted(project):
    run(project, "skeleton", "demo")
    translate(project, ZH)
    old_sha = catalog(project)["demo-002"]["sha"]
    revised = SECTION.replace("a fraction", "a fraction of the customers")
    edit_english(project, "demo-002", revised)

    result = run(project, "status", ok=False)
    assert "demo: 1/2 current (1 stale)" in result.stdout and "stale: demo-002" in result.stdout
    assert "demo-002" in run(project, "build", "demo", ok=False).stderr
    shown = run(project, "show", "demo", "demo-002").stdout
    assert "a fraction of the customers" in shown and old_sha not in shown

    translate(project, {"demo-002": ZH["demo-002"].replace("一个比例", "客户中的一个比例")})
    run(project, "accept", "demo", "demo-002")
    assert catalog(project)["demo-002"]["sha"] != old_sha
    assert catalog(project)["demo-000"]["zh"] == ZH["demo-000"] + "\n", "accept keeps the rest"
    run(project, "status")
    run(project, "build", "demo")
    assert "客户中的一个比例" in chinese(project).cells[3].source


def test_an_english_code_edit_reaches_the_chinese_notebook_by_build_alone(project):
    run(project, "skeleton", "demo")
    translate(project, ZH)
    run(project, "build", "demo")
    edit_english(project, "demo-003", "rate * 3")
    run(project, "status")  # markdown untouched: the translations stay current
    assert chinese(project).cells[4].source == "rate * 2"  # until the next build
    run(project, "build", "demo")
    assert chinese(project).cells[4].source == "rate * 3"


def test_skeleton_keeps_translations_adds_new_cells_and_status_reports_orphans(project):
    run(project, "skeleton", "demo")
    translate(project, ZH)
    path = project / "notebooks" / "demo.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_markdown_cell("A new paragraph.", id="demo-n01"))
    nb.cells = [c for c in nb.cells if c.id != "demo-002"]
    nbformat.write(nb, path)

    run(project, "skeleton", "demo")
    data = catalog(project)
    assert list(data) == ["demo-000", "demo-n01", "demo-002"], "new cell in order, orphan last"
    assert data["demo-000"]["zh"] == ZH["demo-000"] + "\n"
    result = run(project, "status", ok=False)
    assert "missing: demo-n01" in result.stdout and "orphan: demo-002" in result.stdout


def test_status_fails_on_an_orphan_entry_alone(project):
    run(project, "skeleton", "demo")
    translate(project, ZH)
    path = project / "translations" / "zh" / "demo.yaml"
    path.write_text(
        path.read_text("utf-8") + "demo-gone:\n  sha: 000000000000\n  zh: 旧\n", "utf-8"
    )
    result = run(project, "status", ok=False)
    assert "demo: 2/2 current (1 orphan)" in result.stdout and "orphan: demo-gone" in result.stdout
    run(project, "build", "demo")  # an orphan is harmless to the build


def test_the_command_reports_by_its_exit_status_and_names_the_cells(project):
    command = [sys.executable, str(project / "scripts" / "translate_notebooks.py")]
    status = subprocess.run(
        [*command, "status"], cwd=project, capture_output=True, text=True, timeout=120
    )
    assert status.returncode == 1 and "missing: demo-000" in status.stdout, status
    show = subprocess.run(
        [*command, "show", "demo", "demo-001"], cwd=project, capture_output=True, text=True
    )
    assert show.returncode == 1 and "no markdown cell with id 'demo-001'" in show.stderr


def test_accept_and_show_name_what_is_wrong(project):
    run(project, "skeleton", "demo")
    assert (
        "no markdown cell with id 'demo-001'"
        in run(project, "show", "demo", "demo-001", ok=False).stderr
    )
    edit_english(project, "demo-000", TITLE)
    data = catalog(project)
    del data["demo-000"]
    (project / "translations" / "zh" / "demo.yaml").write_text(yaml.safe_dump(data), "utf-8")
    result = run(project, "accept", "demo", "demo-000", ok=False)
    assert "has no entry 'demo-000'" in result.stderr
