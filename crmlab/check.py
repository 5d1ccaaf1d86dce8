"""Self-check exercises with immediate feedback (自测练习) for the course notebooks.

Each question of a notebook is one :class:`Exercise` (or :class:`Choice` for a
multiple-choice interpretation question) defined in a module of
:mod:`crmlab.exercises`. Students call three methods on it:

- ``q1.check(answer)`` shows a green "Correct" or a red message they can act on;
- ``q1.hint()`` shows the next hint (``q1.hint(2)`` shows hint 2);
- ``q1.solution()`` shows the solution.

Starter code assigns the placeholder ``____`` (four underscores), so that the
cell runs and the check reports "not attempted" instead of a traceback.

Answers are compared by the type of the expected value: numbers with a relative
and absolute tolerance; booleans; text (case and whitespace tolerant by
default); lists and arrays (shape, then values); pandas Series and DataFrames
(tolerant of dtype differences such as ``str`` vs ``object`` or ``int`` vs
``float``; optionally ignoring row order or row labels); dicts; sets; dates.
A custom ``compare(answer, expected)`` may return ``True``/``False`` or
``(ok, message)``.

Every exercise carries a known-good answer and at least one known-bad answer,
and :meth:`Exercise.self_test` checks that the first passes and the others
fail: a checker that cannot fail is a defect.

What ``check`` returns: a :class:`CheckResult`, truthy exactly when the answer
is correct. In Jupyter the feedback is displayed at once (HTML, with a plain
text fallback) and the result itself displays nothing, so a cell ending in
``q1.check(answer)`` shows no ``Out[...]: True`` noise. Outside IPython the
feedback is printed and the result's repr is a short ``CheckResult(...)``.
Use :meth:`Exercise.evaluate` to get the result without any output.

Everything a student reads follows the course language
(``crmlab.set_language("zh")`` or ``CRMLAB_LANGUAGE=zh``): the messages come
from the catalogs ``check`` and ``compare`` of :mod:`crmlab.i18n`, and the
texts of the exercises of :mod:`crmlab.exercises` from their Chinese catalogs
(:mod:`crmlab._exercise_text`).

Examples
--------
>>> from crmlab.check import Exercise, ____
>>> q1 = Exercise(
...     "q1",
...     "30 of 250 customers left this year. What is the churn rate?",
...     lambda: 30 / 250,
...     kind="fraction",
...     what="the churn rate",
...     hints=["Churned customers divided by all customers."],
...     solution="churn_rate = 30 / 250",
...     known_bad=[12, 30 / 220],
... )
>>> answer = ____
>>> q1.check(answer)
Not attempted yet: replace ____ with your answer, then run the cell again.
CheckResult(status='not attempted')
>>> q1.check(12)
Incorrect: Expected the churn rate to be a fraction like 0.12, got 12. Did you pass a percentage?
Try .hint() for a hint.
CheckResult(status='incorrect')
>>> bool(q1.check(0.12))
Correct.
True
>>> q1.self_test()
"""

from __future__ import annotations

import html
import numbers
import re
import string
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from crmlab import _exercise_text
from crmlab._compare import Options, check_kind, compare, is_real, listing, norm_text, show
from crmlab._feedback import (
    COLORS,
    PLACEHOLDER,
    CheckResult,
    ____,
    contains_placeholder,
    feedback_box,
    show_feedback,
    titled,
)
from crmlab._traps import NumberTraps, number_traps
from crmlab.i18n import message

__all__ = [
    "PLACEHOLDER",
    "CheckResult",
    "Choice",
    "Exercise",
    "____",
    "number_traps",
]


def _say(key: str, /, **fields) -> str:
    """The self-checks' message ``key`` (catalog domain ``check``) in the course language."""
    return message(f"check.{key}", **fields)


def _caller_module(depth: int) -> str | None:
    """The ``__name__`` of the module that called, as :func:`collections.namedtuple` finds it."""
    try:
        return sys._getframe(depth + 1).f_globals.get("__name__")
    except (AttributeError, ValueError):  # no frames (another Python) or too shallow
        return None


# --------------------------------------------------------------------------- exercises

_MISSING = object()


def _resolve(value):
    """Call a zero-argument callable (lazy value); return other values as they are."""
    return value() if callable(value) else value


