"""Bilingual glossary of the course (术语表): English, Chinese, a one-line definition in each.

Every key term of the course units, with the Chinese wording of the lecture
documents where they use one (cited by the labels of the course's Sources
page, :mod:`crmlab.sources`), and "standard practice" for the terms the course
adds (RFM, cohorts, survival, NPS, ...). Notebooks introduce a concept as
"customer lifetime value (客户终生价值, CLV)"; this module is where those pairs
live, and the label tables of the unit modules (loyalty types, Kano
categories, win-back attitudes, chart labels, ...) refer to its entries by key
instead of repeating the words.

The terms are data, stated once in ``crmlab/data/glossary.csv`` (columns key,
english, chinese, definition, definition_zh, sources, unit; ``sources`` holds
Sources keys or "standard"), read on first use. A term shown to the reader
(printed, listed, tabulated in Jupyter) carries the definition in the course
language: ``definition_zh`` after ``crmlab.set_language("zh")``.

- :data:`TERMS`: every term, a tuple of :class:`Term`, grouped by unit.
- :func:`lookup`: search by English or Chinese, case-insensitive, partial match.
- :func:`term`: one term by its exact English name or abbreviation.
- :func:`entry`: one term by its stable key, e.g. ``entry("latent-loyalty")``.
- :func:`as_dataframe`: the glossary (or one unit of it) as a table.
- :class:`TermTable`, :func:`term_sequence`: read-only tables of glossary
  entries by key, for the unit modules' label tables.

Units are "00" (introduction) to "06" (retention), "07" (the capstone, which
introduces no new terms), "A1" (probabilistic CLV) and "A2" (structural
satisfaction models), as in the course sequence.

Examples
--------
>>> from crmlab import glossary
>>> print(glossary.term("CLV"))
customer lifetime value (CLV) | 客户终生价值 | The present value of the profit a customer brings
over the whole relationship, net of the costs of acquiring and serving them. [CRM slides;
Knowing the customer; unit 01]
>>> [t.english for t in glossary.lookup("流失率")]
['churn rate']
>>> glossary.entry("latent-loyalty").chinese
'潜在忠诚'
>>> glossary.lookup("chrun rate")
Traceback (most recent call last):
...
ValueError: No glossary term matches 'chrun rate'. Did you mean: churn rate (客户流失率), ...
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

import pandas as pd

from crmlab.i18n import get_language, message

# TERMS (a tuple of Term) is read from the data file on first access.
__all__ = [
    "TERMS",  # noqa: F822 (read lazily by __getattr__)
    "UNITS",
    "Term",
    "TermList",
    "TermTable",
    "as_dataframe",
    "entry",
    "lookup",
    "term",
    "term_sequence",
]

UNITS = ("00", "01", "02", "03", "04", "05", "06", "07", "A1", "A2")

_COLUMNS = ("english", "chinese", "definition", "definition_zh", "source", "unit")
_STANDARD = "standard"


@dataclass(frozen=True)
class Term:
    """One bilingual term: a glossary entry, or a label given by the caller.

    Attributes
    ----------
    en : str
        The English term; an abbreviation, if any, in parentheses: "net promoter score (NPS)".
    zh : str
        The Chinese term, in the wording of the source documents where they have one.
    description : str
        A one-line definition in plain English.
    source : str
        Where the term comes from, by the Sources page's labels: "CRM slides",
        "Keeping relationships; Knowing the customer", or "standard practice".
    unit : str
        The course unit that introduces it: "00" to "06", "A1" or "A2".
    key : str
        The stable key of a glossary entry ("latent-loyalty"); empty for other labels.
    description_zh : str
        The same definition in Chinese (定义); empty for labels without one.

    ``english``, ``chinese``, ``definition`` and ``definition_zh`` are the same
    as ``en``, ``zh``, ``description`` and ``description_zh``: the glossary's
    names for them, and its table's columns. A table of terms made by pandas
    has the columns en, zh, description, source, unit, key and description_zh.
    :attr:`shown_definition` is the definition in the course language.
    """

    en: str
    zh: str
    description: str = ""
    source: str = ""
    unit: str = ""
    key: str = ""
    description_zh: str = ""

    @property
    def english(self) -> str:
        return self.en

    @property
    def chinese(self) -> str:
        return self.zh

    @property
    def definition(self) -> str:
        return self.description

    @property
    def definition_zh(self) -> str:
        return self.description_zh

    @property
    def shown_definition(self) -> str:
        """The definition in the course language (the English one if no Chinese is given).

        Examples
        --------
        >>> import crmlab
        >>> crmlab.set_language("zh")
        >>> entry("cohort").shown_definition
        '在同一时期获取的客户，随时间一起跟踪观察。'
        >>> crmlab.set_language("en")
        >>> entry("cohort").shown_definition
        'Customers acquired in the same period, followed together over time.'
        """
        if get_language() == "zh" and self.description_zh:
            return self.description_zh
        return self.description

    def __str__(self) -> str:
        """One line; Chinese first, with the Chinese definition, when the course language is Chinese."""
        return message(
            "glossary.term_line",
            english=self.english,
            chinese=self.chinese,
            definition=self.shown_definition,
            source=_shown_source(self),
            unit=self.unit,
        )

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        """Jupyter's view of a term: the fields in English, the printed line in Chinese.

        The field-by-field repr would show the English definition to a reader
        who has chosen Chinese, so that reader sees the term's line instead.
        """
        printer.text(str(self) if get_language() == "zh" else repr(self))


def _cite(sources: str) -> str:
    """The English citation of a ``;``-separated list of Sources keys (Term.source)."""
    from crmlab import sources as documents

    keys = [key.strip() for key in sources.split(";")]
    return "; ".join(
        "standard practice" if k == _STANDARD else documents._source(k).label for k in keys
    )


def _shown_source(t: Term) -> str:
    """The source of a term as shown to the reader, in the course language."""
    from crmlab import sources as documents

    if not t.key:
        return t.source
    keys = [key.strip() for key in _source_keys()[t.key].split(";")]
    return message("glossary.source_separator").join(
        message("glossary.standard_practice") if k == _STANDARD else documents.label(k)
        for k in keys
    )


@functools.cache
def _rows() -> tuple[dict[str, str], ...]:
    text = resources.files("crmlab").joinpath("data", "glossary.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(text.splitlines()))


@functools.cache
def _source_keys() -> dict[str, str]:
    return {row["key"]: row["sources"] for row in _rows()}


@functools.cache
def _entries() -> dict[str, Term]:
    return {
        row["key"]: Term(
            en=row["english"],
            zh=row["chinese"],
            description=row["definition"],
            source=_cite(row["sources"]),
            unit=row["unit"],
            key=row["key"],
            description_zh=row["definition_zh"],
        )
        for row in _rows()
    }


@functools.cache
def _all_terms() -> tuple[Term, ...]:
    return tuple(_entries().values())


def __getattr__(name: str):
    if name == "TERMS":
        return _all_terms()
    raise AttributeError(message("glossary.module_crmlab_glossary_has_no", name=name))


def entry(key: str) -> Term:
    """The glossary entry with this stable key.

    Raises
    ------
    TypeError
        If ``key`` is not a str.
    ValueError
        If no entry has this key; the message suggests the closest keys.

    Examples
    --------
    >>> entry("cohort").chinese
    '同期群'
    """
    if not isinstance(key, str):
        raise TypeError(message("glossary.key_must_be_a_str", type=type(key).__name__))
    known = _entries()
    if key not in known:
        close = difflib.get_close_matches(key, list(known), n=3)
        hint = (
            message("glossary.did_you_mean_key", keys=", ".join(map(repr, close))) if close else ""
        )
        raise ValueError(message("glossary.no_glossary_entry_has_the", key=key, hint=hint))
    return known[key]


class TermTable(dict):
    """A read-only table of glossary entries by name, given by their keys.

    A dict (so pandas and ``json`` take it as one) whose items cannot be
    changed. With ``field`` the values are that attribute of each term (e.g.
    ``"chinese"``) instead of the terms.

    Examples
    --------
    >>> policy = TermTable({"key": "strive-to-win-back"}, field="chinese")
    >>> policy
    {'key': '极力挽回'}
    >>> policy["key"] = "x"
    Traceback (most recent call last):
    ...
    TypeError: This table of glossary terms is read-only; edit crmlab/data/glossary.csv instead.
    """

    __slots__ = ()

    def __init__(self, keys: Mapping[str, str], *, field: str | None = None):
        terms = {name: entry(key) for name, key in keys.items()}
        if field is not None:
            terms = {name: getattr(t, field) for name, t in terms.items()}
        super().__init__(terms)

    def _read_only(self, *args, **kwargs):
        raise TypeError(message("glossary.this_table_of_glossary_terms"))

    __setitem__ = __delitem__ = __ior__ = _read_only
    clear = pop = popitem = setdefault = update = _read_only


def term_sequence(keys: Sequence[str]) -> tuple[Term, ...]:
    """The glossary entries with these keys, in order, as a tuple.

    Examples
    --------
    >>> [step.zh for step in term_sequence(["reception", "test-drive"])]
    ['顾客接待', '试乘试驾']
    """
    return tuple(entry(key) for key in keys)


class TermList(tuple):
    """A tuple of :class:`Term` that prints one term per line (and as a table in Jupyter)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "\n".join(str(t) for t in self) if self else "TermList()"

    def _repr_html_(self) -> str:
        table = as_dataframe(terms=self).assign(
            definition=[t.shown_definition for t in self],
            source=[_shown_source(t) for t in self],
        )
        return table[message("glossary.display_columns").split()].to_html(index=False)


