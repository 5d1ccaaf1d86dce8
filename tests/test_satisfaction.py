"""Tests of crmlab.satisfaction (unit 03).

Every expected number names its source: a seed file, COURSE.md, a paper, or a
hand computation written out in the test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from crmlab.satisfaction import (
    CSI_MEASUREMENT_STEPS,
    DEALER_CSI_STEPS,
    DEALER_SSI_STEPS,
    KANO_ANSWERS,
    KANO_LABELS,
    KANO_TABLE,
    SATISFACTION_INDICATORS,
    SERVQUAL_DIMENSIONS,
    SIMPLE_INDEX,
    ControlLimits,
    IndicatorTree,
    better_worse,
    control_limits,
    cronbach_alpha,
    importance_performance,
    kano_category,
    kano_summary,
    nps,
    out_of_control,
    sample_size,
    satisfaction_level,
    satisfaction_ratio,
)

LEAVES = (
    "X311",
    "X312",
    "X313",
    "X321",
    "X322",
    "X323",
    "X324",
    "X331",
    "X332",
    "X341",
    "X342",
    "X343",
    "X351",
    "X352",
)

# A non-constant respondent; the seed 004 formula gives, by hand:
# X21 = 0.40*90 + 0.20*70 + 0.40*80 = 82
# X22 = 0.30*60 + 0.25*80 + 0.15*100 + 0.30*70 = 74
# X23 = 0.60*90 + 0.40*50 = 74
# X24 = 0.50*80 + 0.25*60 + 0.25*100 = 80
# X25 = 0.60*70 + 0.40*90 = 78
# Y = 0.30*82 + 0.30*74 + 0.10*74 + 0.15*80 + 0.15*78 = 77.9
HAND = {
    "X311": 90,
    "X312": 70,
    "X313": 80,
    "X321": 60,
    "X322": 80,
    "X323": 100,
    "X324": 70,
    "X331": 90,
    "X332": 50,
    "X341": 80,
    "X342": 60,
    "X343": 100,
    "X351": 70,
    "X352": 90,
}
HAND_SECOND_LEVEL = {"X21": 82.0, "X22": 74.0, "X23": 74.0, "X24": 80.0, "X25": 78.0}


def seed004_formula(x):
    """Y exactly as printed in seed 004, written out term by term."""
    return (
        0.30 * (0.40 * x["X311"] + 0.20 * x["X312"] + 0.40 * x["X313"])
        + 0.30 * (0.30 * x["X321"] + 0.25 * x["X322"] + 0.15 * x["X323"] + 0.30 * x["X324"])
        + 0.10 * (0.60 * x["X331"] + 0.40 * x["X332"])
        + 0.15 * (0.50 * x["X341"] + 0.25 * x["X342"] + 0.25 * x["X343"])
        + 0.15 * (0.60 * x["X351"] + 0.40 * x["X352"])
    )


# ---------------------------------------------------------------------------
# satisfaction_ratio and satisfaction_level (seed 001)
# ---------------------------------------------------------------------------


def test_seed001_ratio_is_perceived_over_expected():
    assert satisfaction_ratio(9, 8) == pytest.approx(1.125)
    assert satisfaction_ratio(6, 8) == pytest.approx(0.75)
    np.testing.assert_allclose(satisfaction_ratio([6, 8, 9], [8, 8, 6]), [0.75, 1.0, 1.5])


def test_ratio_keeps_series_index():
    perceived = pd.Series([8.0, 9.0], index=["r1", "r2"])
    result = satisfaction_ratio(perceived, 8)
    assert list(result.index) == ["r1", "r2"]
    assert result.tolist() == pytest.approx([1.0, 1.125])


def test_ratio_rejects_series_with_different_indexes():
    with pytest.raises(ValueError, match="must carry the same labels"):
        satisfaction_ratio(pd.Series([1.0], index=["a"]), pd.Series([1.0], index=["b"]))


@pytest.mark.parametrize("expected", [0, -2])
def test_ratio_rejects_expected_not_positive(expected):
    with pytest.raises(ValueError, match="expected must be a positive number"):
        satisfaction_ratio(5, expected)


def test_ratio_rejects_negative_perceived():
    with pytest.raises(ValueError, match="perceived must be a non-negative number"):
        satisfaction_ratio(-1, 5)


def test_ratio_rejects_nan():
    with pytest.raises(ValueError, match="perceived must be finite"):
        satisfaction_ratio([np.nan, 1.0], [1.0, 1.0])


def test_ratio_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="perceived has 2 values, expected has 3 values"):
        satisfaction_ratio([1, 2], [1, 2, 3])


def test_ratio_rejects_text():
    with pytest.raises(TypeError, match="perceived"):
        satisfaction_ratio("high", 5)


positive = st.floats(min_value=0.1, max_value=1e3, allow_nan=False)


@given(b=positive, a=positive, k=st.floats(min_value=0.1, max_value=100))
def test_ratio_scales(b, a, k):
    # Changing the unit of both scores leaves C unchanged; scaling B scales C.
    assert satisfaction_ratio(k * b, k * a) == pytest.approx(satisfaction_ratio(b, a))
    assert satisfaction_ratio(k * b, a) == pytest.approx(k * satisfaction_ratio(b, a))


@pytest.mark.parametrize(
    ("ratio", "level"),
    [
        (0.94, "dissatisfied"),
        (0.95, "met"),
        (1.0, "met"),
        (105 / 100, "met"),  # on the 5% boundary despite 1.05 - 1 > 0.05 in floats
        (1.06, "exceeded"),
        (0.0, "dissatisfied"),
    ],
)
def test_seed001_levels_with_default_tolerance(ratio, level):
    assert satisfaction_level(ratio) == level


def test_level_with_zero_tolerance():
    assert satisfaction_level([1.0, 1.01, 0.99], tolerance=0).tolist() == [
        "met",
        "exceeded",
        "dissatisfied",
    ]


def test_level_series_in_series_out():
    ratio = pd.Series([0.5, 1.0, 1.5], index=[10, 11, 12])
    result = satisfaction_level(ratio)
    assert isinstance(result, pd.Series)
    assert list(result.index) == [10, 11, 12]
    assert result.tolist() == ["dissatisfied", "met", "exceeded"]


def test_level_from_ratio_pipeline():
    levels = satisfaction_level(satisfaction_ratio([6, 8, 9], [8, 8, 6]))
    assert levels.tolist() == ["dissatisfied", "met", "exceeded"]


def test_level_rejects_percentage_tolerance():
    with pytest.raises(ValueError, match="Use 0.05"):
        satisfaction_level(1.0, tolerance=5)


@pytest.mark.parametrize("tolerance", [-0.1, 1.0])
def test_level_rejects_tolerance_outside_range(tolerance):
    with pytest.raises(ValueError, match=r"tolerance must be a fraction in \[0, 1\)"):
        satisfaction_level(1.0, tolerance=tolerance)


def test_level_rejects_negative_or_nan_ratio():
    with pytest.raises(ValueError, match="ratio must be a non-negative number"):
        satisfaction_level(-0.5)
    with pytest.raises(ValueError, match="ratio must be finite"):
        satisfaction_level([1.0, np.nan])


# ---------------------------------------------------------------------------
# SIMPLE_INDEX: the seed 004 weighted index
# ---------------------------------------------------------------------------


def test_seed004_tree_structure():
    assert SIMPLE_INDEX.root == "Y"
    assert SIMPLE_INDEX.second_level_ids == ("X21", "X22", "X23", "X24", "X25")
    assert SIMPLE_INDEX.leaf_ids == LEAVES
    weights = SIMPLE_INDEX.to_frame()["weight"]
    assert weights[["X21", "X22", "X23", "X24", "X25"]].tolist() == [0.30, 0.30, 0.10, 0.15, 0.15]
    assert weights[list(LEAVES)].tolist() == [
        0.40, 0.20, 0.40, 0.30, 0.25, 0.15, 0.30, 0.60, 0.40, 0.50, 0.25, 0.25, 0.60, 0.40,
    ]  # fmt: skip


def test_seed004_every_answer_80_gives_80():
    answers = dict.fromkeys(LEAVES, 80)
    assert SIMPLE_INDEX.score(answers) == pytest.approx(80.0)
    assert SIMPLE_INDEX.score(pd.Series(answers)) == pytest.approx(80.0)
    frame = pd.DataFrame([answers, answers])
    assert SIMPLE_INDEX.score(frame).tolist() == pytest.approx([80.0, 80.0])


def test_seed004_hand_computed_example():
    assert SIMPLE_INDEX.score(HAND) == pytest.approx(77.9)
    assert seed004_formula(HAND) == pytest.approx(77.9)
    second = SIMPLE_INDEX.second_level_scores(HAND)
    assert second.to_dict() == pytest.approx(HAND_SECOND_LEVEL)


def test_seed004_contributions_add_up_to_y():
    contributions = SIMPLE_INDEX.second_level_scores(HAND, weighted=True)
    # 0.30*82, 0.30*74, 0.10*74, 0.15*80, 0.15*78 by hand
    assert contributions.tolist() == pytest.approx([24.6, 22.2, 7.4, 12.0, 11.7])
    assert contributions.sum() == pytest.approx(77.9)


def test_seed004_leaf_weights_are_path_products():
    expected = {
        "X311": 0.30 * 0.40,
        "X312": 0.30 * 0.20,
        "X313": 0.30 * 0.40,
        "X321": 0.30 * 0.30,
        "X322": 0.30 * 0.25,
        "X323": 0.30 * 0.15,
        "X324": 0.30 * 0.30,
        "X331": 0.10 * 0.60,
        "X332": 0.10 * 0.40,
        "X341": 0.15 * 0.50,
        "X342": 0.15 * 0.25,
        "X343": 0.15 * 0.25,
        "X351": 0.15 * 0.60,
        "X352": 0.15 * 0.40,
    }
    weights = SIMPLE_INDEX.leaf_weights()
    assert weights.to_dict() == pytest.approx(expected)
    assert weights.sum() == pytest.approx(1.0)


def test_seed004_labels_in_english_and_chinese():
    labels = SIMPLE_INDEX.labels
    assert set(labels) == {"Y", "X21", "X22", "X23", "X24", "X25", *LEAVES}
    assert all(term.en and term.zh for term in labels.values())
    assert (labels["Y"].en, labels["Y"].zh) == ("customer satisfaction (CS)", "顾客满意")
    assert labels["X21"].zh == "产品质量"
    assert labels["X311"].zh == "可靠性"
    assert labels["X341"].en == "no repeat problems"
    assert labels["X352"].zh == "快捷方便"


def test_score_dataframe_returns_series_per_respondent():
    frame = pd.DataFrame([HAND, dict.fromkeys(LEAVES, 50)], index=["r1", "r2"])
    frame["store"] = ["S01", "S02"]  # extra columns are ignored
    scores = SIMPLE_INDEX.score(frame)
    assert scores.name == "Y"
    assert list(scores.index) == ["r1", "r2"]
    assert scores.tolist() == pytest.approx([77.9, 50.0])


def test_score_accepts_nullable_integer_columns():
    frame = pd.DataFrame([HAND]).astype("Int64")
    assert SIMPLE_INDEX.score(frame).iloc[0] == pytest.approx(77.9)


def test_second_level_scores_dataframe_finds_weakest():
    weak_sales = HAND | {"X321": 10, "X322": 10, "X323": 10, "X324": 10}
    frame = pd.DataFrame([HAND, weak_sales])
    table = SIMPLE_INDEX.second_level_scores(frame)
    assert list(table.columns) == ["X21", "X22", "X23", "X24", "X25"]
    assert table.loc[1, "X22"] == pytest.approx(10.0)
    assert table.mean().idxmin() == "X22"


def test_score_lists_missing_columns():
    frame = pd.DataFrame([HAND]).drop(columns=["X312", "X343"])
    with pytest.raises(ValueError, match="missing column.*'X312', 'X343'"):
        SIMPLE_INDEX.score(frame)


def test_score_lists_missing_leaves_of_a_mapping():
    answers = {k: v for k, v in HAND.items() if k != "X331"}
    with pytest.raises(ValueError, match="missing the leaf indicator.*'X331'"):
        SIMPLE_INDEX.score(answers)


def test_score_nan_raises_by_default_naming_the_leaf():
    frame = pd.DataFrame([HAND, HAND]).astype("Int64")
    frame.loc[0, "X312"] = pd.NA
    with pytest.raises(ValueError, match=r"1 missing answer.*X312 \(1\).*renormalize"):
        SIMPLE_INDEX.score(frame)


def test_score_renormalize_within_parent():
    # X312 missing: X21 = (0.40*90 + 0.40*80) / 0.80 = 85, by hand;
    # Y = 0.30*85 + 22.2 + 7.4 + 12 + 11.7 = 78.8.
    answers = HAND | {"X312": np.nan}
    assert SIMPLE_INDEX.score(answers, missing="renormalize") == pytest.approx(78.8)
    second = SIMPLE_INDEX.second_level_scores(answers, missing="renormalize")
    assert second["X21"] == pytest.approx(85.0)


def test_score_renormalize_a_whole_branch():
    # X331 and X332 missing: X23 drops out and the root re-weights the other four:
    # (0.30*82 + 0.30*74 + 0.15*80 + 0.15*78) / 0.90 = 70.5 / 0.9, by hand.
    answers = HAND | {"X331": None, "X332": None}
    assert SIMPLE_INDEX.score(answers, missing="renormalize") == pytest.approx(70.5 / 0.9)
    second = SIMPLE_INDEX.second_level_scores(answers, missing="renormalize")
    assert math.isnan(second["X23"])


def test_score_renormalize_without_gaps_changes_nothing():
    assert SIMPLE_INDEX.score(HAND, missing="renormalize") == pytest.approx(77.9)


def test_score_renormalize_rejects_a_blank_respondent():
    frame = pd.DataFrame([HAND, dict.fromkeys(LEAVES, np.nan)], index=["ok", "blank"])
    with pytest.raises(ValueError, match="answered none.*blank"):
        SIMPLE_INDEX.score(frame, missing="renormalize")


def test_score_rejects_unknown_missing_option():
    with pytest.raises(ValueError, match="missing must be one of 'raise', 'renormalize'"):
        SIMPLE_INDEX.score(HAND, missing="drop")


def test_score_rejects_text_answers():
    with pytest.raises(TypeError, match=r"responses\['X311'\] must hold numbers"):
        SIMPLE_INDEX.score(HAND | {"X311": "good"})


def test_score_rejects_infinite_answers():
    with pytest.raises(ValueError, match="infinite"):
        SIMPLE_INDEX.score(HAND | {"X313": np.inf})


def test_score_rejects_wrong_type():
    with pytest.raises(TypeError, match="responses must be a mapping"):
        SIMPLE_INDEX.score([80] * 14)


def test_second_level_weighted_must_be_bool():
    with pytest.raises(TypeError, match="weighted must be True or False"):
        SIMPLE_INDEX.second_level_scores(HAND, weighted="yes")


# ---------------------------------------------------------------------------
# IndicatorTree validation and general trees
# ---------------------------------------------------------------------------


def test_tree_rejects_leaf_weights_not_summing_to_one_naming_the_parent():
    with pytest.raises(ValueError, match=r"children of 'X21' must sum to 1, got 0\.9"):
        IndicatorTree({"X21": (1.0, {"X311": 0.4, "X312": 0.2, "X313": 0.3})})


def test_tree_rejects_top_weights_not_summing_to_one_naming_the_root():
    with pytest.raises(ValueError, match=r"children of 'Y' must sum to 1, got 1\.1"):
        IndicatorTree({"a": 0.6, "b": 0.5})


def test_tree_rejects_weight_outside_zero_one():
    with pytest.raises(ValueError, match=r"weight of 'b' \(under 'Y'\) must be a fraction"):
        IndicatorTree({"a": 0.5, "b": -0.5})


def test_tree_rejects_percentage_weights_with_hint():
    with pytest.raises(ValueError, match="Use 0.3"):
        IndicatorTree({"a": 30, "b": 70})


def test_tree_rejects_duplicate_ids():
    with pytest.raises(ValueError, match="'x' appears twice"):
        IndicatorTree({"a": (0.5, {"x": 1.0}), "b": (0.5, {"x": 1.0})})


def test_tree_rejects_root_id_reused():
    with pytest.raises(ValueError, match="'Y' appears twice"):
        IndicatorTree({"Y": 1.0})


def test_tree_rejects_inner_node_without_weight():
    with pytest.raises(TypeError, match="has children but no weight"):
        IndicatorTree({"a": {"x": 1.0}})


def test_tree_rejects_malformed_inner_node():
    with pytest.raises(TypeError, match=r"as a weight or as \(weight, \{children\}\)"):
        IndicatorTree({"a": (1.0, 0.5, {"x": 1.0})})


@pytest.mark.parametrize("spec", [{}, [("a", 1.0)]])
def test_tree_rejects_empty_or_non_mapping_children(spec):
    with pytest.raises(TypeError, match="non-empty mapping"):
        IndicatorTree(spec)


def test_tree_rejects_non_string_ids():
    with pytest.raises(TypeError, match="non-empty strings"):
        IndicatorTree({1: 1.0})


def test_tree_rejects_non_numeric_weight():
    with pytest.raises(TypeError, match="the weight of 'a' must be a single number"):
        IndicatorTree({"a": "half", "b": 0.5})


def test_tree_rejects_labels_for_unknown_ids():
    with pytest.raises(ValueError, match="labels names indicator.*'c'"):
        IndicatorTree({"a": 0.5, "b": 0.5}, labels={"c": ("c", "丙")})


def test_tree_rejects_bad_label():
    with pytest.raises(TypeError, match="label of 'a'"):
        IndicatorTree({"a": 0.5, "b": 0.5}, labels={"a": ("one", "二", "three")})


def test_tree_rejects_bad_labels_and_root_types():
    with pytest.raises(TypeError, match="labels must be a mapping"):
        IndicatorTree({"a": 1.0}, labels=[("a", "甲")])
    with pytest.raises(TypeError, match="root must be a non-empty string"):
        IndicatorTree({"a": 1.0}, root="")


def test_four_level_tree_by_hand():
    tree = IndicatorTree(
        {
            "A": (0.5, {"A1": (0.5, {"a": 0.2, "b": 0.8}), "A2": 0.5}),
            "B": 0.5,
        },
        labels={"A": "group A", "B": ("item B", "乙")},
        root="total",
    )
    assert tree.leaf_ids == ("a", "b", "A2", "B")
    # overall weights 0.5*0.5*0.2, 0.5*0.5*0.8, 0.5*0.5, 0.5
    assert tree.leaf_weights().tolist() == pytest.approx([0.05, 0.2, 0.25, 0.5])
    # A1 = 0.2*10 + 0.8*60 = 50; A = 0.5*50 + 0.5*30 = 40; total = 0.5*40 + 0.5*70 = 55
    assert tree.score({"a": 10, "b": 60, "A2": 30, "B": 70}) == pytest.approx(55.0)
    assert (tree.labels["A"].en, tree.labels["A"].zh) == ("group A", "")
    assert tree.labels["B"].zh == "乙"
    assert tree["A1"].weight == 0.5
    assert tree.to_frame().loc["a", "level"] == 4


def test_tree_unknown_node_lookup_lists_nodes():
    with pytest.raises(KeyError, match="No indicator 'X99'"):
        SIMPLE_INDEX["X99"]


def test_tree_text_rendering_shows_weights_and_labels():
    text = str(SIMPLE_INDEX)
    assert text.splitlines()[0] == "Y customer satisfaction (CS) 顾客满意"
    assert "    X21 (0.3) product quality 产品质量" in text
    assert "        X352 (0.4) quick and convenient 快捷方便" in text
    assert repr(SIMPLE_INDEX) == "IndicatorTree(root='Y', 5 second-level indicators, 14 leaves)"


answer = st.floats(min_value=0, max_value=100, allow_nan=False)


@given(value=answer)
def test_constant_answers_give_the_constant(value):
    assert SIMPLE_INDEX.score(dict.fromkeys(LEAVES, value)) == pytest.approx(value, abs=1e-9)


@given(values=st.lists(answer, min_size=14, max_size=14))
def test_index_lies_between_min_and_max_and_matches_the_seed_formula(values):
    answers = dict(zip(LEAVES, values, strict=True))
    y = SIMPLE_INDEX.score(answers)
    assert min(values) - 1e-9 <= y <= max(values) + 1e-9
    assert y == pytest.approx(seed004_formula(answers), abs=1e-9)


@st.composite
def random_trees(draw, prefix="n", depth=0):
    """Nested weight specs whose sibling weights sum to 1 (drawn as normalized integers).

    Ids are paths such as "n0.2.1", so they are unique by construction.
    """
    n_children = draw(st.integers(min_value=1, max_value=4))
    raw = draw(st.lists(st.integers(1, 20), min_size=n_children, max_size=n_children))
    spec = {}
    for i, r in enumerate(raw):
        node_id = f"{prefix}.{i}"
        weight = r / sum(raw)
        if depth < 2 and draw(st.booleans()):
            spec[node_id] = (weight, draw(random_trees(prefix=node_id, depth=depth + 1)))
        else:
            spec[node_id] = weight
    return spec


@settings(max_examples=60)
@given(spec=random_trees(), value=answer)
def test_random_tree_leaf_weights_sum_to_one_and_constants_pass_through(spec, value):
    tree = IndicatorTree(spec)
    assert tree.leaf_weights().sum() == pytest.approx(1.0)
    assert tree.score(dict.fromkeys(tree.leaf_ids, value)) == pytest.approx(value, abs=1e-9)


# ---------------------------------------------------------------------------
# Kano (Berger et al. 1993)
# ---------------------------------------------------------------------------

# The Kano evaluation table as printed in Berger, C. et al. (1993), "Kano's
# methods for understanding customer-defined quality", Center for Quality of
# Management Journal 2(4), 3-36: rows are the functional answer, columns the
# dysfunctional answer (like, must-be, neutral, live-with, dislike).
BERGER_1993 = {
    "like": ["Q", "A", "A", "A", "O"],
    "must-be": ["R", "I", "I", "I", "M"],
    "neutral": ["R", "I", "I", "I", "M"],
    "live-with": ["R", "I", "I", "I", "M"],
    "dislike": ["R", "R", "R", "R", "Q"],
}
BERGER_CELLS = [
    (functional, dysfunctional, row[j])
    for functional, row in BERGER_1993.items()
    for j, dysfunctional in enumerate(("like", "must-be", "neutral", "live-with", "dislike"))
]


@pytest.mark.parametrize(("functional", "dysfunctional", "category"), BERGER_CELLS)
def test_berger1993_kano_table_cell(functional, dysfunctional, category):
    assert kano_category(functional, dysfunctional) == category


def test_berger1993_kano_table_vectorized_and_as_constant():
    functional = [f for f, _, _ in BERGER_CELLS]
    dysfunctional = [d for _, d, _ in BERGER_CELLS]
    expected = [c for _, _, c in BERGER_CELLS]
    assert kano_category(functional, dysfunctional).tolist() == expected
    assert KANO_TABLE.to_numpy().ravel().tolist() == expected
    assert tuple(KANO_TABLE.index) == KANO_ANSWERS == tuple(KANO_TABLE.columns)


def test_kano_category_series_keeps_index():
    f = pd.Series(["like", "dislike"], index=[7, 8])
    d = pd.Series(["dislike", "like"], index=[7, 8])
    result = kano_category(f, d)
    assert list(result.index) == [7, 8]
    assert result.tolist() == ["O", "R"]


def test_kano_category_unknown_answer_lists_allowed():
    with pytest.raises(ValueError, match="allowed labels are 'like', 'must-be', 'neutral'"):
        kano_category(["like", "love it"], ["dislike", "dislike"])
    with pytest.raises(ValueError, match="dysfunctional must be one of 'like'"):
        kano_category("like", "Dislike")


def test_kano_category_missing_answer():
    with pytest.raises(ValueError, match="functional has 1 missing value"):
        kano_category(pd.Series(["like", None]), ["like", "like"])


def test_kano_category_mismatched_lengths():
    with pytest.raises(ValueError, match="functional has 2 values, dysfunctional has 1 value"):
        kano_category(["like", "like"], ["like"])


def test_kano_labels_english_and_chinese():
    expected = {
        "A": ("attractive quality", "迷人质量"),
        "O": ("one-dimensional quality", "期望质量"),
        "M": ("must-be quality", "当然质量"),
        "I": ("indifferent quality", "无差异质量"),
        "R": ("reverse quality", "反向质量"),
        "Q": ("questionable answer", "可疑结果"),
    }
    assert {key: (term.en, term.zh) for key, term in KANO_LABELS.items()} == expected
    assert all(term.description for term in KANO_LABELS.values())


def test_better_worse_by_hand():
    # Better = (30 + 20) / 100 = 0.5; Worse = -(20 + 40) / 100 = -0.6
    result = better_worse({"A": 30, "O": 20, "M": 40, "I": 10, "R": 5, "Q": 3})
    assert result == pytest.approx((0.5, -0.6))
    assert result.better == pytest.approx(0.5)


def test_better_worse_from_value_counts_with_absent_keys():
    counts = pd.Series(["A", "A", "I", "Q"]).value_counts()
    # Better = 2 / 3, Worse = -0 / 3
    better, worse = better_worse(counts)
    assert better == pytest.approx(2 / 3)
    assert worse == 0.0
    assert math.copysign(1.0, worse) == 1.0  # no "-0.0" in tables


def test_better_worse_rejects_unknown_keys():
    with pytest.raises(ValueError, match="unknown Kano category key.*'X'.*allowed keys"):
        better_worse({"A": 1, "X": 2})


def test_better_worse_rejects_bad_counts():
    with pytest.raises(ValueError, match=r"counts\['A'\] must be a non-negative count"):
        better_worse({"A": -1, "O": 2})
    with pytest.raises(ValueError, match=r"counts\['O'\] must be a whole number"):
        better_worse({"A": 1, "O": 0.5})


def test_better_worse_rejects_only_reverse_or_questionable():
    with pytest.raises(ValueError, match=r"A \+ O \+ M \+ I = 0"):
        better_worse({"R": 4, "Q": 1})


def test_better_worse_rejects_non_mapping():
    with pytest.raises(TypeError, match="counts must be a mapping"):
        better_worse([1, 2, 3])


count = st.integers(min_value=0, max_value=1000)


@given(a=count, o=count, m=count, i=count, r=count, q=count)
def test_better_in_unit_interval_and_worse_in_minus_one_zero(a, o, m, i, r, q):
    assume(a + o + m + i > 0)
    better, worse = better_worse({"A": a, "O": o, "M": m, "I": i, "R": r, "Q": q})
    assert 0.0 <= better <= 1.0
    assert -1.0 <= worse <= 0.0


def test_kano_summary_by_hand():
    # wifi: (like, dislike) O, (like, neutral) A, (like, dislike) O -> O=2, A=1
    #   Better = 3/3 = 1, Worse = -2/3
    # parking: (neutral, dislike) M, (live-with, neutral) I, (dislike, like) R -> M=1, I=1, R=1
    #   Better = 0/2 = 0, Worse = -1/2
    table = kano_summary(
        ["like", "like", "like", "neutral", "live-with", "dislike"],
        ["dislike", "neutral", "dislike", "dislike", "neutral", "like"],
        ["wifi", "wifi", "wifi", "parking", "parking", "parking"],
    )
    assert list(table.index) == ["wifi", "parking"]
    assert list(table.columns) == [
        "A", "O", "M", "I", "R", "Q", "n", "category", "better", "worse",
    ]  # fmt: skip
    assert table.loc["wifi", ["A", "O", "M", "I", "R", "Q", "n"]].tolist() == [1, 2, 0, 0, 0, 0, 3]
    assert table.loc["parking", ["A", "O", "M", "I", "R", "Q", "n"]].tolist() == [
        0, 0, 1, 1, 1, 0, 3,
    ]  # fmt: skip
    assert table.loc["wifi", "category"] == "O"
    assert table.loc["wifi", "better"] == pytest.approx(1.0)
    assert table.loc["wifi", "worse"] == pytest.approx(-2 / 3)
    assert table.loc["parking", "better"] == pytest.approx(0.0)
    assert table.loc["parking", "worse"] == pytest.approx(-0.5)


def test_kano_summary_tie_goes_to_must_be():
    # M, I and R once each: the tie order M > O > A > I makes it M.
    table = kano_summary(
        ["neutral", "live-with", "dislike"], ["dislike", "neutral", "like"], ["p", "p", "p"]
    )
    assert table.loc["p", "category"] == "M"


def test_kano_summary_matches_better_worse():
    table = kano_summary(
        ["like", "like", "neutral"], ["dislike", "neutral", "dislike"], list("fff")
    )
    expected = better_worse({"O": 1, "A": 1, "M": 1})
    assert (table.loc["f", "better"], table.loc["f", "worse"]) == pytest.approx(expected)


def test_kano_summary_rejects_feature_with_only_questionable_answers():
    with pytest.raises(ValueError, match="'odd' have no A, O, M or I"):
        kano_summary(["like", "like"], ["dislike", "like"], ["ok", "odd"])


def test_kano_summary_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        kano_summary(["like", "like"], ["dislike", "like"], ["a"])


def test_kano_summary_rejects_scalars_and_missing_features():
    with pytest.raises(ValueError, match="feature must be a one-dimensional"):
        kano_summary(["like"], ["dislike"], "wifi")
    with pytest.raises(ValueError, match="feature has 1 missing value"):
        kano_summary(["like", "like"], ["dislike", "dislike"], ["a", None])


# ---------------------------------------------------------------------------
# Importance/performance analysis (seed 002)
# ---------------------------------------------------------------------------


def test_seed002_importance_performance_quadrants():
    # importance mean = (9+8+5+4)/4 = 6.5; performance mean = (6+9+5+8)/4 = 7
    importance = pd.Series({"price": 9.0, "staff": 8.0, "parking": 5.0, "music": 4.0})
    performance = pd.Series({"music": 8.0, "parking": 5.0, "staff": 9.0, "price": 6.0})
    table = importance_performance(importance, performance)
    assert table["quadrant"].to_dict() == {
        "price": "concentrate here",
        "staff": "keep up the good work",
        "parking": "low priority",
        "music": "possible overkill",
    }
    assert table.loc["music", "performance"] == 8.0  # matched by name, not position
    assert table.attrs == {"importance_mean": 6.5, "performance_mean": 7.0}


def test_importance_performance_arrays_and_ties_count_as_high():
    # means 2 and 2: the middle attribute sits on both means and counts as high.
    table = importance_performance([1, 2, 3], [3, 2, 1])
    assert table["quadrant"].tolist() == [
        "possible overkill",
        "keep up the good work",
        "concentrate here",
    ]
    assert table.index.name == "attribute"


def test_importance_performance_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="importance has 3 values, performance has 2 values"):
        importance_performance([1, 2, 3], [1, 2])


def test_importance_performance_rejects_different_attributes():
    with pytest.raises(ValueError, match=r"Labels missing from performance: \['b'\]"):
        importance_performance(pd.Series({"a": 1, "b": 2}), pd.Series({"a": 1, "c": 2}))


def test_importance_performance_needs_two_attributes_and_finite_values():
    with pytest.raises(ValueError, match="at least 2"):
        importance_performance([1], [1])
    with pytest.raises(ValueError, match="performance must be finite"):
        importance_performance([1, 2], [1, np.nan])


# ---------------------------------------------------------------------------
# Cronbach's alpha
# ---------------------------------------------------------------------------


def test_cronbach_alpha_hand_computation():
    # Item variances (ddof=1): 5/3, 4/3, 8/3, sum 17/3; totals 4, 7, 10, 13 have
    # variance 45/3 = 15. alpha = 3/2 * (1 - (17/3)/15) = 3/2 * 28/45 = 14/15.
    items = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 2, 4, 4], "q3": [1, 3, 3, 5]})
    assert cronbach_alpha(items) == pytest.approx(14 / 15)
    assert cronbach_alpha(items.to_numpy()) == pytest.approx(14 / 15)


@pytest.mark.parametrize("k", [2, 3, 7])
def test_cronbach_alpha_identical_items_give_one(k):
    column = [1, 4, 2, 5, 3, 3]
    items = pd.DataFrame({f"q{j}": column for j in range(k)})
    assert cronbach_alpha(items) == pytest.approx(1.0)


def test_cronbach_alpha_rejects_missing_values():
    items = pd.DataFrame({"q1": [1, 2, None], "q2": [1, 2, 3]})
    with pytest.raises(ValueError, match="1 missing value.*dropna"):
        cronbach_alpha(items)


def test_cronbach_alpha_rejects_too_few_items_or_respondents():
    with pytest.raises(ValueError, match="at least 2 items"):
        cronbach_alpha(pd.DataFrame({"q1": [1, 2, 3]}))
    with pytest.raises(ValueError, match="at least 2 respondents"):
        cronbach_alpha(pd.DataFrame({"q1": [1], "q2": [2]}))


def test_cronbach_alpha_rejects_constant_totals():
    with pytest.raises(ValueError, match="zero variance"):
        cronbach_alpha(pd.DataFrame({"q1": [1, 2, 3], "q2": [3, 2, 1]}))


def test_cronbach_alpha_rejects_bad_types():
    with pytest.raises(TypeError, match=r"items\['q2'\] must hold numbers"):
        cronbach_alpha(pd.DataFrame({"q1": [1, 2], "q2": ["a", "b"]}))
    with pytest.raises(TypeError, match="items must be a DataFrame"):
        cronbach_alpha(pd.Series([1, 2, 3]))
    with pytest.raises(ValueError, match="items must be 2-D"):
        cronbach_alpha(np.array([1.0, 2.0, 3.0]))


@settings(max_examples=60)
@given(data=st.lists(st.lists(st.integers(1, 7), min_size=3, max_size=3), min_size=3, max_size=12))
def test_cronbach_alpha_never_exceeds_one(data):
    items = np.array(data, dtype=float)
    assume(items.sum(axis=1).var(ddof=1) > 0)
    assert cronbach_alpha(items) <= 1.0 + 1e-9


# ---------------------------------------------------------------------------
# Sample size (COURSE.md unit 03; Cochran 1977)
# ---------------------------------------------------------------------------


def test_course_sample_size_385_and_323():
    # z = 1.959964, n0 = 1.959964^2 * 0.25 / 0.05^2 = 384.15 -> 385;
    # N = 2000: 384.15 / (1 + 383.15 / 2000) = 322.4 -> 323 (COURSE.md).
    assert sample_size(0.05) == 385
    assert sample_size(0.05, confidence=0.95, p=0.5, population=2000) == 323
    assert isinstance(sample_size(0.05), int)


def test_sample_size_99_percent_by_hand():
    # z = 2.575829, n0 = 6.634897 * 0.25 / 0.0025 = 663.49 -> 664
    assert sample_size(0.05, confidence=0.99) == 664


def test_sample_size_float_noise_does_not_bump_the_ceiling():
    # At confidence 2*Phi(2) - 1, z = 2 and n0 = 4 * 0.25 / 0.01 = 100 exactly on
    # paper, but 100.00000000000003 in floating point.
    confidence = 2 * stats.norm.cdf(2) - 1
    assert sample_size(0.1, confidence=confidence) == 100


def test_sample_size_vectorized():
    # n0 at 1%, 3%, 5%: 9603.6, 1067.1, 384.1; with N = 2000: 1656, 697, 323
    result = sample_size(np.array([0.01, 0.03, 0.05]), population=2000)
    assert result.tolist() == [1656, 697, 323]


def test_sample_size_population_of_one():
    assert sample_size(0.05, population=1) == 1


@pytest.mark.parametrize("margin", [0, 1, -0.05, 1.5])
def test_sample_size_rejects_margin_outside_open_unit_interval(margin):
    with pytest.raises(ValueError, match=r"margin must be a fraction in \(0, 1\)"):
        sample_size(margin)


def test_sample_size_rejects_margin_percentage_with_hint():
    with pytest.raises(ValueError, match="Use 0.05"):
        sample_size(5)


@pytest.mark.parametrize("confidence", [0, 1, 95])
def test_sample_size_rejects_confidence_outside_open_unit_interval(confidence):
    with pytest.raises(ValueError, match=r"confidence must be a fraction in \(0, 1\)"):
        sample_size(0.05, confidence=confidence)


@pytest.mark.parametrize("p", [0, 1])
def test_sample_size_rejects_degenerate_p(p):
    with pytest.raises(ValueError, match=r"p must be a fraction in \(0, 1\)"):
        sample_size(0.05, p=p)


@pytest.mark.parametrize("population", [0, -10])
def test_sample_size_rejects_population_below_one(population):
    with pytest.raises(ValueError, match="population must be a positive count"):
        sample_size(0.05, population=population)


def test_sample_size_rejects_fractional_population_and_nan_margin():
    with pytest.raises(ValueError, match="population must be a whole number"):
        sample_size(0.05, population=0.5)
    with pytest.raises(ValueError, match="margin must be finite"):
        sample_size(np.nan)


margins = st.floats(min_value=0.005, max_value=0.5)


@given(e1=margins, e2=margins)
def test_sample_size_decreases_with_margin(e1, e2):
    small, large = min(e1, e2), max(e1, e2)
    assert sample_size(small) >= sample_size(large)


@given(
    margin=margins,
    confidence=st.floats(min_value=0.5, max_value=0.999),
    p=st.floats(min_value=0.01, max_value=0.99),
    population=st.integers(min_value=1, max_value=10**7),
)
def test_finite_population_correction_never_exceeds_n0_or_population(
    margin, confidence, p, population
):
    n0 = sample_size(margin, confidence, p)
    n = sample_size(margin, confidence, p, population=population)
    assert 1 <= n <= n0
    assert n <= population


# ---------------------------------------------------------------------------
# Control chart (seed 004)
# ---------------------------------------------------------------------------


def test_seed004_control_limits_by_hand():
    # mean 80; deviations -2, 0, 2, 0, 0 -> s = sqrt(8 / 4) = sqrt(2)
    lower, centre, upper = control_limits([78, 80, 82, 80, 80])
    assert centre == pytest.approx(80.0)
    assert lower == pytest.approx(80 - 3 * math.sqrt(2))
    assert upper == pytest.approx(80 + 3 * math.sqrt(2))
    limits = control_limits([78, 80, 82, 80, 80], sigmas=2)
    assert isinstance(limits, ControlLimits)
    assert limits.upper == pytest.approx(80 + 2 * math.sqrt(2))


def test_control_limits_rejects_bad_input():
    with pytest.raises(ValueError, match="at least 2"):
        control_limits([80])
    with pytest.raises(ValueError, match="values must be finite"):
        control_limits([80, np.nan, 81])
    with pytest.raises(ValueError, match="sigmas must be a positive number"):
        control_limits([80, 81], sigmas=0)
    with pytest.raises(ValueError, match="one-dimensional"):
        control_limits([[80, 81], [82, 83]])


def test_xbar_limits_by_hand_use_the_standard_error_of_a_mean():
    # Montgomery, ch. 6: mean -/+ k s / sqrt(n). s = sqrt(2) as above; n = 4 halves the width.
    lower, centre, upper = control_limits([78, 80, 82, 80, 80], subgroup_size=4)
    assert centre == pytest.approx(80.0)
    assert lower == pytest.approx(80 - 3 * math.sqrt(2) / 2)
    assert upper == pytest.approx(80 + 3 * math.sqrt(2) / 2)
    # n = 1 is the default chart of single values
    assert control_limits([78, 80, 82, 80, 80], subgroup_size=1) == control_limits(
        [78, 80, 82, 80, 80]
    )


@given(
    st.lists(st.floats(0, 100), min_size=2, max_size=30),
    st.floats(0.5, 4),
    st.floats(1, 500),
)
def test_xbar_limits_are_the_default_limits_shrunk_by_sqrt_n(values, sigmas, n):
    plain = control_limits(values, sigmas=sigmas)
    xbar = control_limits(values, sigmas=sigmas, subgroup_size=n)
    assert xbar.centre == plain.centre
    half = (plain.upper - plain.lower) / 2
    assert (xbar.upper - xbar.lower) / 2 == pytest.approx(half / math.sqrt(n), abs=1e-9)


def test_control_limits_rejects_bad_subgroup_size():
    with pytest.raises(ValueError, match=r"subgroup_size must be a number of .* in \[1, inf\]"):
        control_limits([80, 81], subgroup_size=0)
    with pytest.raises(ValueError, match="subgroup_size must be finite"):
        control_limits([80, 81], subgroup_size=float("nan"))
    with pytest.raises(TypeError, match="subgroup_size must be a single number"):
        control_limits([80, 81], subgroup_size=[75, 80])


def test_store_means_against_xbar_limits_are_flagged_as_out_of_control():
    # 4 stores x 25 answers; a store whose mean sits 4 standard errors low is flagged
    # by the x-bar limits, not by limits computed from the 4 store means themselves.
    answers = np.array([75.0, 85.0] * 50)  # mean 80, s = 5 * sqrt(100 / 99)
    limits = control_limits(answers, subgroup_size=25)
    se = 5 * math.sqrt(100 / 99) / 5
    store_means = pd.Series([80.5, 79.0, 80.0 - 4 * se, 80.8], index=["S1", "S2", "S3", "S4"])
    assert list(out_of_control(store_means, limits=limits).index) == ["S3"]
    assert out_of_control(store_means).empty


WEEKS = pd.Series([80, 81, 79, 80, 60, 80, 81, 79, 80, 80])
# mean 78; squared deviations 4, 9, 1, 4, 324, 4, 9, 1, 4, 4 sum to 364,
# s = sqrt(364 / 9) = 6.36: 2-sigma limits [65.3, 90.7], 3-sigma [58.9, 97.1].


def test_out_of_control_by_hand():
    flagged = out_of_control(WEEKS, sigmas=2)
    assert flagged.to_dict() == {4: 60}
    assert out_of_control(WEEKS, sigmas=3).empty


def test_out_of_control_against_baseline_limits():
    baseline = control_limits([80, 81, 79, 80, 80, 81, 79, 80])
    flagged = out_of_control(np.array([80, 90, 70, 81]), limits=baseline)
    assert flagged.to_dict() == {1: 90, 2: 70}


def test_out_of_control_rejects_bad_limits():
    with pytest.raises(ValueError, match="lower <= upper"):
        out_of_control([1, 2, 3], limits=(3, 2, 1))
    with pytest.raises(TypeError, match=r"\(lower, centre, upper\)"):
        out_of_control([1, 2, 3], limits=(1, 3))


# ---------------------------------------------------------------------------
# Net Promoter Score (Reichheld 2003)
# ---------------------------------------------------------------------------


def test_nps_by_hand():
    # promoters 10, 9, 9, 10, 9 = 5; detractors 6, 3, 0 = 3; n = 10 -> 100 * 2 / 10
    assert nps([10, 9, 9, 8, 7, 6, 3, 10, 9, 0]) == pytest.approx(20.0)


def test_nps_extremes_and_passives():
    assert nps([9, 10, 10]) == 100.0
    assert nps([0, 6, 3]) == -100.0
    assert nps([7, 8]) == 0.0


def test_nps_accepts_nullable_integer_series():
    assert nps(pd.Series([10, 0, 8], dtype="Int64")) == pytest.approx(0.0)


@pytest.mark.parametrize("scores", [[11], [-1], [5, 10.5]])
def test_nps_rejects_scores_outside_0_10(scores):
    with pytest.raises(ValueError, match=r"scores must be a 0-10 score in \[0, 10\]"):
        nps(scores)


def test_nps_rejects_non_integers_missing_and_empty():
    with pytest.raises(ValueError, match="whole numbers from 0 to 10, got 8.5"):
        nps([9, 8.5])
    with pytest.raises(ValueError, match="scores must be finite"):
        nps(pd.Series([9, None], dtype="Int64"))
    with pytest.raises(ValueError, match="at least 1"):
        nps([])


@given(scores=st.lists(st.integers(0, 10), min_size=1, max_size=200))
def test_nps_bounds(scores):
    assert -100.0 <= nps(scores) <= 100.0


# ---------------------------------------------------------------------------
# Reference lists (seeds 000, 001, 002, 004)
# ---------------------------------------------------------------------------


def test_seed000_satisfaction_indicators():
    zh = {key: term.zh for key, term in SATISFACTION_INDICATORS.items()}
    assert zh == {
        "reputation": "美誉度",
        "name_recognition": "指名度",
        "return_rate": "回头率",
        "complaint_rate": "投诉率",
        "purchase_amount": "购买额",
        "price_sensitivity": "对价格的敏感度",
    }


def test_seed004_servqual_dimensions():
    assert list(SERVQUAL_DIMENSIONS) == [
        "reliability",
        "responsiveness",
        "assurance",
        "empathy",
        "tangibles",
    ]
    assert SERVQUAL_DIMENSIONS["reliability"].zh == "可靠性"
    assert all(term.zh and term.description for term in SERVQUAL_DIMENSIONS.values())


def test_seed002_car_dealer_steps():
    assert [step.zh for step in DEALER_SSI_STEPS] == [
        "顾客接待", "试乘试驾", "交车收款", "销售承诺", "售后跟踪", "周回访", "意见跟进",
    ]  # fmt: skip
    assert [step.zh for step in DEALER_CSI_STEPS] == [
        "保养招揽", "礼貌接车", "指明标的", "维修等待", "结算交车", "维修质量",
    ]  # fmt: skip
    assert DEALER_SSI_STEPS[1].en == "test drive"
    assert DEALER_CSI_STEPS[-1].en == "repair quality"


def test_seed001_nine_csi_measurement_steps():
    assert len(CSI_MEASUREMENT_STEPS) == 9
    assert CSI_MEASUREMENT_STEPS[2].zh == "抽样设计"