class Exercise(_exercise_text.Texts):
    """One self-check question with feedback, tiered hints and a solution.

    Parameters
    ----------
    name : str
        Short identifier, normally the variable name (``"q1"``).
    prompt : str
        The question as the student reads it.
    expected : object or callable
        The correct answer, or a zero-argument callable that computes it on first
        use (so that defining exercises never loads data at import). The type of
        the expected value decides how answers are compared (see the module
        docstring). A function cannot itself be an expected value.
    hints : str or sequence of str, keyword-only
        Hints from gentle to explicit; ``hint()`` shows them one by one.
    solution : str, keyword-only
        The solution code or text shown by ``solution()``.
    known_bad : sequence or callable, keyword-only
        Wrong answers that the checker must reject (at least one), e.g. the
        percentage instead of the fraction, or the result of a common mistake.
        A zero-argument callable returning the sequence is evaluated lazily.
    known_good : object or callable, optional
        An answer that must pass; defaults to ``expected``.
    compare : callable, optional
        ``compare(answer, expected)`` returning ``True``/``False`` or
        ``(ok, message)``; replaces the type-based comparison.
    kind : {None, "fraction", "percentage"}
        ``"fraction"``: the answer is a rate in [0, 1]; a percentage gets a
        specific message. ``"percentage"``: the reverse.
    what : str, optional
        How messages name the answer, e.g. ``"the churn rate"``; by default
        "the answer".
    unit : str, optional
        Unit of measure shown after numbers in messages, e.g. ``"yuan"``.
    rtol, atol : float
        Relative and absolute tolerance for numbers (``numpy.isclose``).
    case_sensitive : bool
        Compare text answers case-sensitively (whitespace is always normalized).
    ignore_order : bool
        Ignore the order of rows (Series/DataFrame) or items (lists, arrays).
    ignore_index : bool
        Ignore the row labels of Series/DataFrames (compare by position).
    explanation : str, optional
        Shown after a correct answer: the "why" behind it.
    messages : mapping of str to str, optional
        Message templates of a custom ``compare``, filled by :meth:`say`.
    module : str, optional
        The module that defines the exercise, by default the caller's
        ``__name__``. The texts of an exercise of :mod:`crmlab.exercises` come
        in the course language from its module's catalog
        (:mod:`crmlab._exercise_text`); the arguments are the English.

    Raises
    ------
    ValueError
        If ``known_bad`` is empty (a checker that cannot fail is a defect), the
        solution is empty, ``kind`` is unknown or a tolerance is negative.
    TypeError
        If ``name``, ``prompt``, a hint or ``solution`` is not text, or ``compare``
        is not callable.

    Examples
    --------
    >>> q = Exercise("q2", "Expected lifetime (years) at a 20% yearly churn rate?", 5.0,
    ...              hints="T = 1 / churn rate.", solution="1 / 0.2", known_bad=[0.2, 20])
    >>> q.evaluate(5).correct
    True
    >>> q.evaluate(4.5).message
    'The answer (4.5) is too low.'
    """

    def __init__(
        self,
        name: str,
        prompt: str,
        expected: Any,
        *,
        hints: str | Sequence[str] = (),
        solution: str,
        known_bad: Sequence[Any] | Callable[[], Sequence[Any]] = (),
        known_good: Any = _MISSING,
        compare: Callable[[Any, Any], Any] | None = None,
        kind: str | None = None,
        what: str | None = None,
        unit: str | None = None,
        rtol: float = 1e-6,
        atol: float = 1e-9,
        case_sensitive: bool = False,
        ignore_order: bool = False,
        ignore_index: bool = False,
        explanation: str | None = None,
        messages: Mapping[str, str] | None = None,
        module: str | None = None,
    ):
        texts = (("name", name), ("prompt", prompt), ("what", "-" if what is None else what))
        for label, value in texts:
            if not isinstance(value, str) or not value.strip():
                raise TypeError(_say("author.text", label=label, got=repr(value)))
        if isinstance(hints, str):
            hints = (hints,)
        hints = tuple(hints)
        if not all(isinstance(h, str) and h.strip() for h in hints):
            raise TypeError(_say("author.hints", got=repr(hints)))
        if not isinstance(solution, str):
            raise TypeError(_say("author.solution_type", got=type(solution).__name__))
        if not solution.strip():
            raise ValueError(_say("author.solution_empty", name=repr(name)))
        if not callable(known_bad):
            if isinstance(known_bad, str) or not isinstance(known_bad, Iterable):
                raise TypeError(_say("author.known_bad_type", got=repr(known_bad)))
            known_bad = tuple(known_bad)
            if not known_bad:
                raise ValueError(_say("author.known_bad_empty", name=repr(name)))
        if compare is not None and not callable(compare):
            raise TypeError(_say("author.compare", got=repr(compare)))
        kind = check_kind(kind)
        for label, tol in (("rtol", rtol), ("atol", atol)):
            if not is_real(tol) or not tol >= 0:
                raise ValueError(_say("author.tolerance", label=label, got=repr(tol)))
        if explanation is not None and not isinstance(explanation, str):
            raise TypeError(_say("author.explanation", got=repr(explanation)))
        self.name = name
        self.module = module if module is not None else _caller_module(1)
        self._english = {
            "prompt": prompt,
            "hints": hints,
            "what": what,
            "explanation": explanation,
            "solution": solution,
            "unit": unit,
            "messages": dict(messages or {}),
        }
        self._expected = expected
        self._known_good = known_good
        self._known_bad = known_bad
        self._compare_func = compare
        self._options = Options(
            rtol=float(rtol),
            atol=float(atol),
            kind=kind,
            unit=unit,
            case_sensitive=case_sensitive,
            ignore_order=ignore_order,
            ignore_index=ignore_index,
        )
        self._solution = solution
        self._cache: dict[str, Any] = {}
        self._hints_shown = 0

    # -- values ---------------------------------------------------------------------------

    def _lazy(self, key: str, value):
        if key not in self._cache:
            self._cache[key] = _resolve(value)
        return self._cache[key]

    @property
    def expected(self):
        """The correct answer (computed on first use when given as a callable)."""
        return self._lazy("expected", self._expected)

    @property
    def known_good(self):
        """An answer that must pass: ``known_good`` if given, else ``expected``."""
        if self._known_good is _MISSING:
            return self.expected
        return self._lazy("known_good", self._known_good)

    @property
    def known_bad(self) -> tuple:
        """The wrong answers that must fail."""
        return tuple(self._lazy("known_bad", self._known_bad))

    # -- checking -------------------------------------------------------------------------

    def _advice(self) -> str:
        return _say("try_hint") if self.hints else _say("try_solution")

    def _interpret(self, outcome) -> tuple[bool, str]:
        """Read what a custom compare returned: a bool or (bool, message)."""
        if isinstance(outcome, bool | np.bool_):
            return bool(outcome), ""
        if isinstance(outcome, tuple) and len(outcome) == 2:
            ok, message = outcome
            return bool(ok), str(message or "")
        raise TypeError(_say("author.compare_result", name=repr(self.name), got=repr(outcome)))

    def evaluate(self, answer) -> CheckResult:
        """Check an answer without displaying anything; return the :class:`CheckResult`."""
        if contains_placeholder(answer):
            return CheckResult("not attempted", _say("not_attempted"), self.name)
        # Computing the expected value is the author's code: let its errors surface.
        expected = self.expected
        try:
            if isinstance(self._compare_func, NumberTraps):
                traps = self._compare_func
                outcome = traps(answer, expected, messages=self._traps(traps.messages))
            elif self._compare_func is not None:
                outcome = self._compare_func(answer, expected)
            else:
                options = replace(self._options, unit=self._text("unit"))
                outcome = compare(answer, expected, options, self.what)
        except Exception as error:  # a student's odd answer must not crash the check cell
            outcome = (False, _say("not_checkable", error=type(error).__name__, detail=error))
        ok, text = self._interpret(outcome)
        if ok:
            return CheckResult("correct", self.explanation or "", self.name)
        return CheckResult("incorrect", text or _say("not_quite"), self.name, self._advice())

    def _traps(self, english: tuple[str, ...]) -> tuple[str, ...]:
        """The messages of the exercise's number traps in the course language."""
        return _exercise_text.text(self.module, self.name, "traps", english)

    def check(self, answer) -> CheckResult:
        """Check an answer and display the feedback.

        Returns a :class:`CheckResult`, truthy when the answer is correct, that
        displays nothing further in Jupyter (no ``Out[...]`` line).
        """
        result = self.evaluate(answer)
        result.show()
        return replace(result, shown=True)

    def assert_correct(self, answer) -> None:
        """Raise an AssertionError carrying the feedback unless the answer is correct.

        Meant for visible test cells of graded assignments, where a bare
        ``assert`` would show an empty AssertionError.
        """
        result = self.evaluate(answer)
        if not result:
            raise AssertionError(result.text)

    def hint(self, level: int | None = None) -> None:
        """Show the next hint, or hint number ``level`` (counting from 1)."""
        n = len(self.hints)
        if level is not None:
            if isinstance(level, bool) or not isinstance(level, numbers.Integral):
                raise TypeError(_say("hint.level_type", got=repr(level)))
            if n == 0:
                raise ValueError(_say("hint.level_none", level=level))
            if not 1 <= level <= n:
                raise ValueError(_say("hint.level_range", n=n, level=level))
            k = int(level)
        else:
            if n == 0:
                show_feedback(
                    _say("hint.none"),
                    feedback_box(COLORS["hint"], _say("title.no_hints"), _say("try_solution")),
                )
                return
            k = min(self._hints_shown + 1, n)
            self._hints_shown = k
        body = self.hints[k - 1]
        if level is None and k == n and n > 1:
            body += "\n" + _say("hint.last")
        title = _say("title.hint_of", k=k, n=n) if n > 1 else _say("title.hint")
        show_feedback(titled(title, body), feedback_box(COLORS["hint"], title, body))

    def solution(self) -> None:
        """Show the solution."""
        title, text = _say("title.solution"), self.solution_text
        show_feedback(f"{title}\n{text}", feedback_box(COLORS["solution"], title, text, pre=True))

    # -- testing the checker --------------------------------------------------------------

    def self_test(self) -> None:
        """Verify the checker: known_good passes, every known_bad fails, ``____`` is caught.

        Raises
        ------
        AssertionError
            Naming the exercise and the answer that was judged wrongly.
        """
        good = self.evaluate(self.known_good)
        if not good:
            raise AssertionError(_say("author.good_fails", name=repr(self.name), why=good.message))
        bad_answers = self.known_bad
        if not bad_answers:
            raise AssertionError(_say("author.no_bad", name=repr(self.name)))
        for i, bad in enumerate(bad_answers):
            result = self.evaluate(bad)
            if result.status != "incorrect":
                raise AssertionError(
                    _say(
                        "author.too_lenient",
                        name=repr(self.name),
                        i=i,
                        bad=show(bad),
                        status=repr(result.status),
                    )
                )
        if self.evaluate(PLACEHOLDER).status != "not attempted":
            raise AssertionError(_say("author.placeholder", name=repr(self.name)))

    # -- display --------------------------------------------------------------------------

    def __repr__(self) -> str:
        first_line = self.prompt.strip().splitlines()[0]
        if len(first_line) > 60:
            first_line = first_line[:57] + "..."
        return f"<{type(self).__name__} {self.name}: {first_line}>"

    def _repr_html_(self) -> str:
        return (
            f"<div><strong>{html.escape(self.name)}</strong> "
            f'<span style="white-space: pre-wrap;">{html.escape(self.prompt)}</span></div>'
        )


