"""Tests of crmlab.states: classification, the customer-flow chain, MAN."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from crmlab import states as s


def _log(rows):
    df = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    df["date"] = pd.to_datetime(df["date"])
    return df


# One customer per rule, as of 2024-12-31 (Q4 2024; the last 4 quarters are 2024Q1..Q4).
LOG = _log(
    [
        (1, "2024-11-02", 10.0),  # one purchase: first-time
        (2, "2024-02-01", 20.0),  # two purchases, quarters Q1 and Q4 only: repeat
        (2, "2024-12-01", 30.0),
        (3, "2024-01-15", 40.0),  # a purchase in each of Q1..Q4: loyal
        (3, "2024-04-20", 50.0),
        (3, "2024-08-03", 60.0),
        (3, "2024-11-30", 70.0),
        (4, "2022-05-01", 80.0),  # last purchase > 365 days ago: churned
        (4, "2022-06-01", 80.0),
        (6, "2025-01-15", 99.0),  # after as_of only: not a customer yet
    ]
)


class TestConstants:
    def test_states_are_the_course_labels_in_order(self):
        assert s.STATES == (
            "potential",
            "target",
            "first-time",
            "repeat",
            "loyal",
            "churned",
            "non-customer",
        )
        assert list(s.STATE_NAMES_ZH) == list(s.STATES)

    def test_seed003_sales_success_rates(self):
        # seed 003: 6% to potential/target, 15% to first-time, 50% to repeat/loyal
        assert dict(s.SALES_SUCCESS_RATES) == {
            "potential": 0.06,
            "target": 0.06,
            "first-time": 0.15,
            "repeat": 0.50,
            "loyal": 0.50,
        }

    def test_customer_flow_is_stochastic_over_all_states(self):
        assert list(s.CUSTOMER_FLOW.index) == list(s.STATES)
        assert list(s.CUSTOMER_FLOW.columns) == list(s.STATES)
        np.testing.assert_allclose(s.CUSTOMER_FLOW.sum(axis=1), 1.0)

    def test_customer_flow_follows_the_seed003_arrows(self):
        flow = s.CUSTOMER_FLOW
        # develop: potential/target -> first-time at the seed's 6% success rate
        assert flow.loc["potential", "first-time"] == s.SALES_SUCCESS_RATES["potential"]
        assert flow.loc["first-time", "repeat"] == s.SALES_SUCCESS_RATES["first-time"]
        # each actual state can churn; churned can be won back or lost forever
        for state in ("first-time", "repeat", "loyal"):
            assert flow.loc[state, "churned"] > 0
        assert flow.loc["churned", "repeat"] > 0
        assert flow.loc["churned", "non-customer"] > 0
        # no one jumps from never-bought straight to loyal
        assert flow.loc["potential", "loyal"] == 0

    def test_life_cycles(self):
        assert len(s.RELATIONSHIP_PHASES) == 5
        assert len(s.CUSTOMER_LIFE_CYCLE) == 7


class TestClassifyStates:
    def test_one_customer_per_rule(self):
        out = s.classify_states(LOG, "2024-12-31", customers=[1, 2, 3, 4, 5])
        assert out.to_dict() == {
            1: "first-time",
            2: "repeat",
            3: "loyal",
            4: "churned",
            5: "potential",
        }
        assert out.name == "state"
        assert out.index.name == "customer_id"

    def test_later_purchases_are_ignored(self):
        out = s.classify_states(LOG, "2024-12-31")
        assert 6 not in out.index
        assert 5 not in out.index  # not registered, no purchases

    def test_churn_boundary_is_more_than_churn_after_days(self):
        log = _log([(1, "2024-01-01", 1.0), (2, "2023-12-31", 1.0)])
        # 2024-01-01 -> 2024-12-31 is 365 days: still active; 366 days: churned
        out = s.classify_states(log, "2024-12-31", churn_after_days=365)
        assert out.to_dict() == {1: "first-time", 2: "churned"}

    def test_purchase_on_as_of_counts(self):
        log = _log([(1, "2024-06-30 18:00", 1.0)])
        assert s.classify_states(log, "2024-06-30").loc[1] == "first-time"

    def test_loyal_needs_consecutive_periods_up_to_as_of(self):
        # purchases in 2024Q1..Q3 but none in Q4 (the quarter of as_of): repeat, not loyal
        log = _log([(1, "2024-01-10", 1.0), (1, "2024-04-10", 1.0), (1, "2024-07-10", 1.0)])
        assert s.classify_states(log, "2024-12-31", loyal_periods=3).loc[1] == "repeat"
        assert s.classify_states(log, "2024-09-30", loyal_periods=3).loc[1] == "loyal"

    def test_monthly_periods(self):
        log = _log([(1, "2024-10-05", 1.0), (1, "2024-11-05", 1.0), (1, "2024-12-05", 1.0)])
        assert s.classify_states(log, "2024-12-31", loyal_periods=3, period="M").loc[1] == "loyal"
        assert s.classify_states(log, "2024-12-31", loyal_periods=4, period="M").loc[1] == "repeat"

    def test_one_purchase_is_never_loyal(self):
        log = _log([(1, "2024-12-05", 1.0)])
        assert s.classify_states(log, "2024-12-31", loyal_periods=1).loc[1] == "first-time"

    def test_won_back_customer_is_repeat(self):
        log = _log([(1, "2021-01-01", 1.0), (1, "2024-12-01", 1.0)])
        assert s.classify_states(log, "2024-12-31").loc[1] == "repeat"

    def test_customers_dataframe_with_signup_dates(self):
        customers = pd.DataFrame(
            {
                "customer_id": [1, 5, 7],
                "signup_date": pd.to_datetime(["2024-01-01", "2024-06-01", "2025-03-01"]),
            }
        )
        out = s.classify_states(LOG, "2024-12-31", customers=customers)
        assert out.loc[5] == "potential"
        assert 7 not in out.index  # signs up after as_of

    def test_customers_as_index_and_series(self):
        for customers in (pd.Index([5, 9]), pd.Series([9, 5, 5]), np.array([5, 9])):
            out = s.classify_states(LOG, "2024-12-31", customers=customers)
            assert out.loc[[5, 9]].tolist() == ["potential", "potential"]

    def test_only_registered_customers(self):
        empty = LOG.iloc[:0]
        out = s.classify_states(empty, "2024-12-31", customers=[3, 1])
        assert out.to_dict() == {1: "potential", 3: "potential"}

    def test_nobody_to_classify(self):
        with pytest.raises(ValueError, match="Nobody to classify"):
            s.classify_states(LOG, "2020-01-01")

    def test_missing_column(self):
        with pytest.raises(ValueError, match="missing column.*'date'"):
            s.classify_states(LOG.drop(columns="date"), "2024-12-31")

    def test_not_a_dataframe(self):
        with pytest.raises(TypeError, match="transactions must be a pandas DataFrame"):
            s.classify_states([1, 2], "2024-12-31")

    def test_unknown_period(self):
        with pytest.raises(ValueError, match="period must be one of 'W', 'M', 'Q', 'Y'"):
            s.classify_states(LOG, "2024-12-31", period="QE")

    def test_bad_parameters(self):
        with pytest.raises(ValueError, match="loyal_periods must be an integer >= 1"):
            s.classify_states(LOG, "2024-12-31", loyal_periods=0)
        with pytest.raises(ValueError, match="churn_after_days must be an integer >= 0"):
            s.classify_states(LOG, "2024-12-31", churn_after_days=-1)
        with pytest.raises(TypeError, match="churn_after_days must be an integer"):
            s.classify_states(LOG, "2024-12-31", churn_after_days=365.0)

    def test_bad_as_of(self):
        with pytest.raises(ValueError, match="as_of must be a date"):
            s.classify_states(LOG, "yesterday-ish")

    def test_customers_wrong_type(self):
        with pytest.raises(TypeError, match="customers must be a list"):
            s.classify_states(LOG, "2024-12-31", customers="1,2,3")

    def test_customers_table_without_ids(self):
        with pytest.raises(ValueError, match="customers is missing column.*'customer_id'"):
            s.classify_states(LOG, "2024-12-31", customers=pd.DataFrame({"id": [1]}))

    def test_customers_with_missing_ids(self):
        with pytest.raises(ValueError, match="customers has 1 missing customer id"):
            s.classify_states(LOG, "2024-12-31", customers=[1.0, np.nan])

    def test_labels_always_from_states(self):
        out = s.classify_states(LOG, "2024-12-31", customers=range(1, 10))
        assert set(out) <= set(s.STATES)


class TestCountStates:
    def test_counts_in_states_order_with_zeros(self):
        counts = s.count_states(pd.Series(["loyal", "repeat", "loyal"]))
        assert list(counts.index) == list(s.STATES)
        assert counts["loyal"] == 2
        assert counts["target"] == 0
        assert counts.sum() == 3

    def test_single_label(self):
        assert s.count_states("churned")["churned"] == 1

    def test_unknown_label(self):
        with pytest.raises(ValueError, match="unknown label.*'vip'"):
            s.count_states(["vip"])


class TestTransitionMatrix:
    BEFORE = pd.Series(["first-time", "first-time", "repeat", "repeat"], index=[1, 2, 3, 4])
    AFTER = pd.Series(["repeat", "churned", "loyal", "repeat"], index=[1, 2, 3, 4])

    def test_by_hand(self):
        m = s.transition_matrix(self.BEFORE, self.AFTER)
        assert list(m.index) == ["first-time", "repeat"]
        assert list(m.columns) == ["first-time", "repeat", "loyal", "churned"]
        assert m.loc["first-time", "repeat"] == 0.5
        assert m.loc["first-time", "churned"] == 0.5
        assert m.loc["repeat", "loyal"] == 0.5
        np.testing.assert_allclose(m.sum(axis=1), 1.0)
        assert m.index.name == "from"
        assert m.columns.name == "to"

    def test_aligns_on_customer_id(self):
        shuffled = self.AFTER.iloc[::-1]
        pd.testing.assert_frame_equal(
            s.transition_matrix(self.BEFORE, shuffled),
            s.transition_matrix(self.BEFORE, self.AFTER),
        )

    def test_customers_in_only_one_series_are_left_out(self):
        after = pd.concat([self.AFTER, pd.Series(["loyal"], index=[99])])
        pd.testing.assert_frame_equal(
            s.transition_matrix(self.BEFORE, after),
            s.transition_matrix(self.BEFORE, self.AFTER),
        )

    def test_lists_pair_by_position(self):
        m = s.transition_matrix(["potential", "repeat"], ["first-time", "repeat"])
        assert m.loc["potential", "first-time"] == 1.0
        assert m.loc["repeat", "repeat"] == 1.0

    def test_square_when_every_state_occurs_on_both_sides(self):
        before = s.classify_states(LOG, "2024-06-30", customers=[1, 2, 3, 4, 5])
        after = s.classify_states(LOG, "2024-12-31", customers=[1, 2, 3, 4, 5])
        m = s.transition_matrix(before, after)
        assert m.loc["potential", "first-time"] == 0.5  # customers 1 and 5

    def test_unknown_label(self):
        with pytest.raises(ValueError, match="after has unknown label.*'gone'"):
            s.transition_matrix(self.BEFORE, self.AFTER.replace("churned", "gone"))

    def test_missing_label(self):
        with pytest.raises(ValueError, match="before has 2 missing value"):
            s.transition_matrix(self.BEFORE.replace("repeat", None), self.AFTER)

    def test_duplicated_customer(self):
        dup = pd.Series(["repeat", "loyal"], index=[1, 1])
        with pytest.raises(ValueError, match="before lists customer 1 more than once"):
            s.transition_matrix(dup, self.AFTER)

    def test_no_common_customers(self):
        other = pd.Series(["loyal"], index=[42])
        with pytest.raises(ValueError, match="no customer .* in common"):
            s.transition_matrix(self.BEFORE, other)

    def test_mismatched_list_lengths(self):
        with pytest.raises(ValueError, match="before has 2, after has 1"):
            s.transition_matrix(["repeat", "loyal"], ["loyal"])

    def test_empty_lists(self):
        with pytest.raises(ValueError, match="empty"):
            s.transition_matrix([], [])

    def test_series_mixed_with_list(self):
        with pytest.raises(TypeError, match="both as Series"):
            s.transition_matrix(self.BEFORE, list(self.AFTER))

    def test_scalar_is_a_type_error(self):
        with pytest.raises(TypeError, match="before must be a Series"):
            s.transition_matrix("repeat", ["repeat"])


# ---------------------------------------------------------------------------
# simulate_flow and steady_state
# ---------------------------------------------------------------------------

TWO = pd.DataFrame(
    [[0.9, 0.1], [0.5, 0.5]], index=["active", "churned"], columns=["active", "churned"]
)


@st.composite
def stochastic_matrices(draw, positive=False):
    k = draw(st.integers(1, 6))
    low = 0.01 if positive else 0.0
    raw = draw(hnp.arrays(float, (k, k), elements=st.floats(low, 1.0)))
    rows = raw.sum(axis=1)
    raw[rows == 0, 0] = 1.0
    return raw / raw.sum(axis=1, keepdims=True)


class TestSimulateFlow:
    def test_by_hand(self):
        flow = s.simulate_flow({"active": 100}, TWO, 2)
        assert list(flow.index) == [0, 1, 2]
        assert flow.index.name == "period"
        np.testing.assert_allclose(flow.loc[1], [90.0, 10.0])
        # period 2: 90 x 0.9 + 10 x 0.5 = 86 active
        np.testing.assert_allclose(flow.loc[2], [86.0, 14.0])

    def test_row_zero_is_the_start(self):
        flow = s.simulate_flow(pd.Series({"churned": 3.0, "active": 7.0}), TWO, 0)
        assert flow.loc[0].to_dict() == {"active": 7.0, "churned": 3.0}

    def test_array_input(self):
        flow = s.simulate_flow([10, 0], np.array([[0.5, 0.5], [0.0, 1.0]]), 1)
        assert flow.loc[1].tolist() == [5.0, 5.0]

    def test_columns_reordered_to_rows(self):
        swapped = TWO[["churned", "active"]]
        pd.testing.assert_frame_equal(
            s.simulate_flow({"active": 1}, swapped, 3), s.simulate_flow({"active": 1}, TWO, 3)
        )

    def test_approaches_the_steady_state(self):
        flow = s.simulate_flow({"potential": 1.0}, s.CUSTOMER_FLOW, 400)
        np.testing.assert_allclose(flow.iloc[-1], s.steady_state(s.CUSTOMER_FLOW), atol=1e-9)

    def test_unknown_state_in_counts(self):
        with pytest.raises(ValueError, match="initial_counts has state.*'vip'"):
            s.simulate_flow({"vip": 1}, TWO, 1)

    def test_wrong_number_of_counts(self):
        with pytest.raises(ValueError, match="one count per state"):
            s.simulate_flow([1, 2, 3], TWO, 1)

    def test_negative_counts(self):
        with pytest.raises(ValueError, match="initial_counts must be a non-negative"):
            s.simulate_flow({"active": -5}, TWO, 1)

    def test_nan_counts(self):
        with pytest.raises(ValueError, match="initial_counts must be finite"):
            s.simulate_flow([np.nan, 1], TWO, 1)

    def test_negative_periods(self):
        with pytest.raises(ValueError, match="periods must be an integer >= 0"):
            s.simulate_flow({"active": 1}, TWO, -1)

    def test_rows_not_summing_to_one(self):
        bad = TWO.copy()
        bad.loc["active", "churned"] = 0.2
        with pytest.raises(ValueError, match="row 'active' sums to 1.1"):
            s.simulate_flow({"active": 1}, bad, 1)

    def test_percent_entries(self):
        with pytest.raises(ValueError, match=r"probabilities in \[0, 1\], got 90.*percentages"):
            s.simulate_flow({"active": 1}, TWO * 100, 1)

    def test_negative_entries(self):
        with pytest.raises(ValueError, match=r"got -0\.5\.$"):
            s.simulate_flow([1, 1], [[-0.5, 1.5], [0.5, 0.5]], 1)

    def test_non_square(self):
        with pytest.raises(ValueError, match="must be a square matrix"):
            s.simulate_flow([1, 1], [[0.5, 0.5]], 1)

    def test_dataframe_with_missing_row(self):
        m = pd.DataFrame([[0.5, 0.5]], index=["repeat"], columns=["repeat", "churned"])
        with pytest.raises(ValueError, match="columns without a row: 'churned'"):
            s.simulate_flow({"repeat": 1}, m, 1)

    def test_dataframe_with_missing_column(self):
        m = pd.DataFrame([[1.0], [1.0]], index=["repeat", "churned"], columns=["repeat"])
        with pytest.raises(ValueError, match="rows without a column: 'churned'"):
            s.simulate_flow({"repeat": 1}, m, 1)

    def test_duplicated_labels(self):
        m = pd.DataFrame(np.eye(2), index=["a", "a"], columns=["a", "b"])
        with pytest.raises(ValueError, match="duplicated state labels"):
            s.simulate_flow([1, 1], m, 1)

    def test_nan_in_matrix(self):
        with pytest.raises(ValueError, match="transitions must be finite"):
            s.simulate_flow([1, 1], [[np.nan, 1], [0, 1]], 1)

    def test_empty_matrix(self):
        with pytest.raises(ValueError, match="transitions is empty"):
            s.simulate_flow([], np.zeros((0, 0)), 1)

    @given(stochastic_matrices(), st.integers(0, 20), st.data())
    def test_property_preserves_the_total(self, matrix, periods, data):
        k = matrix.shape[0]
        counts = data.draw(hnp.arrays(float, k, elements=st.floats(0, 1e6)))
        flow = s.simulate_flow(counts, matrix, periods)
        np.testing.assert_allclose(flow.sum(axis=1), counts.sum(), rtol=1e-9, atol=1e-6)
        assert (flow.to_numpy() >= 0).all()


class TestSteadyState:
    def test_two_state_by_hand(self):
        # pi = (0.5 / 0.6, 0.1 / 0.6) solves pi P = pi
        pi = s.steady_state(TWO)
        np.testing.assert_allclose(pi, [5 / 6, 1 / 6])
        assert list(pi.index) == ["active", "churned"]

    def test_customer_flow_has_a_steady_state(self):
        pi = s.steady_state(s.CUSTOMER_FLOW)
        assert list(pi.index) == list(s.STATES)
        np.testing.assert_allclose(pi @ s.CUSTOMER_FLOW.to_numpy(), pi, atol=1e-12)

    def test_single_absorbing_state_takes_everything(self):
        m = [[0.5, 0.5], [0.0, 1.0]]
        np.testing.assert_allclose(s.steady_state(m), [0.0, 1.0], atol=1e-12)

    def test_two_absorbing_states_are_rejected(self):
        with pytest.raises(ValueError, match="more than one stationary distribution"):
            s.steady_state(np.eye(2))

    def test_non_stochastic_is_rejected(self):
        with pytest.raises(ValueError, match="must sum to 1"):
            s.steady_state([[0.5, 0.4], [0.5, 0.5]])

    def test_array_input_gets_position_labels(self):
        assert list(s.steady_state([[0.0, 1.0], [1.0, 0.0]]).index) == [0, 1]

    def test_customer_flow_has_no_round_off_entries(self):
        pi = s.steady_state(s.CUSTOMER_FLOW).to_numpy()
        assert ((pi == 0.0) | (pi >= 1e-12)).all()
        assert pi.sum() == pytest.approx(1.0, abs=1e-15)

    def test_states_without_long_run_mass_are_exactly_zero(self):
        # CUSTOMER_FLOW with no development (potential/target never buy): the
        # least-squares solve leaves about 7e-17 on first-time; it must read 0.
        never_develop = s.CUSTOMER_FLOW.copy()
        for state in ("potential", "target"):
            never_develop.loc[state, state] += never_develop.loc[state, "first-time"]
            never_develop.loc[state, "first-time"] = 0.0
        pi = s.steady_state(never_develop)
        buying = ["first-time", "repeat", "loyal", "churned"]
        assert pi[buying].tolist() == [0.0, 0.0, 0.0, 0.0]
        assert pi.sum() == pytest.approx(1.0, abs=1e-15)
        # still stationary: pi P = pi
        np.testing.assert_allclose(pi @ never_develop.to_numpy(), pi, atol=1e-12)

    def test_course_data_potential_has_exactly_zero_long_run_share(self):
        # Nobody becomes "potential" again once they have bought, so its share is 0
        # (the solve leaves about 6e-17 there).
        from crmlab import datasets

        log, customers = datasets.load_transactions(), datasets.load_customers()
        before = s.classify_states(log, "2023-12-31", customers=customers)
        after = s.classify_states(log, "2024-12-31", customers=customers)
        pi = s.steady_state(s.transition_matrix(before, after))
        assert list(pi.index) == ["potential", "first-time", "repeat", "loyal", "churned"]
        assert pi["potential"] == 0.0
        assert pi["first-time"] == 0.0
        assert pi.sum() == pytest.approx(1.0, abs=1e-15)

    @given(stochastic_matrices(positive=True))
    def test_property_sums_to_one_and_is_stationary(self, matrix):
        pi = s.steady_state(matrix).to_numpy()
        assert pi.sum() == pytest.approx(1.0)
        assert (pi >= 0).all()
        np.testing.assert_allclose(pi @ matrix, pi, atol=1e-9)


# ---------------------------------------------------------------------------
# MAN
# ---------------------------------------------------------------------------


class TestManQualified:
    def test_seed003_all_three_needed(self):
        assert s.man_qualified(True, True, True) is True
        assert s.man_qualified(True, True, False) is False
        assert s.man_qualified(False, True, True) is False

    def test_vectorized(self):
        out = s.man_qualified([True, True, False], [True, False, True], [1, 1, 1])
        assert out.tolist() == [True, False, False]

    def test_series_keeps_index(self):
        money = pd.Series([True, True], index=["p1", "p2"])
        out = s.man_qualified(money, True, pd.Series([True, False], index=["p1", "p2"]))
        assert out.to_dict() == {"p1": True, "p2": False}
        assert out.name == "qualified"

    def test_strings_are_type_errors(self):
        with pytest.raises(TypeError, match="need must be True/False"):
            s.man_qualified(True, True, "yes")
        with pytest.raises(TypeError, match="money must be True/False"):
            s.man_qualified(["yes"], [True], [True])

    def test_other_numbers_are_rejected(self):
        with pytest.raises(ValueError, match="authority must be True/False .* got 2"):
            s.man_qualified(True, [1, 2], True)

    def test_missing_values(self):
        with pytest.raises(ValueError, match="money has 1 missing"):
            s.man_qualified(pd.Series([True, None]), True, True)
        with pytest.raises(ValueError, match="need has missing"):
            s.man_qualified(True, True, [1.0, np.nan])

    def test_mismatched_lengths(self):
        with pytest.raises(ValueError, match="same length"):
            s.man_qualified([True, False], [True, False, True], True)
