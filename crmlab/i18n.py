"""The course language: English or Chinese (课程语言).

One switch decides the language of crmlab's messages and chart labels:
:func:`set_language` in a notebook, or the ``CRMLAB_LANGUAGE`` environment
variable before Python starts (``set_language`` wins). The Chinese notebooks
call ``crmlab.set_language("zh")`` in their first code cell.

Every message template lives in the catalog of its language,
``crmlab/data/messages/<language>/<domain>.toml``: a flat table of
``key = "template"`` whose full key is ``"<domain>.<key>"``. Templates are
:meth:`str.format` strings; :func:`message` fills them. A key missing from the
Chinese catalog falls back to English (the tests require none to be missing).

>>> import crmlab
>>> crmlab.set_language("zh")
>>> crmlab.get_language()
'zh'
>>> crmlab.set_language("en")
"""

from __future__ import annotations

import functools
import os
import string
import tomllib
from importlib import resources

LANGUAGES = ("en", "zh")
ENV_VAR = "CRMLAB_LANGUAGE"

_chosen: str | None = None


def _check(language, name: str) -> str:
    if not isinstance(language, str) or language not in LANGUAGES:
        # Before the language is known, the message is in both.
        english = tomllib.loads(
            (resources.files("crmlab") / "data/messages/en/i18n.toml").read_text("utf-8")
        )
        raise ValueError(english["unknown_language"].format(name=name, got=repr(language)))
    return language


def set_language(language: str) -> None:
    """Set the language of crmlab's messages and chart labels for this session.

    Parameters
    ----------
    language : {"en", "zh"}
        ``"en"`` for English, ``"zh"`` for simplified Chinese (简体中文).

    Raises
    ------
    ValueError
        For any other value.
    """
    global _chosen
    _chosen = _check(language, "language")


def get_language() -> str:
    """The language in use: the one set last, else ``$CRMLAB_LANGUAGE``, else ``"en"``.

    Raises
    ------
    ValueError
        If ``CRMLAB_LANGUAGE`` holds something other than ``en`` or ``zh``.
    """
    if _chosen is not None:
        return _chosen
    value = os.environ.get(ENV_VAR, "").strip()
    return _check(value, f"the environment variable {ENV_VAR}") if value else "en"


@functools.cache
def catalog(language: str) -> dict[str, str]:
    """Every message template of one language, by full key ``"<domain>.<key>"``."""
    _check(language, "language")
    folder = resources.files("crmlab") / "data" / "messages" / language
    templates: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            domain = entry.name.removesuffix(".toml")
            table = tomllib.loads(entry.read_text(encoding="utf-8"))
            templates.update(_flatten(table, domain))
    return templates


def _flatten(table: dict, prefix: str) -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}.{key}"))
        else:
            flat[f"{prefix}.{key}"] = value
    return flat


def fields(template: str) -> set[str]:
    """The names of the fields a template fills, e.g. ``{"name", "got"}``."""
    return {
        name.split(".")[0].split("[")[0]
        for _, name, _, _ in string.Formatter().parse(template)
        if name
    }


def message(key: str, /, **values) -> str:
    """The message ``key`` in the course language, filled with ``values``.

    Parameters
    ----------
    key : str
        Full key, ``"<domain>.<key>"``, of a template in the English catalog.
    **values
        The template's fields.

    Raises
    ------
    KeyError
        If no English template has this key (a bug in crmlab, not in your code).

    Examples
    --------
    >>> message("i18n.unknown_language", name="language", got="'fr'")
    "language must be one of 'en', 'zh'; got 'fr'. Use 'en' for English or 'zh' for Chinese (中文)."
    """
    english = catalog("en")
    if key not in english:
        raise KeyError(f"crmlab has no message {key!r}")
    template = catalog(get_language()).get(key, english[key])
    return template.format(**values)
