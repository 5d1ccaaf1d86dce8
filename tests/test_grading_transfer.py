"""The trusted checker's parts without a kernel: typed JSON, free names, a fake student.

The end-to-end behaviour (real nbgrader, sandboxed kernels, hostile
submissions) is in test_grading_security.py and test_assignments.py; here each
piece is checked on its own, with a fake link standing in for the kernel.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab.autograde import checker, link, serve, transfer
from crmlab.datasets import load_transactions

READABLE = [
    None,
    True,
    2**70,
    -0.0,
    float("inf"),
    "héllo",
    1 + 2j,
    [1, [2, "x"]],
    (1, None),
    {3, 1},
    frozenset({"a"}),
    {"a": 1, 2: (3,)},
    range(1, 9, 2),
    dt.date(2024, 1, 2),
    dt.datetime(2024, 1, 2, 3, 4),
    dt.timedelta(days=1, seconds=3),
    np.float64(0.1),
    np.int32(-4),
    np.bool_(True),
    np.datetime64("2024-01-01", "D"),
    np.array([[1.0, 2.0], [3.0, np.nan]]),
    np.array(["a", "bc"]),
    np.array([1, "x", None], dtype=object),
    pd.Series([1.0, 2.0], index=["a", "b"], name="x"),
    pd.Series(["a", None]),
    pd.Series([1, None], dtype="Int64"),
    pd.Series(pd.Categorical(["a", "b", "a"], categories=["b", "a"], ordered=True)),
    pd.Series(pd.date_range("2024-01-01", periods=3, tz="Asia/Shanghai")),
    pd.Series(pd.period_range("2024-01", periods=3, freq="M")),
    pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}, index=pd.Index([5, 6], name="id")),
    pd.DataFrame([[1, 2]], columns=["a", "a"]),
    pd.DataFrame(),
    pd.MultiIndex.from_tuples([("a", 1), ("b", 2)], names=["k", "n"]),
    pd.RangeIndex(3, name="r"),
    pd.Timestamp("2024-01-01 10:00", tz="UTC"),
    pd.Timedelta("1D"),
]


def same(a, b) -> bool:
    if isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, check_exact=True, check_index_type=True)
    elif isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True, check_index_type=True)
    elif isinstance(a, pd.Index):
        pd.testing.assert_index_equal(a, b, exact=True)
    elif isinstance(a, np.ndarray):
        return a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    else:
        return type(a) is type(b) and bool(a == b) and repr(a) == repr(b)
    return True


@pytest.mark.parametrize("value", READABLE, ids=lambda v: type(v).__name__)
def test_readable_values_cross_exactly(value):
    assert same(value, transfer.loads(transfer.dumps(value)))


def test_a_course_table_crosses_exactly_and_nan_stays_nan():
    table = load_transactions()
    same(table, transfer.loads(transfer.dumps(table)))
    assert math.isnan(transfer.loads(transfer.dumps(float("nan"))))
    assert transfer.loads(transfer.dumps(pd.NaT)) is pd.NaT
    assert transfer.loads(transfer.dumps(pd.NA)) is pd.NA


@given(st.floats(allow_nan=False) | st.integers() | st.text() | st.booleans() | st.none())
def test_scalars_and_their_lists_cross_exactly(value):
    assert same(value, transfer.loads(transfer.dumps(value)))
    assert transfer.loads(transfer.dumps([value, (value,)])) == [value, (value,)]


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=20))
def test_float_series_cross_bit_for_bit(values):
    series = pd.Series(values, index=[f"c{i}" for i in range(len(values))], dtype=float)
    back = transfer.loads(transfer.dumps(series))
    assert back.to_numpy().tobytes() == series.to_numpy().tobytes()
    assert list(back.index) == list(series.index)


class Yes(float):
    def __eq__(self, other):
        return True


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (Yes(1.0), "Yes"),
        (type("Frame", (pd.DataFrame,), {})({"a": [1]}), "Frame"),
        (type("Labels", (list,), {})([1]), "Labels"),
        (np.ma.masked_array([1.0]), "MaskedArray"),
        (object(), "object"),
        (b"bytes", "bytes"),
        ([1, Yes(2.0)], "Yes"),
    ],
)
def test_subclasses_and_other_types_are_unreadable(value, label):
    with pytest.raises(transfer.Unreadable) as caught:
        transfer.dumps(value)
    assert caught.value.type_name == label


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        '{"$": "pickle", "v": "gASV"}',
        '{"$": "ndarray", "data": {"k": "np", "dtype": "|O8", "shape": [1], "b64": ""}}',
        '{"$": "ndarray", "data": {"k": "np", "dtype": "<f8", "shape": [1000000], "b64": ""}}',
        '{"$": "series", "data": {"k": "np", "dtype": "<f8", "shape": [0], "b64": ""}}',
        '{"$": "list", "v": 3}',
        '{"$": "function", "ref": 1, "name": "f"}',
        "not json",
    ],
)
def test_malformed_payloads_raise_bad_payload(text):
    with pytest.raises(transfer.BadPayload):
        transfer.loads(text)


def test_modules_resolve_to_the_checkers_own_and_only_course_libraries():
    assert transfer.loads('{"$": "module", "name": "numpy.testing"}') is np.testing
    for name in ("os", "subprocess", "builtins", "IPython", "__main__"):
        with pytest.raises((transfer.Unreadable, transfer.BadPayload)):
            transfer.loads(json.dumps({"$": "module", "name": name}))


def test_exceptions_come_back_as_builtin_classes_with_their_message():
    class NoPostcode(KeyError):
        pass

    error = transfer.decode_exception(transfer.encode_exception(NoPostcode("postcode")))
    assert type(error) is KeyError and str(error) == "'postcode'"
    for name in ("SystemExit", "KeyboardInterrupt", "GeneratorExit", "Evil", 3):
        forged = transfer.decode_exception({"type": name, "args": [0], "message": "x"})
        assert type(forged) is RuntimeError
    assert type(transfer.decode_exception({"type": "ValueError", "args": [[1]]})) is ValueError


def test_free_names_are_the_names_a_cell_reads_but_does_not_bind():
    source = (
        "import pandas as pd\nfrom crmlab.grading import assert_close\n"
        "for _y, _r in [(1, 2)]:\n    assert_close(annuity(_y, _r), rate, 'a')\n"
        "try:\n    f()\nexcept ValueError as error:\n    print(error)\n"
        "squares = [g(x) for x in range(3)]\nlambda z: z + h\n"
    )
    expected = ["annuity", "rate", "f", "ValueError", "print", "g", "range", "h"]
    assert checker.free_names(source) == expected


def test_visible_imports_leave_out_hidden_tests():
    source = (
        "import pandas as pd\nx = 1\n### BEGIN HIDDEN TESTS\nfrom crmlab import value\n"
        "### END HIDDEN TESTS\nfrom crmlab.grading import assert_close as ac\n"
    )
    assert checker.visible_imports(source) == (
        "import pandas as pd\nfrom crmlab.grading import assert_close as ac"
    )


class FakeLink:
    """A student's kernel in this process: values pass through dumps/loads both ways."""

    def __init__(self, namespace):
        self.namespace = namespace
        self.functions: dict[int, object] = {}

    def _ref(self, value):
        ref = len(self.functions) + 1
        self.functions[ref] = value
        return {"$": "function", "ref": ref, "name": value.__name__}

    def fetch(self, names):
        answers = {}
        for name in names:
            if name in self.namespace:
                try:
                    answers[name] = {"value": transfer.encode(self.namespace[name], self._ref)}
                except transfer.Unreadable as error:
                    answers[name] = {"unreadable": error.type_name}
        return json.loads(json.dumps(answers))

    def call(self, function, args, kwargs):
        real = self.functions[function._ref]
        args = transfer.loads(transfer.dumps(list(args)))
        try:
            result = real(*args, **kwargs)
        except BaseException as error:
            raise transfer.decode_exception(transfer.encode_exception(error)) from None
        try:
            return transfer.loads(transfer.dumps(result, self._ref), self.function)
        except transfer.Unreadable as error:
            raise checker.UnreadableAnswer(f"returned a {error.type_name}") from None

    def function(self, ref, name):
        return checker.StudentFunction(self, ref, name)


