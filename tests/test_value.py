"""Tests of crmlab.value: lifetime value, churn loss, delivered value, Pareto, RFM."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from crmlab import value as v

rates = st.floats(0.0, 0.99)
positive_rates = st.floats(0.001, 0.99)
fractions = st.floats(0.0, 1.0)
margins = st.floats(0.01, 1e6)


def _log(rows):
    """A transaction log from (customer_id, date, amount) tuples."""
    df = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    df["date"] = pd.to_datetime(df["date"])
    return df


# ---------------------------------------------------------------------------
# annuity factor
# ---------------------------------------------------------------------------


class TestAnnuityFactor:
    def test_seed001_annuity_5_years_9_percent(self):
        # COURSE.md unit 01: a(5, 9%) = 3.889651
        assert v.annuity_factor(5, 0.09) == pytest.approx(3.889651, abs=5e-7)

    def test_dwyer_annuity_5_years_10_percent(self):
        # COURSE.md unit 01 (Dwyer example): a(5, 10%) = 3.790787
        assert v.annuity_factor(5, 0.10) == pytest.approx(3.790787, abs=5e-7)

    def test_zero_rate_gives_the_number_of_years(self):
        assert v.annuity_factor(5, 0) == 5.0
        assert v.annuity_factor(2.5, 0.0) == 2.5

    def test_fractional_years_match_the_closed_form(self):
        # by hand: (1 - 1.1**-2.5) / 0.1
        assert v.annuity_factor(2.5, 0.1) == pytest.approx((1 - 1.1**-2.5) / 0.1)

    def test_one_year_is_one_discounted_payment(self):
        assert v.annuity_factor(1, 0.25) == pytest.approx(0.8)

    def test_vectorized_over_arrays_and_series(self):
        out = v.annuity_factor(np.array([1, 2]), 0.0)
        np.testing.assert_allclose(out, [1.0, 2.0])
        series = v.annuity_factor(pd.Series([5, 5], index=["a", "b"]), [0.09, 0.10])
        assert list(series.index) == ["a", "b"]
        np.testing.assert_allclose(series, [3.889651, 3.790787], atol=5e-7)

    def test_returns_a_plain_float_for_scalars(self):
        assert isinstance(v.annuity_factor(5, 0.09), float)

    def test_percentage_rate_is_rejected_with_a_hint(self):
        with pytest.raises(ValueError, match=r"rate must be a fraction.*Use 0\.09"):
            v.annuity_factor(5, 9)

    def test_rate_of_one_is_rejected(self):
        with pytest.raises(ValueError, match=r"rate must be a fraction in \[0, 1\)"):
            v.annuity_factor(5, 1)

    def test_negative_rate_is_rejected(self):
        with pytest.raises(ValueError, match="rate must be a fraction"):
            v.annuity_factor(5, -0.05)

    def test_negative_years_are_rejected(self):
        with pytest.raises(ValueError, match="years must be a non-negative number"):
            v.annuity_factor(-1, 0.1)

    @pytest.mark.parametrize("bad", [np.nan, np.inf])
    def test_nan_and_inf_are_rejected(self, bad):
        with pytest.raises(ValueError, match="years must be finite"):
            v.annuity_factor(bad, 0.1)
        with pytest.raises(ValueError, match="rate must be finite"):
            v.annuity_factor(5, bad)

    def test_mismatched_lengths_are_named(self):
        with pytest.raises(ValueError, match="years has 3 values, rate has 2 values"):
            v.annuity_factor([1, 2, 3], [0.1, 0.2])

    def test_strings_are_type_errors(self):
        with pytest.raises(TypeError, match="years must be a number"):
            v.annuity_factor("5", 0.1)

    @given(years=st.floats(0.01, 100), rate=rates)
    def test_property_in_zero_to_years(self, years, rate):
        a = v.annuity_factor(years, rate)
        assert 0 < a <= years * (1 + 1e-12)

    @given(years=st.floats(0.01, 100), r1=rates, r2=rates)
    def test_property_decreasing_in_rate(self, years, r1, r2):
        low, high = sorted((r1, r2))
        assert v.annuity_factor(years, low) >= v.annuity_factor(years, high) * (1 - 1e-12)


# ---------------------------------------------------------------------------
# lifetime value
# ---------------------------------------------------------------------------


class TestClvSimple:
    def test_seed003_simple_clv_example(self):
        # seed 003: 10 years x $100/year - $80 = $920
        assert v.clv_simple(10, 100, 80) == 920.0

    def test_default_acquisition_cost_is_zero(self):
        assert v.clv_simple(3, 50) == 150.0

    def test_vectorized(self):
        np.testing.assert_allclose(v.clv_simple([1, 2], 100, [10, 20]), [90.0, 180.0])

    def test_negative_acquisition_cost_is_rejected(self):
        with pytest.raises(ValueError, match="acquisition_cost must be a non-negative"):
            v.clv_simple(10, 100, -80)

    def test_negative_years_are_rejected(self):
        with pytest.raises(ValueError, match="years must be a non-negative"):
            v.clv_simple(-10, 100)

    def test_nan_profit_is_rejected(self):
        with pytest.raises(ValueError, match="annual_profit must be finite"):
            v.clv_simple(10, np.nan)

    def test_mismatched_lengths(self):
        with pytest.raises(ValueError, match="same length"):
            v.clv_simple([1, 2], [1, 2, 3])


class TestClv:
    def test_seed001_clv_example(self):
        # CRM slides: T=5, C0=400, Q=500, i=9%: -400 + 500 x 3.889651 = 1544.83
        assert v.clv([500] * 5, 0.09, acquisition_cost=400) == pytest.approx(1544.83, abs=0.005)

    def test_acquisition_cost_is_not_discounted(self):
        with_cost = v.clv([500] * 5, 0.09, acquisition_cost=400)
        without = v.clv([500] * 5, 0.09)
        assert without - with_cost == pytest.approx(400)

    def test_year_end_cash_flows(self):
        # a single year: 110 received at the end of year 1 at 10% is worth 100 today
        assert v.clv([110], 0.10) == pytest.approx(100.0)

    def test_costs_scalar_and_per_year(self):
        # (Q - C) = 100 in both years at 0%: 200
        assert v.clv([150, 150], 0.0, costs=50) == pytest.approx(200.0)
        assert v.clv([150, 150], 0.0, costs=[50, 100]) == pytest.approx(150.0)

    def test_two_dimensional_gives_one_value_per_customer(self):
        out = v.clv([[100, 100], [200, 0]], 0.10)
        np.testing.assert_allclose(out, [100 / 1.1 + 100 / 1.21, 200 / 1.1])

    def test_dataframe_keeps_customer_index(self):
        df = pd.DataFrame({1: [500, 100], 2: [500, 100]}, index=["c1", "c2"])
        out = v.clv(df, 0.0, acquisition_cost=[100, 0])
        assert list(out.index) == ["c1", "c2"]
        np.testing.assert_allclose(out, [900.0, 200.0])

    def test_shared_cost_schedule_for_2d(self):
        out = v.clv([[100, 100], [50, 50]], 0.0, costs=[10, 20])
        np.testing.assert_allclose(out, [170.0, 70.0])

    def test_costs_of_wrong_shape(self):
        with pytest.raises(ValueError, match="costs must be a single number or match"):
            v.clv([100, 100, 100], 0.1, costs=[1, 2])

    def test_acquisition_cost_of_wrong_shape(self):
        with pytest.raises(ValueError, match="acquisition_cost must be a single number"):
            v.clv([100, 100], 0.1, acquisition_cost=[1, 2])
        with pytest.raises(ValueError, match="one per customer"):
            v.clv([[100, 100], [1, 1]], 0.1, acquisition_cost=[1, 2, 3])

    def test_empty_contributions(self):
        with pytest.raises(ValueError, match="at least one year"):
            v.clv([], 0.1)

    def test_three_dimensional_contributions(self):
        with pytest.raises(ValueError, match="1-D .* or 2-D"):
            v.clv(np.ones((2, 2, 2)), 0.1)

    def test_scalar_contribution_is_rejected(self):
        with pytest.raises(ValueError, match="1-D"):
            v.clv(500, 0.1)

    def test_percentage_rate(self):
        with pytest.raises(ValueError, match=r"Use 0\.09"):
            v.clv([500] * 5, 9)

    def test_array_rate_is_a_type_error(self):
        with pytest.raises(TypeError, match="rate must be a single number"):
            v.clv([500] * 5, [0.1, 0.2])

    def test_negative_costs(self):
        with pytest.raises(ValueError, match="costs must be a non-negative"):
            v.clv([500] * 5, 0.1, costs=-1)

    def test_nan_contribution(self):
        with pytest.raises(ValueError, match="contributions must be finite"):
            v.clv([500, np.nan], 0.1)

    @given(
        q=st.lists(st.floats(1, 1e4), min_size=1, max_size=10),
        extra=st.floats(0.01, 1e3),
        rate=rates,
    )
    def test_property_increases_with_margin(self, q, extra, rate):
        more = [x + extra for x in q]
        assert v.clv(more, rate) > v.clv(q, rate)

    @given(q=st.lists(st.floats(1, 1e4), min_size=1, max_size=10), r1=rates, r2=rates)
    def test_property_decreases_with_rate_for_positive_flows(self, q, r1, r2):
        low, high = sorted((r1, r2))
        assert v.clv(q, low) >= v.clv(q, high) * (1 - 1e-12)


class TestExpectedLifetime:
    def test_seed001_lifetime_from_churn(self):
        # seed 001: T = 1 / r_L; r_L = 0.2 gives 5 years
        assert v.expected_lifetime(0.2) == pytest.approx(5.0)

    def test_zero_churn_is_rejected(self):
        with pytest.raises(ValueError, match=r"churn_rate must be a fraction in \(0, 1\]"):
            v.expected_lifetime(0)

    def test_percentage_hint(self):
        with pytest.raises(ValueError, match=r"Use 0\.2"):
            v.expected_lifetime(20)

    def test_series(self):
        out = v.expected_lifetime(pd.Series([0.5, 0.25], index=["x", "y"]))
        assert out.to_dict() == {"x": 2.0, "y": 4.0}


class TestGroupClv:
    def test_dwyer_group_clv_example(self):
        # COURSE.md unit 01: margin 100, r_L = 0.2 (T = 5), i = 10%: 100 x 3.790787 = 379.08
        assert v.group_clv(100, 0.2, 0.10) == pytest.approx(379.08, abs=0.005)

    def test_fractional_lifetime(self):
        # r_L = 0.4 gives T = 2.5 years
        assert v.group_clv(100, 0.4, 0.1) == pytest.approx(100 * (1 - 1.1**-2.5) / 0.1)

    def test_vectorized_over_segments(self):
        out = v.group_clv([100, 200], [0.2, 0.5], 0.0)
        np.testing.assert_allclose(out, [500.0, 400.0])

    def test_zero_churn_is_rejected(self):
        with pytest.raises(ValueError, match="churn_rate"):
            v.group_clv(100, 0, 0.1)

    def test_percentage_churn_hint(self):
        with pytest.raises(ValueError, match=r"Use 0\.2"):
            v.group_clv(100, 20, 0.1)

    def test_nan_margin(self):
        with pytest.raises(ValueError, match="margin must be finite"):
            v.group_clv(np.nan, 0.2, 0.1)

    def test_mismatched_lengths(self):
        with pytest.raises(ValueError, match="margin has 2 values, churn_rate has 3 values"):
            v.group_clv([1, 2], [0.1, 0.2, 0.3], 0.1)

    @given(m=margins, c1=st.floats(0.01, 1), c2=st.floats(0.01, 1), rate=rates)
    def test_property_increases_with_retention(self, m, c1, c2, rate):
        low_churn, high_churn = sorted((c1, c2))
        assert v.group_clv(m, low_churn, rate) >= v.group_clv(m, high_churn, rate) * (1 - 1e-12)

    @given(m1=margins, m2=margins, churn=st.floats(0.01, 1), rate=rates)
    def test_property_increases_with_margin(self, m1, m2, churn, rate):
        low, high = sorted((m1, m2))
        assert v.group_clv(low, churn, rate) <= v.group_clv(high, churn, rate)

    @given(m=margins, churn=st.floats(0.01, 1), r1=rates, r2=rates)
    def test_property_decreases_with_rate(self, m, churn, r1, r2):
        low, high = sorted((r1, r2))
        assert v.group_clv(m, churn, low) >= v.group_clv(m, churn, high) * (1 - 1e-12)


class TestRetentionClv:
    def test_textbook_retention_clv_example(self):
        # COURSE.md unit 01: m = 100, r = 0.8, i = 0.1: 100 x 0.8 / 0.3 = 266.67
        assert v.retention_clv(100, 0.8, 0.1) == pytest.approx(266.67, abs=0.005)

    def test_matches_the_series_sum(self):
        t = np.arange(1, 2000)
        direct = np.sum(100 * 0.8**t / 1.1**t)
        assert v.retention_clv(100, 0.8, 0.1) == pytest.approx(direct)

    def test_full_retention_with_positive_rate(self):
        # m / i: a perpetuity
        assert v.retention_clv(100, 1.0, 0.1) == pytest.approx(1000.0)

    def test_infinite_value_is_rejected(self):
        with pytest.raises(ValueError, match="infinite lifetime value"):
            v.retention_clv(100, 1.0, 0.0)

    def test_percentage_retention(self):
        with pytest.raises(ValueError, match=r"retention must be a fraction.*Use 0\.8"):
            v.retention_clv(100, 80, 0.1)

    def test_percentage_rate(self):
        with pytest.raises(ValueError, match=r"Use 0\.1"):
            v.retention_clv(100, 0.8, 10)

    @given(m=margins, r1=fractions, r2=fractions, rate=positive_rates)
    def test_property_increases_with_retention(self, m, r1, r2, rate):
        low, high = sorted((r1, r2))
        assert v.retention_clv(m, low, rate) <= v.retention_clv(m, high, rate)

    @given(m1=margins, m2=margins, r=fractions, rate=positive_rates)
    def test_property_increases_with_margin(self, m1, m2, r, rate):
        low, high = sorted((m1, m2))
        assert v.retention_clv(low, r, rate) <= v.retention_clv(high, r, rate)

    @given(m=margins, r=st.floats(0.0, 0.99), r1=rates, r2=rates)
    def test_property_decreases_with_rate(self, m, r, r1, r2):
        low, high = sorted((r1, r2))
        assert v.retention_clv(m, r, low) >= v.retention_clv(m, r, high)


# ---------------------------------------------------------------------------
# churn loss
# ---------------------------------------------------------------------------


class TestChurnLoss:
    def test_seed001_single_customer_loss(self):
        # CRM slides: V_l = C_t + (V_k - V_t), the arithmetic of the formula
        assert v.churn_loss(400, 1544.83, 500) == pytest.approx(1444.83)

    def test_realized_above_lifetime_is_rejected(self):
        with pytest.raises(ValueError, match="realized_value cannot exceed lifetime_value"):
            v.churn_loss(400, 1000, 1200)

    def test_negative_cost_is_rejected(self):
        with pytest.raises(ValueError, match="invested_cost must be a non-negative"):
            v.churn_loss(-1, 1000, 0)

    def test_vectorized(self):
        np.testing.assert_allclose(v.churn_loss([0, 100], [1000, 500], [1000, 0]), [0.0, 600.0])


class TestGroupChurnLoss:
    def test_seed001_group_churn_loss_example(self):
        # COURSE.md unit 01: N = 10,000, r_l = 0.15, V_k = 1,544.83: 2,317,245
        assert v.group_churn_loss(10_000, 0.15, 1544.83) == pytest.approx(2_317_245, abs=0.01)

    def test_fractional_customer_count_is_rejected(self):
        with pytest.raises(ValueError, match="n_customers must be a whole number"):
            v.group_churn_loss(10.5, 0.15, 100)

    def test_negative_customer_count_is_rejected(self):
        with pytest.raises(ValueError, match="n_customers must be a non-negative count"):
            v.group_churn_loss(-10, 0.15, 100)

    def test_percentage_churn(self):
        with pytest.raises(ValueError, match=r"Use 0\.15"):
            v.group_churn_loss(10_000, 15, 1544.83)

    def test_inf_value(self):
        with pytest.raises(ValueError, match="lifetime_value must be finite"):
            v.group_churn_loss(10, 0.1, np.inf)


# ---------------------------------------------------------------------------
# delivered value, share of wallet
# ---------------------------------------------------------------------------


DV_VALUES = {"product": 60, "service": 20, "personnel": 10, "image": 10}
DV_COSTS = {"monetary": 50, "time": 10, "energy": 5, "physical": 5}


class TestDeliveredValue:
    def test_seed004_delivered_value_by_hand(self):
        # seed 004: total value (60+20+10+10) - total cost (50+10+5+5) = 30
        assert v.delivered_value(DV_VALUES, DV_COSTS) == 30.0

    def test_series_components(self):
        assert v.delivered_value(pd.Series(DV_VALUES), pd.Series(DV_COSTS)) == 30.0

    def test_dataframe_rows_are_customers(self):
        values = pd.DataFrame({"product": [60, 10], "service": [20, 0]}, index=["a", "b"])
        costs = pd.DataFrame({"monetary": [50, 30]}, index=["a", "b"])
        out = v.delivered_value(values, costs)
        assert out.to_dict() == {"a": 30.0, "b": -20.0}
        assert out.name == "delivered_value"

    def test_dataframe_against_mapping(self):
        values = pd.DataFrame({"product": [60, 10]})
        out = v.delivered_value(values, {"monetary": 5})
        assert out.tolist() == [55.0, 5.0]

    def test_dataframes_with_different_rows(self):
        with pytest.raises(ValueError, match="same rows"):
            v.delivered_value(pd.DataFrame({"p": [1, 2]}), pd.DataFrame({"c": [1]}))

    def test_dataframe_without_columns(self):
        with pytest.raises(ValueError, match="values has no component columns"):
            v.delivered_value(pd.DataFrame(index=[0]), {"c": 1})

    def test_list_is_a_type_error(self):
        with pytest.raises(TypeError, match="values must be a mapping"):
            v.delivered_value([60, 20], DV_COSTS)

    def test_empty_components(self):
        with pytest.raises(ValueError, match="costs has no components"):
            v.delivered_value(DV_VALUES, {})

    def test_negative_component(self):
        with pytest.raises(ValueError, match="costs must be a non-negative"):
            v.delivered_value(DV_VALUES, {"time": -5})

    def test_component_constants_are_seed004(self):
        assert list(v.VALUE_COMPONENTS) == ["product", "service", "personnel", "image"]
        assert list(v.COST_COMPONENTS) == ["monetary", "time", "energy", "physical"]


class TestShareOfWallet:
    def test_by_hand(self):
        assert v.share_of_wallet(300, 1200) == 0.25

    def test_vectorized_series(self):
        out = v.share_of_wallet(pd.Series([0, 50]), pd.Series([100, 50]))
        assert out.tolist() == [0.0, 1.0]

    def test_sales_above_spend_is_rejected(self):
        with pytest.raises(ValueError, match="our_sales cannot exceed category_spend"):
            v.share_of_wallet(1300, 1200)

    def test_zero_category_spend_is_rejected(self):
        with pytest.raises(ValueError, match="category_spend must be a positive number"):
            v.share_of_wallet(0, 0)

    def test_negative_sales_are_rejected(self):
        with pytest.raises(ValueError, match="our_sales must be a non-negative"):
            v.share_of_wallet(-1, 10)


# ---------------------------------------------------------------------------
# Pareto
# ---------------------------------------------------------------------------


class TestPareto:
    def test_table_by_hand(self):
        table = v.pareto_table(pd.Series([10, 50, 40], index=[1, 2, 3]))
        assert list(table.columns) == ["value", "customer_share", "value_share"]
        assert list(table.index) == [2, 3, 1]
        assert table.index.name == "customer_id"
        np.testing.assert_allclose(table["customer_share"], [1 / 3, 2 / 3, 1.0])
        np.testing.assert_allclose(table["value_share"], [0.5, 0.9, 1.0])

    def test_named_index_is_kept(self):
        table = v.pareto_table(pd.Series([1, 2], index=pd.Index(["s1", "s2"], name="store")))
        assert table.index.name == "store"

    def test_array_and_mapping_input(self):
        assert list(v.pareto_table([1, 3, 2]).index) == [1, 2, 0]
        assert list(v.pareto_table({"a": 1, "b": 3}).index) == ["b", "a"]

    def test_ties_keep_their_order(self):
        assert list(v.pareto_table(pd.Series([5, 5, 5], index=["x", "y", "z"])).index) == [
            "x",
            "y",
            "z",
        ]

    def test_negative_values_are_rejected(self):
        with pytest.raises(ValueError, match="values must be a non-negative"):
            v.pareto_table([10, -1])

    def test_nan_values_are_rejected(self):
        with pytest.raises(ValueError, match="values must be finite"):
            v.pareto_table(pd.Series([10, np.nan]))

    def test_zero_total_is_rejected(self):
        with pytest.raises(ValueError, match="sum to 0"):
            v.pareto_table([0, 0])

    def test_empty_is_rejected(self):
        with pytest.raises(ValueError, match="values is empty"):
            v.pareto_table(pd.Series([], dtype=float))

    def test_dataframe_is_a_type_error(self):
        with pytest.raises(TypeError, match="one column"):
            v.pareto_table(pd.DataFrame({"a": [1]}))

    def test_top_share_by_hand(self):
        # top 1 of 5 customers brings 50 of 100
        assert v.top_share([50, 30, 10, 5, 5], 0.2) == pytest.approx(0.5)
        # 40% = the top 2 customers: 80 of 100
        assert v.top_share([50, 30, 10, 5, 5], 0.4) == pytest.approx(0.8)

    def test_top_share_interpolates(self):
        # 2 customers: fraction 0.25 is half of the first customer's step (0 -> 0.75)
        assert v.top_share([75, 25], 0.25) == pytest.approx(0.375)

    def test_top_share_fraction_checks(self):
        with pytest.raises(ValueError, match=r"Use 0\.2"):
            v.top_share([1, 2], 20)
        with pytest.raises(ValueError, match=r"fraction must be a fraction in \(0, 1\]"):
            v.top_share([1, 2], 0)

    @given(st.lists(st.floats(0, 1e6), min_size=1, max_size=50))
    def test_property_shares_end_at_one_and_do_not_decrease(self, values):
        assume(sum(values) > 0)
        table = v.pareto_table(values)
        assert table["customer_share"].iloc[-1] == 1.0
        assert table["value_share"].iloc[-1] == 1.0
        assert (np.diff(table["value_share"]) >= 0).all()
        assert (np.diff(table["customer_share"]) > 0).all()
        assert (np.diff(table["value"]) <= 0).all()


# ---------------------------------------------------------------------------
# RFM
# ---------------------------------------------------------------------------


class TestRfm:
    LOG = _log(
        [
            (1, "2024-01-10", 100.0),
            (1, "2024-06-01", 50.0),
            (2, "2024-03-15", 20.0),
            (3, "2024-05-01", 80.0),
            (3, "2024-06-20", 60.0),
            (3, "2024-06-25", 90.0),
            (3, "2024-07-15", 999.0),  # after as_of: ignored
        ]
    )

    def test_values_by_hand(self):
        table = v.rfm(self.LOG, "2024-06-30")
        assert list(table.columns) == ["recency", "frequency", "monetary", "R", "F", "M"]
        assert table.index.name == "customer_id"
        # 2024-06-01 -> 2024-06-30: 29 days; 03-15 -> 06-30: 107 days; 06-25 -> 06-30: 5 days
        assert table["recency"].tolist() == [29, 107, 5]
        assert table["frequency"].tolist() == [2, 1, 3]
        assert table["monetary"].tolist() == [150.0, 20.0, 230.0]

    def test_scores_with_three_customers_span_the_scale(self):
        # mid-rank percentiles 1/6, 1/2, 5/6 x 5 bins -> scores 1, 3, 5
        table = v.rfm(self.LOG, "2024-06-30")
        assert table["R"].tolist() == [3, 1, 5]
        assert table["F"].tolist() == [3, 1, 5]
        assert table["M"].tolist() == [3, 1, 5]

    def test_ten_customers_fill_quintiles_evenly(self):
        log = _log([(i, "2024-01-01", float(i)) for i in range(1, 11)])
        table = v.rfm(log, "2024-12-31")
        assert table["M"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]

    def test_ties_share_a_score(self):
        log = _log([(1, "2024-06-01", 10.0), (2, "2024-06-01", 10.0), (3, "2024-01-01", 99.0)])
        table = v.rfm(log, "2024-06-30")
        assert table.loc[1, "R"] == table.loc[2, "R"]
        assert table.loc[1, "F"] == table.loc[2, "F"] == table.loc[3, "F"]

    def test_purchases_on_as_of_count_with_zero_recency(self):
        log = _log([(1, "2024-06-30 15:00", 10.0)])
        table = v.rfm(log, "2024-06-30")
        assert table.loc[1, "recency"] == 0

    def test_single_customer_gets_the_middle_score(self):
        table = v.rfm(_log([(7, "2024-01-01", 5.0)]), "2024-01-31", bins=5)
        assert table.loc[7, ["R", "F", "M"]].tolist() == [3, 3, 3]

    def test_nothing_before_as_of(self):
        with pytest.raises(ValueError, match="no purchases on or before as_of=2023-01-01"):
            v.rfm(self.LOG, "2023-01-01")

    def test_missing_column(self):
        with pytest.raises(ValueError, match="missing column.*'amount'"):
            v.rfm(self.LOG.drop(columns="amount"), "2024-06-30")

    def test_bad_date(self):
        with pytest.raises(ValueError, match="as_of must be a date"):
            v.rfm(self.LOG, "not a date")

    def test_bad_bins(self):
        with pytest.raises(ValueError, match="bins must be an integer >= 1"):
            v.rfm(self.LOG, "2024-06-30", bins=0)
        with pytest.raises(TypeError, match="bins must be an integer"):
            v.rfm(self.LOG, "2024-06-30", bins=2.5)

    def test_nan_amount(self):
        log = self.LOG.assign(amount=[1.0, np.nan, 1, 1, 1, 1, 1])
        with pytest.raises(ValueError, match="amount.*must be finite"):
            v.rfm(log, "2024-06-30")

    @given(st.lists(st.integers(0, 30), min_size=1, max_size=40), st.integers(1, 10))
    def test_property_scores_in_range_and_monotone(self, amounts, bins):
        log = _log([(i, "2024-01-01", float(a)) for i, a in enumerate(amounts)])
        table = v.rfm(log, "2024-01-31", bins=bins)
        assert table["M"].between(1, bins).all()
        ordered = table.sort_values("monetary")
        assert (np.diff(ordered["M"]) >= 0).all()


class TestRfmSegment:
    def test_grid_for_five_bins(self):
        scores = pd.DataFrame({"R": [5, 4, 5, 3, 3, 3, 1, 2, 1], "F": [5, 3, 1, 4, 3, 2, 5, 3, 1]})
        assert v.rfm_segment(scores).tolist() == [
            "champions",
            "potential loyalists",
            "new customers",
            "loyal customers",
            "need attention",
            "about to sleep",
            "at risk",
            "at risk",
            "lost",
        ]

    def test_works_on_rfm_output(self):
        table = v.rfm(TestRfm.LOG, "2024-06-30")
        segments = v.rfm_segment(table)
        assert segments.loc[3] == "champions"
        assert segments.loc[2] == "lost"
        assert set(segments) <= set(v.RFM_SEGMENTS)

    def test_three_bins(self):
        out = v.rfm_segment(pd.DataFrame({"R": [3, 1], "F": [3, 1]}), bins=3)
        assert out.tolist() == ["champions", "lost"]

    def test_missing_column(self):
        with pytest.raises(ValueError, match="missing column.*'F'"):
            v.rfm_segment(pd.DataFrame({"R": [1]}))

    def test_score_out_of_range(self):
        with pytest.raises(ValueError, match=r"scores\['R'\] must be whole numbers from 1 to"):
            v.rfm_segment(pd.DataFrame({"R": [6], "F": [1]}))

    def test_fractional_score(self):
        with pytest.raises(ValueError, match="whole number"):
            v.rfm_segment(pd.DataFrame({"R": [1.5], "F": [1]}))
