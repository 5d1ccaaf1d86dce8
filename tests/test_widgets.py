"""Tests of crmlab.widgets: explorers driven without a browser, checked against the core."""

import matplotlib

matplotlib.use("Agg")

import base64
import re

import ipywidgets
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from crmlab import datasets, i18n, widgets
from crmlab.retention import expected_lifetime_from_retention, retention_curve
from crmlab.satisfaction import (
    KANO_LABELS,
    SIMPLE_INDEX,
    IndicatorTree,
    better_worse,
    kano_category,
)
from crmlab.states import (
    CUSTOMER_FLOW,
    STATES,
    classify_states,
    count_states,
    simulate_flow,
    steady_state,
    transition_matrix,
)
from crmlab.value import (
    annuity_factor,
    churn_loss,
    clv,
    group_churn_loss,
    group_clv,
    retention_clv,
)

FACTORIES = [
    widgets.clv_calculator,
    widgets.churn_loss_calculator,
    widgets.flow_simulator,
    widgets.satisfaction_index_explorer,
    widgets.kano_classifier,
    widgets.retention_explorer,
]
WITH_CHART = {"clv_calculator", "flow_simulator", "satisfaction_index_explorer",
              "retention_explorer"}  # fmt: skip


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def course_chain():
    """The 5-state chain of the course data, 2023-12-31 to 2024-12-31, and the 2024 counts."""
    log, customers = datasets.load_transactions(), datasets.load_customers()
    before = classify_states(log, "2023-12-31", customers=customers)
    after = classify_states(log, "2024-12-31", customers=customers)
    return transition_matrix(before, after), count_states(after)


FIVE = ["potential", "first-time", "repeat", "loyal", "churned"]


def count_computations(explorer):
    """Wrap the explorer's compute function to count recomputations."""
    calls = []
    compute = explorer._compute

    def counted(inputs):
        calls.append(inputs)
        return compute(inputs)

    explorer._compute = counted
    return calls


# --------------------------------------------------------------------------- the shared pattern


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_builds_a_vbox_with_controls_result_and_values(factory):
    w = factory()
    assert isinstance(w, ipywidgets.VBox)
    assert isinstance(w, widgets.Explorer)
    assert w.controls and all(isinstance(c, ipywidgets.Widget) for c in w.controls.values())
    assert isinstance(w.result, ipywidgets.HTML)
    assert w.result in w.children
    assert w.error is None
    assert w.computed
    assert "⚠" not in w.result.value


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_chart_is_a_png_in_an_output_and_leaves_pyplot_empty(factory):
    w = factory()
    if factory.__name__ not in WITH_CHART:
        assert w.chart is None
        return
    assert isinstance(w.chart, ipywidgets.Output)
    assert w.chart in w.children
    (message,) = w.chart.outputs
    assert base64.b64decode(message["data"]["image/png"]).startswith(b"\x89PNG")
    assert w.figure.axes[0].get_title()
    assert plt.get_fignums() == []


def test_one_recomputation_per_move():
    w = widgets.retention_explorer()
    calls = count_computations(w)
    w.controls["retention"].value = 0.7
    assert len(calls) == 1


def test_set_values_recomputes_once():
    w = widgets.clv_calculator()
    calls = count_computations(w)
    w.set_values(margin=100.0, years=3, rate=0.1)
    assert len(calls) == 1
    assert w.computed["clv"] == pytest.approx(clv([100.0] * 3, 0.1, acquisition_cost=400.0))


def test_set_values_names_unknown_controls():
    with pytest.raises(KeyError, match="No control.*'horizon'.*'years'"):
        widgets.clv_calculator().set_values(horizon=3)


def test_error_then_valid_input_recovers():
    w = widgets.clv_calculator()
    w.controls["acquisition_cost"].value = -1.0
    assert w.computed == {}
    assert w.chart.outputs == ()
    assert w.figure is None
    w.controls["acquisition_cost"].value = 400.0
    assert w.error is None
    assert "CLV: 1,544.83" in w.result.value


# --------------------------------------------------------------------------- CLV


