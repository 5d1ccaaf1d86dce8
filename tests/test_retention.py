"""Tests of crmlab.retention: retention rate, curves, lifetime and CLV uplift."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab import churn, value
from crmlab import retention as r


class TestConstants:
    def test_seed000_six_indicators(self):
        assert len(r.RETENTION_INDICATORS) == 6
        assert r.RETENTION_INDICATORS["repeat purchase rate"] == "客户重复购买率"
        assert r.RETENTION_INDICATORS["price sensitivity"] == "客户对价格的敏感程度"

    def test_seed000_five_methods(self):
        assert list(r.RETENTION_METHODS.values()) == [
            "注重质量",
            "优质服务",
            "品牌形象",
            "价格优惠",
            "感情投资",
        ]


class TestRetentionRate:
    def test_seed000_formula_by_hand(self):
        # seed 000: retained / customers = 1 - churn rate; 850 of 1,000 is 85%
        assert r.retention_rate(850, 1000) == 0.85

    def test_vectorized(self):
        out = r.retention_rate(pd.Series([9, 3], index=["a", "b"]), [10, 4])
        assert out.to_dict() == {"a": 0.9, "b": 0.75}

    def test_retained_above_customers(self):
        with pytest.raises(ValueError, match="retained cannot exceed customers"):
            r.retention_rate(11, 10)

    def test_zero_customers(self):
        with pytest.raises(ValueError, match="customers must be a positive count"):
            r.retention_rate(0, 0)

    def test_negative(self):
        with pytest.raises(ValueError, match="retained must be a non-negative count"):
            r.retention_rate(-1, 10)

    def test_fraction_passed_as_count(self):
        with pytest.raises(ValueError, match="retained must be a whole number"):
            r.retention_rate(0.85, 1)

    def test_inf(self):
        with pytest.raises(ValueError, match="customers must be finite"):
            r.retention_rate(1, np.inf)

    def test_mismatched_lengths(self):
        with pytest.raises(ValueError, match="retained has 2 values, customers has 3 values"):
            r.retention_rate([1, 2], [3, 4, 5])

    @given(st.integers(1, 10**9), st.data())
    def test_property_retention_plus_churn_is_one(self, customers, data):
        churned = data.draw(st.integers(0, customers))
        total = r.retention_rate(customers - churned, customers) + churn.churn_rate(
            churned, customers
        )
        assert total == pytest.approx(1.0, abs=1e-12)


class TestRetentionCurve:
    def test_by_hand(self):
        curve = r.retention_curve(0.8, 3)
        np.testing.assert_allclose(curve, [1.0, 0.8, 0.64, 0.512])
        assert list(curve.index) == [0, 1, 2, 3]
        assert curve.index.name == "period"

    def test_zero_periods(self):
        assert r.retention_curve(0.5, 0).tolist() == [1.0]

    def test_zero_retention_starts_at_one(self):
        assert r.retention_curve(0.0, 2).tolist() == [1.0, 0.0, 0.0]

    def test_percentage_hint(self):
        with pytest.raises(ValueError, match=r"retention must be a fraction.*Use 0\.8"):
            r.retention_curve(80, 3)

    def test_negative_periods(self):
        with pytest.raises(ValueError, match="periods must be an integer >= 0"):
            r.retention_curve(0.8, -1)

    def test_array_retention_is_a_type_error(self):
        with pytest.raises(TypeError, match="retention must be a single number"):
            r.retention_curve([0.8, 0.9], 3)

    def test_nan(self):
        with pytest.raises(ValueError, match="retention must be finite"):
            r.retention_curve(np.nan, 3)


class TestExpectedLifetime:
    def test_by_hand(self):
        # r = 0.8: 1 / (1 - 0.8) = 5 periods
        assert r.expected_lifetime_from_retention(0.8) == pytest.approx(5.0)

    def test_agrees_with_the_churn_form(self):
        # seed 001: T = 1 / r_L with r_L = 1 - r
        assert r.expected_lifetime_from_retention(0.75) == pytest.approx(
            value.expected_lifetime(0.25)
        )

    def test_full_retention_is_rejected(self):
        with pytest.raises(ValueError, match="infinite"):
            r.expected_lifetime_from_retention(1.0)

    def test_percentage(self):
        with pytest.raises(ValueError, match=r"Use 0\.9"):
            r.expected_lifetime_from_retention(90)

    def test_vectorized(self):
        np.testing.assert_allclose(r.expected_lifetime_from_retention([0.0, 0.5]), [1.0, 2.0])


class TestClvUplift:
    def test_five_points_on_the_textbook_example(self):
        # m = 100, i = 0.1: CLV(0.8) = 266.67 (COURSE.md), CLV(0.85) = 85 / 0.25 = 340
        out = r.clv_uplift(100, 0.8, 0.1)
        assert out["clv"] == pytest.approx(266.67, abs=0.005)
        assert out["improved_clv"] == pytest.approx(340.0)
        assert out["gain"] == pytest.approx(73.33, abs=0.005)
        assert out["relative_gain"] == pytest.approx(0.275)
        assert out["improved_retention"] == pytest.approx(0.85)

    def test_uses_retention_clv(self):
        out = r.clv_uplift(50, 0.6, 0.05, uplift=0.1)
        assert out["clv"] == value.retention_clv(50, 0.6, 0.05)
        assert out["improved_clv"] == value.retention_clv(50, 0.7, 0.05)

    def test_up_to_full_retention(self):
        out = r.clv_uplift(100, 0.95, 0.1, uplift=0.05)
        assert out["improved_clv"] == pytest.approx(1000.0)

    def test_beyond_one_is_rejected(self):
        with pytest.raises(ValueError, match="retention \\+ uplift must not exceed 1"):
            r.clv_uplift(100, 0.98, 0.1)

    def test_infinite_improved_value(self):
        with pytest.raises(ValueError, match="infinite"):
            r.clv_uplift(100, 0.95, 0.0)

    def test_percentage_uplift(self):
        with pytest.raises(ValueError, match=r"uplift must be a fraction.*Use 0\.05"):
            r.clv_uplift(100, 0.8, 0.1, uplift=5)

    def test_zero_uplift(self):
        with pytest.raises(ValueError, match=r"uplift must be a fraction in \(0, 1\]"):
            r.clv_uplift(100, 0.8, 0.1, uplift=0)

    def test_non_positive_margin(self):
        with pytest.raises(ValueError, match="margin must be a positive number"):
            r.clv_uplift(0, 0.8, 0.1)

    def test_retention_bounds(self):
        with pytest.raises(ValueError, match=r"retention must be a fraction in \(0, 1\]"):
            r.clv_uplift(100, 0, 0.1)
        with pytest.raises(ValueError, match="retention must be below 1"):
            r.clv_uplift(100, 1, 0.1)

    def test_percentage_rate(self):
        with pytest.raises(ValueError, match=r"Use 0\.1"):
            r.clv_uplift(100, 0.8, 10)

    def test_array_is_a_type_error(self):
        with pytest.raises(TypeError, match="margin must be a single number"):
            r.clv_uplift([100, 200], 0.8, 0.1)

    @given(
        m=st.floats(0.01, 1e5),
        ret=st.floats(0.01, 0.9),
        rate=st.floats(0.001, 0.5),
        uplift=st.floats(0.001, 0.09),
    )
    def test_property_gain_is_positive(self, m, ret, rate, uplift):
        out = r.clv_uplift(m, ret, rate, uplift)
        assert out["improved_clv"] > out["clv"] > 0
        assert out["gain"] > 0
