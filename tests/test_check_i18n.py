"""The self-checks, the exercises and the grading helpers speak Chinese when the language is zh.

Every English text of every exercise (question, options, hints, feedback,
explanation, the answer's name and unit, trap messages, custom messages and the
comments of its solution) has a Chinese counterpart in
``crmlab/data/exercises/zh/<module>.toml``: a new English exercise without its
Chinese fails here. With the language set to Chinese no run of English words
is left in what a student reads, code and names aside.
"""

from __future__ import annotations

import html
import io
import re
import tokenize

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab import _exercise_text, grading, i18n
from crmlab.check import PLACEHOLDER, Choice, Exercise
from crmlab.exercises import all_exercises, demo
from crmlab.i18n import fields

EXERCISES = list(all_exercises())
IDS = [f"{m}.{e.name}" for m, e in EXERCISES]
MODULES = sorted({m for m, _ in EXERCISES})

#: Words a Chinese text may keep: abbreviations, code names and proper names.
KEPT = {
    *"CLV RFM CRM NPS AVE PLS SAT LOY IPMA ACSI CCSI ECSI SCSB SERVQUAL BG NBD CSI KPI".split(),
    *"BI EQ PQ PV CE CS NPV SOW MAN OK ID".split(),
    *"NaN None True False pandas NumPy Series DataFrame Index Python Jupyter".split(),
    *"Huamei Dwyer Kano Pareto Markov Kaplan Meier Gamma Cronbach Likert".split(),
}


@pytest.fixture(autouse=True)
def _language(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", None)
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)


@pytest.fixture
def zh():
    crmlab.set_language("zh")


def english_runs(text: str) -> list[str]:
    """Runs of two or more English words in ``text``, once code and quoted values are removed."""
    # HTML tags and Python reprs such as <object object at 0x...>
    text = re.sub(r"<[^<>\n]*>", " | ", text)
    text = re.sub(r"`[^`]*`|'[^'\n]*'|\"[^\"\n]*\"", " | ", text)
    # calls with their arguments: f(a, b), x.loc[...]
    text = re.sub(r"[\w.]+[(\[][^()\[\]]*[)\]]", " | ", text)
    # code: names with dots, brackets, underscores, calls, keyword arguments, arrows
    text = re.sub(r"\S*[._()\[\]=<>{}:/\\]\S*", " | ", text)
    runs = []
    for run in re.finditer(r"[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*)+", text):
        words = [w for w in re.split(r"[ ,]+", run.group()) if w.strip("'’-") not in KEPT]
        longest = current = 0
        for word in re.split(r"[ ,]+", run.group()):
            current = current + 1 if word in words and len(word) > 1 else 0
            longest = max(longest, current)
        if longest >= 2:
            runs.append(run.group())
    return runs


def test_english_runs_finds_prose_and_spares_code():
    assert english_runs("客户流失率 = churned customers / customers at the start。")
    assert english_runs("用 tiers['tier'].isin([...]) 选出 RFM 和 CLV 的行。") == []
    assert english_runs("一个 pandas DataFrame，列 'very high'。") == []
    assert english_runs("挽回（churned -> repeat）") == []
    assert english_runs("clv_models.expected_purchases(bgnbd, t, frequency, recency, T) 可以") == []


def _code(source: str) -> list[tuple[int, str]]:
    """The tokens of Python source without its comments."""
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [(t.type, t.string) for t in tokens if t.type not in skip]


def _comments(source: str) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [t.string for t in tokens if t.type == tokenize.COMMENT]


def _has_prose_comment(source: str) -> bool:
    try:
        return any(re.search(r"[A-Za-z]{3,}", c) for c in _comments(source))
    except (tokenize.TokenError, SyntaxError):  # a solution in words, not code
        return True