class TestClvCalculator:
    def test_seed001_defaults(self):
        w = widgets.clv_calculator()
        assert "CLV: 1,544.83" in w.result.value
        assert w.computed["clv"] == pytest.approx(1544.83, abs=0.005)
        assert w.computed["annuity_factor"] == pytest.approx(3.889651, abs=1e-6)
        assert w.computed["expected_lifetime"] == pytest.approx(5.0)
        # Dwyer with T = 1 / 0.2 = 5 years, no acquisition cost: 500 x 3.889651.
        assert w.computed["group_clv"] == pytest.approx(1944.83, abs=0.005)
        assert "Group CLV (Dwyer): 1,944.83" in w.result.value

    @pytest.mark.parametrize("years", [1, 3, 10, 30])
    def test_moving_the_horizon_matches_value_clv(self, years):
        w = widgets.clv_calculator()
        w.controls["years"].value = years
        expected = clv([500.0] * years, 0.09, acquisition_cost=400.0)
        assert w.computed["clv"] == pytest.approx(expected)
        assert w.computed["annuity_factor"] == pytest.approx(annuity_factor(years, 0.09))
        assert f"CLV: {expected:,.2f}" in w.result.value

    def test_churn_moves_retention_and_both_clvs(self):
        w = widgets.clv_calculator()
        w.controls["churn_rate"].value = 0.1
        assert w.controls["retention_rate"].value == 0.9
        assert w.computed["group_clv"] == pytest.approx(group_clv(500.0, 0.1, 0.09))
        assert w.computed["retention_clv"] == pytest.approx(retention_clv(500.0, 0.9, 0.09))
        assert w.computed["expected_lifetime"] == pytest.approx(10.0)

    def test_retention_moves_churn(self):
        w = widgets.clv_calculator()
        calls = count_computations(w)
        w.controls["retention_rate"].value = 0.7
        assert w.controls["churn_rate"].value == 0.3
        assert len(calls) == 1
        assert w.computed["group_clv"] == pytest.approx(group_clv(500.0, 0.3, 0.09))

    def test_discount_rate_and_margin(self):
        w = widgets.clv_calculator()
        w.set_values(rate=0.1, margin=100.0, acquisition_cost=0.0)
        assert w.computed["clv"] == pytest.approx(379.08, abs=0.005)  # 100 x a(5, 10%)
        assert w.computed["group_clv"] == pytest.approx(379.08, abs=0.005)

    def test_negative_acquisition_cost_shows_a_message(self):
        w = widgets.clv_calculator()
        w.controls["acquisition_cost"].value = -50.0
        assert w.computed == {}
        assert "⚠ Check the inputs:" in w.result.value
        assert "acquisition_cost" in w.error


class TestChurnLossCalculator:
    def test_course_example(self):
        w = widgets.churn_loss_calculator()
        assert "Group churn loss: 2,917,245.00" in w.result.value
        assert w.computed["churned_customers"] == pytest.approx(1500)
        assert "Loss from one churned customer: 1,465.27" in w.result.value

    def test_controls_match_the_core_functions(self):
        w = widgets.churn_loss_calculator()
        w.set_values(n_customers=2000, churn_rate=0.3, lifetime_value=1000.0)
        assert w.computed["loss"] == pytest.approx(group_churn_loss(2000, 0.3, 1000.0))
        assert "Group churn loss: 600,000.00" in w.result.value
        w.set_values(invested_cost=100.0, realized_value=250.0)
        assert w.computed["customer_loss"] == pytest.approx(churn_loss(100.0, 1000.0, 250.0))

    def test_realized_above_lifetime_value_shows_a_message(self):
        w = widgets.churn_loss_calculator()
        w.controls["realized_value"].value = 5000.0
        assert w.computed == {}
        assert "realized_value cannot exceed lifetime_value" in w.result.value

    def test_negative_customers_shows_a_message(self):
        w = widgets.churn_loss_calculator()
        w.controls["n_customers"].value = -5
        assert "n_customers" in w.error


# --------------------------------------------------------------------------- flow


