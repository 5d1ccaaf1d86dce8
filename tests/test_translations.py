"""The Chinese notebooks are kept in step with the English ones (the sync test).

For every English notebook ``notebooks/NAME.ipynb``:

- its catalog ``translations/zh/NAME.yaml`` loads and is well formed, and has an
  entry for every markdown cell, none stale (the English changed since) and
  none orphaned (the English cell is gone);
- ``notebooks/zh/NAME.ipynb`` exists and is exactly what
  ``scripts/translate_notebooks.py build`` makes now, so nobody edits a Chinese
  notebook by hand and a changed English code cell shows up here;
- its code cells are the English ones (ids and sources) plus the language cell;
- each translation keeps the English cell's code spans, formulas, link targets
  and HTML tags, and its prose has no English left: after removing code,
  formulas, link targets, HTML and the names of ``translations/zh/allowed-english.txt``,
  no run of two or more English words and no lowercase English word of four
  letters or more remains.

Every failure names the notebook, the cell id and the command that fixes it
(CONTRIBUTING.md, "Translations", has the whole workflow). A notebook whose
translation has not landed yet fails here, by design.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TOOL_COMMAND = "python scripts/translate_notebooks.py"


def _load_tool():
    spec = importlib.util.spec_from_file_location(
        "translate_notebooks", ROOT / "scripts" / "translate_notebooks.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _load_tool()
ENGLISH = tool.english_notebooks()
ALLOWED_FILE = ROOT / "translations" / "zh" / "allowed-english.txt"


def _ids(path: Path) -> str:
    return path.stem


def _catalog_file(path: Path) -> str:
    return f"translations/zh/{path.stem}.yaml"


# --------------------------------------------------------------------------- prose


def allowed_english() -> list[str]:
    """The names allowed in Chinese prose, longest first (so multi-word names match whole)."""
    lines = ALLOWED_FILE.read_text(encoding="utf-8").splitlines()
    names = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return sorted(names, key=len, reverse=True)


_FENCE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$", re.DOTALL | re.MULTILINE)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$|\\\(.+?\\\)|\\\[.+?\\\]", re.DOTALL)
_LINK_TARGET = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
# Words inside a formula are prose: \text{churn rate} becomes \text{客户流失率}.
_TEXT_IN_MATH = re.compile(r"\\text\{[^{}]*\}")
_URL = re.compile(r"https?://\S+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
_SEPARATOR = re.compile(r"[\s,.;:!?'\"/&()\[\]*_-]*")


def _is_diagram(block: str) -> bool:
    """A fence without a language holds a diagram, which is translated; code has a language."""
    return re.match(r"(```|~~~)[ \t]*\n", block) is not None


def _diagram_text(match: re.Match) -> str:
    block = match.group(0)
    return "\n".join(block.splitlines()[1:-1]) if _is_diagram(block) else " "


def structure(markdown: str) -> Counter:
    """What a translation keeps exactly: code spans, formulas (but their words), link targets, HTML tags."""
    code_blocks = [m.group(0) for m in _FENCE.finditer(markdown)]
    kept_blocks = [b for b in code_blocks if not _is_diagram(b)]
    text = _FENCE.sub(" ", markdown)
    parts = [("code block", b) for b in kept_blocks]
    parts += [("code", m.group(2).strip()) for m in _CODE_SPAN.finditer(text)]
    text = _CODE_SPAN.sub(" ", text)
    parts += [
        ("formula", _TEXT_IN_MATH.sub(r"\\text{…}", m.group(0))) for m in _MATH.finditer(text)
    ]
    parts += [("link", m.group(1)) for m in _LINK_TARGET.finditer(text)]
    parts += [("html", m.group(0).split()[0].rstrip(">")) for m in _HTML_TAG.finditer(text)]
    return Counter(parts)


# A Chinese term may carry its English name once, in full-width brackets, as
# Chinese textbooks do: 逻辑回归（logistic regression）. Four words at most.
_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])（[A-Za-z][A-Za-z0-9./'-]*(?:[ ][A-Za-z0-9./'-]+){0,3}）")


def prose(markdown: str, allowed: list[str]) -> str:
    """The words a reader reads: code, formulas, link targets, HTML, glosses and allowed names removed."""
    text = _FENCE.sub(_diagram_text, markdown)
    text = _GLOSS.sub(" ", text)
    text = _CODE_SPAN.sub(" ", text)
    text = _MATH.sub(" ", text)
    text = _LINK_TARGET.sub("] ", text)
    text = _URL.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    for name in allowed:
        text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " · ", text)
    return text


def english_runs(markdown: str, allowed: list[str]) -> list[str]:
    """English left in Chinese markdown: runs of two or more words, or a lowercase word.

    Single capitalised words pass (a person's name, a product), as do words of
    one letter (variables such as r or T). A lone lowercase word of four or more
    letters is an untranslated word ("churn", "yuan").

    >>> english_runs("流失率 r 是 `churn_rate`，见 [来源](sources.md)。", [])
    []
    >>> english_runs("客户 lifetime value 的计算", [])
    ['lifetime value']
    >>> english_runs("Kano 模型与 CRM", ["CRM", "Kano"])
    []
    >>> english_runs("逻辑回归（logistic regression）与（a whole untranslated sentence here）", [])
    ['whole untranslated sentence here']
    """
    text = prose(markdown, allowed)
    found, run, end = [], [], None
    for match in _WORD.finditer(text):
        if run and _SEPARATOR.fullmatch(text[end : match.start()]):
            run.append(match.group(0))
        else:
            found.append(run)
            run = [match.group(0)]
        end = match.end()
    found.append(run)
    return [
        " ".join(words)
        for words in found
        if len(words) >= 2 or (len(words) == 1 and words[0].islower() and len(words[0]) >= 4)
    ]


# --------------------------------------------------------------------------- catalogs


def test_there_is_an_english_notebook_to_translate():
    assert ENGLISH, f"no notebooks found in {tool.NOTEBOOKS}"


def test_every_catalog_and_chinese_notebook_has_an_english_notebook():
    english = {path.stem for path in ENGLISH}
    catalogs = {path.stem for path in tool.CATALOGS.glob("*.yaml")}
    chinese = {path.stem for path in tool.OUTPUT.glob("*.ipynb")}
    assert catalogs <= english, (
        f"translations/zh/ has catalogs for no English notebook: {sorted(catalogs - english)}; "
        "delete them (or restore the English notebook)"
    )
    assert chinese <= english, (
        f"notebooks/zh/ has notebooks with no English source: {sorted(chinese - english)}; "
        "delete them: notebooks/zh/ holds only what `build` makes"
    )


@pytest.mark.parametrize("path", ENGLISH, ids=_ids)
def test_catalog_loads_and_is_well_formed(path):
    catalog_file = tool.catalog_path(path.stem)
    assert catalog_file.is_file(), (
        f"{path.name} has no catalog {_catalog_file(path)}: "
        f"run `{TOOL_COMMAND} skeleton {path.stem}` and translate its entries"
    )
    data = yaml.safe_load(catalog_file.read_text(encoding="utf-8"))
    assert isinstance(data, dict), (
        f"{_catalog_file(path)} must be a mapping of cell id -> {{sha, zh}}, "
        f"got {type(data).__name__}: run `{TOOL_COMMAND} skeleton {path.stem}` to recreate it"
    )
    for cell_id, entry in data.items():
        where = f"{_catalog_file(path)}, entry {cell_id!r}"
        assert isinstance(entry, dict) and set(entry) == {"sha", "zh"}, (
            f"{where}: an entry has exactly the keys sha and zh, got {entry!r}"
        )
        assert isinstance(entry["sha"], str) and re.fullmatch(r"[0-9a-f]{12}", entry["sha"]), (
            f"{where}: sha must be 12 hex digits (quote it if YAML reads it as a number), "
            f"got {entry['sha']!r}; `{TOOL_COMMAND} accept {path.stem} {cell_id}` sets it"
        )
        assert isinstance(entry["zh"], str), f"{where}: zh must be text, got {entry['zh']!r}"


@pytest.mark.parametrize("path", ENGLISH, ids=_ids)
def test_catalog_has_no_missing_stale_or_orphan_entry(path):
    found = tool.problems(path)
    name, catalog = path.stem, _catalog_file(path)
    lines = []
    if found["missing"]:
        lines.append(
            f"{name}: {len(found['missing'])} cells have no Chinese yet: {', '.join(found['missing'])}. "
            f"Write it under `zh:` in {catalog} (`{TOOL_COMMAND} skeleton {name}` adds the "
            f"entry of a new cell), then `{TOOL_COMMAND} build {name}`"
        )
    lines += [
        f"{name} cell {cell}: stale, the English changed since it was translated: "
        f"`{TOOL_COMMAND} show {name} {cell}`, revise its `zh:` in {catalog}, then "
        f"`{TOOL_COMMAND} accept {name} {cell}` and `{TOOL_COMMAND} build {name}`"
        for cell in found["stale"]
    ]
    if found["orphan"]:
        lines.append(
            f"{name}: entries {', '.join(found['orphan'])} match no English markdown cell "
            f"(deleted, or the id changed): delete them from {catalog}"
        )
    assert not lines, f"{catalog} is out of step with notebooks/{path.name}:\n" + "\n".join(lines)


# --------------------------------------------------------------------------- notebooks


def _built(path: Path) -> nbformat.NotebookNode:
    try:
        return tool.build(path)
    except ValueError as error:
        pytest.fail(f"{error} (see test_catalog_has_no_missing_stale_or_orphan_entry)")


@pytest.mark.parametrize("path", ENGLISH, ids=_ids)
def test_chinese_notebook_is_what_build_makes_now(path):
    chinese = tool.OUTPUT / path.name
    rebuild = f"`{TOOL_COMMAND} build {path.stem}`"
    assert chinese.is_file(), f"notebooks/zh/{path.name} does not exist: run {rebuild}"
    expected = _built(path)
    actual = nbformat.read(chinese, as_version=4)
    differing = [
        f"cell {want.get('id')}"
        for want, got in zip(expected.cells, actual.cells, strict=False)
        if want != got
    ]
    if len(expected.cells) != len(actual.cells):
        differing.append(f"{len(actual.cells)} cells instead of {len(expected.cells)}")
    if expected.metadata != actual.metadata:
        differing.append("notebook metadata")
    assert not differing, (
        f"notebooks/zh/{path.name} differs from what the catalog and notebooks/{path.name} "
        f"make ({', '.join(differing[:8])}): the English changed or the Chinese notebook was "
        f"edited by hand. Edit {_catalog_file(path)} (never notebooks/zh/), then run {rebuild}"
    )


@pytest.mark.parametrize("path", ENGLISH, ids=_ids)
def test_chinese_code_cells_are_the_english_ones_plus_the_language_cell(path):
    chinese = tool.OUTPUT / path.name
    if not chinese.is_file():
        pytest.fail(
            f"notebooks/zh/{path.name} does not exist: run `{TOOL_COMMAND} build {path.stem}`"
        )
    english = nbformat.read(path, as_version=4)
    zh = nbformat.read(chinese, as_version=4)
    fix = f"run `{TOOL_COMMAND} build {path.stem}` (code cells are never translated by hand)"
    english_code, zh_code = tool.code_cells(english), tool.code_cells(zh)
    changed = [cell_id for (cell_id, source) in english_code if (cell_id, source) not in zh_code]
    extra = [cell_id for (cell_id, source) in zh_code if (cell_id, source) not in english_code]
    assert english_code == zh_code, (
        f"notebooks/zh/{path.name}: code cells differ from notebooks/{path.name} "
        f"(English cells not matched: {changed}, Chinese cells not in the English: {extra}): {fix}"
    )
    language = [cell for cell in zh.cells if cell.get("id") == tool.LANGUAGE_CELL_ID]
    assert len(language) == 1 and language[0].source == tool.LANGUAGE_CELL, (
        f"notebooks/zh/{path.name} needs exactly one language cell "
        f"(id {tool.LANGUAGE_CELL_ID}) calling crmlab.set_language('zh'): {fix}"
    )
    first_code = next(cell for cell in zh.cells if cell.cell_type == "code")
    assert first_code.get("id") == tool.LANGUAGE_CELL_ID, (
        f"notebooks/zh/{path.name}: the language cell must be the first code cell: {fix}"
    )
    assert [c.cell_type for c in zh.cells if c.get("id") != tool.LANGUAGE_CELL_ID] == [
        c.cell_type for c in english.cells
    ], f"notebooks/zh/{path.name}: the cells are not in the English order: {fix}"


# --------------------------------------------------------------------------- the Chinese


def _translated(path: Path) -> list[tuple[str, str, str]]:
    """(cell id, English source, Chinese) of every translated markdown cell."""
    english = nbformat.read(path, as_version=4)
    catalog = tool.load_catalog(path.stem)
    return [
        (cell.id, cell.source, str(catalog[cell.id]["zh"]))
        for cell in english.cells
        if cell.cell_type == "markdown"
        and cell.id in catalog
        and str(catalog[cell.id].get("zh") or "").strip()
    ]


@pytest.mark.parametrize("path", ENGLISH, ids=_ids)
def test_translation_keeps_code_formulas_links_and_html(path):
    cells = _translated(path)
    if not cells:
        pytest.fail(f"{_catalog_file(path)} has no translation yet")
    lines = []
    for cell_id, english, zh in cells:
        # The Chinese may add code spans (a data label such as `churned` in backticks)
        # but must lose nothing of the English.
        lost = structure(english) - structure(zh.rstrip("\n"))
        if lost:
            lines.append(
                f"{path.stem} cell {cell_id}: lost {sorted(f'{k}: {v}' for k, v in lost.elements())[:4]}"
            )
    assert not lines, (
        f"{_catalog_file(path)}: a translation keeps the English cell's code, formulas, link "
        "targets and HTML exactly (links to notebooks keep their file names); fix `zh:` of:\n"
        + "\n".join(lines)
        + f"\nthen run `{TOOL_COMMAND} build {path.stem}`"
    )


@pytest.mark.parametrize("path", ENGLISH, ids=_ids)
def test_chinese_prose_has_no_english_left(path):
    cells = _translated(path)
    if not cells:
        pytest.fail(f"{_catalog_file(path)} has no translation yet")
    allowed = allowed_english()
    lines = [
        f"{path.stem} cell {cell_id}: {runs[:5]}"
        for cell_id, _, zh in cells
        if (runs := english_runs(zh, allowed))
    ]
    assert not lines, (
        f"notebooks/zh/{path.name}: English left in the Chinese prose:\n"
        + "\n".join(lines)
        + f"\nTranslate it in {_catalog_file(path)}; put code in backticks; cite sources by "
        "their Chinese label in 《》 (crmlab/data/sources.csv, label_zh); a name may go in "
        f"translations/zh/allowed-english.txt. Then run `{TOOL_COMMAND} build {path.stem}`."
    )


def unrendered_emphasis(markdown: str) -> list[str]:
    """Asterisks a Markdown renderer shows as text: bold or italics it could not close.

    CommonMark does not close ``**`` after punctuation when a letter follows, so
    ``**用时：**约`` shows its asterisks; ``**用时**：约`` is bold.

    >>> unrendered_emphasis("**用时：**约 30 分钟")
    ['**用时：**约 30 分钟']
    >>> unrendered_emphasis("**用时**：约 30 分钟，`a * b`，$x * y$")
    []
    """
    from markdown_it import MarkdownIt

    text = _MATH.sub(" ", _FENCE.sub(" ", markdown))
    html = MarkdownIt("commonmark").render(text)
    html = re.sub(r"<code>.*?</code>", " ", html, flags=re.DOTALL)
    found = []
    for line in re.sub(r"<[^>]+>", "", html).splitlines():
        if "*" in line:
            found.append(line.strip())
    return found


@pytest.mark.parametrize("path", ENGLISH, ids=_ids)
def test_chinese_bold_and_italics_render(path):
    cells = _translated(path)
    if not cells:
        pytest.fail(f"{_catalog_file(path)} has no translation yet")
    lines = [
        f"{path.stem} cell {cell_id}: {shown[:3]}"
        for cell_id, _, zh in cells
        if (shown := unrendered_emphasis(zh))
    ]
    assert not lines, (
        f"notebooks/zh/{path.name}: bold or italics shown as asterisks:\n"
        + "\n".join(lines)
        + "\nPut the punctuation outside the markers (**用时**：, not **用时：**) in "
        f"{_catalog_file(path)}, then run `{TOOL_COMMAND} build {path.stem}`."
    )


def test_english_runs_catches_untranslated_text_and_passes_chinese():
    allowed = allowed_english()
    assert english_runs("如 *CRM slides* 所述", allowed) == ["slides"]
    assert english_runs("如《客户关系管理讲义》所述", allowed) == []
    assert english_runs("See the course map.", allowed) == ["See the course map"]
    assert english_runs("客户流失（churn）", allowed) == []  # a gloss
    assert english_runs("客户 churn 的原因", allowed) == ["churn"]
    assert english_runs("华美连锁（Huamei）用 pandas 计算", allowed) == []
    assert english_runs("$N \\times r \\times V_k$ 与 <sup>5</sup>", allowed) == []
    assert english_runs("```python\nrevenue = log.groupby(x)\n```\n收入", allowed) == []
    assert english_runs("```\nmanagement philosophy\n```", allowed) == ["management philosophy"]
    assert english_runs("[客户价值](01-customer-value.ipynb)", allowed) == []
    assert english_runs("Kaplan-Meier 生存曲线与 BG/NBD 模型", allowed) == []


def test_structure_sees_what_a_translation_must_keep():
    english = "Use `value.clv` and $T = 1/r$, see [Sources](sources.md) <sup>5</sup>."
    assert structure(english) == structure(
        "用 `value.clv` 与 $T = 1/r$，见[来源](sources.md)<sup>5</sup>。"
    )
    assert structure(english) != structure(
        "用 `value.clv` 与 $T=1/r$，见[来源](sources.md)<sup>5</sup>。"
    )
    assert structure(r"$\text{churn rate} = 1 - r$") == structure(r"$\text{客户流失率} = 1 - r$")
    assert structure(english) != structure(
        "用 value.clv 与 $T = 1/r$，见[来源](sources.md)<sup>5</sup>。"
    )
    assert structure(english) != structure(
        "用 `value.clv` 与 $T = 1/r$，见[来源](zh/sources.md)<sup>5</sup>。"
    )
