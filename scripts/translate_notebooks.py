"""Generate the Chinese notebooks from the English ones and a translation catalog.

Each English notebook ``notebooks/NAME.ipynb`` has a catalog
``translations/zh/NAME.yaml`` with one entry per markdown cell, keyed by the
cell's id::

    nb01-000:
      sha: 3f9c2a41d0b7        # first 12 hex digits of SHA-256 of the English source
      zh: |
        # 01 · 客户价值
        ...

Code cells are never translated: the Chinese notebook ``notebooks/zh/NAME.ipynb``
has the English code cells unchanged, plus one first code cell that switches
crmlab to Chinese. An entry whose ``sha`` no longer matches its English cell is
*stale*: the English changed after it was translated.

Usage::

    python scripts/translate_notebooks.py status            # what is missing or stale
    python scripts/translate_notebooks.py skeleton NAME     # empty entries for new, untranslated cells
    python scripts/translate_notebooks.py show NAME CELL    # English source of a cell, and its hash
    python scripts/translate_notebooks.py accept NAME CELL  # mark a revised translation current
    python scripts/translate_notebooks.py build [NAME ...]  # write notebooks/zh/*.ipynb
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CATALOGS = ROOT / "translations" / "zh"
OUTPUT = NOTEBOOKS / "zh"
LANGUAGE_CELL_ID = "zh-language"
LANGUAGE_CELL = 'import crmlab\n\ncrmlab.set_language("zh")  # 中文提示与图表'
HEADER = (
    "# Chinese translation of notebooks/{name}.ipynb: one entry per markdown cell,\n"
    "# keyed by cell id. `sha` is the first 12 hex digits of the SHA-256 of the\n"
    "# English cell it translates; edit `zh`, then run\n"
    "#   python scripts/translate_notebooks.py accept {name} CELL\n"
    "# Workflow: see CONTRIBUTING.md, 'Translations'.\n"
)


def source_hash(text: str) -> str:
    """First 12 hex digits of the SHA-256 of a cell's source."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def english_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def catalog_path(name: str) -> Path:
    return CATALOGS / f"{name}.yaml"


def load_catalog(name: str) -> dict[str, dict[str, str]]:
    path = catalog_path(name)
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(
            f"{path}: expected a mapping of cell id -> entry, got {type(data).__name__}"
        )
    return data


class _Literal(str):
    pass


def _literal(dumper, text):
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")


yaml.SafeDumper.add_representer(_Literal, _literal)


def save_catalog(name: str, catalog: dict[str, dict[str, str]]) -> None:
    entries = {
        cell_id: {
            "sha": entry["sha"],
            "zh": _Literal(entry["zh"].rstrip("\n") + "\n") if entry["zh"].strip() else "",
        }
        for cell_id, entry in catalog.items()
    }
    body = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1000)
    CATALOGS.mkdir(parents=True, exist_ok=True)
    catalog_path(name).write_text(HEADER.format(name=name) + body, encoding="utf-8")


def problems(path: Path) -> dict[str, list[str]]:
    """Cell ids whose translation is missing or stale, and catalog ids with no cell."""
    nb = nbformat.read(path, as_version=4)
    catalog = load_catalog(path.stem)
    found = {"missing": [], "stale": [], "orphan": []}
    markdown = {cell.id: cell.source for cell in nb.cells if cell.cell_type == "markdown"}
    for cell_id, source in markdown.items():
        entry = catalog.get(cell_id)
        if not entry or not str(entry.get("zh", "")).strip():
            found["missing"].append(cell_id)
        elif entry.get("sha") != source_hash(source):
            found["stale"].append(cell_id)
    found["orphan"] = [cell_id for cell_id in catalog if cell_id not in markdown]
    return found


