"""Tests of crmlab.check: the placeholder, every comparison branch, hints, self-tests."""

from __future__ import annotations

import copy
import datetime as dt
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab.check import PLACEHOLDER, CheckResult, Choice, Exercise, ____


def make(expected, **kwargs) -> Exercise:
    """An exercise with the boilerplate filled in; kwargs override."""
    options = {"solution": "the solution", "known_bad": [object()], "hints": ("h1", "h2")}
    options.update(kwargs)
    return Exercise("q", "A question?", expected, **options)


def message(exercise: Exercise, answer) -> str:
    result = exercise.evaluate(answer)
    assert result.status == "incorrect", f"expected a failure, got {result!r}"
    return result.message


def passes(exercise: Exercise, answer) -> bool:
    return exercise.evaluate(answer).correct


# --------------------------------------------------------------------------- placeholder


def test_placeholder_is_a_singleton_named_four_underscores():
    assert PLACEHOLDER is ____
    assert type(____)() is ____
    assert repr(____) == "____"
    assert str(____) == "____"
    assert f"{____:.2f}" == "____"


@pytest.mark.parametrize(
    "expression",
    [
        lambda: ____ * 2,
        lambda: 2 * ____,
        lambda: ____ + 1,
        lambda: 1 - ____,
        lambda: ____ / 3,
        lambda: 3 / ____,
        lambda: 3 // ____,
        lambda: ____ % 2,
        lambda: ____**2,
        lambda: 2**____,
        lambda: -____,
        lambda: abs(____),
        lambda: round(____, 2),
        lambda: ____ < 1,
        lambda: ____.mean(),
        lambda: ____(1, 2),
        lambda: np.exp(____),
        lambda: np.array([1.0, 2.0]) * ____,
        lambda: pd.Series([1.0, 2.0]) * ____,
        lambda: pd.DataFrame({"a": [1]}) + ____,
        lambda: 500 * ____ - 400,
    ],
)
def test_arithmetic_on_the_placeholder_gives_the_placeholder(expression):
    assert expression() is ____


def test_placeholder_cannot_become_a_number():
    with pytest.raises(TypeError, match="placeholder"):
        float(____)
    with pytest.raises(TypeError, match="placeholder"):
        range(____)


def test_placeholder_survives_copy_and_pickle_and_hides_private_names():
    assert copy.copy(____) is ____
    assert copy.deepcopy(____) is ____
    assert pickle.loads(pickle.dumps(____)) is ____
    assert not hasattr(____, "_repr_html_")
    assert np.asarray(____).dtype == object


@pytest.mark.parametrize(
    "answer",
    [
        ____,
        ____ * 2,
        [1, ____],
        {"North": ____},
        (____,),
        np.array([1, ____], dtype=object),
        pd.Series([1.0, 2.0]).to_frame("clv").assign(lifetime=____),
        pd.Series([____, ____]),
    ],
)
def test_placeholder_answers_are_not_attempted(answer):
    result = make(0.12).evaluate(answer)
    assert result.status == "not attempted"
    assert not result
    assert "replace ____" in result.message


def test_check_of_placeholder_prints_guidance_not_a_traceback(capsys):
    result = make(0.12).check(____)
    out = capsys.readouterr().out
    assert out.startswith("Not attempted yet: replace ____ with your answer")
    assert result.status == "not attempted"


# --------------------------------------------------------------------------- display


def test_check_prints_correct_and_returns_a_truthy_result(capsys):
    result = make(0.12).check(0.12)
    assert capsys.readouterr().out == "Correct.\n"
    assert result
    assert result.correct
    assert repr(result) == "CheckResult(status='correct')"


def test_check_prints_incorrect_with_advice(capsys):
    result = make(0.12).check(0.5)
    out = capsys.readouterr().out
    assert out.startswith("Incorrect: The answer (0.5) is too high.")
    assert "Try .hint() for a hint." in out
    assert not result