def _english_fields(exercise: Exercise) -> dict:
    """The fields of an exercise's English text that need a Chinese counterpart."""
    english = exercise._english
    wanted = {"prompt": english["prompt"], "hints": english["hints"]}
    for field in ("what", "explanation", "unit"):
        if english[field] is not None:
            wanted[field] = english[field]
    if english["messages"]:
        wanted["messages"] = english["messages"]
    traps = getattr(exercise._compare_func, "messages", None)
    if traps:
        wanted["traps"] = traps
    if isinstance(exercise, Choice):
        wanted["options"] = english["options"]
        if english["feedback"]:
            wanted["feedback"] = english["feedback"]
        if exercise._solution_given and _has_prose_comment(english["solution"]):
            wanted["solution"] = english["solution"]
    elif _has_prose_comment(english["solution"]):
        wanted["solution"] = english["solution"]
    return wanted


def _numbers(text: str) -> list[str]:
    # "1.52 million yuan" is written "152 万元" in Chinese
    text = re.sub(r"(\d+(?:\.\d+)?) million", lambda m: f"{float(m[1]) * 100:g}", text)
    return sorted(re.findall(r"\d+(?:[.,]\d+)*", text))


@pytest.mark.parametrize(("module", "exercise"), EXERCISES, ids=IDS)
def test_every_english_text_has_its_chinese(module, exercise):
    chinese = _exercise_text.catalog("zh", exercise.module).get(exercise.name, {})
    english = _english_fields(exercise)
    assert sorted(set(english) - set(chinese)) == [], f"translate these fields of {module}"
    assert sorted(set(chinese) - set(english)) == [], f"{module}: these have no English"
    for field, text in english.items():
        translated = chinese[field]
        if isinstance(text, tuple):
            assert len(translated) == len(text), f"{field}: as many items as in English"
        elif isinstance(text, dict):
            assert sorted(translated) == sorted(text), f"{field}: the same keys as in English"
            for key, template in text.items():
                assert fields(translated[key]) == fields(template), f"{field}.{key}: same fields"
        elif field == "solution":
            assert _code(translated) == _code(text), "only the comments of a solution change"
        else:
            assert isinstance(translated, str) and translated.strip()


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return list(value.values())
    return list(value)


@pytest.mark.parametrize(("module", "exercise"), EXERCISES, ids=IDS)
def test_the_chinese_keeps_the_numbers_of_the_english(module, exercise):
    """A number of the English text (a weight, a share, a year) is in its translation too."""
    chinese = _exercise_text.catalog("zh", exercise.module).get(exercise.name, {})
    for field, text in _english_fields(exercise).items():
        if field in ("unit", "solution") or field not in chinese:
            continue
        for english, translated in zip(_texts(text), _texts(chinese[field]), strict=True):
            missing = sorted(set(_numbers(english)) - set(_numbers(translated)))
            assert missing == [], f"{field}: {translated!r} lacks {missing}"


def test_the_catalogs_name_only_existing_modules_and_exercises():
    from importlib import resources

    folder = resources.files("crmlab") / "data" / "exercises" / "zh"
    names = {(m, e.name) for m, e in EXERCISES}
    for entry in folder.iterdir():
        module = entry.name.removesuffix(".toml")
        assert module in MODULES, f"{entry.name} translates no module of crmlab.exercises"
        table = _exercise_text.catalog("zh", f"crmlab.exercises.{module}")
        assert sorted(n for n in table if (module, n) not in names) == []


def _answers(exercise: Exercise) -> list:
    """A right answer, the known wrong ones and answers of the wrong type."""
    return [exercise.known_good, *exercise.known_bad, object(), None, "x", 3.5]


@pytest.mark.parametrize(("module", "exercise"), EXERCISES, ids=IDS)
def test_what_a_student_reads_in_chinese_has_no_english(zh, module, exercise, capsys):
    texts = [exercise.prompt, *exercise.hints, exercise.what, exercise.explanation or ""]
    texts += [*map(str, _comments_or_text(exercise.solution_text))]
    if isinstance(exercise, Choice):
        texts += [*exercise.options, *exercise.feedback.values()]
    for answer in _answers(exercise):
        texts.append(exercise.evaluate(answer).text)
    texts.append(exercise.evaluate(PLACEHOLDER).text)
    exercise.hint(1)
    texts.append(capsys.readouterr().out)
    exercise.solution()
    assert capsys.readouterr().out == f"参考答案：\n{exercise.solution_text}\n"
    texts += [repr(exercise), html.unescape(exercise._repr_html_())]
    left = [(text, runs) for text in texts if (runs := english_runs(text))]
    assert left == [], f"English left in {module}.{exercise.name}"