class TestFlowSimulator:
    def test_defaults_follow_the_course_chain(self):
        w = widgets.flow_simulator()
        start = {"potential": 600, "target": 200, "first-time": 100, "repeat": 60, "loyal": 40}
        expected = simulate_flow(start, CUSTOMER_FLOW, 8)
        pd.testing.assert_frame_equal(w.computed["flow"], expected)
        pd.testing.assert_series_equal(w.computed["steady_state"], steady_state(CUSTOMER_FLOW))
        assert f"Loyal customers after 8 periods: {expected['loyal'].iloc[-1]:,.2f}" in (
            w.result.value
        )

    def test_slider_sets_its_cell_and_the_diagonal_absorbs_it(self):
        w = widgets.flow_simulator()
        w.controls["churn_loyal"].value = 0.3
        matrix = w.computed["transitions"]
        assert matrix.loc["loyal", "churned"] == 0.3
        assert matrix.loc["loyal", "loyal"] == pytest.approx(0.65)
        assert matrix.sum(axis=1).to_numpy() == pytest.approx([1.0] * 7)
        start = {"potential": 600, "target": 200, "first-time": 100, "repeat": 60, "loyal": 40}
        pd.testing.assert_frame_equal(w.computed["flow"], simulate_flow(start, matrix, 8))

    def test_develop_moves_both_potential_and_target(self):
        w = widgets.flow_simulator()
        w.controls["develop"].value = 0.2
        matrix = w.computed["transitions"]
        assert matrix.loc["potential", "first-time"] == 0.2
        assert matrix.loc["target", "first-time"] == 0.2

    def test_periods(self):
        w = widgets.flow_simulator(initial_counts={"first-time": 10})
        w.controls["periods"].value = 3
        assert w.computed["flow"].shape == (4, 7)
        assert w.computed["flow"].iloc[0]["first-time"] == 10

    def test_moves_out_of_a_state_above_one_show_a_message(self):
        w = widgets.flow_simulator()
        w.controls["lost_forever"].value = 0.95
        assert w.computed == {}
        assert "leaving 'churned' add up to 1.10" in w.result.value

    def test_chain_without_a_steady_state_still_simulates(self):
        absorbing = CUSTOMER_FLOW.copy()
        absorbing.loc["non-customer"] = 0.0
        absorbing.loc["non-customer", "non-customer"] = 1.0
        absorbing.loc["potential"] = 0.0
        absorbing.loc["potential", "potential"] = 1.0
        w = widgets.flow_simulator(transitions=absorbing)
        assert w.computed["steady_state"] is None
        assert "more than one stationary distribution" in w.result.value

    def test_transitions_must_be_square_with_rows_summing_to_one(self):
        # dropping non-customer loses potential's 0.04 that go there
        with pytest.raises(ValueError, match="row 'potential' sums to 0.96"):
            widgets.flow_simulator(transitions=CUSTOMER_FLOW.iloc[:6, :6])
        with pytest.raises(ValueError, match="columns without a row: 'non-customer'"):
            widgets.flow_simulator(transitions=CUSTOMER_FLOW.iloc[:6, :])
        vip = pd.DataFrame([[1.0]], index=["vip"], columns=["vip"])
        with pytest.raises(ValueError, match="unknown state"):
            widgets.flow_simulator(transitions=vip)

    def test_five_state_chain_from_the_course_data(self, course_chain):
        P, counts = course_chain
        assert list(P.index) == FIVE and list(P.columns) == FIVE
        # count_states lists all 7 states; target and non-customer hold 0 and are dropped
        w = widgets.flow_simulator(initial_counts=counts, transitions=P)
        assert w.error is None
        expected = simulate_flow(counts[FIVE], P, 8)
        pd.testing.assert_frame_equal(w.computed["flow"], expected)
        pd.testing.assert_series_equal(w.computed["steady_state"], steady_state(P))
        assert f"Loyal customers after 8 periods: {expected['loyal'].iloc[-1]:,.2f}" in (
            w.result.value
        )
        chart = w.figure.axes[0]
        assert [t.get_text() for t in chart.get_legend().get_texts()] == FIVE[::-1]

    def test_sliders_without_a_cell_are_hidden_and_disabled(self, course_chain):
        P, counts = course_chain
        w = widgets.flow_simulator(initial_counts=counts, transitions=P)
        lost = w.controls["lost_forever"]
        assert lost.disabled and lost.layout.display == "none" and lost.value == 0.0
        others = [n for n in w.controls if n != "lost_forever"]
        assert not any(w.controls[n].disabled for n in others)
        assert w.controls["develop"].value == P.loc["potential", "first-time"]
        assert w.controls["win_back"].value == P.loc["churned", "repeat"]
        note = w.children[1].children[-1].value
        assert "Lost forever" in note and "'non-customer'" in note

    def test_five_state_sliders_move_their_cells(self, course_chain):
        P, counts = course_chain
        w = widgets.flow_simulator(initial_counts=counts, transitions=P)
        w.set_values(win_back=0.2, develop=0.05)
        matrix = w.computed["transitions"]
        assert list(matrix.index) == FIVE
        assert matrix.loc["churned", "repeat"] == 0.2
        assert matrix.loc["potential", "first-time"] == 0.05
        assert matrix.sum(axis=1).to_numpy() == pytest.approx([1.0] * 5)
        assert matrix.loc["churned", "churned"] == pytest.approx(
            1 - 0.2 - P.loc["churned", "loyal"]
        )

    def test_a_hidden_slider_set_anyway_shows_a_message(self, course_chain):
        w = widgets.flow_simulator(transitions=course_chain[0])
        w.controls["lost_forever"].value = 0.2
        assert "lost_forever must be 0 for this matrix" in w.result.value
        assert "'non-customer'" in w.error

    def test_default_counts_are_those_of_the_chain_states(self, course_chain):
        w = widgets.flow_simulator(transitions=course_chain[0])
        start = w.computed["flow"].iloc[0]
        assert start.to_dict() == {
            "potential": 600.0,
            "first-time": 100.0,
            "repeat": 60.0,
            "loyal": 40.0,
            "churned": 0.0,
        }

    def test_customers_in_a_state_the_chain_lacks_show_a_message(self, course_chain):
        w = widgets.flow_simulator(initial_counts={"target": 5, "repeat": 10},
                                   transitions=course_chain[0])  # fmt: skip
        assert "initial_counts has state(s) 'target'" in w.error

    def test_chain_without_loyal_reports_all_customers(self):
        two = pd.DataFrame(
            [[0.8, 0.2], [0.1, 0.9]], index=["repeat", "churned"], columns=["repeat", "churned"]
        )
        w = widgets.flow_simulator(initial_counts={"repeat": 100}, transitions=two, periods=3)
        assert "Customers after 3 periods: 100.00" in w.result.value
        assert w.computed["flow"].shape == (4, 2)

    def test_flow_transitions_on_a_subset_of_the_states(self, course_chain):
        P = course_chain[0]
        new = widgets.flow_transitions(P, develop=0.1, lost_forever=0.0)
        assert new.loc["potential", "first-time"] == 0.1
        assert list(new.index) == FIVE
        with pytest.raises(ValueError, match="lost_forever must be 0 .* 'non-customer'"):
            widgets.flow_transitions(P, lost_forever=0.1)

    def test_flow_transitions_rejects_unknown_names_and_percentages(self):
        with pytest.raises(ValueError, match="Unknown probability 'upsell'"):
            widgets.flow_transitions(CUSTOMER_FLOW, upsell=0.1)
        with pytest.raises(ValueError, match="Use 0.3"):
            widgets.flow_transitions(CUSTOMER_FLOW, churn_loyal=30)
        assert list(widgets.flow_transitions(CUSTOMER_FLOW).index) == list(STATES)