def test_advice_points_to_the_solution_when_there_are_no_hints():
    assert make(1.0, hints=()).evaluate(2.0).advice == "Try .solution() to see the answer."


def test_explanation_is_shown_after_a_correct_answer(capsys):
    make(1.0, explanation="Because T = 1 / r.").check(1.0)
    assert capsys.readouterr().out == "Correct. Because T = 1 / r.\n"


def test_a_checked_result_displays_nothing_more_in_ipython(capsys):
    shown = make(1.0).check(1.0)
    capsys.readouterr()
    shown._ipython_display_()
    assert capsys.readouterr().out == ""
    make(1.0).evaluate(2.0)._ipython_display_()
    assert capsys.readouterr().out.startswith("Incorrect:")


def test_feedback_is_html_in_ipython(monkeypatch):
    ipython = pytest.importorskip("IPython")
    import IPython.display

    shown = []
    monkeypatch.setattr(ipython, "get_ipython", lambda: object())
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw: shown.append((obj, raw)))
    make("<b>", what="the tag").check("<i>")
    bundle, raw = shown[0]
    assert raw is True
    assert bundle["text/plain"].startswith("Incorrect: '<i>' is not the expected text for the tag.")
    assert "#c62828" in bundle["text/html"]
    assert "&#x27;&lt;i&gt;&#x27; is not the expected text" in bundle["text/html"]
    assert "<i>" not in bundle["text/html"]


def test_result_html_escapes_the_message():
    result = CheckResult("incorrect", "a <b> tag", "q")
    assert "a &lt;b&gt; tag" in result._repr_html_()


def test_exercise_repr_and_html_show_the_prompt():
    q = Exercise("q7", "Is 1 < 2?", True, solution="True", known_bad=[False])
    assert repr(q) == "<Exercise q7: Is 1 < 2?>"
    assert "Is 1 &lt; 2?" in q._repr_html_()


# --------------------------------------------------------------------------- numbers


def test_number_within_tolerance_passes():
    q = make(1544.8255)
    assert passes(q, 1544.8255 * (1 + 1e-7))
    assert passes(q, np.float64(1544.8255))
    assert passes(q, np.array(1544.8255))
    assert not passes(q, 1544.83)


def test_int_answer_for_float_expected_passes():
    assert passes(make(5.0), 5)
    assert passes(make(385), np.int64(385))


def test_brief_percentage_message_for_fractions():
    q = make(0.12, kind="fraction", what="the churn rate")
    assert message(q, 12) == (
        "Expected the churn rate to be a fraction like 0.12, got 12. Did you pass a percentage?"
    )


def test_fraction_out_of_range_message():
    q = make(0.12, kind="fraction", what="the churn rate")
    assert message(q, 13) == (
        "Expected the churn rate to be a fraction between 0 and 1, got 13. "
        "Did you pass a percentage?"
    )
    assert message(q, -0.12).startswith("Expected the churn rate to be a fraction between 0 and 1")


def test_percentage_kind_flags_a_fraction():
    q = make(12.0, kind="percentage", what="the share")
    assert message(q, 0.12) == (
        "Expected the share to be a percentage like 12, got 0.12. Did you pass a fraction? "
        "Multiply by 100."
    )


def test_plain_number_100_times_too_large_is_flagged():
    assert "100 times too large" in message(make(0.2), 20)


def test_wrong_sign_message():
    assert (
        message(make(920.0, unit="yuan"), -920)
        == "The answer has the wrong sign: you have -920 yuan."
    )


def test_close_but_not_within_tolerance_message():
    assert "close but not within the tolerance" in message(make(1544.8255), 1544.0)


def test_too_high_and_too_low_messages_with_unit():
    q = make(379.08, what="the group CLV", unit="yuan")
    assert message(q, 500) == "The group CLV (500 yuan) is too high."
    assert message(q, 100.5) == "The group CLV (100.5 yuan) is too low."


