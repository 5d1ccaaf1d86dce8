"""The course language: English or Chinese (课程语言).

One switch decides the language of crmlab's messages and chart labels:
:func:`set_language` in a notebook, or the ``CRMLAB_LANGUAGE`` environment
variable before Python starts (``set_language`` wins). The Chinese notebooks
call ``crmlab.set_language("zh")`` in their first code cell.

>>> import crmlab
>>> crmlab.set_language("zh")
>>> crmlab.get_language()
'zh'
>>> crmlab.set_language("en")
"""

from __future__ import annotations

import os

LANGUAGES = ("en", "zh")
ENV_VAR = "CRMLAB_LANGUAGE"

_chosen: str | None = None


def _check(language, name: str) -> str:
    if not isinstance(language, str) or language not in LANGUAGES:
        raise ValueError(
            f"{name} must be one of {', '.join(map(repr, LANGUAGES))}; got {language!r}. "
            "Use 'en' for English or 'zh' for Chinese (中文)."
        )
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