def _comments_or_text(solution: str) -> list[str]:
    try:
        return _comments(solution)
    except (tokenize.TokenError, SyntaxError):
        return [solution]


@pytest.mark.parametrize(("module", "exercise"), EXERCISES, ids=IDS)
def test_checks_still_judge_the_same_in_chinese(zh, module, exercise):
    exercise.self_test()
    if isinstance(exercise, Choice):
        letter = sorted(exercise.correct_letters)
        if len(letter) == 1:
            assert exercise.evaluate(exercise.options[exercise.letters.index(letter[0])])


# --------------------------------------------------------------------------- the engine


def _message(answer, expected, **options) -> str:
    exercise = Exercise("q", "?", expected, solution="x", known_bad=[0], **options)
    result = exercise.evaluate(answer)
    assert not result
    return result.text


RATES = pd.Series([0.1, 0.2, 0.5], index=["gold", "silver", "bronze"], name="churn_rate")
TABLE = pd.DataFrame({"segment": ["gold", "silver"], "churn_rate": [0.1, 0.2]}).set_index("segment")

ENGINE_CASES = {
    "labels": (RATES.rename({"gold": "platinum"}), RATES),
    "forgot the index": (RATES.reset_index(drop=True), RATES),
    "order": (RATES.iloc[::-1], RATES),
    "text dtype": (RATES.astype(str), RATES),
    "dates": (RATES, pd.Series(pd.to_datetime(["2024-01-01"] * 3), index=RATES.index)),
    "length": (RATES.iloc[:2], RATES),
    "NaN": (RATES.where(RATES > 0.1), RATES),
    "values": (RATES * 2, RATES),
    "percentages": (RATES * 100, RATES),
    "one-column frame": (RATES.to_frame(), RATES),
    "dict for series": ({"gold": 0.1}, RATES),
    "frame columns": (TABLE.rename(columns={"churn_rate": "rate"}), TABLE),
    "index as column": (TABLE.reset_index(), TABLE),
    "series for frame": (TABLE["churn_rate"], TABLE),
    "frame shape": (TABLE.iloc[:1], TABLE),
    "array shape": (np.ones((2, 2)), np.ones(4)),
    "array values": (np.array([1.0, 2.0]), np.array([1.0, 3.0])),
    "set": ({"a", "c"}, {"a", "b"}),
    "dict keys": ({"a": 1}, {"a": 1, "b": 2}),
    "number as text": ("0.12", 0.12),
    "nan": (float("nan"), 0.12),
    "sign": (-0.12, 0.12),
    "close": (0.1201, 0.12),
    "none": (None, 0.12),
    "bool as text": ("True", False),
    "date as text": ("2024-01-01", pd.Timestamp("2024-01-02")),
    "date": (pd.Timestamp("2024-01-03"), pd.Timestamp("2024-01-02")),
    "text": ("abc", "abd"),
    "list": ([1, 2], [1, 2, 3]),
}


@pytest.mark.parametrize("case", ENGINE_CASES)
def test_engine_messages_are_chinese(zh, case):
    answer, expected = ENGINE_CASES[case]
    text = _message(answer, expected, kind="fraction" if case == "percentages" else None)
    assert re.search(r"[\u4e00-\u9fff]", text), text
    assert english_runs(text) == [], text


def test_engine_messages_stay_english_by_default():
    assert _message(RATES.astype(str), RATES) == (
        "Incorrect: The answer should hold numbers, but it holds text. "
        "Convert it with pd.to_numeric(...).\nTry .solution() to see the answer."
    )
    crmlab.set_language("zh")
    assert _message(RATES.astype(str), RATES) == (
        "不正确：答案中应当是数字，但现在是文本。请用 pd.to_numeric(...) 转换。\n"
        "可以用 .solution() 查看答案。"
    )


def test_choice_accepts_the_text_of_an_option_in_either_language(zh):
    assert demo.q3.evaluate("客户得到的超出了他的期望。")
    assert demo.q3.evaluate("The customer got more than they expected.")
    assert demo.q3.solution_text.startswith("答案是 C：客户得到的超出了他的期望。\n")