# --------------------------------------------------------------------------- satisfaction


class TestSatisfactionIndexExplorer:
    def test_seed004_check_all_80_gives_80(self):
        w = widgets.satisfaction_index_explorer()
        assert w.computed["index"] == pytest.approx(80.0)
        assert "Satisfaction index Y: 80.00" in w.result.value
        assert w.computed["weakest"] is None

    def test_leaf_answers_match_the_seed004_tree(self):
        w = widgets.satisfaction_index_explorer()
        w.set_values(X331=30, X332=30, X311=90)
        answers = {leaf: 80 for leaf in SIMPLE_INDEX.leaf_ids} | {
            "X331": 30,
            "X332": 30,
            "X311": 90,
        }
        expected = SIMPLE_INDEX.score(answers)
        assert w.computed["index"] == pytest.approx(expected)
        assert f"Satisfaction index Y: {expected:,.2f}" in w.result.value
        assert w.computed["weakest"] == "X23"
        assert "Weakest indicator: <b>X23 installation quality</b>" in w.result.value

    def test_weights_that_do_not_sum_to_one_show_a_warning(self):
        w = widgets.satisfaction_index_explorer()
        w.controls["w_X21"].value = 0.5
        assert w.computed == {}
        assert "The five weights add up to 1.20, not 1" in w.result.value

    def test_renormalized_weights(self):
        w = widgets.satisfaction_index_explorer()
        w.set_values(w_X21=0.5, normalize=True, X311=50, X312=50, X313=50)
        weights = {"X21": 0.5, "X22": 0.3, "X23": 0.1, "X24": 0.15, "X25": 0.15}
        weights = {k: v / 1.2 for k, v in weights.items()}
        assert w.computed["weights"] == pytest.approx(weights)
        tree = IndicatorTree(
            {g: (weights[g], {c.id: c.weight for c in SIMPLE_INDEX[g].children}) for g in weights}
        )
        answers = {leaf: w.controls[leaf].value for leaf in SIMPLE_INDEX.leaf_ids}
        assert w.computed["index"] == pytest.approx(tree.score(answers))

    def test_all_weights_zero_show_a_message(self):
        w = widgets.satisfaction_index_explorer()
        w.set_values(w_X21=0, w_X22=0, w_X23=0, w_X24=0, w_X25=0, normalize=True)
        assert "At least one weight must be positive" in w.result.value

    def test_starting_scores_and_weights(self):
        w = widgets.satisfaction_index_explorer(
            scores={"X341": 20},
            weights={"X21": 0.2, "X22": 0.2, "X23": 0.2, "X24": 0.2, "X25": 0.2},
        )
        assert w.computed["weakest"] == "X24"
        assert w.computed["index"] == pytest.approx(80 - 0.2 * 0.5 * 60)


