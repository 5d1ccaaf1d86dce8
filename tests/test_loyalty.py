"""Tests of crmlab.loyalty (unit 04).

Every expected number names its source: a seed file, COURSE.md, a textbook
example, or a hand computation written out in the test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from crmlab.loyalty import (
    LOYALTY_DETERMINANTS,
    LOYALTY_STAGES,
    LOYALTY_TYPES,
    SEVEN_LOYALTY_TYPES,
    UNHAPPY_CUSTOMER_TELLS,
    VANKE_CASE,
    loyalty_drivers,
    loyalty_profit,
    loyalty_type,
)

# ---------------------------------------------------------------------------
# loyalty_type (seed 000; Dick and Basu 1994)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attitude", "repeat", "expected"),
    [
        (0.9, 0.8, "ideal"),
        (0.9, 0.2, "latent"),
        (0.1, 0.8, "spurious"),
        (0.1, 0.2, "none"),
        (0.5, 0.5, "ideal"),  # a value on the cut counts as high
        (0.49, 0.5, "spurious"),
    ],
)
def test_seed000_four_loyalty_types(attitude, repeat, expected):
    assert loyalty_type(attitude, repeat) == expected


def test_loyalty_type_on_other_scales_with_matching_cuts():
    # attitude on a 1-7 scale cut at 4, repeat as a purchase count cut at 3
    result = loyalty_type([6, 6, 2, 2], [5, 1, 5, 1], attitude_cut=4, repeat_cut=3)
    assert result.tolist() == ["ideal", "latent", "spurious", "none"]


def test_loyalty_type_series_in_series_out():
    attitude = pd.Series([0.9, 0.1], index=[101, 102])
    result = loyalty_type(attitude, pd.Series([0.1, 0.9], index=[101, 102]))
    assert isinstance(result, pd.Series)
    assert result.to_dict() == {101: "latent", 102: "spurious"}


def test_loyalty_type_labels_are_the_keys_of_loyalty_types():
    result = loyalty_type([0.9, 0.9, 0.1, 0.1], [0.9, 0.1, 0.9, 0.1])
    assert set(result) == set(LOYALTY_TYPES)


def test_loyalty_type_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="attitude has 2 values, repeat has 1 value"):
        loyalty_type([0.1, 0.2], [0.3])


def test_loyalty_type_rejects_nan():
    with pytest.raises(ValueError, match="repeat must be finite"):
        loyalty_type([0.1, 0.2], [0.3, np.nan])


def test_loyalty_type_rejects_series_with_different_indexes():
    with pytest.raises(ValueError, match="must carry the same labels"):
        loyalty_type(pd.Series([0.5], index=[1]), pd.Series([0.5], index=[2]))


def test_loyalty_type_rejects_bad_cuts():
    with pytest.raises(ValueError, match="attitude_cut must be finite"):
        loyalty_type(0.5, 0.5, attitude_cut=np.nan)
    with pytest.raises(TypeError, match="repeat_cut must be a single number"):
        loyalty_type(0.5, 0.5, repeat_cut=[0.5])


unit = st.floats(min_value=0, max_value=1)


@given(attitude=unit, repeat=unit, cut=unit)
def test_loyalty_type_agrees_with_the_matrix(attitude, repeat, cut):
    label = loyalty_type(attitude, repeat, attitude_cut=cut, repeat_cut=cut)
    high = (attitude >= cut, repeat >= cut)
    expected = {
        (True, True): "ideal",
        (True, False): "latent",
        (False, True): "spurious",
        (False, False): "none",
    }
    assert label == expected[high]


# ---------------------------------------------------------------------------
# Reference lists (seeds 000, 001, 003)
# ---------------------------------------------------------------------------


def test_seed000_loyalty_types_bilingual():
    assert {key: term.zh for key, term in LOYALTY_TYPES.items()} == {
        "ideal": "理想忠诚",
        "latent": "潜在忠诚",
        "spurious": "虚假忠诚",
        "none": "缺乏忠诚",
    }
    assert all(term.en and term.description for term in LOYALTY_TYPES.values())


def test_seed001_seven_loyalty_types_in_order():
    assert [term.zh for term in SEVEN_LOYALTY_TYPES.values()] == [
        "垄断忠诚", "惰性忠诚", "潜在忠诚", "方便忠诚", "价格忠诚", "激励忠诚", "超值忠诚",
    ]  # fmt: skip
    assert list(SEVEN_LOYALTY_TYPES) == [
        "monopoly", "inertia", "latent", "convenience", "price", "incentive", "super-value",
    ]  # fmt: skip


def test_seed000_loyalty_stages_in_order():
    assert list(LOYALTY_STAGES) == ["cognitive", "affective", "conative", "action"]
    assert [term.zh for term in LOYALTY_STAGES.values()] == [
        "认知忠诚",
        "情感忠诚",
        "意向忠诚",
        "行为忠诚",
    ]


def test_seed000_loyalty_determinants():
    assert list(LOYALTY_DETERMINANTS) == [
        "perceived_value",
        "satisfaction",
        "switching_cost",
        "trust",
    ]
    assert LOYALTY_DETERMINANTS["switching_cost"].zh == "转移成本"


def test_seed003_vanke_case_as_fractions():
    assert VANKE_CASE == {
        "member_repeat_purchase_rate": 0.653,
        "would_buy_again": 0.569,
        "would_recommend": 0.485,
        "referral_sales_share_low": 0.30,
        "referral_sales_share_high": 0.50,
    }


def test_seed003_unhappy_customer_tells_nine():
    assert UNHAPPY_CUSTOMER_TELLS == 9


# ---------------------------------------------------------------------------
# loyalty_profit (seed 001; Reichheld 1996)
# ---------------------------------------------------------------------------


def test_seed001_loyalty_profit_shape():
    table = loyalty_profit()
    assert list(table.index) == list(range(8))  # years 0..7
    assert table.index.name == "year"
    assert list(table.columns) == [
        "acquisition",
        "base_profit",
        "increased_purchases",
        "lower_operating_cost",
        "referrals",
        "price_premium",
        "total",
        "cumulative",
    ]


def test_loyalty_profit_defaults_by_hand():
    # Year 0: -80. Year t >= 1: 25 + (t - 1) * (10 + 4 + 5 + 3) = 25 + 22 (t - 1).
    table = loyalty_profit()
    assert table.loc[0].tolist() == [-80.0, 0, 0, 0, 0, 0, -80.0, -80.0]
    assert table["total"].tolist() == [-80, 25, 47, 69, 91, 113, 135, 157]
    # running total: -80, -55, -8, 61, ...: the customer pays back in year 3
    assert table["cumulative"].tolist()[:4] == [-80, -55, -8, 61]
    assert table.loc[3, "increased_purchases"] == 20.0
    assert table.loc[7, "referrals"] == 30.0


def test_loyalty_profit_without_loyalty_effects_is_flat():
    table = loyalty_profit(
        years=3,
        base_profit=50,
        acquisition_cost=0,
        purchase_growth=0,
        cost_saving=0,
        referral_profit=0,
        price_premium=0,
    )
    assert table["total"].tolist() == [0.0, 50.0, 50.0, 50.0]
    assert math.copysign(1.0, table.loc[0, "acquisition"]) == 1.0  # no "-0.0"


def test_loyalty_profit_total_is_sum_of_components():
    table = loyalty_profit(years=10, base_profit=30, purchase_growth=7.5)
    components = table.drop(columns=["total", "cumulative"])
    np.testing.assert_allclose(table["total"], components.sum(axis=1))
    np.testing.assert_allclose(table["cumulative"], table["total"].cumsum())


@pytest.mark.parametrize("years", [0, -3])
def test_loyalty_profit_rejects_years_below_one(years):
    with pytest.raises(ValueError, match="years must be an integer >= 1"):
        loyalty_profit(years=years)


def test_loyalty_profit_rejects_fractional_years():
    with pytest.raises(TypeError, match="years must be an integer"):
        loyalty_profit(years=7.5)


@pytest.mark.parametrize(
    "name",
    [
        "base_profit",
        "acquisition_cost",
        "purchase_growth",
        "cost_saving",
        "referral_profit",
        "price_premium",
    ],
)
def test_loyalty_profit_rejects_negative_amounts(name):
    with pytest.raises(ValueError, match=f"{name} must be a non-negative number"):
        loyalty_profit(**{name: -1.0})


def test_loyalty_profit_rejects_nan_amount():
    with pytest.raises(ValueError, match="base_profit must be finite"):
        loyalty_profit(base_profit=float("nan"))


@given(
    years=st.integers(1, 30),
    amounts=st.lists(st.floats(0, 1e4), min_size=6, max_size=6),
)
def test_loyalty_profit_never_falls_after_year_one(years, amounts):
    base, acquisition, purchases, cost, referrals, premium = amounts
    table = loyalty_profit(years, base, acquisition, purchases, cost, referrals, premium)
    assert table.loc[0, "total"] == pytest.approx(-acquisition)
    assert (table["total"].iloc[1:].diff().dropna() >= -1e-9).all()


# ---------------------------------------------------------------------------
# loyalty_drivers
# ---------------------------------------------------------------------------

# A classic textbook regression: x = 1..5, y = 2, 4, 5, 4, 5. By hand:
# Sxx = 10, Sxy = 6, Syy = 6 -> slope 0.6, intercept 4 - 0.6 * 3 = 2.2;
# residuals -0.8, 0.6, 1.0, -0.6, -0.2 -> SSE = 2.4, s^2 = 2.4 / 3 = 0.8;
# se(slope) = sqrt(0.8 / 10) = 0.28284; se(intercept) = sqrt(0.8 (1/5 + 9/10)) = 0.93808;
# R^2 = 1 - 2.4 / 6 = 0.6; r = 6 / sqrt(10 * 6) = 0.774597.
SIMPLE = pd.DataFrame({"satisfaction": [1, 2, 3, 4, 5], "loyalty": [2, 4, 5, 4, 5]})


def test_textbook_simple_regression_by_hand():
    table = loyalty_drivers(SIMPLE, "loyalty", ["satisfaction"])
    assert list(table.index) == ["const", "satisfaction"]
    assert list(table.columns) == ["coef", "std_err", "t", "p_value", "ci_low", "ci_high"]
    assert table.loc["satisfaction", "coef"] == pytest.approx(0.6)
    assert table.loc["const", "coef"] == pytest.approx(2.2)
    assert table.loc["satisfaction", "std_err"] == pytest.approx(math.sqrt(0.08))
    assert table.loc["const", "std_err"] == pytest.approx(math.sqrt(0.8 * 1.1))
    t = 0.6 / math.sqrt(0.08)
    assert table.loc["satisfaction", "t"] == pytest.approx(t)
    assert table.loc["satisfaction", "p_value"] == pytest.approx(2 * stats.t.sf(t, df=3))
    half_width = stats.t.ppf(0.975, df=3) * math.sqrt(0.08)
    assert table.loc["satisfaction", "ci_low"] == pytest.approx(0.6 - half_width)
    assert table.loc["satisfaction", "ci_high"] == pytest.approx(0.6 + half_width)
    assert table.attrs["r_squared"] == pytest.approx(0.6)
    assert table.attrs["n_obs"] == 5


def test_standardized_simple_regression_slope_is_pearson_r():
    table = loyalty_drivers(SIMPLE, "loyalty", "satisfaction", standardized=True)
    assert list(table.index) == ["satisfaction"]
    assert table.loc["satisfaction", "coef"] == pytest.approx(6 / math.sqrt(60))
    # standardizing changes neither the t statistic nor R^2
    assert table.loc["satisfaction", "t"] == pytest.approx(0.6 / math.sqrt(0.08))
    assert table.attrs["r_squared"] == pytest.approx(0.6)


def test_confidence_level_widens_the_interval():
    t90 = loyalty_drivers(SIMPLE, "loyalty", ["satisfaction"], confidence=0.90)
    half_width = stats.t.ppf(0.95, df=3) * math.sqrt(0.08)
    assert t90.loc["satisfaction", "ci_high"] == pytest.approx(0.6 + half_width)


def test_four_determinants_match_least_squares():
    rng = np.random.default_rng(4)
    n = 200
    drivers = ["perceived_value", "satisfaction", "switching_cost", "trust"]
    x = rng.uniform(1, 7, size=(n, 4))
    y = 0.5 + x @ np.array([0.3, 0.4, 0.1, 0.2]) + rng.normal(0, 0.5, n)
    df = pd.DataFrame(x, columns=drivers).assign(loyalty=y)
    table = loyalty_drivers(df, "loyalty", drivers)
    design = np.column_stack([np.ones(n), x])
    expected, *_ = np.linalg.lstsq(design, y, rcond=None)
    np.testing.assert_allclose(table["coef"].to_numpy(), expected)
    assert (table["ci_low"] < table["coef"]).all()
    assert (table["coef"] < table["ci_high"]).all()
    beta = loyalty_drivers(df, "loyalty", drivers, standardized=True)["coef"]
    np.testing.assert_allclose(
        beta.to_numpy(), expected[1:] * x.std(axis=0, ddof=1) / y.std(ddof=1)
    )


def test_loyalty_drivers_lists_missing_columns():
    with pytest.raises(ValueError, match="missing column.*'trust'"):
        loyalty_drivers(SIMPLE, "loyalty", ["satisfaction", "trust"])


def test_loyalty_drivers_rejects_missing_values():
    data = SIMPLE.astype(float)
    data.loc[2, "satisfaction"] = np.nan
    with pytest.raises(ValueError, match=r"missing values in 'satisfaction' \(1\).*dropna"):
        loyalty_drivers(data, "loyalty", ["satisfaction"])


def test_loyalty_drivers_rejects_bad_driver_lists():
    with pytest.raises(ValueError, match="at least one column"):
        loyalty_drivers(SIMPLE, "loyalty", [])
    with pytest.raises(ValueError, match="'satisfaction' more than once"):
        loyalty_drivers(SIMPLE, "loyalty", ["satisfaction", "satisfaction"])
    with pytest.raises(ValueError, match="target 'loyalty' cannot also be one of the drivers"):
        loyalty_drivers(SIMPLE, "loyalty", ["satisfaction", "loyalty"])


def test_loyalty_drivers_needs_more_rows_than_coefficients():
    with pytest.raises(ValueError, match="2 row.*2 coefficients"):
        loyalty_drivers(SIMPLE.head(2), "loyalty", ["satisfaction"])


def test_loyalty_drivers_rejects_constant_column_when_standardizing():
    data = SIMPLE.assign(trust=4.0)
    with pytest.raises(ValueError, match="'trust' are constant"):
        loyalty_drivers(data, "loyalty", ["satisfaction", "trust"], standardized=True)


def test_loyalty_drivers_rejects_collinear_drivers():
    data = SIMPLE.assign(double=2 * SIMPLE["satisfaction"], other=[1, 0, 1, 0, 1])
    with pytest.raises(ValueError, match="perfectly collinear"):
        loyalty_drivers(data, "loyalty", ["satisfaction", "double"])


def test_loyalty_drivers_rejects_bad_types():
    with pytest.raises(TypeError, match="df must be a pandas DataFrame"):
        loyalty_drivers(SIMPLE.to_numpy(), "loyalty", ["satisfaction"])
    with pytest.raises(TypeError, match=r"df\['segment'\] must hold numbers"):
        loyalty_drivers(SIMPLE.assign(segment=list("abcde")), "loyalty", ["segment"])
    with pytest.raises(TypeError, match="standardized must be True or False"):
        loyalty_drivers(SIMPLE, "loyalty", ["satisfaction"], standardized="yes")


def test_loyalty_drivers_rejects_percentage_confidence():
    with pytest.raises(ValueError, match="Use 0.95"):
        loyalty_drivers(SIMPLE, "loyalty", ["satisfaction"], confidence=95)