def _names(t: Term) -> tuple[str, ...]:
    """The full English name, the name without its abbreviation, and the abbreviation."""
    full = t.english.casefold()
    match = re.fullmatch(r"(.*?)\s*\((.+)\)", full)
    if match:
        return (full, match.group(1), match.group(2))
    return (full,)


def _suggest(text: str) -> str:
    """A 'Did you mean ...' sentence from the closest English and Chinese names."""
    query = text.strip().casefold()
    by_key = {}
    for t in _entries().values():
        for key in (*_names(t), t.chinese):
            by_key.setdefault(key, t)
    close = difflib.get_close_matches(query, list(by_key), n=8, cutoff=0.6)
    picks: list[Term] = []
    for key in close:
        if by_key[key] not in picks:
            picks.append(by_key[key])
    if not picks:
        return message("glossary.browse_all")
    listed = message("glossary.separator").join(
        message("glossary.term_names", english=t.english, chinese=t.chinese) for t in picks[:5]
    )
    return message("glossary.did_you_mean_terms", terms=listed)


def _check_text(text, name: str) -> str:
    if not isinstance(text, str):
        raise TypeError(message("glossary.name_must_be_a_str", name=name, type=type(text).__name__))
    if not text.strip():
        raise ValueError(message("glossary.name_must_not_be_empty", name=name))
    return text.strip().casefold()