class TestKanoClassifier:
    @pytest.mark.parametrize(
        ("functional", "dysfunctional"),
        [("like", "dislike"), ("like", "neutral"), ("neutral", "dislike"), ("dislike", "like")],
    )
    def test_category_matches_kano_category(self, functional, dysfunctional):
        w = widgets.kano_classifier()
        w.set_values(functional=functional, dysfunctional=dysfunctional)
        category = kano_category(functional, dysfunctional)
        assert w.computed["category"] == category
        assert f"Category: {category}" in w.result.value

    def test_default_is_one_dimensional_with_better_and_worse(self):
        w = widgets.kano_classifier()
        assert "Category: O</b> = one-dimensional" in w.result.value
        assert (w.computed["better"], w.computed["worse"]) == pytest.approx((0.5, -0.6))

    def test_counts_match_better_worse(self):
        w = widgets.kano_classifier()
        w.set_values(A=10, O=5, M=5, I=20, R=3)
        expected = better_worse({"A": 10, "O": 5, "M": 5, "I": 20, "R": 3})
        assert (w.computed["better"], w.computed["worse"]) == pytest.approx(tuple(expected))
        assert f"Better = {expected.better:.2f}" in w.result.value

    def test_no_core_answers_keep_the_category_and_explain(self):
        w = widgets.kano_classifier()
        w.set_values(A=0, O=0, M=0, I=0, R=4)
        assert w.error is None
        assert w.computed["category"] == "O"
        assert w.computed["better"] is None
        assert "A + O + M + I = 0" in w.result.value