def test_large_numbers_are_formatted_with_separators():
    assert message(make(2_317_245.0), 3_000_000.5) == "The answer (3,000,000.50) is too high."


def test_number_given_as_text_is_told_to_drop_the_quotes():
    assert "Remove the quotes" in message(make(0.12), "0.12")
    assert message(make(0.12), "twelve") == (
        "Expected the answer to be a number, got the text 'twelve'."
    )


def test_single_value_container_is_told_to_take_the_number_out():
    assert ".item()" in message(make(0.12), pd.Series([0.12]))
    assert (
        message(make(0.12), [0.1, 0.2]) == "Expected the answer to be a single number, got a list."
    )


def test_nan_answer_message():
    assert "NaN" in message(make(0.12), float("nan"))


def test_boolean_is_not_a_number():
    assert message(make(1.0), True) == "Expected the answer to be a number, got the boolean True."


def test_none_answer_suggests_a_missing_return():
    assert "forget to return" in message(make(1.0), None)
    assert message(make(1.0), None).startswith("Expected the answer to be a number, got None.")


def test_absolute_tolerance_for_zero():
    q = make(0.0, atol=1e-6)
    assert passes(q, 1e-7)
    assert not passes(q, 1e-3)


@given(
    expected=st.floats(min_value=1e-3, max_value=1e6),
    factor=st.floats(min_value=-4e-7, max_value=4e-7),
)
def test_numbers_within_rtol_always_pass(expected, factor):
    assert passes(make(expected), expected * (1 + factor))


@given(
    expected=st.floats(min_value=1e-3, max_value=1e6),
    factor=st.floats(min_value=1e-5, max_value=0.5),
)
def test_numbers_outside_rtol_always_fail(expected, factor):
    assert not passes(make(expected), expected * (1 + factor))
    assert not passes(make(expected), expected * (1 - factor))


# --------------------------------------------------------------------------- booleans, text


def test_booleans():
    q = make(True)
    assert passes(q, True)
    assert passes(q, np.bool_(True))
    assert message(q, False) == "The answer is not False."
    assert "Remove the quotes" in message(q, "True")
    assert message(q, 1) == "Expected the answer to be True or False, got the number 1."


def test_text_is_case_and_whitespace_tolerant_by_default():
    q = make("repeat customer")
    assert passes(q, "  Repeat   Customer ")
    assert (
        message(q, "loyal customer") == "'loyal customer' is not the expected text for the answer."
    )
    assert message(q, 3) == "Expected the answer to be text (a str), got the number 3."


def test_text_case_sensitive_option():
    q = make("A", case_sensitive=True)
    assert passes(q, " A ")
    assert not passes(q, "a")


# --------------------------------------------------------------------------- sequences


def test_numeric_sequences():
    q = make([0.1, 0.2, 0.3])
    assert passes(q, np.array([0.1, 0.2, 0.3]))
    assert passes(q, (0.1, 0.2, 0.3 + 1e-9))
    assert passes(q, pd.Series([0.1, 0.2, 0.3]))
    assert message(q, [0.1, 0.2]) == "Expected the answer to have 3 values, got 2."
    assert message(q, [0.1, 0.25, 0.3]) == (
        "The answer differs from the expected values at 1 of 3 positions; the first is "
        "position 1 (counting from 0), where you have 0.25."
    )
    assert message(q, ["a", "b", "c"]) == "The answer should hold numbers only."
    assert message(q, {"a": 1}) == "Expected the answer to be a list or array, got a dict."


def test_array_shape_is_checked_before_values():
    q = make(np.zeros((3, 2)))
    assert message(q, np.zeros((2, 3))) == "Expected the answer to have shape (3, 2), got (2, 3)."
    assert "position (1, 0)" in message(q, np.array([[0, 0], [1, 0], [0, 0]]))


