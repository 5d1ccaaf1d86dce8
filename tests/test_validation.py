"""Tests of the private validation helpers every public function relies on."""

import numpy as np
import pandas as pd
import pytest

from crmlab import _validation as v


class TestFinite:
    def test_scalar_passes_through_as_float(self):
        assert v.check_finite(3, "x") == 3.0
        assert isinstance(v.check_finite(3, "x"), float)

    def test_series_keeps_its_index(self):
        s = pd.Series([1, 2], index=["a", "b"], name="s")
        out = v.check_finite(s, "s")
        assert isinstance(out, pd.Series)
        assert list(out.index) == ["a", "b"]

    def test_nan_is_rejected_with_a_fix(self):
        with pytest.raises(ValueError, match=r"x must be finite.*dropna"):
            v.check_finite(float("nan"), "x")

    def test_counts_the_bad_values_of_an_array(self):
        with pytest.raises(ValueError, match=r"2 NaN or infinite"):
            v.check_finite([1.0, np.nan, np.inf], "x")

    @pytest.mark.parametrize("bad", ["12", True, {"a": 1}, object()])
    def test_non_numbers_are_type_errors(self, bad):
        with pytest.raises(TypeError, match="x must be"):
            v.check_finite(bad, "x")


class TestRanges:
    def test_fraction_suggests_the_percentage_fix(self):
        with pytest.raises(
            ValueError, match=r"churn_rate must be a fraction .* got 15\. .*Use 0\.15"
        ):
            v.check_fraction(15, "churn_rate")

    def test_fraction_open_bounds(self):
        assert v.check_fraction(1, "r", allow_zero=False) == 1.0
        with pytest.raises(ValueError, match=r"\(0, 1\]"):
            v.check_fraction(0, "r", allow_zero=False)
        with pytest.raises(ValueError, match=r"\[0, 1\)"):
            v.check_fraction(1, "r", allow_one=False)

    def test_negative_fraction_has_no_percentage_hint(self):
        with pytest.raises(ValueError) as info:
            v.check_fraction(-0.1, "r")
        assert "percentage" not in str(info.value)

    def test_array_message_counts_bad_values(self):
        with pytest.raises(ValueError, match=r"got -1 \(and 2 bad value"):
            v.check_nonnegative([1, -1, -2], "costs")

    def test_positive_rejects_zero(self):
        with pytest.raises(ValueError, match=r"expected must be a positive number in \(0, inf\]"):
            v.check_positive(0, "expected")

    def test_count_must_be_whole(self):
        assert v.check_count(3, "n") == 3.0
        with pytest.raises(ValueError, match="whole number, got 2.5"):
            v.check_count(2.5, "n")
        with pytest.raises(ValueError, match="non-negative count"):
            v.check_count(-1, "n")
        with pytest.raises(ValueError, match="positive count"):
            v.check_count(0, "n", positive=True)

    def test_part_not_greater_than_whole(self):
        v.check_not_greater(3, 3, "churned", "customers")
        with pytest.raises(ValueError, match="churned cannot exceed customers: got churned=4"):
            v.check_not_greater([1, 4], [2, 3], "churned", "customers")


class TestShapes:
    def test_same_length(self):
        assert v.check_same_length(a=[1, 2], b=(3, 4)) == 2
        with pytest.raises(ValueError, match="a has 2, b has 3"):
            v.check_same_length(a=[1, 2], b=[1, 2, 3])

    def test_columns_lists_what_is_present(self):
        df = pd.DataFrame({"customer_id": [1], "when": ["2024-01-01"]})
        with pytest.raises(ValueError, match=r"missing column\(s\) 'date'.*customer_id, when"):
            v.check_columns(df, ["customer_id", "date"], "transactions")

    def test_dataframe_type(self):
        with pytest.raises(TypeError, match="must be a pandas DataFrame, got list"):
            v.check_dataframe([1, 2], "df")

    def test_labels_list_the_allowed_ones(self):
        assert v.check_labels("key", ["key", "small"], "tier") == "key"
        with pytest.raises(ValueError, match=r"'vip'.*allowed labels are 'key', 'small'"):
            v.check_labels(["key", "vip"], ["key", "small"], "tier")
        with pytest.raises(ValueError, match=r"must be one of 'key', 'small'; got 'vip'"):
            v.check_labels("vip", ["key", "small"], "tier")
        with pytest.raises(ValueError, match="missing value"):
            v.check_labels(["key", None], ["key", "small"], "tier")

    def test_weights_must_sum_to_one(self):
        v.check_weights({"a": 0.3, "b": 0.7}, "w")
        with pytest.raises(ValueError, match=r"weights of w must sum to 1, got 0.9"):
            v.check_weights({"a": 0.3, "b": 0.6}, "w")
        with pytest.raises(ValueError, match="percentage"):
            v.check_weights({"a": 30, "b": 70}, "w")
        with pytest.raises(TypeError, match="non-empty mapping"):
            v.check_weights({}, "w")


class TestDatesAndLogs:
    def test_dates(self):
        assert v.check_date("2024-12-31", "as_of") == pd.Timestamp("2024-12-31")
        with pytest.raises(ValueError, match="as_of must be a date"):
            v.check_date("not a date", "as_of")
        with pytest.raises(TypeError, match="got None"):
            v.check_date(None, "as_of")
        with pytest.raises(ValueError, match="missing value"):
            v.check_date(pd.NaT, "as_of")

    def test_transactions_are_cleaned(self):
        log = pd.DataFrame(
            {"customer_id": [1, 2], "date": ["2024-01-01", "2024-02-01"], "amount": [10, 20.5]}
        )
        out = v.check_transactions(log)
        assert pd.api.types.is_datetime64_any_dtype(out["date"])
        assert list(out.columns) == ["customer_id", "date", "amount"]

    @pytest.mark.parametrize(
        ("column", "value", "error", "message"),
        [
            ("customer_id", None, ValueError, "customer_id'\\] has missing"),
            ("date", "someday", ValueError, "must hold dates"),
            ("amount", "ten", TypeError, "must be numeric"),
            ("amount", float("nan"), ValueError, "must be finite"),
        ],
    )
    def test_bad_transaction_logs(self, column, value, error, message):
        log = pd.DataFrame(
            {"customer_id": [1, 2], "date": ["2024-01-01"] * 2, "amount": [1.0, 2.0]}
        )
        values = log[column].tolist()
        values[1] = value
        log[column] = pd.Series(values, dtype=object if isinstance(value, str | None) else None)
        with pytest.raises(error, match=message):
            v.check_transactions(log)

    def test_missing_date_is_reported(self):
        log = pd.DataFrame({"customer_id": [1], "date": pd.to_datetime([None]), "amount": [1.0]})
        with pytest.raises(ValueError, match="missing date"):
            v.check_transactions(log)


def test_int_and_real():
    assert v.check_int(np.int64(3), "periods", low=0) == 3
    with pytest.raises(TypeError, match="periods must be an integer"):
        v.check_int(2.0, "periods")
    with pytest.raises(TypeError, match="periods must be an integer"):
        v.check_int(True, "periods")
    with pytest.raises(ValueError, match=">= 0, got -1"):
        v.check_int(-1, "periods", low=0)
    assert v.check_real(2, "x") == 2.0
    with pytest.raises(TypeError, match="single number"):
        v.check_real([1, 2], "x")