def run(namespace: dict, source: str, trusted: checker.Checker | None = None):
    trusted = trusted or checker.Checker(FakeLink(namespace))
    wanted = trusted.wanted(source)
    fetched = trusted.values(trusted.link.fetch(wanted), wanted)
    return trusted.run(source, 3, fetched)


def test_a_test_cell_passes_on_a_right_answer_and_prints_nothing_else():
    def simple_clv(years, profit, cost):
        if years < 0:
            raise ValueError("years must be >= 0")
        return years * profit - cost

    source = (
        "from crmlab.grading import assert_close, assert_raises\n"
        "assert_close(simple_clv(10, 100, 80), 920, 'simple_clv(10, 100, 80)')\n"
        "assert_raises(ValueError, simple_clv, -1, 100, 80)\n"
    )
    assert run({"simple_clv": simple_clv}, source) == []


def test_a_failed_test_is_an_error_output_that_points_at_its_line():
    source = "from crmlab.grading import assert_close\n\nassert_close(share, 0.627, 'share')\n"
    (output,) = run({"share": 62.7}, source)
    assert output["output_type"] == "error" and output["ename"] == "AssertionError"
    assert "Did you pass a percentage?" in output["evalue"]
    assert "Cell In[3], line 3" in "\n".join(output["traceback"])
    assert "crmlab/grading.py" not in "\n".join(output["traceback"])


