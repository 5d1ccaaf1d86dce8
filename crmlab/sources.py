"""The five lecture documents the course follows, and how to cite them.

The course is built from five Chinese CRM teaching documents. Everything a
student sees cites one of them by a short label (``Knowing the customer``,
``CRM slides``, ...), listed with full titles on the course's Sources page
(``notebooks/sources.md``). The table lives in ``crmlab/data/sources.csv``,
stated once; this module reads it on first use.

Examples
--------
>>> from crmlab import sources
>>> sources.label("knowing")
'Knowing the customer'
>>> sources.cite("slides", "knowing")
'CRM slides; Knowing the customer'
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

from crmlab.i18n import message

# SOURCES (a tuple of Source) is read from the data file on first access.
__all__ = ["Source", "cite", "label", "table"]


@dataclass(frozen=True)
class Source:
    """One lecture document: its citation key and label, its titles, what it covers."""

    key: str
    label: str
    label_zh: str
    title_zh: str
    title_en: str
    kind: str
    covers: str


@functools.cache
def _read() -> dict[str, Source]:
    text = resources.files("crmlab").joinpath("data", "sources.csv").read_text(encoding="utf-8")
    return {row["key"]: Source(**row) for row in csv.DictReader(text.splitlines())}


def __getattr__(name: str):
    if name == "SOURCES":
        return tuple(_read().values())
    raise AttributeError(message("sources.module_crmlab_sources_has_no", name=name))


def _source(key: str) -> Source:
    if not isinstance(key, str):
        raise TypeError(message("sources.key_must_be_a_string", type=type(key).__name__))
    known = _read()
    if key not in known:
        raise ValueError(
            message("sources.key_must_be_one_of", known=", ".join(map(repr, known)), key=key)
        )
    return known[key]


def label(key: str) -> str:
    """The citation label of the source with this key, in the course language.

    Chinese text cites a source by its Chinese label in 《》.

    >>> label("keeping")
    'Keeping relationships'
    """
    from crmlab.i18n import get_language

    source = _source(key)
    return f"《{source.label_zh}》" if get_language() == "zh" else source.label


def cite(*keys: str) -> str:
    """Labels of one or more sources, joined for a citation in running text.

    >>> cite("satisfaction")
    'CRM and satisfaction'
    """
    if not keys:
        raise ValueError(message("sources.cite_needs_at_least_one"))
    from crmlab.i18n import get_language

    return ("、" if get_language() == "zh" else "; ").join(label(key) for key in keys)


def table():
    """All sources as a DataFrame indexed by key (label, titles, kind, what it covers).

    >>> table().loc["chain", "title_en"]
    'Chain-store management, Project 7: CRM in chain enterprises'
    """
    import pandas as pd

    frame = pd.DataFrame([vars(s) for s in _read().values()]).set_index("key")
    return frame