def build(path: Path) -> nbformat.NotebookNode:
    """The Chinese notebook for one English notebook; raises if any cell is untranslated."""
    nb = nbformat.read(path, as_version=4)
    found = problems(path)
    if found["missing"] or found["stale"]:
        raise ValueError(
            f"{path.name}: missing translations {found['missing']}, stale {found['stale']}; "
            "run `python scripts/translate_notebooks.py status`"
        )
    catalog = load_catalog(path.stem)
    zh = copy.deepcopy(nb)
    for cell in zh.cells:
        if cell.cell_type == "markdown":
            cell.source = catalog[cell.id]["zh"].rstrip("\n")
    first_code = next(i for i, cell in enumerate(zh.cells) if cell.cell_type == "code")
    language = nbformat.v4.new_code_cell(LANGUAGE_CELL, id=LANGUAGE_CELL_ID)
    language.metadata["tags"] = ["language"]
    zh.cells.insert(first_code, language)
    zh.metadata["crmlab"] = {"language": "zh", "translated_from": f"../{path.name}"}
    return zh


def code_cells(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(id, source) of every code cell except the language switch."""
    return [
        (cell.id, cell.source)
        for cell in nb.cells
        if cell.cell_type == "code" and cell.id != LANGUAGE_CELL_ID
    ]


def _cmd_status(_args) -> int:
    bad = 0
    for path in english_notebooks():
        found = problems(path)
        total = sum(cell.cell_type == "markdown" for cell in nbformat.read(path, 4).cells)
        counts = ", ".join(f"{len(ids)} {kind}" for kind, ids in found.items() if ids)
        print(
            f"{path.stem}: {total - len(found['missing']) - len(found['stale'])}/{total} current"
            + (f" ({counts})" if counts else "")
        )
        for kind, ids in found.items():
            for cell_id in ids:
                print(f"    {kind}: {cell_id}")
        # An orphan does not stop `build`, but the sync test fails on it: so does status.
        bad += any(found.values())
    return 1 if bad else 0


def _cell(name: str, cell_id: str):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.id == cell_id and cell.cell_type == "markdown":
            return cell
    raise SystemExit(f"{name}.ipynb has no markdown cell with id {cell_id!r}")


def _cmd_show(args) -> int:
    cell = _cell(args.name, args.cell)
    print(f"sha: {source_hash(cell.source)}\n{cell.source}")
    return 0


def _cmd_accept(args) -> int:
    cell = _cell(args.name, args.cell)
    catalog = load_catalog(args.name)
    if args.cell not in catalog:
        raise SystemExit(
            f"translations/zh/{args.name}.yaml has no entry {args.cell!r}: add it first"
        )
    catalog[args.cell]["sha"] = source_hash(cell.source)
    save_catalog(args.name, catalog)
    print(f"{args.name} {args.cell}: marked current")
    return 0


def _cmd_skeleton(args) -> int:
    nb = nbformat.read(NOTEBOOKS / f"{args.name}.ipynb", as_version=4)
    catalog = load_catalog(args.name)
    ordered = {}
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            entry = catalog.pop(cell.id, {"zh": ""})
            if not str(entry["zh"]).strip():
                # Nothing translated yet: the entry simply follows the English.
                entry = {"sha": source_hash(cell.source), "zh": ""}
            ordered[cell.id] = entry
    ordered.update(catalog)
    save_catalog(args.name, ordered)
    print(f"translations/zh/{args.name}.yaml: {len(ordered)} entries, in notebook order")
    return 0


def _cmd_build(args) -> int:
    paths = [NOTEBOOKS / f"{n}.ipynb" for n in args.names] or english_notebooks()
    OUTPUT.mkdir(exist_ok=True)
    for path in paths:
        nbformat.write(build(path), OUTPUT / path.name)
        print(f"wrote notebooks/zh/{path.name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status").set_defaults(run=_cmd_status)
    p = sub.add_parser("skeleton")
    p.add_argument("name")
    p.set_defaults(run=_cmd_skeleton)
    for command, run in (("show", _cmd_show), ("accept", _cmd_accept)):
        p = sub.add_parser(command)
        p.add_argument("name")
        p.add_argument("cell")
        p.set_defaults(run=run)
    p = sub.add_parser("build")
    p.add_argument("names", nargs="*")
    p.set_defaults(run=_cmd_build)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
