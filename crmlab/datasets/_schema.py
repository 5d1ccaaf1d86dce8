"""The columns of every dataset, stated once in ``crmlab/data/dataset_columns.csv``.

One row per column: the dataset, the column, its pandas dtype, what it means,
and a group name for runs of columns described together (``X311`` ... ``X352``).
The loaders put every table in this order and these dtypes (:func:`conform`),
the generators produce it, the tests check against it, and the column tables
of the datasheet ``datasets/README.md`` are rendered from it
(:func:`render_datasheet`; ``python -m crmlab.datasets._schema`` rewrites them).

Examples
--------
>>> list(schema("cdnow"))
['customer_id', 'date', 'cds', 'amount']
>>> print(column_table("cdnow").splitlines()[2])
| `customer_id` | int64 | the master-file id in both versions ...
"""

from __future__ import annotations

import csv
import functools
import re
import sys
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from crmlab.i18n import message

DATE = "datetime64[us]"

# How the datasheet names a dtype.
_SHOWN_TYPE = MappingProxyType(
    {"float64": "float", "Int64": "Int64 (nullable)", DATE: "datetime64"}
)
_TABLE_HEAD = "| column | type | meaning |\n|---|---|---|\n"


@functools.cache
def _rows() -> tuple[dict[str, str], ...]:
    text = (
        resources.files("crmlab")
        .joinpath("data", "dataset_columns.csv")
        .read_text(encoding="utf-8")
    )
    return tuple(csv.DictReader(text.splitlines()))


@functools.cache
def _schemas() -> MappingProxyType:
    tables: dict[str, dict[str, str]] = {}
    for row in _rows():
        tables.setdefault(row["dataset"], {})[row["column"]] = row["dtype"]
    return MappingProxyType({name: MappingProxyType(cols) for name, cols in tables.items()})


def schema(name: str) -> MappingProxyType:
    """Column -> dtype of one dataset, in the documented order (read-only)."""
    tables = _schemas()
    if name not in tables:
        raise ValueError(
            message("datasets.name_must_be_one_of", tables=", ".join(map(repr, tables)), name=name)
        )
    return tables[name]


def conform(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Put a table in its documented column order and dtypes, with a fresh RangeIndex."""
    out = {}
    for column, dtype in schema(name).items():
        values = frame[column]
        if dtype == DATE:
            out[column] = pd.to_datetime(values).astype(DATE)
        elif dtype == "str":
            out[column] = values.astype("str")
            # astype("str") would turn a missing answer into the text "nan".
            out[column] = out[column].where(values.notna())
        else:
            out[column] = values.astype(dtype)
    return pd.DataFrame(out).reset_index(drop=True)


def column_table(name: str) -> str:
    """The datasheet's markdown table of one dataset's columns (groups on one line)."""
    schema(name)
    lines = []
    rows = [row for row in _rows() if row["dataset"] == name]
    for position, row in enumerate(rows):
        group = row["group"]
        if group and position and rows[position - 1]["group"] == group:
            continue
        shown = f"`{row['column']}`"
        if group:
            last = [r for r in rows if r["group"] == group][-1]
            shown += f" ... `{last['column']}`"
        kind = _SHOWN_TYPE.get(row["dtype"], row["dtype"])
        lines.append(f"| {shown} | {kind} | {row['meaning']} |\n")
    return _TABLE_HEAD + "".join(lines)


def render_datasheet(text: str) -> str:
    """The datasheet with every column table replaced by :func:`column_table`.

    The column tables appear in the datasheet in the order of the datasets in
    the schema file, one per dataset.
    """
    pattern = re.compile(re.escape(_TABLE_HEAD) + r"(?:\|.*\n)+")
    names = iter(dict.fromkeys(row["dataset"] for row in _rows()))
    rendered = pattern.sub(lambda _: column_table(next(names)), text)
    leftover = next(names, None)
    if leftover is not None:
        raise ValueError(message("datasets.the_datasheet_has_no_column", leftover=leftover))
    return rendered


if __name__ == "__main__":
    sheet = Path(sys.argv[1] if len(sys.argv) > 1 else "datasets/README.md")
    sheet.write_text(render_datasheet(sheet.read_text(encoding="utf-8")), encoding="utf-8")