def test_student_values_that_pretend_fail_with_a_message_naming_their_type():
    source = "from crmlab.grading import assert_close\nassert_close(x, 1.0, 'x')\n"
    (output,) = run({"x": Yes(1.0)}, source)
    assert output["ename"] == "UnreadableAnswer"
    assert output["evalue"].startswith("x is a Yes, which the grader cannot read")
    source = "from crmlab.grading import assert_number\nassert_number(f(), 'f()')\n"
    (output,) = run({"f": lambda: Yes(1.0)}, source)
    assert output["evalue"] == "returned a Yes"


def test_builtins_and_modules_are_the_checkers_own():
    student = {"isinstance": lambda *a: True, "np": np, "abs": lambda x: 0}
    source = "assert isinstance(np.float64(1), float)\nassert abs(-2) == 2\nprint(np.__name__)\n"
    assert run(student, source) == [{"output_type": "stream", "name": "stdout", "text": "numpy\n"}]


def test_setup_names_win_and_student_values_are_seen_by_one_cell_only():
    namespace = {"tiers": "student's", "answer": 1}
    trusted = checker.Checker(FakeLink(namespace))
    trusted.run("tiers = 'instructor'", 1, {})
    assert run(namespace, "print(tiers, answer)", trusted)[0]["text"] == "instructor 1\n"
    namespace["answer"] = 2
    assert run(namespace, "print(answer)", trusted)[0]["text"] == "2\n"
    assert "answer" not in trusted.namespace


def test_a_reply_cannot_bind_names_the_checker_did_not_ask_for():
    trusted = checker.Checker(FakeLink({}))
    trusted.run("import pandas as pd", 1, {})
    forged = {"x": {"value": 1}, "pd": {"value": 2}, "isinstance": {"value": 3}}
    assert trusted.values(forged, ["x"]) == {"x": 1}
    assert (
        trusted.run("print(pd.__name__, isinstance(x, int))", 2, trusted.values(forged, ["x"]))[0][
            "text"
        ]
        == "pandas True\n"
    )


def test_a_last_value_is_shown_as_nbgrader_expects_for_partial_credit():
    (output,) = run({"f": lambda: 0.5}, "f()")
    assert output["output_type"] == "execute_result"
    assert output["data"] == {"text/plain": "0.5"}
    (output,) = run({"x": Yes(0.5)}, "x")
    assert output["output_type"] == "error" and output["ename"] == "UnreadableAnswer"


def test_the_link_reads_only_a_quoted_json_reply():
    good = {"status": "ok", "user_expressions": {"k": {"status": "ok", "data": {}}}}
    good["user_expressions"]["k"]["data"]["text/plain"] = repr(json.dumps({"a": 1}))
    assert link.payload(good, "k") == {"a": 1}
    for text in ["__import__('os')", "{'a': 1}", "'" + "x" * 10 + "'", 3]:
        good["user_expressions"]["k"]["data"]["text/plain"] = text
        with pytest.raises((transfer.BadPayload, ValueError)):
            link.payload(good, "k")
    with pytest.raises(RuntimeError, match="did not answer"):
        link.payload({"status": "error"}, "k")