class TestRetentionExplorer:
    def test_course_example(self):
        w = widgets.retention_explorer()
        assert "Expected lifetime: 5.00 periods" in w.result.value
        assert "Retention CLV: 266.67" in w.result.value
        assert w.computed["compare_clv"] == pytest.approx(340.0)
        assert "gain 73.33" in w.result.value

    def test_moving_retention_matches_the_core(self):
        w = widgets.retention_explorer()
        w.set_values(retention=0.9, periods=5)
        assert w.computed["expected_lifetime"] == pytest.approx(
            expected_lifetime_from_retention(0.9)
        )
        pd.testing.assert_series_equal(w.computed["curve"], retention_curve(0.9, 5))
        assert w.computed["retention_clv"] == pytest.approx(retention_clv(100.0, 0.9, 0.1))
        assert w.computed["compare_retention"] == pytest.approx(0.95)
        assert len(w.figure.axes[0].lines) == 2

    def test_without_comparison(self):
        w = widgets.retention_explorer()
        w.controls["compare"].value = False
        assert "compare_clv" not in w.computed
        assert len(w.figure.axes[0].lines) == 1

    def test_no_comparison_at_the_top(self):
        w = widgets.retention_explorer()
        w.controls["retention"].value = 0.97
        assert "would reach 100%" in w.result.value
        assert "compare_clv" not in w.computed

    def test_missing_margin_shows_a_message(self):
        w = widgets.retention_explorer()
        w.controls["margin"].value = float("nan")
        assert "margin must be finite" in w.result.value


# ---------------------------------------------------------------- the course language

#: English that may stay in a Chinese explorer: the Kano coefficients' names,
#: the Dwyer method, and the English term after a Chinese one (期望质量（one-dimensional quality）).
_ALLOWED_ENGLISH = {"Better", "Worse", "Dwyer", "one-dimensional", "quality"}


def _shown_text(explorer) -> str:
    """Every text a student sees: headings, labels, dropdown options and the result."""
    texts = [explorer.result.value]
    stack = [explorer]
    while stack:
        widget = stack.pop()
        stack.extend(getattr(widget, "children", ()))
        if isinstance(widget, ipywidgets.HTML):
            texts.append(widget.value)
        texts.append(getattr(widget, "description", ""))
        texts.extend(label for label, _ in getattr(widget, "_options_labels_values", ()))
        texts.extend(str(label) for label in getattr(widget, "_options_labels", ()))
    return re.sub(r"<[^>]+>", " ", " ".join(texts))


def _english_prose(text: str) -> list[str]:
    """Words of two or more letters that are not formula symbols (r_L, a(5, 9%), X311...)."""
    words = re.findall(r"(?<![\w(])[A-Za-z][A-Za-z-]+(?![\w(])", text)
    return [w for w in words if w not in _ALLOWED_ENGLISH]


@pytest.mark.parametrize(
    "make",
    [
        widgets.clv_calculator,
        widgets.churn_loss_calculator,
        widgets.retention_explorer,
        widgets.satisfaction_index_explorer,
        widgets.kano_classifier,
        widgets.flow_simulator,
    ],
)
def test_explorers_speak_chinese_when_the_course_language_is_chinese(make, monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", "zh")
    w = make()
    text = _shown_text(w)
    assert re.search(r"[\u4e00-\u9fff]", w.result.value)
    assert _english_prose(text) == [], text
    assert w.error is None


def test_chinese_explorer_numbers_and_errors(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", "zh")
    w = widgets.clv_calculator()
    assert "客户终生价值：1,544.83 元" in w.result.value
    w = widgets.satisfaction_index_explorer()
    w.controls["w_X21"].value = 0.5
    assert "⚠ 请检查输入：" in w.result.value
    assert "五个权重之和为 1.20" in w.error
    assert _english_prose(w.error) == []
    k = widgets.kano_classifier()
    assert k.controls["functional"].label == "喜欢"
    k.set_values(functional="like", dysfunctional="neutral")
    assert k.computed["category"] == "A"
    f = widgets.flow_simulator()
    assert "潜在客户" in f.result.value and f.computed["flow"].columns[0] == "potential"


def test_kano_meanings_are_the_glossary_definitions():
    for category, term in KANO_LABELS.items():
        english = i18n.catalog("en")[f"widgets.kano.meaning.{category}"]
        assert english + "." == term.description


def test_the_english_check_sees_english_labels_and_options():
    text = _shown_text(widgets.kano_classifier())
    assert {"feature", "present", "must-be", "Category"} <= set(_english_prose(text))
