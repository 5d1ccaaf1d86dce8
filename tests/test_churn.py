"""Tests of crmlab.churn: churn rate, win-back policy, cohorts, Kaplan-Meier."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.duration.survfunc import SurvfuncRight

from crmlab import churn as c
from crmlab import i18n


def _log(rows):
    df = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    df["date"] = pd.to_datetime(df["date"])
    return df


# ---------------------------------------------------------------------------
# constants from the seeds
# ---------------------------------------------------------------------------


class TestConstants:
    def test_seed003_complaint_stats(self):
        assert dict(c.COMPLAINT_STATS) == {
            "leave_after_poor_service": 0.94,
            "leave_after_unsolved_problem": 0.89,
            "unhappy_who_complain": 0.67,
            "won_back_by_good_complaint_handling": 0.75,
            "kept_by_fast_caring_handling": 0.95,
        }
        assert c.UNHAPPY_CUSTOMER_TELLS == 9

    def test_seed003_china_mobile_causes(self):
        assert c.CHINA_MOBILE_CHURN_CAUSES["arrogance of a big firm"] == "店大欺客"
        assert len(c.CHINA_MOBILE_CHURN_CAUSES) == 5

    def test_seed000_churn_types(self):
        assert list(c.CHURN_TYPES["active"]) == ["natural", "competitive", "fault"]
        assert list(c.CHURN_TYPES["passive"]) == ["non-malicious", "retaliatory", "malicious"]

    def test_seed000_checklists(self):
        assert len(c.CHURN_MANAGEMENT_PRINCIPLES) == 8
        assert len(c.CHURN_MANAGEMENT_ELEMENTS) == 9

    def test_constants_are_read_only(self):
        with pytest.raises(TypeError):
            c.COMPLAINT_STATS["unhappy_who_complain"] = 0.5


# ---------------------------------------------------------------------------
# churn rate
# ---------------------------------------------------------------------------


class TestChurnRate:
    def test_seed000_formula_by_hand(self):
        # seed 000: churned / customers; 150 of 1,000 is 15%
        assert c.churn_rate(150, 1000) == 0.15

    def test_bounds(self):
        assert c.churn_rate(0, 10) == 0.0
        assert c.churn_rate(10, 10) == 1.0

    def test_vectorized_series(self):
        out = c.churn_rate(pd.Series([1, 3], index=["N", "S"]), pd.Series([12, 10], ["S", "N"]))
        assert out.to_dict() == {"N": 0.1, "S": 0.25}

    def test_series_with_other_labels_refused(self):
        with pytest.raises(ValueError, match=r"Labels missing from customers: \['N', 'S'\]"):
            c.churn_rate(pd.Series([1, 3], index=["N", "S"]), pd.Series([10, 12]))

    def test_churned_above_customers(self):
        with pytest.raises(ValueError, match="churned cannot exceed customers: got churned=12"):
            c.churn_rate(12, 10)

    def test_zero_customers(self):
        with pytest.raises(ValueError, match="customers must be a positive count"):
            c.churn_rate(0, 0)

    def test_negative_counts(self):
        with pytest.raises(ValueError, match="churned must be a non-negative count"):
            c.churn_rate(-1, 10)

    def test_fractional_counts(self):
        # a churn rate passed where a count is expected
        with pytest.raises(ValueError, match="churned must be a whole number, got 0.15"):
            c.churn_rate(0.15, 100)

    def test_nan(self):
        with pytest.raises(ValueError, match="customers must be finite"):
            c.churn_rate(1, np.nan)

    def test_mismatched_lengths(self):
        with pytest.raises(ValueError, match="churned has 2 values, customers has 3 values"):
            c.churn_rate([1, 2], [10, 10, 10])


class TestChurnRateBy:
    DF = pd.DataFrame(
        {
            "plan": ["A", "A", "B", "B", "B", None],
            "region": ["N", "S", "N", "N", "S", "S"],
            "churned": [True, False, True, True, False, False],
        }
    )

    def test_by_one_column(self):
        out = c.churn_rate_by(self.DF, "plan")
        assert list(out.columns) == ["customers", "churned", "churn_rate"]
        assert out.loc["A"].tolist() == [2, 1, 0.5]
        assert out.loc["B", "churn_rate"] == pytest.approx(2 / 3)
        # the row with no plan is a group of its own, so counts add up
        assert out["customers"].sum() == len(self.DF)

    def test_by_two_columns(self):
        out = c.churn_rate_by(self.DF, ["plan", "region"])
        assert out.loc[("B", "N"), "churn_rate"] == 1.0

    def test_zero_one_flags(self):
        df = self.DF.assign(churned=self.DF["churned"].astype(int))
        pd.testing.assert_frame_equal(
            c.churn_rate_by(df, "region"), c.churn_rate_by(self.DF, "region")
        )

    def test_other_flag_column(self):
        df = self.DF.rename(columns={"churned": "left"})
        assert c.churn_rate_by(df, "region", churned="left").loc["N", "churned"] == 3

    def test_missing_column(self):
        with pytest.raises(ValueError, match="df is missing column.*'tier'"):
            c.churn_rate_by(self.DF, "tier")

    def test_no_by_columns(self):
        with pytest.raises(ValueError, match="by must name at least one column"):
            c.churn_rate_by(self.DF, [])

    def test_missing_flags(self):
        df = self.DF.assign(churned=[True, None, True, True, False, False])
        with pytest.raises(ValueError, match="missing value"):
            c.churn_rate_by(df, "region")

    def test_text_flags(self):
        df = self.DF.assign(churned=["yes", "no", "yes", "yes", "no", "no"])
        with pytest.raises(TypeError, match="churned'\\] must be True/False"):
            c.churn_rate_by(df, "region")

    def test_not_a_dataframe(self):
        with pytest.raises(TypeError, match="df must be a pandas DataFrame"):
            c.churn_rate_by({"churned": [True]}, "plan")


class TestWinbackPolicy:
    def test_seed000_policy_by_tier(self):
        assert c.winback_policy("key") == "strive to win back"
        assert c.winback_policy("ordinary") == "try to win back"
        assert c.winback_policy("small") == "win back when convenient"
        assert c.winback_policy("unworthy") == "let go"

    def test_seed000_chinese_words(self):
        assert [c.winback_policy(t, language="zh") for t in c.TIERS] == [
            "极力挽回",
            "尽力挽回",
            "见机行事",
            "彻底放弃",
        ]

    def test_vectorized_series_keeps_index(self):
        out = c.winback_policy(pd.Series(["small", "key"], index=[10, 20]))
        assert out.to_dict() == {10: "win back when convenient", 20: "strive to win back"}

    def test_list_gives_array(self):
        out = c.winback_policy(["unworthy", "key", "unworthy"])
        assert out.tolist() == ["let go", "strive to win back", "let go"]

    def test_unknown_tier(self):
        with pytest.raises(ValueError, match="tier must be one of 'key', 'ordinary'"):
            c.winback_policy("vip")
        with pytest.raises(ValueError, match="unknown label.*'Key'"):
            c.winback_policy(["Key"])

    def test_missing_tier(self):
        with pytest.raises(ValueError, match="tier has 1 missing"):
            c.winback_policy(pd.Series(["key", None]))

    def test_unknown_language(self):
        with pytest.raises(ValueError, match="language must be one of 'en', 'zh'"):
            c.winback_policy("key", language="fr")

    def test_default_language_is_the_course_language(self, monkeypatch):
        monkeypatch.setattr(i18n, "_chosen", "zh")
        assert c.winback_policy("key") == "极力挽回"
        assert c.winback_policy("key", language="en") == "strive to win back"


# ---------------------------------------------------------------------------
# cohort table
# ---------------------------------------------------------------------------


class TestCohortTable:
    LOG = _log(
        [
            (1, "2024-01-05", 10.0),  # cohort 2024-01, active in months 0 and 2
            (1, "2024-03-02", 20.0),
            (2, "2024-01-20", 30.0),  # cohort 2024-01, active in months 0 and 1
            (2, "2024-02-11", 40.0),
            (2, "2024-02-25", 40.0),  # a second purchase in the same month counts once
            (3, "2024-02-03", 50.0),  # cohort 2024-02, never back
        ]
    )

    def test_by_hand(self):
        table = c.cohort_table(self.LOG)
        assert [str(p) for p in table.index] == ["2024-01", "2024-02"]
        assert list(table.columns) == [0, 1, 2]
        assert table.index.name == "cohort"
        assert table.columns.name == "periods_since_acquisition"
        np.testing.assert_array_equal(table.loc["2024-01"], [1.0, 0.5, 0.5])
        assert table.loc["2024-02", 1] == 0.0  # observed month, nobody came back

    def test_only_future_cells_are_nan(self):
        table = c.cohort_table(self.LOG)
        # 2024-02 + 2 months = 2024-04, after the last purchase (2024-03): not observed
        assert np.isnan(table.loc["2024-02", 2])
        assert table.isna().sum().sum() == 1

    def test_counts(self):
        table = c.cohort_table(self.LOG, normalize=False)
        np.testing.assert_array_equal(table.loc["2024-01"], [2.0, 1.0, 1.0])

    def test_months_without_new_customers_have_no_row(self):
        log = _log([(1, "2024-01-05", 1.0), (1, "2024-02-05", 1.0), (2, "2024-03-05", 1.0)])
        table = c.cohort_table(log)
        assert [str(p) for p in table.index] == ["2024-01", "2024-03"]
        np.testing.assert_array_equal(table.loc["2024-01"], [1.0, 1.0, 0.0])

    def test_quarters(self):
        table = c.cohort_table(self.LOG, period="Q")
        assert table.shape == (1, 1)
        assert table.iloc[0, 0] == 1.0

    def test_empty_log(self):
        with pytest.raises(ValueError, match="transactions is empty"):
            c.cohort_table(self.LOG.iloc[:0])

    def test_unknown_period(self):
        with pytest.raises(ValueError, match="period must be one of"):
            c.cohort_table(self.LOG, period="ME")

    def test_normalize_must_be_bool(self):
        with pytest.raises(TypeError, match="normalize must be True or False"):
            c.cohort_table(self.LOG, normalize="yes")

    def test_missing_column(self):
        with pytest.raises(ValueError, match="missing column.*'customer_id'"):
            c.cohort_table(self.LOG.drop(columns="customer_id"))

    def test_missing_dates(self):
        log = self.LOG.assign(date=self.LOG["date"].where(self.LOG.index != 0))
        with pytest.raises(ValueError, match="1 missing date"):
            c.cohort_table(log)

    @given(
        st.lists(
            st.tuples(st.integers(1, 8), st.integers(0, 700)),
            min_size=1,
            max_size=60,
        )
    )
    def test_property_column_zero_is_one_and_shares_in_range(self, purchases):
        log = pd.DataFrame(
            {
                "customer_id": [p[0] for p in purchases],
                "date": pd.Timestamp("2023-01-01")
                + pd.to_timedelta([p[1] for p in purchases], unit="D"),
                "amount": 1.0,
            }
        )
        table = c.cohort_table(log)
        assert (table[0] == 1.0).all()
        values = table.to_numpy()
        observed = values[~np.isnan(values)]
        assert ((observed >= 0) & (observed <= 1)).all()
        # NaN exactly where cohort + k is after the last period of the data
        last = log["date"].max().to_period("M")
        for cohort, row in table.iterrows():
            for k, cell in row.items():
                assert np.isnan(cell) == (cohort + k > last)


# ---------------------------------------------------------------------------
# Kaplan-Meier
# ---------------------------------------------------------------------------

# Freireich et al. (1963) 6-MP leukemia remission times in weeks, as tabulated
# in Kleinbaum, D. G. & Klein, M. (2012), Survival Analysis: A Self-Learning
# Text, 3rd ed., Springer, chapter 2 ("+" = censored).
MP6_TIMES = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
MP6_EVENT = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
PLACEBO_TIMES = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]


class TestSurvivalCurve:
    def test_freireich_6mp_kaplan_meier_kleinbaum_klein(self):
        # Kleinbaum & Klein (2012), ch. 2, KM estimates for the 6-MP group
        published = {
            6: 0.8571,
            7: 0.8067,
            10: 0.7529,
            13: 0.6902,
            16: 0.6275,
            22: 0.5378,
            23: 0.4482,
        }
        curve = c.survival_curve(MP6_TIMES, MP6_EVENT)
        for t, expected in published.items():
            assert curve.loc[t] == pytest.approx(expected, abs=5e-5)

    def test_freireich_6mp_median_is_23_weeks(self):
        # Kleinbaum & Klein (2012): median remission 23 weeks (6-MP), 8 weeks (placebo)
        assert c.median_survival_time(c.survival_curve(MP6_TIMES, MP6_EVENT)) == 23.0
        assert c.median_survival_time(c.survival_curve(PLACEBO_TIMES)) == 8.0

    def test_matches_statsmodels_at_event_times(self):
        sf = SurvfuncRight(np.array(MP6_TIMES, float), np.array(MP6_EVENT, float))
        curve = c.survival_curve(MP6_TIMES, MP6_EVENT)
        np.testing.assert_allclose(curve.loc[sf.surv_times].to_numpy(), sf.surv_prob)

    def test_starts_at_one_at_time_zero_and_is_a_step_function(self):
        curve = c.survival_curve(MP6_TIMES, MP6_EVENT)
        assert curve.index[0] == 0.0
        assert curve.iloc[0] == 1.0
        # censored times appear with the value carried forward
        assert curve.loc[9] == curve.loc[7]
        assert curve.index[-1] == 35.0
        assert curve.name == "survival"
        assert curve.index.name == "time"

    def test_no_censoring_is_the_empirical_survival(self):
        curve = c.survival_curve(PLACEBO_TIMES)
        assert curve.loc[8] == pytest.approx(8 / 21)
        assert curve.iloc[-1] == 0.0

    def test_events_at_time_zero(self):
        curve = c.survival_curve([0, 1, 2, 3])
        assert curve.loc[0] == 0.75

    def test_median_not_reached_is_inf(self):
        curve = c.survival_curve([5, 6, 7], [True, False, False])
        assert c.median_survival_time(curve) == float("inf")

    def test_negative_duration(self):
        with pytest.raises(ValueError, match="durations must be a non-negative"):
            c.survival_curve([-1, 2])

    def test_nan_duration(self):
        with pytest.raises(ValueError, match="durations must be finite"):
            c.survival_curve([np.nan, 2])

    def test_empty(self):
        with pytest.raises(ValueError, match="non-empty 1-D"):
            c.survival_curve([])

    def test_mismatched_lengths(self):
        with pytest.raises(ValueError, match="durations has 3 values, observed has 2 values"):
            c.survival_curve([1, 2, 3], [True, False])

    def test_bad_flags(self):
        with pytest.raises(ValueError, match="observed must be True/False .* got 2"):
            c.survival_curve([1, 2], [1, 2])
        with pytest.raises(TypeError, match="observed must be True/False"):
            c.survival_curve([1, 2], ["churned", "active"])

    def test_scalar_flag(self):
        with pytest.raises(ValueError, match="observed must be a 1-D"):
            c.survival_curve([1, 2], True)

    @given(
        st.lists(
            st.tuples(st.integers(0, 50), st.booleans()),
            min_size=1,
            max_size=40,
        )
    )
    def test_property_non_increasing_in_unit_interval(self, data):
        curve = c.survival_curve([d for d, _ in data], [e for _, e in data])
        values = curve.to_numpy()
        assert ((values >= 0) & (values <= 1)).all()
        assert (np.diff(values) <= 1e-15).all()
        assert (np.diff(curve.index) > 0).all()


class TestMedianSurvivalTime:
    def test_not_a_series(self):
        with pytest.raises(TypeError, match="survival must be a Series"):
            c.median_survival_time([1.0, 0.4])

    def test_empty(self):
        with pytest.raises(ValueError, match="survival is empty"):
            c.median_survival_time(pd.Series([], dtype=float))

    def test_out_of_range(self):
        with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]"):
            c.median_survival_time(pd.Series([100.0, 50.0]))

    def test_rising_curve(self):
        with pytest.raises(ValueError, match="must not increase"):
            c.median_survival_time(pd.Series([0.4, 0.9]))

    def test_unsorted_times(self):
        with pytest.raises(ValueError, match="increasing times"):
            c.median_survival_time(pd.Series([1.0, 0.4], index=[5, 2]))

    def test_exactly_one_half(self):
        # S = 0.5 counts as reached (the first t with S(t) <= 0.5)
        assert c.median_survival_time(pd.Series([1.0, 0.5, 0.2], index=[0, 3, 7])) == 3.0