def test_hint_levels_and_displays_follow_the_language(zh, capsys):
    with pytest.raises(ValueError, match="level 必须在 1 到 2 之间"):
        demo.q1.hint(3)
    demo.q1.hint(2)
    assert capsys.readouterr().out.startswith("提示 2/2：用 30 除以 250。")
    assert repr(demo.q1).startswith("<Exercise q1: 年初北区有 250 位客户")
    assert "北区的客户流失率" in demo.q1._repr_html_()
    assert "  C. 客户得到的超出了他的期望。" in demo.q3.prompt
    crmlab.set_language("en")
    assert "  C. The customer got more than they expected." in demo.q3.prompt


# --------------------------------------------------------------------------- grading


def _assertion(helper, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as caught:
        helper(*args, **kwargs)
    return str(caught.value)


GRADING_CASES = {
    "callable": (grading.assert_callable, 920, "simple_clv"),
    "number none": (grading.assert_number, None, "share"),
    "number array": (grading.assert_number, np.array([1.0]), "share"),
    "number inf": (grading.assert_number, float("inf"), "share"),
    "type": (grading.assert_type, "low", list, "tiers"),
    "type none": (grading.assert_type, None, (list, tuple), "tiers"),
    "close": (grading.assert_close, 62.7, 0.627, "share"),
    "close array": (grading.assert_close, [1.0, 2.5], [1.0, 2.0], "values"),
    "range": (grading.assert_in_range, 62.7, "share", 0, 1),
    "range many": (grading.assert_in_range, [0.5, 2.0], "shares", None, 1),
    "labels missing": (grading.assert_equal_labels, ["a"], ["a", "b"], "tiers"),
    "labels both": (grading.assert_equal_labels, ["a", "c"], ["a", "b"], "tiers"),
    "labels order": (grading.assert_equal_labels, ["b", "a"], ["a", "b"], "tiers"),
    "labels twice": (grading.assert_equal_labels, ["a", "a", "b"], ["a", "b"], "tiers"),
    "labels string": (grading.assert_equal_labels, "ab", ["a", "b"], "tiers"),
    "within": (grading.assert_labels_within, ["Low"], ["low", "high"], "tiers"),
    "within many": (grading.assert_labels_within, ["Low", "Hi"], ["low", "high"], "tiers"),
    "raises returned": (grading.assert_raises, ValueError, abs, -1),
    "raises other": (grading.assert_raises, ValueError, {}.__getitem__, "x"),
    "series": (
        grading.assert_series_close,
        pd.Series([0.5, 3.0], index=["low", "high"]),
        pd.Series([0.5, 2.0], index=["low", "high"]),
        "index",
    ),
    "series percentage": (
        grading.assert_series_close,
        pd.Series([50.0], index=["low"]),
        pd.Series([0.5], index=["low"]),
        "shares",
    ),
    "frame column": (
        grading.assert_frame_close,
        pd.DataFrame({"a": [1]}),
        pd.DataFrame({"a": [1], "b": [2]}),
        "table",
    ),
    "frame dtype": (
        grading.assert_frame_close,
        pd.DataFrame({"a": [1.0]}),
        pd.DataFrame({"a": [1]}),
        "table",
    ),
}


@pytest.mark.parametrize("case", GRADING_CASES)
def test_grading_messages_are_chinese(zh, case):
    helper, *args = GRADING_CASES[case]
    kwargs = {}
    if case == "series percentage":
        kwargs["kind"] = "fraction"
    if case == "frame dtype":
        kwargs["check_dtype"] = True
    if case.startswith("range"):
        kwargs["kind"] = "fraction"
    text = _assertion(helper, *args, **kwargs)
    assert re.search(r"[\u4e00-\u9fff]", text), text
    assert english_runs(text) == [], text


def test_grading_message_in_both_languages():
    args = (grading.assert_close, 62.7, 0.627, "share")
    english = "Expected share to be a fraction like 0.627, got 62.7. Did you pass a percentage?"
    assert _assertion(*args, kind="fraction") == english
    crmlab.set_language("zh")
    chinese = "share 应为小数（如 0.627），你给的是 62.7。是不是填成了百分数？"
    assert _assertion(*args, kind="fraction") == chinese
