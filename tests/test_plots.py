"""Tests of crmlab.plots: every chart draws what its data says, and bad input fails clearly."""

import re
import subprocess
import sys
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.text import Annotation

from crmlab import datasets, i18n, plots
from crmlab.churn import survival_curve
from crmlab.loyalty import loyalty_profit, loyalty_type
from crmlab.satisfaction import SIMPLE_INDEX, control_limits, kano_summary, out_of_control
from crmlab.satisfaction import importance_performance as ipa_table
from crmlab.states import (
    CUSTOMER_FLOW,
    STATES,
    classify_states,
    count_states,
    simulate_flow,
    transition_matrix,
)
from crmlab.value import clv, pareto_table, rfm


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def english_only(monkeypatch):
    """Pretend no Chinese font is installed."""
    monkeypatch.setattr(plots._style, "find_cjk_font", lambda: None)


@pytest.fixture
def fake_cjk_font(monkeypatch):
    """Pretend a Chinese font is installed (DejaVu Sans stands in; glyphs are not drawn)."""
    monkeypatch.setattr(plots._style, "find_cjk_font", lambda: "DejaVu Sans")


SEED001_TIERS = pd.DataFrame(
    {
        "tier": ["very low", "low", "moderate", "high", "very high"],
        "value_pct": [-4.12, -2.10, 7.45, 30.49, 107.76],
        "market_share_pct": [51.4, 25.3, 18.0, 4.6, 0.7],
        "customer_share_pct": [42.2, 20.5, 26.3, 9.2, 1.8],
    }
)
START = {"potential": 600, "target": 200, "first-time": 100, "repeat": 60, "loyal": 40}
FLOW = simulate_flow(START, CUSTOMER_FLOW, 6)
KANO = pd.DataFrame(
    {"better": [0.7, 0.2, 0.6], "worse": [-0.3, -0.8, -0.7]},
    index=["free wifi", "clean store", "fast checkout"],
)
IMPORTANCE = pd.Series({"price": 8.0, "staff": 6.0, "parking": 3.0, "range": 7.0})
PERFORMANCE = pd.Series({"price": 5.0, "staff": 7.5, "parking": 6.0, "range": 6.5})
SECOND_LEVEL = {"X21": 82.0, "X22": 75.0, "X23": 90.0, "X24": 64.0, "X25": 80.0}
COHORTS = pd.DataFrame(
    [[1.0, 0.5, 0.4], [1.0, 0.6, np.nan], [1.0, np.nan, np.nan]],
    index=pd.period_range("2024-01", periods=3, freq="M"),
)
CURVE = pd.Series([1.0, 0.8, 0.55, 0.4], index=[0.0, 6.0, 12.0, 18.0])
REASONS = pd.Series({"price": 30, "competition": 50, "natural": 5, "service attitude": 15})
CONTROL = pd.Series([79.0, 81.0] * 15 + [95.0])
RFM = pd.DataFrame(
    {"R": [1, 2, 2, 3, 3, 3], "F": [1, 1, 2, 3, 3, 1], "monetary": [10.0, 20, 30, 40, 50, 60]}
)

# name -> (function, positional args, keyword args); used by the shared checks.
CHARTS = {
    "pareto_curve": (plots.pareto_curve, ([50, 30, 10, 5, 5],), {}),
    "value_tiers": (plots.value_tiers, (SEED001_TIERS,), {}),
    "clv_by_year": (plots.clv_by_year, ([500] * 5, 0.09, 400), {}),
    "state_counts": (plots.state_counts, (FLOW,), {}),
    "customer_flow": (plots.customer_flow, (CUSTOMER_FLOW,), {}),
    "transition_heatmap": (plots.transition_heatmap, (CUSTOMER_FLOW,), {}),
    "satisfaction_breakdown": (plots.satisfaction_breakdown, (SECOND_LEVEL,), {}),
    "kano_scatter": (plots.kano_scatter, (KANO,), {}),
    "importance_performance": (plots.importance_performance, (IMPORTANCE, PERFORMANCE), {}),
    "control_chart": (plots.control_chart, (CONTROL,), {}),
    "loyalty_matrix": (plots.loyalty_matrix, ([0.9, 0.8, 0.2, 0.1], [0.9, 0.1, 0.7, 0.2]), {}),
    "loyalty_profit": (plots.loyalty_profit, (loyalty_profit(),), {}),
    "churn_reasons_pareto": (plots.churn_reasons_pareto, (REASONS,), {}),
    "cohort_heatmap": (plots.cohort_heatmap, (COHORTS,), {}),
    "survival_curve": (plots.survival_curve, ({"basic": CURVE},), {}),
    "retention_curves": (plots.retention_curves, ([0.8, 0.85],), {}),
    "rfm_heatmap": (plots.rfm_heatmap, (RFM,), {}),
}


@pytest.fixture(scope="module")
def course_chain():
    """The 5-state chain of the course data, 2023-12-31 to 2024-12-31, and the 2024 counts."""
    log, customers = datasets.load_transactions(), datasets.load_customers()
    before = classify_states(log, "2023-12-31", customers=customers)
    after = classify_states(log, "2024-12-31", customers=customers)
    return transition_matrix(before, after), count_states(after)