def test_sequence_order_option():
    assert not passes(make([1, 2, 3]), [3, 2, 1])
    assert passes(make([1, 2, 3], ignore_order=True), [3, 2, 1])
    assert passes(make(["b", "a"], ignore_order=True), ["A", "B"])


def test_text_sequences_compare_item_by_item():
    q = make(["first-time", "repeat", "loyal"])
    assert passes(q, ["First-time", "repeat", "loyal"])
    assert message(q, ["first-time", "loyal", "loyal"]) == (
        "'loyal' is not the expected text for item 1 of the answer."
    )
    assert message(q, ["loyal"]) == "Expected the answer to have 3 items, got 1."


def test_sequence_of_percentages_gets_the_fraction_message():
    q = make([0.1, 0.2], kind="fraction", what="the churn rates")
    assert message(q, [10, 20]) == (
        "Expected the churn rates to hold fractions like 0.1, got 10. Did you pass percentages?"
    )


# --------------------------------------------------------------------------- mappings, sets


def test_mappings():
    q = make({"North": 0.12, "South": 0.08}, kind="fraction")
    assert passes(q, {"South": 0.08, "North": 0.12})
    assert passes(q, pd.Series({"North": 0.12, "South": 0.08}))
    assert message(q, {"North": 0.12}) == "The answer is missing the key(s) 'South'."
    assert message(q, {"North": 0.12, "South": 0.08, "East": 0.1}) == (
        "The answer has unexpected key(s) 'East'."
    )
    assert message(q, {"North": 12, "South": 0.08}) == (
        "Expected the value for 'North' to be a fraction like 0.12, got 12. "
        "Did you pass a percentage?"
    )
    assert message(q, [0.12, 0.08]) == "Expected the answer to be a dict, got a list."


def test_sets():
    q = make({"A", "O", "M"})
    assert passes(q, {"M", "O", "A"})
    assert passes(q, ["a", "o", "m"])
    assert message(q, {"A", "O", "I"}) == (
        "The answer has 1 unexpected item(s): 'i' and misses 1 expected item(s)."
    )
    assert message(q, {"A", "O"}) == "The answer misses 1 expected item(s)."
    assert message(q, "AOM") == "Expected the answer to be a set, got the text 'AOM'."


def test_sets_case_sensitive():
    assert not passes(make({"A"}, case_sensitive=True), {"a"})


# --------------------------------------------------------------------------- dates, others


def test_dates():
    q = make(pd.Timestamp("2024-12-31"))
    assert passes(q, dt.date(2024, 12, 31))
    assert passes(q, np.datetime64("2024-12-31"))
    assert "pd.Timestamp" in message(q, "2024-12-31")
    assert message(q, pd.Timestamp("2025-01-02")) == "The answer (2025-01-02) is too late."
    assert message(q, 2024) == "Expected the answer to be a date, got the number 2024."


def test_other_types_compare_by_equality():
    q = make(range(3))
    assert passes(q, range(3))
    assert message(q, range(4)) == "The answer (range(0, 4)) is not right."
    assert message(q, "abc") == "Expected the answer to be a range, got the text 'abc'."


# --------------------------------------------------------------------------- pandas Series


@pytest.fixture
def rates() -> pd.Series:
    return pd.Series([0.12, 0.08, 0.1], index=pd.Index(["North", "South", "East"], name="region"))


def test_series_with_other_dtypes_passes(rates):
    q = make(rates)
    answer = pd.Series([0.12, 0.08, 0.1], index=pd.Index(["North", "South", "East"], dtype=object))
    assert passes(q, answer)
    assert passes(make(pd.Series([1.0, 2.0])), pd.Series([1, 2]))
    assert passes(make(pd.Series([1.0, np.nan])), pd.Series([1, None], dtype="Int64"))
    assert passes(make(pd.Series(["a", "b"])), pd.Series(["a", "b"], dtype=object))
    assert passes(make(pd.Series(["a", "b"])), pd.Series(["a", "b"], dtype="category"))


