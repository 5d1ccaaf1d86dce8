"""One rule for lining up inputs (crmlab._align) and the public functions that use it.

Labelled inputs are paired by label: shuffling the rows of any labelled argument
never changes an answer. Differing label sets are refused with both names and
the labels missing on each side; plain arrays pair by position.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import churn, loyalty, retention, satisfaction, states, value
from crmlab._align import align, align_floats, shaped


def test_share_of_wallet_pairs_by_label_not_position():
    # The example: by position this gave 0.111 for customer "a".
    ours = pd.Series([10.0, 90.0], index=["a", "b"])
    spend = pd.Series([100.0, 40.0], index=["b", "a"])
    out = value.share_of_wallet(ours, spend)
    assert out["a"] == pytest.approx(0.25)
    assert out["b"] == pytest.approx(0.9)
    assert list(out.index) == ["a", "b"]


def test_churn_rate_pairs_by_label():
    churned = pd.Series([12, 2], index=["north", "south"])
    customers = pd.Series([20, 100], index=["south", "north"])
    # By position this raised "churned cannot exceed customers".
    assert churn.churn_rate(churned, customers).to_dict() == {"north": 0.12, "south": 0.1}


def test_different_labels_name_both_arguments_and_missing_labels():
    with pytest.raises(ValueError) as err:
        value.share_of_wallet(
            pd.Series([1.0, 2.0], index=["a", "b"]), pd.Series([5.0, 5.0], index=["b", "c"])
        )
    message = str(err.value)
    assert "our_sales and category_spend must carry the same labels" in message
    assert "Labels missing from category_spend: ['a']" in message
    assert "labels missing from our_sales: ['c']" in message


def test_many_missing_labels_are_shortened():
    a = pd.Series(np.ones(20), index=range(20))
    b = pd.Series(np.ones(20), index=range(100, 120))
    with pytest.raises(ValueError, match=r"\.\.\. \(15 more\)"):
        value.share_of_wallet(a, b)


def test_repeated_labels_in_another_order_are_refused():
    a = pd.Series([1.0, 2.0, 3.0], index=["x", "x", "y"])
    b = pd.Series([4.0, 5.0, 6.0], index=["y", "x", "x"])
    with pytest.raises(ValueError, match="repeated index labels"):
        value.share_of_wallet(a, b)


def test_repeated_labels_in_the_same_order_pair_as_given():
    a = pd.Series([1.0, 2.0], index=["x", "x"])
    b = pd.Series([4.0, 8.0], index=["x", "x"])
    assert value.share_of_wallet(a, b).tolist() == [0.25, 0.25]


def test_plain_arrays_pair_by_position_and_need_equal_lengths():
    assert value.share_of_wallet([1.0, 2.0], [4.0, 4.0]).tolist() == [0.25, 0.5]
    with pytest.raises(ValueError, match="our_sales has 2 values, category_spend has 3 values"):
        value.share_of_wallet([1.0, 2.0], [4.0, 4.0, 4.0])


def test_array_beside_a_series_pairs_by_position():
    out = value.share_of_wallet(pd.Series([1.0, 2.0], index=["a", "b"]), [4.0, 8.0])
    assert out.to_dict() == {"a": 0.25, "b": 0.25}


def test_scalars_broadcast():
    out = value.share_of_wallet(pd.Series([1.0, 2.0], index=["a", "b"]), 4.0)
    assert out.to_dict() == {"a": 0.25, "b": 0.5}
    assert value.share_of_wallet(1.0, 4.0) == 0.25


def test_dataframes_align_by_index():
    a = pd.DataFrame({"x": [1, 2]}, index=["p", "q"])
    b = pd.Series([20, 10], index=["q", "p"])
    (a2, b2), index = align(a=a, b=b)
    assert list(index) == ["p", "q"]
    assert b2.tolist() == [10, 20]
    assert a2.equals(a)


def test_align_floats_and_shaped():
    (x, y), index = align_floats(x=pd.Series([1, 2], index=[5, 6]), y=3)
    assert x.tolist() == [1.0, 2.0] and y.tolist() == [3.0, 3.0]
    assert shaped(x + y, index, "total").to_dict() == {5: 4.0, 6: 5.0}
    assert shaped(np.float64(2.5), None) == 2.5
    assert isinstance(shaped(np.array([1.0]), None), np.ndarray)


# ---------------------------------------------------------------------------
# Property: shuffling the rows of labelled inputs never changes an answer.
# ---------------------------------------------------------------------------

labels = st.lists(st.integers(0, 10_000), min_size=1, max_size=12, unique=True)


def _shuffled(series: pd.Series, seed: int) -> pd.Series:
    order = np.random.default_rng(seed).permutation(len(series))
    return series.iloc[order]


def _same(a, b):
    pd.testing.assert_series_equal(a.sort_index(), b.sort_index(), check_names=False)


@st.composite
def _two_columns(draw, low=0.0, high=100.0, low2=None, high2=None):
    keys = draw(labels)
    n = len(keys)
    floats = st.floats(low, high, allow_nan=False)
    floats2 = st.floats(low if low2 is None else low2, high if high2 is None else high2)
    a = pd.Series(draw(st.lists(floats, min_size=n, max_size=n)), index=keys)
    b = pd.Series(draw(st.lists(floats2, min_size=n, max_size=n)), index=keys)
    return a, b, draw(st.integers(0, 2**32 - 1))


SHUFFLE = settings(max_examples=40, deadline=None)


@SHUFFLE
@given(_two_columns(0.0, 50.0, 50.0, 100.0))
def test_share_of_wallet_ignores_row_order(data):
    ours, spend, seed = data
    _same(value.share_of_wallet(ours, spend), value.share_of_wallet(ours, _shuffled(spend, seed)))


@SHUFFLE
@given(_two_columns(0.0, 50.0, 50.0, 100.0))
def test_churn_and_retention_rates_ignore_row_order(data):
    part, whole, seed = data
    part, whole = part.round(), whole.round()
    for rate in (churn.churn_rate, retention.retention_rate):
        _same(rate(part, whole), rate(part, _shuffled(whole, seed)))


@SHUFFLE
@given(_two_columns(0.0, 1000.0, 0.01, 1.0))
def test_lifetime_value_formulas_ignore_row_order(data):
    margin, churn_rate, seed = data
    shuffled = _shuffled(churn_rate, seed)
    _same(value.group_clv(margin, churn_rate, 0.1), value.group_clv(margin, shuffled, 0.1))
    retain = 1 - churn_rate
    _same(
        value.retention_clv(margin, retain, 0.1),
        value.retention_clv(margin, _shuffled(retain, seed), 0.1),
    )
    _same(
        value.group_churn_loss(margin.round(), churn_rate, 50.0),
        value.group_churn_loss(margin.round(), shuffled, 50.0),
    )
    _same(
        value.annuity_factor(margin / 100, churn_rate * 0.5),
        value.annuity_factor(margin / 100, _shuffled(churn_rate * 0.5, seed)),
    )
    _same(
        value.clv_simple(margin / 100, churn_rate, 3.0),
        value.clv_simple(margin / 100, shuffled, 3.0),
    )


@SHUFFLE
@given(_two_columns(0.0, 500.0, 0.0, 500.0))
def test_churn_loss_ignores_row_order(data):
    realized, extra, seed = data
    lifetime = realized + extra
    _same(
        value.churn_loss(10.0, lifetime, realized),
        value.churn_loss(10.0, _shuffled(lifetime, seed), realized),
    )


@SHUFFLE
@given(_two_columns(0.0, 10.0, 0.1, 10.0))
def test_satisfaction_and_loyalty_ignore_row_order(data):
    a, b, seed = data
    _same(
        satisfaction.satisfaction_ratio(a, b),
        satisfaction.satisfaction_ratio(a, _shuffled(b, seed)),
    )
    _same(loyalty.loyalty_type(a, b, 5, 5), loyalty.loyalty_type(a, _shuffled(b, seed), 5, 5))


@SHUFFLE
@given(labels, st.data())
def test_man_qualified_and_kano_ignore_row_order(keys, data):
    n = len(keys)
    flags = [
        pd.Series(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), keys) for _ in "man"
    ]
    seed = data.draw(st.integers(0, 2**32 - 1))
    _same(
        states.man_qualified(*flags),
        states.man_qualified(flags[0], _shuffled(flags[1], seed), _shuffled(flags[2], seed + 1)),
    )
    answers = st.sampled_from(satisfaction.KANO_ANSWERS)
    functional = pd.Series(data.draw(st.lists(answers, min_size=n, max_size=n)), keys)
    dysfunctional = pd.Series(data.draw(st.lists(answers, min_size=n, max_size=n)), keys)
    _same(
        satisfaction.kano_category(functional, dysfunctional),
        satisfaction.kano_category(functional, _shuffled(dysfunctional, seed)),
    )


@SHUFFLE
@given(_two_columns(1.0, 10.0, 1.0, 10.0))
def test_importance_performance_ignores_row_order(data):
    importance, performance, seed = data
    if len(importance) < 2:
        return
    a = satisfaction.importance_performance(importance, performance)
    b = satisfaction.importance_performance(importance, _shuffled(performance, seed))
    pd.testing.assert_frame_equal(a.sort_index(), b.sort_index())


@SHUFFLE
@given(labels, st.data())
def test_survival_curve_ignores_row_order(keys, data):
    n = len(keys)
    durations = pd.Series(data.draw(st.lists(st.integers(1, 20), min_size=n, max_size=n)), keys)
    observed = pd.Series(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), keys)
    seed = data.draw(st.integers(0, 2**32 - 1))
    pd.testing.assert_series_equal(
        churn.survival_curve(durations, observed),
        churn.survival_curve(durations, _shuffled(observed, seed)),
    )