def overlap(a, b):
    """Area shared by two display bounding boxes."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return max(width, 0.0) * max(height, 0.0)


def draw(name, **extra):
    function, args, kwargs = CHARTS[name]
    return function(*args, **kwargs, **extra)


def bar_heights(ax):
    return [patch.get_height() for patch in ax.patches]


# --------------------------------------------------------------------------- shared contract


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_returns_axes_with_title_and_labels(name):
    ax = draw(name)
    assert isinstance(ax, Axes)
    assert ax.get_title()
    assert ax.get_xlabel()
    if name != "customer_flow":  # a diagram: its x label is the caption, no y axis
        assert ax.get_ylabel()


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_draws_into_the_given_axes(name):
    fig, ax = plt.subplots()
    assert draw(name, ax=ax) is ax
    assert ax.figure is fig


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chinese_without_a_font_falls_back_to_english_with_a_warning(name, english_only):
    with pytest.warns(UserWarning, match="Chinese"):
        ax = draw(name, lang="zh")
    assert ax.get_title() == draw(name).get_title()


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chinese_with_a_font_uses_chinese_labels_in_that_font(name, fake_cjk_font):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = draw(name, lang="zh")
    title = ax.title
    assert any("\u4e00" <= ch <= "\u9fff" for ch in title.get_text())
    assert title.get_fontfamily()[0] == "DejaVu Sans"


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_the_default_language_is_the_course_language(name, fake_cjk_font, monkeypatch):
    english = draw(name).get_title()
    monkeypatch.setattr(i18n, "_chosen", "zh")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chinese = draw(name).get_title()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese)
    assert draw(name, lang="zh").get_title() == chinese
    assert draw(name, lang="en").get_title() == english


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_unknown_language_is_rejected(name):
    with pytest.raises(ValueError, match="lang must be one of 'en', 'zh'"):
        draw(name, lang="fr")


def test_lang_must_be_a_string():
    with pytest.raises(TypeError, match="lang must be 'en' or 'zh'"):
        plots.retention_curves(0.8, lang=1)


def test_ax_must_be_an_axes():
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes or None, got str"):
        plots.retention_curves(0.8, ax="left")


def test_drawing_changes_no_global_setting(fake_cjk_font):
    before = dict(matplotlib.rcParams)
    for name in CHARTS:
        draw(name, lang="zh")
    assert dict(matplotlib.rcParams) == before


def test_import_sets_no_backend_and_no_rcparams():
    code = (
        "import matplotlib; b = matplotlib.get_backend(); p = dict(matplotlib.rcParams); "
        "import crmlab.plots; "
        "assert matplotlib.get_backend() == b; assert dict(matplotlib.rcParams) == p"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_find_cjk_font_returns_a_name_or_none():
    font = plots.find_cjk_font()
    assert font is None or isinstance(font, str)


def test_find_cjk_font_skips_the_last_resort_placeholder_font():
    # matplotlib >= 3.10 ships "Last Resort", whose boxes cover every code point.
    plots.find_cjk_font.cache_clear()
    try:
        assert not (plots.find_cjk_font() or "").startswith("Last Resort")
    finally:
        plots.find_cjk_font.cache_clear()


# --------------------------------------------------------------------------- value charts


class TestParetoCurve:
    def test_curve_runs_from_origin_to_100_percent(self):
        ax = plots.pareto_curve([50, 30, 10, 5, 5])
        x, y = ax.lines[0].get_data()
        assert (x[0], y[0]) == (0.0, 0.0)
        assert x[-1] == pytest.approx(100.0)
        assert y[-1] == pytest.approx(100.0)

    def test_marks_the_share_of_value_of_the_top_20_percent(self):
        # 10 customers, top 2 hold 500 + 200 of 1000.
        ax = plots.pareto_curve([500, 200, 100, 80, 50, 30, 20, 10, 6, 4])
        marker = ax.lines[-1]
        assert marker.get_xdata()[0] == pytest.approx(20.0)
        assert marker.get_ydata()[0] == pytest.approx(70.0)
        assert "70.0% of value" in marker.get_label()

    def test_accepts_a_pareto_table(self):
        values = [500, 200, 100, 80, 50, 30, 20, 10, 6, 4]
        from_values = plots.pareto_curve(values).lines[0].get_ydata()
        from_table = plots.pareto_curve(pareto_table(values)).lines[0].get_ydata()
        np.testing.assert_allclose(from_values, from_table)

    def test_table_without_the_shares_is_rejected(self):
        with pytest.raises(ValueError, match="missing column.*'customer_share'"):
            plots.pareto_curve(pd.DataFrame({"value": [1.0, 2.0]}))

    def test_empty_values_are_rejected(self):
        with pytest.raises(ValueError, match="values is empty"):
            plots.pareto_curve([])

    def test_text_values_are_rejected(self):
        with pytest.raises(TypeError, match="values must hold numbers"):
            plots.pareto_curve(["a", "b"])

    def test_missing_values_are_rejected(self):
        with pytest.raises(ValueError, match="1 missing value"):
            plots.pareto_curve(pd.Series([1.0, None, 3.0]))

    def test_top_as_percentage_gets_the_hint(self):
        with pytest.raises(ValueError, match="Use 0.2"):
            plots.pareto_curve([1, 2, 3], top=20)

    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.floats(0.01, 1e6), min_size=1, max_size=60))
    def test_curve_never_falls_and_ends_at_100(self, values):
        ax = plots.pareto_curve(values)
        x, y = ax.lines[0].get_data()
        assert np.all(np.diff(x) >= 0)
        assert np.all(np.diff(y) >= -1e-9)
        assert y[-1] == pytest.approx(100.0)
        plt.close(ax.figure)


class TestValueTiers:
    def test_one_bar_per_tier_and_series(self):
        assert len(plots.value_tiers(SEED001_TIERS).patches) == 10
        assert len(plots.value_tiers(SEED001_TIERS, show_market=True).patches) == 15

    def test_bars_show_the_table_verbatim(self):
        heights = bar_heights(plots.value_tiers(SEED001_TIERS))
        assert heights[:5] == pytest.approx([-4.12, -2.10, 7.45, 30.49, 107.76])
        assert heights[5:] == pytest.approx([42.2, 20.5, 26.3, 9.2, 1.8])

    def test_seed001_share_of_customers_in_negative_value_tiers(self):
        texts = [t.get_text() for t in plots.value_tiers(SEED001_TIERS).texts]
        assert "62.7% of customers sit in tiers with negative value" in texts

    def test_missing_column_is_named(self):
        with pytest.raises(ValueError, match="missing column.*'market_share_pct'"):
            plots.value_tiers(SEED001_TIERS.drop(columns="market_share_pct"), show_market=True)

    def test_not_a_dataframe(self):
        with pytest.raises(TypeError, match="tiers must be a pandas DataFrame"):
            plots.value_tiers({"tier": ["low"]})

    def test_empty_table(self):
        with pytest.raises(ValueError, match="tiers is empty"):
            plots.value_tiers(SEED001_TIERS.iloc[:0])

    def test_course_dataset(self):
        ax = plots.value_tiers(datasets.load_appliance_tiers())
        assert len(ax.patches) == 10


class TestClvByYear:
    def test_seed001_cumulative_clv_ends_at_1544_83(self):
        ax = plots.clv_by_year([500] * 5, 0.09, acquisition_cost=400)
        cumulative = ax.lines[0].get_ydata()
        assert len(cumulative) == 6
        assert cumulative[0] == pytest.approx(-400)
        assert cumulative[-1] == pytest.approx(1544.83, abs=0.005)
        assert any("CLV = 1,544.83" in t.get_text() for t in ax.texts)

    def test_bars_are_net_and_discounted_contributions_plus_acquisition(self):
        ax = plots.clv_by_year([500] * 5, 0.09, acquisition_cost=400)
        heights = bar_heights(ax)
        assert len(heights) == 11
        assert heights[:5] == pytest.approx([500] * 5)
        assert heights[5:10] == pytest.approx([500 / 1.09**t for t in range(1, 6)])
        assert heights[10] == pytest.approx(-400)

    def test_costs_and_no_acquisition_cost(self):
        ax = plots.clv_by_year([300, 400], 0.1, costs=[100, 50])
        assert len(ax.patches) == 4
        expected = clv([300, 400], 0.1, costs=[100, 50])
        assert ax.lines[0].get_ydata()[-1] == pytest.approx(expected)

    def test_rate_as_percentage_is_rejected(self):
        with pytest.raises(ValueError, match="rate"):
            plots.clv_by_year([500] * 5, 9)

    def test_several_customers_are_rejected(self):
        with pytest.raises(ValueError, match="contributions must be 1-D"):
            plots.clv_by_year([[500, 500], [100, 100]], 0.09)


# --------------------------------------------------------------------------- state charts


class TestStateCounts:
    def test_one_area_per_state_in_states_order(self):
        shuffled = FLOW[["loyal", "potential", "churned"]]
        ax = plots.state_counts(shuffled)
        assert len(ax.collections) == 3
        assert [c.get_label() for c in ax.collections] == ["potential", "loyal", "churned"]

    def test_bars_one_per_state_and_period(self):
        ax = plots.state_counts(FLOW, kind="bar")
        assert len(ax.patches) == FLOW.shape[0] * FLOW.shape[1]

    def test_shares_stack_to_100_percent(self):
        ax = plots.state_counts(FLOW, kind="bar", share=True)
        tops = {}
        for patch in ax.patches:
            x = round(patch.get_x(), 6)
            tops[x] = max(tops.get(x, 0), patch.get_y() + patch.get_height())
        assert list(tops.values()) == pytest.approx([100.0] * len(FLOW))

    def test_unknown_state_is_named(self):
        with pytest.raises(ValueError, match=r"unknown state\(s\) \['vip'\]"):
            plots.state_counts(pd.DataFrame({"vip": [1.0, 2.0]}))

    def test_negative_counts(self):
        with pytest.raises(ValueError, match="non-negative"):
            plots.state_counts(pd.DataFrame({"repeat": [1.0, -2.0]}))

    def test_unknown_kind(self):
        with pytest.raises(ValueError, match="kind must be one of 'area', 'bar'"):
            plots.state_counts(FLOW, kind="pie")

    def test_text_columns(self):
        with pytest.raises(TypeError, match="must hold numbers only"):
            plots.state_counts(pd.DataFrame({"repeat": ["a", "b"]}))

    def test_states_empty_in_every_period_are_left_out_of_plot_and_legend(self):
        # count_states lists all seven states; target and non-customer stay 0 here.
        flow = FLOW.assign(**{"non-customer": 0.0, "target": 0.0})
        drawn = [s for s in STATES if s not in ("target", "non-customer")]
        ax = plots.state_counts(flow)
        assert [c.get_label() for c in ax.collections] == drawn
        assert [t.get_text() for t in ax.get_legend().get_texts()] == drawn[::-1]
        bars = plots.state_counts(flow, kind="bar")
        assert len(bars.patches) == len(flow) * len(drawn)

    def test_a_state_empty_only_at_the_start_is_kept(self):
        assert FLOW["churned"].iloc[0] == 0
        ax = plots.state_counts(FLOW)
        assert "churned" in [t.get_text() for t in ax.get_legend().get_texts()]

    def test_drop_empty_false_draws_every_column(self):
        flow = FLOW.assign(target=0.0)
        assert len(plots.state_counts(flow).collections) == 6
        ax = plots.state_counts(flow, drop_empty=False)
        assert len(ax.collections) == 7
        assert "target" in [t.get_text() for t in ax.get_legend().get_texts()]

    def test_all_states_empty_keeps_them(self):
        ax = plots.state_counts(pd.DataFrame({"repeat": [0.0, 0.0], "loyal": [0.0, 0.0]}))
        assert len(ax.collections) == 2

    def test_empty_period_cannot_be_shared(self):
        with pytest.raises(ValueError, match="no customers"):
            plots.state_counts(pd.DataFrame({"repeat": [0.0, 1.0]}), share=True)


class TestCustomerFlow:
    @staticmethod
    def arrows(ax):
        return [p for p in ax.patches if isinstance(p, FancyArrowPatch)]

    @staticmethod
    def boxes(ax):
        return [p for p in ax.patches if isinstance(p, FancyBboxPatch)]

    def test_one_box_per_state_and_one_arrow_per_move(self):
        ax = plots.customer_flow(CUSTOMER_FLOW)
        matrix = CUSTOMER_FLOW.to_numpy()
        moves = int((matrix > 0).sum() - (np.diag(matrix) > 0).sum())
        assert len(self.boxes(ax)) == 7
        assert len(self.arrows(ax)) == moves

    def test_min_prob_drops_small_arrows(self):
        ax = plots.customer_flow(CUSTOMER_FLOW, min_prob=0.1)
        off_diagonal = CUSTOMER_FLOW.to_numpy() * (1 - np.eye(7))
        assert len(self.arrows(ax)) == int((off_diagonal > 0.1).sum())

    def test_probabilities_stay_and_counts_are_written(self):
        ax = plots.customer_flow(CUSTOMER_FLOW, counts=pd.Series(START))
        texts = " | ".join(t.get_text() for t in ax.texts)
        assert "loyal\nstay 0.85\nn = 40" in texts
        assert "lost forever 0.35" in texts
        assert "win back 0.10" in texts

    def test_estimated_matrix_with_missing_states(self):
        before = pd.Series(["first-time", "first-time", "repeat", "repeat"])
        after = pd.Series(["repeat", "churned", "repeat", "loyal"])
        ax = plots.customer_flow(transition_matrix(before, after))
        assert len(self.boxes(ax)) == 4
        assert len(self.arrows(ax)) == 3

    @staticmethod
    def reads_zero(text):
        return re.search(r"(?<![\d.<])0\.00(?!\d)", text) is not None

    def test_small_probabilities_never_read_zero(self):
        states = ["repeat", "loyal", "churned"]
        P = pd.DataFrame(
            [[0.9955, 0.004, 0.0005], [0.0, 0.9, 0.1], [0.003, 0.0, 0.997]],
            index=states,
            columns=states,
        )
        ax = plots.customer_flow(P)
        texts = [t.get_text() for t in ax.texts]
        assert not any(self.reads_zero(t) for t in texts)
        assert "repeat\nstay >0.99" in texts
        assert "0.004" in texts
        assert "<0.001" in texts
        assert "win back 0.003" in texts
        assert "0.10" in texts  # the usual 2 decimals otherwise

    def test_min_prob_still_drops_small_arrows(self):
        states = ["repeat", "churned"]
        P = pd.DataFrame([[0.996, 0.004], [0.3, 0.7]], index=states, columns=states)
        ax = plots.customer_flow(P, min_prob=0.005)
        assert len(self.arrows(ax)) == 1
        assert "0.004" not in [t.get_text() for t in ax.texts]

    def test_course_data_win_back_to_loyal_is_not_zero(self, course_chain):
        P, counts = course_chain
        assert 0 < P.loc["churned", "loyal"] < 0.005
        ax = plots.customer_flow(P, counts=counts)
        texts = [t.get_text() for t in ax.texts]
        assert not any(self.reads_zero(t) for t in texts)
        assert f"win back {P.loc['churned', 'loyal']:.1g}" in texts

    def test_rows_must_sum_to_one(self):
        bad = CUSTOMER_FLOW.copy()
        bad.loc["loyal", "loyal"] = 0.5
        with pytest.raises(ValueError, match="row 'loyal' sums to 0.65"):
            plots.customer_flow(bad)

    def test_unknown_state(self):
        bad = pd.DataFrame([[1.0]], index=["vip"], columns=["vip"])
        with pytest.raises(ValueError, match="unknown state"):
            plots.customer_flow(bad)

    def test_probabilities_above_one(self):
        bad = pd.DataFrame([[2.0]], index=["loyal"], columns=["loyal"])
        with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]"):
            plots.customer_flow(bad)


class TestTransitionHeatmap:
    def test_image_has_the_shape_of_the_matrix_and_one_text_per_cell(self):
        ax = plots.transition_heatmap(CUSTOMER_FLOW)
        assert ax.images[0].get_array().shape == (7, 7)
        assert len(ax.texts) == 49
        assert [t.get_text() for t in ax.get_yticklabels()] == list(STATES)

    def test_without_annotations(self):
        assert len(plots.transition_heatmap(CUSTOMER_FLOW, annotate=False).texts) == 0

    def test_percentages_are_rejected(self):
        with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]"):
            plots.transition_heatmap(CUSTOMER_FLOW * 100)

    def test_missing_values_are_rejected(self):
        bad = CUSTOMER_FLOW.copy()
        bad.iloc[0, 0] = np.nan
        with pytest.raises(ValueError, match="1 missing value"):
            plots.transition_heatmap(bad)


# --------------------------------------------------------------------------- satisfaction charts


class TestSatisfactionBreakdown:
    def test_one_bar_per_indicator_and_the_weakest_is_hatched(self):
        ax = plots.satisfaction_breakdown(SECOND_LEVEL)
        assert len(ax.patches) == 5
        hatched = [i for i, p in enumerate(ax.patches) if p.get_hatch()]
        assert hatched == [3]  # X24 scores 64
        assert ax.patches[3].get_width() == 64.0

    def test_index_line_is_the_seed004_weighted_sum(self):
        ax = plots.satisfaction_breakdown(SECOND_LEVEL)
        expected = 0.30 * 82 + 0.30 * 75 + 0.10 * 90 + 0.15 * 64 + 0.15 * 80
        assert ax.lines[0].get_xdata()[0] == pytest.approx(expected)
        assert f"Y = {expected:.1f}" in ax.get_title()

    def test_scores_from_the_index_tree(self):
        answers = {leaf: 80 for leaf in SIMPLE_INDEX.leaf_ids} | {"X331": 30, "X332": 30}
        ax = plots.satisfaction_breakdown(SIMPLE_INDEX.second_level_scores(answers))
        assert "Y = 75.0" in ax.get_title()

    def test_weights_that_do_not_sum_to_one(self):
        weights = {"a": 0.5, "b": 0.4}
        with pytest.raises(ValueError, match="must sum to 1, got 0.9"):
            plots.satisfaction_breakdown({"a": 70, "b": 80}, weights)

    def test_weights_for_other_indicators(self):
        with pytest.raises(ValueError, match="must name the same indicators"):
            plots.satisfaction_breakdown({"a": 70, "b": 80}, {"a": 0.5, "c": 0.5})

    def test_unknown_indicators_need_weights(self):
        with pytest.raises(ValueError, match=r"Pass weights for indicator\(s\) \['service'\]"):
            plots.satisfaction_breakdown({"service": 70})

    def test_text_scores(self):
        with pytest.raises(TypeError, match="scores must hold numbers"):
            plots.satisfaction_breakdown({"X21": "good"})


class TestKanoScatter:
    def test_one_point_per_feature_at_better_and_absolute_worse(self):
        ax = plots.kano_scatter(KANO)
        offsets = ax.collections[0].get_offsets()
        np.testing.assert_allclose(offsets, [[0.3, 0.7], [0.8, 0.2], [0.7, 0.6]])
        corner_labels = {t.get_text() for t in ax.texts}
        assert {"A: attractive", "O: one-dimensional", "M: must-be", "I: indifferent"} <= (
            corner_labels
        )

    def test_split_at_the_means(self):
        ax = plots.kano_scatter(KANO, split="mean")
        assert ax.lines[0].get_xdata()[0] == pytest.approx(0.6)
        assert ax.lines[1].get_ydata()[0] == pytest.approx(0.5)

    def test_kano_summary_output(self):
        table = kano_summary(
            ["like", "like", "neutral", "like"],
            ["dislike", "neutral", "dislike", "dislike"],
            ["wifi", "wifi", "parking", "parking"],
        )
        ax = plots.kano_scatter(table)
        assert len(ax.collections[0].get_offsets()) == 2
        assert {"wifi", "parking"} <= {t.get_text() for t in ax.texts}

    def test_course_survey(self):
        survey = datasets.load_kano_survey()
        table = kano_summary(survey["functional"], survey["dysfunctional"], survey["feature"])
        ax = plots.kano_scatter(table)
        assert len(ax.collections[0].get_offsets()) == len(table)

    def test_missing_column(self):
        with pytest.raises(ValueError, match="missing column 'worse'"):
            plots.kano_scatter(KANO[["better"]])

    def test_values_outside_zero_one(self):
        with pytest.raises(ValueError, match=r"summary\['better'\] must be a share in \[0, 1\]"):
            plots.kano_scatter(pd.DataFrame({"better": [1.5], "worse": [-0.2]}))

    def test_bad_split(self):
        with pytest.raises(ValueError, match="split must be one of 'mean'"):
            plots.kano_scatter(KANO, split="median")


class TestImportancePerformance:
    def test_one_point_per_attribute_and_mean_lines(self):
        ax = plots.importance_performance(IMPORTANCE, PERFORMANCE)
        assert len(ax.collections[0].get_offsets()) == 4
        assert ax.lines[0].get_xdata()[0] == pytest.approx(PERFORMANCE.mean())
        assert ax.lines[1].get_ydata()[0] == pytest.approx(IMPORTANCE.mean())

    def test_aligns_series_by_label(self):
        ax = plots.importance_performance(IMPORTANCE, PERFORMANCE[::-1])
        offsets = ax.collections[0].get_offsets()
        np.testing.assert_allclose(offsets[0], [5.0, 8.0])  # price

    def test_accepts_the_analysis_table(self):
        ax = plots.importance_performance(ipa_table(IMPORTANCE, PERFORMANCE))
        assert len(ax.collections[0].get_offsets()) == 4

    def test_different_attributes(self):
        with pytest.raises(ValueError, match="must carry the same labels"):
            plots.importance_performance(IMPORTANCE, PERFORMANCE.rename({"price": "cost"}))

    def test_missing_performance(self):
        with pytest.raises(TypeError, match="performance is missing"):
            plots.importance_performance(IMPORTANCE)

    def test_table_and_series_together(self):
        with pytest.raises(TypeError, match="not both"):
            plots.importance_performance(ipa_table(IMPORTANCE, PERFORMANCE), PERFORMANCE)

    def test_lengths_differ(self):
        with pytest.raises(ValueError, match="same length"):
            plots.importance_performance([1.0, 2.0], [1.0, 2.0, 3.0])

    def test_axis_labels_default_and_override(self):
        ax = plots.importance_performance(IMPORTANCE, PERFORMANCE)
        assert ax.get_xlabel() == "Performance (mean rating)"
        assert ax.get_ylabel() == "Importance (mean rating)"
        ax = plots.importance_performance(
            IMPORTANCE,
            PERFORMANCE,
            xlabel="Mean rating (0-100)",
            ylabel="Importance (correlation with overall satisfaction)",
        )
        assert ax.get_xlabel() == "Mean rating (0-100)"
        assert ax.get_ylabel() == "Importance (correlation with overall satisfaction)"

    def test_legend_sits_outside_the_axes(self):
        ax = plots.importance_performance(IMPORTANCE, PERFORMANCE)
        ax.figure.draw_without_rendering()
        legend = ax.get_legend().get_window_extent()
        assert overlap(legend, ax.get_window_extent()) == 0

    def test_course_survey_hides_no_point_and_no_label(self):
        # Seed 002 with derived importance: each leaf's correlation with overall
        # satisfaction; performance: the leaf's mean rating.
        survey = datasets.load_satisfaction_survey()
        names = {key: term.en for key, term in SIMPLE_INDEX.labels.items()}
        ratings = survey[list(SIMPLE_INDEX.leaf_ids)].astype(float).rename(columns=names)
        importance = ratings.corrwith(survey["overall_satisfaction"])
        ax = plots.importance_performance(
            importance, ratings.mean(), ylabel="Importance (correlation)"
        )
        fig = ax.figure
        fig.draw_without_rendering()
        frame = ax.get_window_extent()
        labels = [t for t in ax.texts if isinstance(t, Annotation)]
        corners = [t.get_window_extent() for t in ax.texts if not isinstance(t, Annotation)]
        assert sorted(t.get_text() for t in labels) == sorted(importance.index)
        assert len(corners) == 4
        points = ax.transData.transform(ax.collections[0].get_offsets())
        radius = np.sqrt(60) / 2 * fig.dpi / 72
        legend = ax.get_legend().get_window_extent()
        for x, y in points:
            # every point shows: neither the legend nor a quadrant label covers it
            assert not (legend.x0 <= x <= legend.x1 and legend.y0 <= y <= legend.y1)
            assert all(not (c.x0 <= x <= c.x1 and c.y0 <= y <= c.y1) for c in corners)
        boxes = [t.get_window_extent() for t in labels]
        for k, box in enumerate(boxes):
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1, labels[k].get_text()
            assert frame.y0 <= box.y0 and box.y1 <= frame.y1, labels[k].get_text()
            for other in boxes[k + 1 :] + corners + [legend]:
                assert overlap(box, other) == 0, labels[k].get_text()
            for x, y in points:
                marker = type(box).from_extents(x - radius, y - radius, x + radius, y + radius)
                assert overlap(box, marker) == 0, labels[k].get_text()


class TestControlChart:
    def test_limits_centre_and_the_one_point_outside(self):
        ax = plots.control_chart(CONTROL)
        lower, centre, upper = control_limits(CONTROL)
        assert ax.lines[1].get_ydata()[0] == pytest.approx(centre)
        assert ax.lines[2].get_ydata()[0] == pytest.approx(upper)
        assert ax.lines[3].get_ydata()[0] == pytest.approx(lower)
        outside = ax.collections[0].get_offsets()
        assert len(outside) == 1
        assert outside[0][1] == 95.0

    def test_narrower_limits_flag_the_points_out_of_control_finds(self):
        ax = plots.control_chart(CONTROL, sigmas=0.5)
        expected = len(out_of_control(CONTROL, sigmas=0.5))
        assert expected > 1
        assert len(ax.collections[0].get_offsets()) == expected

    def test_monthly_series_and_custom_labels(self):
        monthly = pd.Series(
            [7.0, 7.2, 6.9, 7.1], index=pd.period_range("2024-01", periods=4, freq="M")
        )
        ax = plots.control_chart(monthly, ylabel="Mean satisfaction (1-10)")
        assert ax.get_ylabel() == "Mean satisfaction (1-10)"
        assert len(ax.lines[0].get_xdata()) == 4

    def test_one_value_is_not_enough(self):
        with pytest.raises(ValueError, match="at least 2 observations"):
            plots.control_chart([80.0])

    def test_sigmas_must_be_positive(self):
        with pytest.raises(ValueError, match="sigmas"):
            plots.control_chart(CONTROL, sigmas=0)

    def test_given_limits_are_drawn_and_flag_what_out_of_control_flags(self):
        limits = (79.5, 80.0, 80.5)
        ax = plots.control_chart(CONTROL, limits=limits)
        assert ax.lines[1].get_ydata()[0] == 80.0
        assert ax.lines[2].get_ydata()[0] == 80.5
        assert ax.lines[3].get_ydata()[0] == 79.5
        flagged = out_of_control(CONTROL, limits=limits)
        assert len(flagged) == 31  # every 79 and 81, and the 95
        np.testing.assert_allclose(ax.collections[0].get_offsets()[:, 1], flagged.to_numpy())
        assert ax.get_title() == "Control chart (limits given)"

    def test_xbar_limits_for_store_means(self):
        # 4 stores x 25 answers: the answers alternate 75/85 (mean 80, s = 5.03), so
        # x-bar limits are 80 -/+ 3 x 5.03 / 5 = [76.98, 83.02]; S3 at 76 is out,
        # although limits from the 4 means themselves would flag nothing.
        answers = [75.0, 85.0] * 50
        means = pd.Series([80.5, 79.0, 76.0, 80.8], index=["S1", "S2", "S3", "S4"])
        ax = plots.control_chart(means, limits=control_limits(answers, subgroup_size=25))
        assert ax.collections[0].get_offsets().tolist() == [[2.0, 76.0]]
        assert ax.lines[2].get_ydata()[0] == pytest.approx(80 + 3 * 5 * np.sqrt(100 / 99) / 5)
        assert len(plots.control_chart(means).collections[0].get_offsets()) == 0

    def test_one_value_is_enough_with_given_limits(self):
        ax = plots.control_chart([81.0], limits=(79.0, 80.0, 82.0))
        assert len(ax.collections[0].get_offsets()) == 0

    def test_bad_limits(self):
        with pytest.raises(TypeError, match=r"\(lower, centre, upper\)"):
            plots.control_chart(CONTROL, limits=(79.0, 81.0))
        with pytest.raises(ValueError, match="lower <= upper"):
            plots.control_chart(CONTROL, limits=(81.0, 80.0, 79.0))


# --------------------------------------------------------------------------- loyalty charts


class TestLoyaltyMatrix:
    def test_every_customer_is_one_point_of_its_type(self):
        rng = np.random.default_rng(1)
        attitude, repeat = rng.uniform(size=50), rng.uniform(size=50)
        ax = plots.loyalty_matrix(attitude, repeat)
        types = pd.Series(loyalty_type(attitude, repeat)).value_counts()
        counted = {c.get_label(): len(c.get_offsets()) for c in ax.collections}
        assert sum(counted.values()) == 50
        assert counted["Ideal loyalty"] == types["ideal"]
        assert counted["Spurious loyalty"] == types["spurious"]

    def test_cut_lines_and_type_labels(self):
        ax = plots.loyalty_matrix([6, 6, 2, 2], [5, 1, 5, 1], attitude_cut=4, repeat_cut=3)
        assert ax.lines[0].get_xdata()[0] == 3
        assert ax.lines[1].get_ydata()[0] == 4
        texts = [t.get_text() for t in ax.texts]
        assert "Latent loyalty\nn = 1 (25%)" in texts

    def test_lengths_differ(self):
        with pytest.raises(ValueError, match="same length"):
            plots.loyalty_matrix([0.1, 0.2], [0.3])

    def test_empty(self):
        with pytest.raises(ValueError, match="attitude is empty"):
            plots.loyalty_matrix([], [])


class TestLoyaltyProfit:
    def test_one_bar_per_year_and_component_and_the_total_line(self):
        table = loyalty_profit(years=7)
        ax = plots.loyalty_profit(table)
        assert len(ax.patches) == 8 * 6
        np.testing.assert_allclose(ax.lines[0].get_ydata(), table["total"])

    def test_acquisition_cost_is_below_zero(self):
        ax = plots.loyalty_profit(loyalty_profit(years=3))
        assert ax.patches[0].get_height() == pytest.approx(-80.0)

    def test_year_column(self):
        table = pd.DataFrame({"year": [0, 1], "profit": [-10.0, 20.0]})
        ax = plots.loyalty_profit(table)
        assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1"]

    def test_text_component(self):
        with pytest.raises(TypeError, match="must hold numbers only"):
            plots.loyalty_profit(pd.DataFrame({"profit": ["high"]}))


# --------------------------------------------------------------------------- churn and retention


class TestChurnReasonsPareto:
    def test_bars_sorted_descending_and_cumulative_reaches_100(self):
        ax = plots.churn_reasons_pareto(REASONS)
        assert bar_heights(ax) == [50, 30, 15, 5]
        twin = ax.figure.axes[-1]
        assert twin is not ax
        np.testing.assert_allclose(twin.lines[0].get_ydata(), [50, 80, 95, 100])

    def test_counts_raw_labels_and_drops_missing(self):
        ax = plots.churn_reasons_pareto(pd.Series(["price", None, "price", "natural"]))
        assert bar_heights(ax) == [2, 1]

    def test_course_dataset(self):
        churn = datasets.load_telecom_churn()
        ax = plots.churn_reasons_pareto(churn["churn_reason"])
        assert sum(bar_heights(ax)) == churn["churn_reason"].notna().sum()

    def test_negative_counts(self):
        with pytest.raises(ValueError, match="non-negative counts"):
            plots.churn_reasons_pareto({"price": -1})

    def test_empty(self):
        with pytest.raises(ValueError, match="reasons is empty"):
            plots.churn_reasons_pareto([])

    def test_only_missing_labels(self):
        with pytest.raises(ValueError, match="only missing labels"):
            plots.churn_reasons_pareto(pd.Series([None, None], dtype=object))

    def test_zero_total(self):
        with pytest.raises(ValueError, match="add up to 0"):
            plots.churn_reasons_pareto({"price": 0})

    def test_single_string(self):
        with pytest.raises(TypeError, match="reasons must be counts"):
            plots.churn_reasons_pareto("price")


class TestCohortHeatmap:
    def test_image_shape_and_one_label_per_observed_cell(self):
        ax = plots.cohort_heatmap(COHORTS)
        assert ax.images[0].get_array().shape == (3, 3)
        assert sorted(t.get_text() for t in ax.texts) == sorted(
            ["100%", "50%", "40%", "100%", "60%", "100%"]
        )

    def test_missing_cells_stay_blank(self):
        mask = np.ma.getmaskarray(plots.cohort_heatmap(COHORTS).images[0].get_array())
        np.testing.assert_array_equal(mask, COHORTS.isna().to_numpy())

    def test_percentages_are_rejected(self):
        with pytest.raises(ValueError, match="fractions in \\[0, 1\\]"):
            plots.cohort_heatmap(COHORTS * 100)

    def test_all_missing(self):
        with pytest.raises(ValueError, match="every cell is missing"):
            plots.cohort_heatmap(pd.DataFrame([[np.nan]]))

    def test_not_a_dataframe(self):
        with pytest.raises(TypeError, match="table must be a pandas DataFrame"):
            plots.cohort_heatmap([[1.0, 0.5]])


class TestSurvivalCurve:
    def test_median_in_the_legend_and_marked(self):
        ax = plots.survival_curve({"basic": CURVE})
        assert ax.get_legend().get_texts()[0].get_text() == "basic (median 18 months)"
        assert ax.lines[1].get_xdata()[0] == 18.0

    def test_one_step_line_per_group(self):
        curves = {
            "basic": survival_curve([2, 3, 3, 5], [True, True, False, True]),
            "premium": survival_curve([4, 6, 8, 9], [True, False, False, False]),
        }
        ax = plots.survival_curve(curves, time_unit="years")
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == ["basic (median 3 years)", "premium (median not reached)"]

    def test_a_series_is_all_customers(self):
        ax = plots.survival_curve(CURVE)
        assert ax.get_legend().get_texts()[0].get_text().startswith("All customers")

    def test_curve_starting_late_is_drawn_from_one(self):
        ax = plots.survival_curve(pd.Series([0.9, 0.4], index=[3.0, 5.0]))
        assert ax.lines[0].get_ydata()[0] == 100.0

    def test_values_above_one(self):
        with pytest.raises(ValueError, match="survival share"):
            plots.survival_curve(pd.Series([1.0, 80.0]))

    def test_group_that_is_not_a_series(self):
        with pytest.raises(TypeError, match=r"curves\['a'\] must be a Series"):
            plots.survival_curve({"a": [1.0, 0.5]})

    def test_empty_dict(self):
        with pytest.raises(ValueError, match="curves is empty"):
            plots.survival_curve({})


class TestRetentionCurves:
    def test_one_line_per_rate_with_r_to_the_t(self):
        ax = plots.retention_curves([0.8, 0.9], periods=4)
        assert len(ax.lines) == 2
        np.testing.assert_allclose(ax.lines[0].get_ydata(), [100 * 0.8**t for t in range(5)])
        assert "expected lifetime 5.0 periods" in ax.lines[0].get_label()
        assert ax.lines[0].get_marker() != ax.lines[1].get_marker()

    def test_no_churn(self):
        assert "no churn" in plots.retention_curves(1.0, periods=2).lines[0].get_label()

    def test_percentage_is_rejected(self):
        with pytest.raises(ValueError, match="Use 0.8"):
            plots.retention_curves(80)

    def test_empty(self):
        with pytest.raises(ValueError, match="retentions is empty"):
            plots.retention_curves([])

    @settings(max_examples=20, deadline=None)
    @given(st.floats(0, 1), st.integers(0, 30))
    def test_curve_starts_at_100_and_never_rises(self, r, periods):
        ax = plots.retention_curves(r, periods)
        y = ax.lines[0].get_ydata()
        assert len(y) == periods + 1
        assert y[0] == 100.0
        assert np.all(np.diff(y) <= 1e-9)
        plt.close(ax.figure)


class TestRfmHeatmap:
    def test_counts_per_r_and_f_score_best_recency_on_top(self):
        ax = plots.rfm_heatmap(RFM)
        grid = ax.images[0].get_array()
        assert grid.shape == (3, 3)
        assert grid.sum() == 6
        assert grid[0, 2] == 2  # R = 3 (top row), F = 3

    def test_mean_of_a_column_leaves_empty_cells_blank(self):
        grid = plots.rfm_heatmap(RFM, value="monetary").images[0].get_array()
        assert grid[0, 0] == 60.0
        assert np.ma.getmaskarray(grid)[2, 2]

    def test_course_transactions(self):
        table = rfm(datasets.load_transactions(), "2024-12-31")
        grid = plots.rfm_heatmap(table).images[0].get_array()
        assert grid.sum() == len(table)

    def test_missing_score_column(self):
        with pytest.raises(ValueError, match="missing column.*'F'"):
            plots.rfm_heatmap(RFM[["R"]])


def test_chinese_charts_print_no_font_warning(caplog):
    """A Chinese font without a bold face must not leave a warning under the chart."""
    from crmlab.plots import _style

    font = _style.find_cjk_font()
    if font is None:
        pytest.skip("no Chinese font installed (Debian: apt-get install fonts-wqy-microhei)")
    with caplog.at_level("WARNING", logger="matplotlib.font_manager"):
        ax = plots.clv_by_year([500] * 5, 0.09, acquisition_cost=400, lang="zh")
        ax.figure.canvas.draw()
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
    plt.close(ax.figure)