def test_series_values_differ_names_the_row(rates):
    answer = rates.copy()
    answer["South"] = 0.5
    assert message(make(rates, what="the churn rate by region"), answer) == (
        "The churn rate by region differs from the expected values in 1 of 3 rows; the first "
        "is row 'South', where you have 0.5."
    )


def test_series_of_percentages(rates):
    assert "Did you pass percentages?" in message(make(rates, kind="fraction"), rates * 100)


def test_series_order_and_labels(rates):
    shuffled = rates.iloc[[2, 0, 1]]
    assert "different order" in message(make(rates), shuffled)
    assert passes(make(rates, ignore_order=True), shuffled)
    unlabeled = rates.reset_index(drop=True)
    assert message(make(rates), unlabeled) == (
        "The row labels (index) of the answer are not the expected ones: missing 'North', "
        "'South', 'East'; unexpected 0, 1, 2. Did you forget to set the index, e.g. with "
        ".set_index(...)?"
    )
    assert passes(make(rates, ignore_index=True), unlabeled)
    assert passes(make(rates, ignore_index=True, ignore_order=True), unlabeled.iloc[::-1])


def test_series_type_messages(rates):
    q = make(rates)
    assert ".squeeze()" in message(q, rates.to_frame())
    assert "pd.Series(your_dict)" in message(q, rates.to_dict())
    assert message(q, [0.12]) == "Expected the answer to be a pandas Series, got a list."
    assert message(q, rates.iloc[:2]) == "Expected the answer to have 3 rows, got 2."


def test_series_kind_mismatches():
    assert "pd.to_numeric" in message(make(pd.Series([1.0, 2.0])), pd.Series(["1", "2"]))
    assert message(make(pd.Series([True, False])), pd.Series([1, 0])) == (
        "The answer should hold True/False values, but it holds numbers."
    )
    dates = pd.Series(pd.to_datetime(["2024-01-01", "2024-02-01"]))
    assert passes(make(dates), dates.astype("datetime64[s]"))
    assert "pd.to_datetime" in message(make(dates), dates.astype(str))
    assert message(make(pd.Series(["a", "b"])), pd.Series(["a", "c"])) == (
        "The answer differs from the expected values in 1 of 2 rows; the first is row 1, "
        "where you have 'c'."
    )


# --------------------------------------------------------------------------- pandas DataFrame


@pytest.fixture
def table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "segment": ["gold", "silver", "bronze"],
            "customers": [100, 250, 400],
            "clv": [1544.83, 379.08, 266.67],
        }
    ).set_index("segment")


def test_frame_tolerates_dtypes_and_column_order(table):
    answer = pd.DataFrame(
        {
            "clv": [1544.83, 379.08, 266.67 + 1e-7],
            "customers": [100.0, 250.0, 400.0],
            "segment": pd.Series(["gold", "silver", "bronze"], dtype=object),
        }
    ).set_index("segment")
    assert passes(make(table), answer)


def test_frame_text_columns_of_str_and_object_dtype_are_equal():
    expected = pd.DataFrame({"state": ["loyal", "repeat"], "n": [3, 4]})
    answer = pd.DataFrame({"state": pd.Series(["loyal", "repeat"], dtype=object), "n": [3, 4]})
    assert expected["state"].dtype != answer["state"].dtype
    assert passes(make(expected), answer)


def test_frame_missing_and_extra_columns(table):
    q = make(table, what="the segment table")
    assert message(q, table.drop(columns="clv")) == (
        "The segment table is missing the column(s) 'clv'. Its columns are 'customers'."
    )
    assert message(q, table.assign(extra=1)) == (
        "The segment table has unexpected column(s) 'extra'. Keep only 'customers', 'clv'."
    )


def test_frame_index_hints(table):
    q = make(table)
    assert ".set_index('segment')" in message(q, table.reset_index())
    flat = table.reset_index()
    assert ".reset_index()" in message(make(flat), table)


