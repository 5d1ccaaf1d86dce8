"""The texts of the self-check exercises in the course language (练习文本的翻译).

An exercise of :mod:`crmlab.exercises` is written in English in its module:
question, options, hints, feedback per wrong option, explanation, the name of
the answer in messages (``what``), its unit, the solution's comments and the
messages of its custom comparison. The other languages keep their text in one
catalog per module, ``crmlab/data/exercises/<language>/<module>.toml``, with a
table per exercise (``[q1]``) whose fields have the English attribute names::

    [q1]
    what = "流失率"
    prompt = "……"
    hints = ["……", "……"]
    explanation = "……"
    solution = '''answer = "B"  # ……'''
    options = ["……", "……"]      # Choice only
    feedback = { A = "……" }      # Choice only
    unit = "元"
    traps = ["……"]              # the messages of number_traps, in order
    messages = { key = "……" }   # the templates of Exercise.say

:func:`text` returns a field in the course language and falls back to the
English when a catalog lacks it; the test suite requires every English text of
every exercise to have its Chinese counterpart, so the fallback only serves
exercises written outside the package.

Examples
--------
>>> import crmlab
>>> crmlab.set_language("zh")
>>> text("crmlab.exercises.demo", "q1", "what", "the churn rate")
'流失率'
>>> crmlab.set_language("en")
>>> text("crmlab.exercises.demo", "q1", "what", "the churn rate")
'the churn rate'
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources

from crmlab.i18n import get_language, message

__all__ = ["PACKAGE", "Texts", "catalog", "text"]

#: The package whose modules' exercises have catalogs.
PACKAGE = "crmlab.exercises"


def _short(module: str | None) -> str | None:
    """The catalog name of an exercise module, or None outside :mod:`crmlab.exercises`."""
    if module and module.startswith(PACKAGE + ".") and module.count(".") == 2:
        return module.rsplit(".", 1)[1]
    return None


@functools.cache
def catalog(language: str, module: str) -> dict:
    """The translated texts of one exercise module, by exercise name ({} if none)."""
    short = _short(module)
    if language == "en" or short is None:
        return {}
    path = resources.files("crmlab") / "data" / "exercises" / language / f"{short}.toml"
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def text(module: str | None, name: str, field: str, english):
    """Field ``field`` of exercise ``name`` of ``module`` in the course language.

    ``english`` is the English value (a str, a tuple of str or a dict of str),
    returned as it is when the language is English or the catalog lacks the
    field.
    """
    if module is None:
        return english
    translated = catalog(get_language(), module).get(name, {}).get(field)
    if translated is None:
        return english
    if isinstance(english, tuple):
        return tuple(translated)
    return translated


class Texts:
    """The texts of an exercise in the course language, for :class:`crmlab.check.Exercise`.

    The exercise keeps its English in ``self._english`` (a dict by field),
    its ``name`` and the ``module`` that defines it.
    """

    name: str
    module: str | None
    _english: dict

    def _text(self, field: str):
        return text(self.module, self.name, field, self._english[field])

    @property
    def prompt(self) -> str:
        """The question, in the course language."""
        return self._text("prompt")

    @property
    def hints(self) -> tuple[str, ...]:
        """The hints, gentle first, in the course language."""
        return self._text("hints")

    @property
    def what(self) -> str:
        """How messages name the answer, in the course language."""
        if self._english["what"] is None:
            return message("check.the_answer")
        return self._text("what")

    @property
    def explanation(self) -> str | None:
        """Why the answer is right, in the course language (None if not given)."""
        return self._text("explanation")

    @property
    def solution_text(self) -> str:
        """The solution as ``solution()`` shows it, comments in the course language."""
        return self._text("solution")

    def say(self, key: str, /, **fields) -> str:
        """Fill the template ``key`` of ``messages`` (in the course language) with ``fields``."""
        templates = self._text("messages")
        if key not in self._english["messages"]:
            raise KeyError(f"exercise {self.name!r} has no message {key!r}")
        return templates.get(key, self._english["messages"][key]).format(**fields)