class Choice(Exercise):
    """A multiple-choice question, for interpretation next to computation.

    Options are lettered A, B, C, ...; the student answers with a letter
    (``"b"``, ``"B"`` and ``"(b)"`` all work) or, for select-all questions,
    several letters (``"AC"``, ``"A, C"`` or ``["A", "C"]``). The text of an
    option is accepted too.

    Parameters
    ----------
    name, prompt : str
        As for :class:`Exercise`; the options are appended to the prompt.
    options : sequence of str
        The options, in order (A, B, C, ...); at least two.
    answer : str or iterable of str
        The correct letter, or letters for a select-all question.
    hints : str or sequence of str, optional
    solution : str, optional
        Defaults to "The answer is B: <option text>." plus the explanation.
    explanation : str, optional
        Why the answer is right; shown after a correct answer.
    feedback : mapping of str to str, optional
        A message per wrong letter, explaining why that option is wrong.

    Examples
    --------
    >>> q = Choice("q3", "A customer's satisfaction ratio is 1.3. They are:",
    ...            ["dissatisfied", "satisfied as expected", "more than satisfied"], "C",
    ...            feedback={"A": "Dissatisfied means a ratio below 1."})
    >>> q.evaluate("c").correct
    True
    >>> q.evaluate("A").message
    'Dissatisfied means a ratio below 1.'
    >>> q.known_bad
    ('A', 'B')
    """

    def __init__(
        self,
        name: str,
        prompt: str,
        options: Sequence[str],
        answer: str | Iterable[str],
        *,
        hints: str | Sequence[str] = (),
        solution: str | None = None,
        explanation: str | None = None,
        feedback: Mapping[str, str] | None = None,
        module: str | None = None,
    ):
        if isinstance(options, str) or not isinstance(options, Sequence):
            raise TypeError(_say("author.options_type", got=repr(options)))
        options = tuple(options)
        if not 2 <= len(options) <= 26 or not all(isinstance(t, str) and t for t in options):
            raise ValueError(_say("author.options_count", got=repr(options)))
        self.letters = tuple(string.ascii_uppercase[: len(options)])
        correct = self._letters_of(answer, (options,))
        if correct is None:
            raise ValueError(
                _say("author.answer", letters=", ".join(self.letters), got=repr(answer))
            )
        feedback = {str(k).upper(): v for k, v in (feedback or {}).items()}
        unknown = set(feedback) - set(self.letters)
        if unknown:
            raise ValueError(_say("author.feedback", letters=listing(sorted(unknown))))
        self.correct_letters = correct
        key = "".join(sorted(correct))
        bad = [letter for letter in self.letters if letter not in correct]
        if len(correct) > 1:
            bad += ["".join(sorted(correct - {letter})) for letter in sorted(correct)]
        self._solution_given = solution is not None
        super().__init__(
            name,
            prompt,
            key,
            hints=hints,
            solution=solution if solution is not None else "-",
            known_bad=bad,
            compare=self._compare_choice,
            explanation=explanation,
            module=module if module is not None else _caller_module(1),
        )
        self._english.update(options=options, feedback=feedback)

    @property
    def options(self) -> tuple[str, ...]:
        """The options A, B, C, ... in the course language."""
        return self._text("options")

    @property
    def feedback(self) -> dict[str, str]:
        """The message per wrong letter, in the course language."""
        return self._text("feedback")

    @property
    def prompt(self) -> str:
        """The question followed by the lettered options, in the course language."""
        lines = (
            f"  {letter}. {text}" for letter, text in zip(self.letters, self.options, strict=True)
        )
        return super().prompt.rstrip() + "\n" + "\n".join(lines)

    @property
    def solution_text(self) -> str:
        """The given solution, or "The answer is B: <option>." and the explanation."""
        if self._solution_given:
            return super().solution_text
        options = [text.rstrip(".。") for text in self.options]
        chosen = _say("choice.options_separator").join(
            _say("choice.option", letter=letter, text=options[self.letters.index(letter)])
            for letter in sorted(self.correct_letters)
        )
        explanation = self.explanation
        return _say("choice.solution", chosen=chosen) + (f"\n{explanation}" if explanation else "")

    def _letters_of(self, answer, texts) -> frozenset[str] | None:
        """Parse an answer into a set of option letters, or None if it cannot be read.

        ``texts`` holds the options in each language an option's text may come in.
        """
        if isinstance(answer, str):
            for letter, *options in zip(self.letters, *texts, strict=True):
                if any(norm_text(answer, False) == norm_text(o, False) for o in options):
                    return frozenset(letter)
            words = [w for w in re.findall(r"[A-Za-z]+", answer) if w.lower() != "and"]
            letters = frozenset("".join(words).upper())
        elif isinstance(answer, Iterable) and not isinstance(answer, Mapping):
            items = list(answer)
            if not all(isinstance(item, str) for item in items):
                return None
            letters = frozenset(item.strip().upper() for item in items)
        else:
            return None
        if not letters or not letters <= set(self.letters):
            return None
        return letters

    def _compare_choice(self, answer, expected):
        separator = _say("choice.letters_separator")
        letters = _say(
            "choice.letters", first=separator.join(self.letters[:-1]), last=self.letters[-1]
        )
        if not isinstance(answer, str | list | tuple | set | frozenset):
            return False, _say("choice.as_text", letters=letters)
        chosen = self._letters_of(answer, (self._english["options"], self.options))
        if chosen is None:
            return False, _say("choice.letter", letters=letters)
        if chosen == self.correct_letters:
            return True, ""
        wrong = sorted(chosen - self.correct_letters)
        feedback = self.feedback
        for letter in wrong:
            if letter in feedback:
                return False, feedback[letter]
        if len(self.correct_letters) == 1:
            if len(chosen) > 1:
                return False, _say("choice.one_only")
            return False, _say("choice.not_best", letter=wrong[0])
        if wrong:
            return False, _say("choice.not_selected", letters=separator.join(wrong))
        return False, _say("choice.missing")