def test_frame_rows_count_order_and_labels(table):
    q = make(table)
    assert message(q, table.iloc[:2]) == "Expected the answer to have 3 rows, got 2."
    assert "different order" in message(q, table.iloc[::-1])
    assert passes(make(table, ignore_order=True), table.iloc[::-1])
    renamed = table.rename(index={"gold": "platinum"})
    assert message(q, renamed) == (
        "The row labels (index) of the answer are not the expected ones: missing 'gold'; "
        "unexpected 'platinum'."
    )


def test_frame_ignore_index_and_order():
    expected = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
    shuffled = expected.iloc[[2, 0, 1]]
    assert not passes(make(expected), shuffled)
    assert not passes(make(expected, ignore_index=True), shuffled)
    assert passes(make(expected, ignore_index=True, ignore_order=True), shuffled)


def test_frame_value_difference_names_column_and_row(table):
    answer = table.copy()
    answer.loc["silver", "clv"] = 400.0
    assert message(make(table), answer) == (
        "Column 'clv' differs from the expected values in 1 of 3 rows; the first is row "
        "'silver', where you have 400."
    )


def test_frame_percentage_column():
    expected = pd.DataFrame({"rate": [0.1, 0.2]})
    assert message(make(expected, kind="fraction"), expected * 100) == (
        "Expected column 'rate' to hold fractions like 0.1, got 10. Did you pass percentages?"
    )


def test_frame_missing_values_match():
    expected = pd.DataFrame({"a": [1.0, np.nan], "b": ["x", None]})
    assert passes(make(expected), expected.copy())


def test_frame_type_messages(table):
    q = make(table)
    assert ".to_frame()" in message(q, table["clv"])
    assert message(q, [1, 2]) == "Expected the answer to be a pandas DataFrame, got a list."


@given(
    st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=1, max_size=8),
    st.data(),
)
def test_a_frame_passes_itself_and_fails_with_one_cell_changed(values, data):
    expected = pd.DataFrame({"x": values})
    assert passes(make(expected), expected.copy())
    row = data.draw(st.integers(min_value=0, max_value=len(values) - 1))
    changed = expected.copy()
    changed.loc[row, "x"] = values[row] + 1 + abs(values[row]) * 1e-3
    assert f"the first is row {row}," in message(make(expected), changed)


# --------------------------------------------------------------------------- custom compare


def test_custom_compare_with_message():
    def within_ten(answer, expected):
        return abs(answer - expected) <= 10, "Within 10 yuan is fine; you are further off."

    q = make(920, compare=within_ten)
    assert passes(q, 915)
    assert message(q, 800) == "Within 10 yuan is fine; you are further off."


def test_custom_compare_returning_a_bool():
    q = make(3, compare=lambda answer, expected: answer % expected == 0)
    assert passes(q, 9)
    assert message(q, 10) == "Not quite."


def test_custom_compare_with_a_bad_return_value_is_an_author_error():
    q = make(3, compare=lambda answer, expected: "yes")
    with pytest.raises(TypeError, match="must return a bool or"):
        q.evaluate(3)


def test_an_answer_that_breaks_the_comparison_is_reported_not_raised():
    q = make(3, compare=lambda answer, expected: answer.missing_method())
    assert message(q, 3).startswith("Your answer could not be checked (AttributeError")


# --------------------------------------------------------------------------- construction


def test_exercise_without_known_bad_is_rejected():
    with pytest.raises(ValueError, match="no known_bad answers: a checker that cannot fail"):
        Exercise("q1", "Churn rate?", 0.12, solution="30 / 250")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"known_bad": 12}, TypeError, "Wrap a single answer in a list"),
        ({"known_bad": "12"}, TypeError, "known_bad must be a sequence"),
        ({"solution": ""}, ValueError, "needs a solution"),
        ({"solution": 5}, TypeError, "solution must be a str"),
        ({"kind": "percent"}, ValueError, "kind must be one of"),
        ({"rtol": -1}, ValueError, "rtol must be a non-negative number"),
        ({"atol": float("nan")}, ValueError, "atol must be a non-negative number"),
        ({"hints": [""]}, TypeError, "hints must be"),
        ({"compare": "exact"}, TypeError, "compare must be callable"),
        ({"what": ""}, TypeError, "what must be a non-empty str"),
        ({"explanation": 3}, TypeError, "explanation must be a str"),
    ],
)
def test_exercise_validation(kwargs, error, match):
    with pytest.raises(error, match=match):
        make(1.0, **kwargs)