def lookup(text: str) -> TermList:
    """Find terms by English or Chinese name: case-insensitive, partial match.

    Exact matches (on the full English name, the name without its
    abbreviation, the abbreviation, or the Chinese term) come first, then names
    that start with ``text``, then names that contain it.

    Parameters
    ----------
    text : str
        Part of an English or Chinese term, e.g. "churn", "CLV", "忠诚".

    Returns
    -------
    TermList
        A tuple of matching :class:`Term` objects, best first (never empty).

    Raises
    ------
    TypeError
        If ``text`` is not a str.
    ValueError
        If ``text`` is empty or nothing matches; the message suggests the
        closest terms (difflib).

    Examples
    --------
    >>> [t.english for t in lookup("CLV")][:2]
    ['customer lifetime value (CLV)', 'group CLV (Dwyer method)']
    >>> lookup("钱包份额")[0].english
    'share of wallet (SOW)'
    """
    query = _check_text(text, "text")
    ranked = []
    for position, t in enumerate(_entries().values()):
        names = (*_names(t), t.chinese.casefold())
        if query in names:
            rank = 0
        elif any(name.startswith(query) for name in names):
            rank = 1
        elif any(query in name for name in names):
            rank = 2
        else:
            continue
        ranked.append((rank, position, t))
    if not ranked:
        raise ValueError(
            message("glossary.no_glossary_term_matches_text", text=text, suggest=_suggest(text))
        )
    return TermList(t for _, _, t in sorted(ranked, key=lambda item: item[:2]))


def term(english: str) -> Term:
    """Return the one term with this exact English name (case-insensitive).

    The full name, the name without its abbreviation ("net promoter score") and
    the abbreviation alone ("NPS") all work.

    Raises
    ------
    TypeError
        If ``english`` is not a str.
    ValueError
        If no term has this name; the message suggests the closest ones.

    Examples
    --------
    >>> term("NPS").chinese
    '净推荐值'
    >>> term("potential customer").source
    'Knowing the customer'
    """
    query = _check_text(english, "english")
    for t in _entries().values():
        if query in _names(t):
            return t
    raise ValueError(
        message("glossary.no_glossary_term_is_named", english=english, suggest=_suggest(english))
    )


def as_dataframe(unit: str | int | None = None, *, terms=None) -> pd.DataFrame:
    """The glossary as a DataFrame: english, chinese, definition, definition_zh, source, unit.

    The data in both languages, whatever the course language; a list of terms
    shown to the reader (:class:`TermList`) picks the definition in the course
    language.

    Parameters
    ----------
    unit : str, int or None
        Keep only the terms of one unit: "00" to "07" (or 0 to 7), "A1" or "A2".
        None (default) keeps all.
    terms : sequence of Term, optional
        Tabulate these terms instead of the whole glossary.

    Raises
    ------
    ValueError
        If ``unit`` is not one of the course units.

    Examples
    --------
    >>> df = as_dataframe(unit=5)
    >>> df.loc[df["english"] == "churn rate", "chinese"].item()
    '客户流失率'
    >>> list(df.columns)
    ['english', 'chinese', 'definition', 'definition_zh', 'source', 'unit']
    """
    columns = list(_COLUMNS)
    chosen = tuple(_entries().values()) if terms is None else tuple(terms)
    if unit is not None:
        if isinstance(unit, int) and not isinstance(unit, bool):
            unit = f"{unit:02d}"
        if not isinstance(unit, str) or unit.upper() not in UNITS:
            raise ValueError(
                message("glossary.unit_must_be_one_of", allowed=", ".join(UNITS), unit=unit)
            )
        chosen = tuple(t for t in chosen if t.unit == unit.upper())
    return pd.DataFrame([[getattr(t, c) for c in columns] for t in chosen], columns=columns)