def test_the_kernels_end_calls_functions_and_keeps_large_arguments_once():
    seen = []

    def rows(table, extra=0):
        seen.append((table, table["amount"].sum()))
        table["amount"] = 0.0  # a student's function may change its argument
        return len(table) + extra

    kernel_side = serve._reference(rows)
    line = link.KernelLink(None, None, None)
    table = load_transactions()
    for _ in range(2):
        order = {
            "call": kernel_side["ref"],
            "args": [json.loads(line._argument(table))],
            "kwargs": {"extra": json.loads(line._argument(1))},
        }
        reply = json.loads(serve.serve(json.dumps(order)))
        assert reply == {"value": len(table) + 1}
    assert list(order["args"][0]) == ["cached"], "the second call sends only the key"
    assert seen[0][0] is not seen[1][0]
    assert seen[1][1] == seen[0][1] == table["amount"].sum(), "each call gets a fresh copy"


def test_a_large_argument_is_encoded_again_only_when_it_changed(monkeypatch):
    encoded = []
    real = transfer.encode
    monkeypatch.setattr(
        transfer, "encode", lambda value, *a: encoded.append(type(value)) or real(value, *a)
    )
    line = link.KernelLink(None, None, None)
    table = load_transactions()
    first = line._argument(table)
    assert line._argument(table) == json.dumps({"cached": json.loads(first)["store"]})
    assert encoded.count(pd.DataFrame) == 1, "an unchanged table is not encoded twice"
    assert line._argument(load_transactions()) == line._argument(table)  # an equal copy
    assert encoded.count(pd.DataFrame) == 1
    table.loc[table.index[0], "amount"] += 1.0  # the test changed its table in place
    changed = json.loads(line._argument(table))
    assert encoded.count(pd.DataFrame) == 2 and "store" in changed
    assert transfer.decode(changed["v"])["amount"].iloc[0] == table["amount"].iloc[0]


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.loc.__setitem__((t.index[0], "x"), 9.0),
        lambda t: t.__setitem__("x", t["x"].astype("float32")),
        lambda t: t.__setitem__("c", t["c"].cat.reorder_categories(["b", "a"])),
        lambda t: setattr(t.index, "name", "row"),
        lambda t: setattr(t, "columns", ["y", "c"]),
        lambda t: t.attrs.update(unit="EUR"),
        lambda t: setattr(t, "index", t.index.astype(str)),
    ],
    ids=["value", "dtype", "categories", "index name", "column", "attrs", "index dtype"],
)
def test_the_fingerprint_of_a_table_follows_every_change(change):
    table = pd.DataFrame(
        {"x": [1.0, 2.0, 3.0], "c": pd.Categorical(["a", "b", "a"])}, index=[10, 11, 12]
    )
    before = link.fingerprint(table)
    assert link.fingerprint(table.copy()) == before
    change(table)
    assert link.fingerprint(table) != before


def test_only_plain_tables_and_arrays_have_a_fingerprint():
    array = np.arange(6.0)
    before = link.fingerprint(array)
    array[0] = 7.0
    assert link.fingerprint(array) != before
    assert link.fingerprint(pd.Series([[1], [2]])) is None  # unhashable cells
    assert link.fingerprint(np.array(["a", None], dtype=object)) is None
    assert link.fingerprint([1, 2]) is None
    # Hashing would take 1 and "1" for one label: such tables are encoded every time.
    assert link.fingerprint(pd.Series([1, "1"], dtype=object)) is None
    assert link.fingerprint(pd.Series([1.0, 2.0], index=[1, "1"])) is None
    assert link.fingerprint(pd.DataFrame({1: [1.0], "1": [2.0]})) is None


def test_the_kernels_end_sends_back_exceptions_and_unreadable_results():
    def fails(x):
        raise KeyError(x)

    for function, expected in [
        (fails, {"raised": {"type": "KeyError", "raised": "KeyError", "args": ["k"]}}),
        (lambda x: Yes(x), {"unreadable": "Yes"}),
    ]:
        ref = serve._reference(function)["ref"]
        order = {"call": ref, "args": [{"v": "k" if function is fails else 1.0}], "kwargs": {}}
        reply = json.loads(serve.serve(json.dumps(order)))
        if "raised" in expected:
            assert {k: reply["raised"][k] for k in ("type", "raised", "args")} == expected["raised"]
        else:
            assert reply == expected