def test_name_and_prompt_must_be_text():
    with pytest.raises(TypeError, match="name must be a non-empty str"):
        Exercise(1, "p", 1.0, solution="s", known_bad=[2])
    with pytest.raises(TypeError, match="prompt must be a non-empty str"):
        Exercise("q", " ", 1.0, solution="s", known_bad=[2])


def test_expected_is_computed_lazily_and_once():
    calls = []

    def compute():
        calls.append(1)
        return 0.12

    q = make(compute, known_bad=lambda: [12])
    assert calls == []
    assert passes(q, 0.12)
    assert passes(q, 0.12)
    assert calls == [1]
    assert q.known_bad == (12,)


def test_errors_in_the_expected_value_surface():
    q = make(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        q.evaluate(1)


def test_known_good_defaults_to_expected_and_can_differ():
    assert make(0.12).known_good == 0.12
    q = make(0.12, known_good=lambda: 0.1200000001)
    assert q.known_good == 0.1200000001
    q.self_test()


# --------------------------------------------------------------------------- self_test


def test_self_test_passes_for_a_sound_exercise():
    make(0.12, known_bad=[12, 0.88], kind="fraction").self_test()


def test_self_test_catches_a_checker_that_cannot_fail():
    q = make(0.12, known_bad=[12], compare=lambda answer, expected: True)
    with pytest.raises(AssertionError, match=r"known_bad\[0\] = 12 is judged 'correct'"):
        q.self_test()


def test_self_test_catches_a_known_bad_that_passes_by_tolerance():
    q = make(0.12, known_bad=[0.1200001], rtol=1e-3)
    with pytest.raises(AssertionError, match="too lenient"):
        q.self_test()


def test_self_test_catches_a_failing_known_good():
    q = make(0.12, known_good=0.13)
    with pytest.raises(AssertionError, match="known-good answer fails"):
        q.self_test()


def test_self_test_catches_an_empty_lazy_known_bad():
    q = make(0.12, known_bad=lambda: [])
    with pytest.raises(AssertionError, match="no known_bad answers"):
        q.self_test()


# --------------------------------------------------------------------------- hints, solution


def test_hints_come_in_tiers(capsys):
    q = make(1.0, hints=["first", "second", "third"])
    q.hint()
    q.hint()
    assert capsys.readouterr().out == "Hint 1/3: first\nHint 2/3: second\n"
    q.hint(1)
    assert capsys.readouterr().out == "Hint 1/3: first\n"
    q.hint()
    q.hint()
    out = capsys.readouterr().out
    assert out.count("Hint 3/3: third") == 2
    assert "That was the last hint" in out


def test_a_single_hint_has_no_counter(capsys):
    make(1.0, hints="just one").hint()
    assert capsys.readouterr().out == "Hint: just one\n"


def test_no_hints(capsys):
    q = make(1.0, hints=())
    q.hint()
    assert "no hints" in capsys.readouterr().out
    with pytest.raises(ValueError, match="no hints"):
        q.hint(1)


@pytest.mark.parametrize(("level", "error"), [(0, ValueError), (3, ValueError), (True, TypeError)])
def test_hint_level_validation(level, error):
    with pytest.raises(error, match="level"):
        make(1.0).hint(level)


def test_solution_is_shown(capsys):
    make(1.0, solution="clv = 500 * annuity_factor(5, 0.09) - 400").solution()
    assert capsys.readouterr().out == "Solution:\nclv = 500 * annuity_factor(5, 0.09) - 400\n"


def test_assert_correct_for_graded_test_cells():
    q = make(0.12, kind="fraction", what="the churn rate")
    q.assert_correct(0.12)
    with pytest.raises(AssertionError, match="Did you pass a percentage"):
        q.assert_correct(12)


# --------------------------------------------------------------------------- multiple choice


@pytest.fixture
def choice() -> Choice:
    return Choice(
        "q5",
        "Which loyalty type buys often but does not like the firm?",
        ["ideal", "latent", "spurious", "none"],
        "C",
        hints="Repeat high, attitude low.",
        explanation="Spurious loyalty: habit without attachment.",
        feedback={"B": "Latent loyalty is the reverse: likes the firm, buys little."},
    )


@pytest.mark.parametrize("answer", ["C", "c", " (c) ", "C.", "spurious", ["c"]])
def test_choice_accepts_letters_in_many_forms(choice, answer):
    assert passes(choice, answer)


def test_choice_feedback_and_messages(choice):
    assert message(choice, "B") == "Latent loyalty is the reverse: likes the firm, buys little."
    assert message(choice, "A") == "A is not the best answer."
    assert message(choice, "AC") == "Choose one option only."
    assert message(choice, "E") == "Answer with the letter of an option: A, B, C or D."
    assert message(choice, 3) == (
        "Answer with the letter of an option (A, B, C or D), as text: 'B'."
    )


def test_choice_prompt_solution_and_self_test(choice, capsys):
    assert choice.prompt.endswith("  C. spurious\n  D. none")
    assert choice.known_bad == ("A", "B", "D")
    choice.self_test()
    choice.solution()
    assert capsys.readouterr().out == (
        "Solution:\nThe answer is C: spurious.\nSpurious loyalty: habit without attachment.\n"
    )
    choice.check("C")
    assert capsys.readouterr().out == "Correct. Spurious loyalty: habit without attachment.\n"


def test_select_all_that_apply():
    q = Choice("q6", "Which are loyalty determinants?", ["trust", "price", "switching cost"], "AC")
    for answer in ["AC", "a, c", "A and C", ["C", "A"], {"a", "c"}]:
        assert passes(q, answer)
    assert message(q, "A") == "Some right options are missing: select all that apply."
    assert message(q, "ABC") == "B should not be selected."
    assert set(q.known_bad) == {"B", "A", "C"}
    q.self_test()


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((["x", "y"], "C"), {}, ValueError, "answer must be one or more of the letters A, B"),
        ((["x"], "A"), {}, ValueError, "options must be 2 to 26"),
        (("xy", "A"), {}, TypeError, "options must be a list of str"),
        ((["x", "y"], "A"), {"feedback": {"Z": "no"}}, ValueError, "unknown letter"),
    ],
)
def test_choice_validation(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        Choice("q", "Pick one.", *args, **kwargs)


class TestNumberTraps:
    def test_names_the_trap_and_otherwise_says_high_or_low(self):
        from crmlab.check import number_traps

        compare = number_traps((lambda: 1068, "No finite population correction."))
        assert compare(1068, 880) == (False, "No finite population correction.")
        assert compare(2000, 880) == (False, "2,000 is too high.")
        assert compare(10, 880) == (False, "10 is too low.")
        assert compare("880", 880) == (False, "Give a single number, got str.")
        assert compare(True, 1) == (False, "Give a single number, got bool.")

    def test_works_inside_an_exercise(self):
        from crmlab.check import Exercise, number_traps

        q = Exercise(
            "q",
            "Sample size?",
            880,
            compare=number_traps((lambda: 1068, "No finite population correction.")),
            hints=["n0 / (1 + (n0 - 1) / N)"],
            solution="880",
            known_bad=[1068, 879],
        )
        q.self_test()
        assert "finite population" in q.evaluate(1068).message
