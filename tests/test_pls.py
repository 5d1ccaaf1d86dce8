"""Tests of crmlab.pls (advanced unit A2: satisfaction index models by PLS path modeling).

Every expected number names its source: ordinary least squares, the dataset
generator's true parameters (crmlab.datasets.CCSI_PARAMS), Spearman's
attenuation formula, or a hand computation written out in the test.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import datasets
from crmlab.pls import (
    ACSI_MODEL,
    CCSI_MODEL,
    ECSI_MODEL,
    SCSB_MODEL,
    PLSResult,
    bootstrap_paths,
    ccsi_true_paths,
    pls_pm,
)
from crmlab.satisfaction import cronbach_alpha

BLOCKS, PATHS = CCSI_MODEL.blocks, CCSI_MODEL.paths
INDICATORS = [column for columns in BLOCKS.values() for column in columns]


@functools.cache
def ccsi() -> pd.DataFrame:
    return datasets.load_ccsi_survey()


@functools.cache
def ccsi_fit() -> PLSResult:
    return pls_pm(ccsi(), BLOCKS, PATHS)


def small_data(n=60, seed=0) -> pd.DataFrame:
    """Three observed variables with x -> y -> z and x -> z, for one-indicator models."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    y = 0.6 * x + rng.normal(size=n)
    z = 0.3 * x + 0.5 * y + rng.normal(size=n)
    return pd.DataFrame({"x": x, "y": y, "z": z})


def standardized_ols(data: pd.DataFrame, target: str, sources: list[str]) -> np.ndarray:
    z = (data - data.mean()) / data.std()
    return np.linalg.lstsq(z[sources].to_numpy(), z[target].to_numpy(), rcond=None)[0]


def coefficient(fit: PLSResult, source: str, target: str) -> float:
    paths = fit.paths.set_index(["source", "target"])["coefficient"]
    return float(paths[(source, target)])


# --------------------------------------------------------------------------- one indicator = OLS


@pytest.mark.parametrize("scheme", ["path", "centroid", "factorial"])
def test_one_indicator_per_construct_gives_standardized_ols(scheme):
    data = small_data()
    fit = pls_pm(
        data, {"X": ["x"], "Y": ["y"], "Z": ["z"]}, {"Y": ["X"], "Z": ["X", "Y"]}, scheme=scheme
    )
    np.testing.assert_allclose(coefficient(fit, "X", "Y"), standardized_ols(data, "y", ["x"])[0])
    np.testing.assert_allclose(
        [coefficient(fit, "X", "Z"), coefficient(fit, "Y", "Z")],
        standardized_ols(data, "z", ["x", "y"]),
        rtol=1e-12,
    )
    # R² of the regression of z on x and y, from the correlations by hand.
    r = data.corr()
    beta = standardized_ols(data, "z", ["x", "y"])
    r2 = beta[0] * r.loc["x", "z"] + beta[1] * r.loc["y", "z"]
    assert fit.r2.set_index("construct").loc["Z", "r2"] == pytest.approx(r2, rel=1e-12)
    assert fit.loadings["loading"].tolist() == pytest.approx([1.0, 1.0, 1.0])


def test_one_indicator_mode_b_equals_mode_a():
    data = small_data()
    blocks, paths = {"X": "x", "Y": "y", "Z": "z"}, {"Y": "X", "Z": ["X", "Y"]}
    a, b = pls_pm(data, blocks, paths), pls_pm(data, blocks, paths, mode="B")
    pd.testing.assert_frame_equal(a.paths, b.paths)
    assert b.mode == "B"


def test_two_variable_example_correlation_is_the_path():
    # Hand computation: x = 1..5, y = 2, 1, 4, 3, 5 have r = 8 / 10 = 0.8.
    data = pd.DataFrame({"x": [1.0, 2, 3, 4, 5], "y": [2.0, 1, 4, 3, 5]})
    fit = pls_pm(data, {"X": ["x"], "Y": ["y"]}, {"Y": ["X"]})
    assert coefficient(fit, "X", "Y") == pytest.approx(0.8)
    assert fit.r2["r2"].iloc[0] == pytest.approx(0.64)
    # adjusted R² = 1 - (1 - 0.64) * 4 / 3 = 0.52
    assert fit.r2["r2_adj"].iloc[0] == pytest.approx(0.52)


# --------------------------------------------------------------------------- the CCSI data


def test_ccsi_model_matches_the_generator():
    arrows = {(s, t) for t, causes in datasets.CCSI_PARAMS["paths"].items() for s in causes}
    assert set(CCSI_MODEL.edges()) == arrows
    assert set(INDICATORS) <= set(ccsi().columns)


def test_generator_standardized_bi_to_eq_by_hand():
    # var(BI) = 1 + brand variance 0.118371; var(EQ) = 0.6² var(BI) + 0.8².
    var_bi = 1 + 0.118371
    var_eq = 0.36 * var_bi + 0.64
    truth = ccsi_true_paths().set_index(["source", "target"])
    assert truth.loc[("BI", "EQ"), "raw"] == 0.60
    assert truth.loc[("BI", "EQ"), "standardized"] == pytest.approx(
        0.6 * math.sqrt(var_bi / var_eq), abs=1e-6
    )


def test_ccsi_estimates_recover_the_true_standardized_paths():
    """PLS recovers the generator's paths within 0.2, attenuated towards 0.

    PLS is consistent only "at large" (Wold 1982): its latent scores are
    weighted sums of three noisy, rounded and clipped 1-10 answers, not the
    latent variables themselves, so correlations between scores shrink by
    about the square root of the product of the blocks' reliabilities
    (~0.9 each here) and single-cause paths come out too small. Multiple-cause
    paths are attenuated less (or even pushed up) because the shrinkage of
    the correlations among the causes partly offsets it.
    """
    compared = ccsi_fit().paths.merge(ccsi_true_paths(), on=["source", "target"])
    errors = compared["coefficient"] - compared["standardized"]
    assert len(compared) == 10
    assert errors.abs().max() < 0.2
    assert errors.abs().mean() < 0.07
    assert compared["coefficient"].abs().sum() < compared["standardized"].abs().sum()
    single_cause = compared[compared["target"] == "EQ"]
    assert (single_cause["coefficient"] < single_cause["standardized"]).all()
    # The ranking of the drivers of satisfaction is right: PQ, then PV, then BI.
    to_sat = compared[compared["target"] == "SAT"].set_index("source")
    assert to_sat["coefficient"].sort_values().index.tolist() == ["BI", "PV", "PQ"]
    assert to_sat["standardized"].sort_values().index.tolist() == ["BI", "PV", "PQ"]


def simulate_two_blocks(k, n=4000, beta=0.6, loading=0.7, seed=3):
    rng = np.random.default_rng(seed)
    xi = rng.normal(size=n)
    eta = beta * xi + math.sqrt(1 - beta**2) * rng.normal(size=n)
    noise = math.sqrt(1 - loading**2)
    x = loading * xi[:, None] + noise * rng.normal(size=(n, k))
    y = loading * eta[:, None] + noise * rng.normal(size=(n, k))
    columns = {f"x{j}": x[:, j] for j in range(k)} | {f"y{j}": y[:, j] for j in range(k)}
    blocks = {"X": [f"x{j}" for j in range(k)], "Y": [f"y{j}" for j in range(k)]}
    return pls_pm(pd.DataFrame(columns), blocks, {"Y": ["X"]})


@pytest.mark.parametrize("k", [2, 20])
def test_consistency_at_large_follows_spearman_attenuation(k):
    # Spearman: cor(scores) = beta x reliability of an equal-loading composite,
    # rel = k l² / (k l² + 1 - l²): 0.658 for k = 2, 0.951 for k = 20.
    rel = k * 0.49 / (k * 0.49 + 0.51)
    fit = simulate_two_blocks(k)
    assert coefficient(fit, "X", "Y") == pytest.approx(0.6 * rel, abs=0.03)


def test_more_indicators_per_block_bring_the_estimate_closer_to_the_truth():
    few, many = simulate_two_blocks(2), simulate_two_blocks(20)
    assert abs(coefficient(many, "X", "Y") - 0.6) < abs(coefficient(few, "X", "Y") - 0.6)


def test_weights_and_loadings_are_positive():
    fit = ccsi_fit()
    assert (fit.weights["weight"] > 0).all()
    assert (fit.weights["index_weight"] > 0).all()
    assert (fit.loadings["loading"] > 0).all()
    assert fit.weights.groupby("construct")["index_weight"].sum().tolist() == pytest.approx(
        [1.0] * 6
    )


def test_negating_a_whole_block_keeps_loadings_positive_and_flips_its_paths():
    data = ccsi()[INDICATORS].astype(float)
    flipped = data.assign(**{c: -data[c] for c in BLOCKS["PV"]})
    fit = pls_pm(flipped, BLOCKS, PATHS)
    assert (fit.loadings["loading"] > 0).all()
    assert coefficient(fit, "PV", "SAT") == pytest.approx(-coefficient(ccsi_fit(), "PV", "SAT"))
    assert coefficient(fit, "PQ", "SAT") == pytest.approx(coefficient(ccsi_fit(), "PQ", "SAT"))


def test_latent_scores_are_standardized():
    scores = ccsi_fit().scores
    assert list(scores.columns) == list(BLOCKS)
    assert scores.index.equals(ccsi().index)
    np.testing.assert_allclose(scores.mean(), 0, atol=1e-12)
    np.testing.assert_allclose(scores.std(ddof=1), 1, rtol=1e-12)


@pytest.mark.parametrize("scheme", ["path", "centroid", "factorial"])
@pytest.mark.parametrize("mode", ["A", "B"])
def test_schemes_and_modes_converge_to_similar_paths(scheme, mode):
    fit = pls_pm(ccsi(), BLOCKS, PATHS, scheme=scheme, mode=mode)
    assert fit.converged and fit.iterations < 50
    assert fit.scheme == scheme
    np.testing.assert_allclose(fit.paths["coefficient"], ccsi_fit().paths["coefficient"], atol=0.03)


def test_the_scheme_changes_the_weights():
    # The schemes weigh the neighbours differently, so the weights differ a little.
    centroid = pls_pm(ccsi(), BLOCKS, PATHS, scheme="centroid")
    gap = np.abs(centroid.weights["weight"] - ccsi_fit().weights["weight"]).max()
    assert 1e-6 < gap < 0.01


def test_mode_per_construct():
    fit = pls_pm(ccsi(), BLOCKS, PATHS, mode={"BI": "B"})
    assert fit.mode == "mixed"
    assert fit.converged


def test_paths_as_dataframe_give_the_same_fit():
    fit = pls_pm(ccsi(), BLOCKS, CCSI_MODEL.path_matrix())
    pd.testing.assert_frame_equal(fit.paths, ccsi_fit().paths)


def test_path_matrix_of_the_result():
    matrix = ccsi_fit().path_matrix()
    assert matrix.loc["SAT", "PQ"] == pytest.approx(coefficient(ccsi_fit(), "PQ", "SAT"))
    assert matrix.loc["PQ", "SAT"] == 0.0


@settings(max_examples=20, deadline=None)
@given(
    shifts=st.lists(st.floats(-50, 50), min_size=18, max_size=18),
    scales=st.lists(st.floats(0.05, 20), min_size=18, max_size=18),
)
def test_estimates_are_invariant_to_rescaling_the_indicators(shifts, scales):
    data = ccsi()[INDICATORS].head(200).astype(float)
    base = pls_pm(data, BLOCKS, PATHS)
    rescaled = pls_pm(data * np.array(scales) + np.array(shifts), BLOCKS, PATHS)
    for table in ("paths", "loadings", "r2", "reliability", "effects", "scores"):
        pd.testing.assert_frame_equal(getattr(rescaled, table), getattr(base, table), rtol=1e-7)
    np.testing.assert_allclose(rescaled.weights["weight"], base.weights["weight"], rtol=1e-7)


# --------------------------------------------------------------------------- reliability, effects


def test_reliability_by_formula():
    fit = ccsi_fit()
    rel = fit.reliability.set_index("construct")
    sat_loadings = fit.loadings.loc[fit.loadings["construct"] == "SAT", "loading"].to_numpy()
    total = sat_loadings.sum() ** 2
    assert rel.loc["SAT", "composite_reliability"] == pytest.approx(
        total / (total + (1 - sat_loadings**2).sum())
    )
    assert rel.loc["SAT", "ave"] == pytest.approx(np.mean(sat_loadings**2))
    # Cronbach's alpha of the standardized items is unit 03's alpha of the z-scores.
    items = ccsi()[list(BLOCKS["SAT"])].astype(float)
    z = (items - items.mean()) / items.std()
    assert rel.loc["SAT", "cronbach_alpha"] == pytest.approx(cronbach_alpha(z))
    assert rel["indicators"].tolist() == [3] * 6
    assert (rel["composite_reliability"] > rel["cronbach_alpha"]).all()


def test_single_indicator_blocks_count_as_perfectly_reliable():
    fit = pls_pm(small_data(), {"X": "x", "Y": "y"}, {"Y": "X"})
    assert fit.reliability[["cronbach_alpha", "composite_reliability", "ave"]].to_numpy() == (
        pytest.approx(np.ones((2, 3)))
    )


def test_total_effect_of_brand_image_on_satisfaction_sums_every_route():
    p = functools.partial(coefficient, ccsi_fit())
    routes = (
        p("BI", "SAT")
        + p("BI", "PQ") * p("PQ", "SAT")
        + p("BI", "PQ") * p("PQ", "PV") * p("PV", "SAT")
        + p("BI", "EQ") * p("EQ", "PQ") * p("PQ", "SAT")
        + p("BI", "EQ") * p("EQ", "PQ") * p("PQ", "PV") * p("PV", "SAT")
        + p("BI", "EQ") * p("EQ", "PV") * p("PV", "SAT")
    )
    effects = ccsi_fit().effects.set_index(["source", "target"])
    assert effects.loc[("BI", "SAT"), "total"] == pytest.approx(routes)
    assert effects.loc[("BI", "SAT"), "direct"] == pytest.approx(p("BI", "SAT"))
    np.testing.assert_allclose(effects["direct"] + effects["indirect"], effects["total"])
    # EQ reaches SAT only through PQ and PV; nothing reaches BI.
    assert effects.loc[("EQ", "SAT"), "direct"] == 0
    assert "BI" not in set(ccsi_fit().effects["target"])


# --------------------------------------------------------------------------- the 0-100 index


def test_index_of_identical_answers_is_the_rescaled_answer():
    # ACSI rescaling on a 1-10 scale: (x - 1) / 9 x 100, whatever the weights.
    fit = ccsi_fit()
    same = fit.index()
    sat = ccsi()[list(BLOCKS["SAT"])]
    equal = sat.max(axis=1) == sat.min(axis=1)
    np.testing.assert_allclose(same[equal], (sat.loc[equal, "SAT1"] - 1) / 9 * 100)
    assert same.name == "SAT_index"


def test_index_uses_the_rescaled_unstandardized_weights():
    fit = ccsi_fit()
    w = fit.weights.set_index("indicator")
    sd = ccsi()[INDICATORS].std()
    raw = w.loc[list(BLOCKS["SAT"]), "weight"] / sd[list(BLOCKS["SAT"])]
    by_hand = (ccsi()[list(BLOCKS["SAT"])] @ (raw / raw.sum()) - 1) / 9 * 100
    np.testing.assert_allclose(fit.index(), by_hand)


def test_group_index_is_the_mean_of_respondents_and_of_mean_answers():
    fit = ccsi_fit()
    brands = fit.index(by="brand")
    assert brands.index.name == "brand"
    assert len(brands) == 8
    arctiva = ccsi()["brand"] == "Arctiva"
    assert brands["Arctiva"] == pytest.approx(fit.index()[arctiva].mean())
    by_series = fit.index(by=ccsi()["brand"])
    pd.testing.assert_series_equal(by_series, brands)
    assert fit.index(by=ccsi()["brand"].tolist()).tolist() == pytest.approx(brands.tolist())


def test_index_is_close_to_the_plain_average_when_items_are_alike():
    fit = ccsi_fit()
    plain = (ccsi()[list(BLOCKS["SAT"])].mean(axis=1) - 1) / 9 * 100
    assert (fit.index() - plain).abs().max() < 1.0
    assert fit.index().corr(plain) > 0.999


def test_ipma_importance_is_the_total_effect_in_index_points():
    fit = ccsi_fit()
    table = fit.ipma()
    assert table.index.tolist() == ["BI", "EQ", "PQ", "PV"]
    effects = fit.effects.set_index(["source", "target"])
    assert table.loc["PQ", "total_effect"] == effects.loc[("PQ", "SAT"), "total"]
    ratio = fit.index("SAT").std() / fit.index("PQ").std()
    assert table.loc["PQ", "importance"] == pytest.approx(table.loc["PQ", "total_effect"] * ratio)
    assert table.loc["PV", "performance"] == pytest.approx(fit.index("PV").mean())
    # Perceived quality matters most and performs below the drivers' mean.
    assert table["importance"].idxmax() == "PQ"
    assert table.loc["PQ", "performance"] < table["performance"].mean()


def test_ipma_of_an_exogenous_construct_is_refused():
    with pytest.raises(ValueError, match="BI has no predecessors"):
        ccsi_fit().ipma("BI")


def test_index_refuses_negative_weights():
    rng = np.random.default_rng(5)
    x = rng.integers(1, 11, size=200).astype(float)
    good = np.clip(x + rng.integers(-1, 2, size=200), 1, 10)
    reversed_item = 11 - np.clip(x + rng.integers(-1, 2, size=200), 1, 10)
    data = pd.DataFrame({"x": x, "s1": good, "s2": good, "s3": reversed_item})
    data["s2"] = np.clip(good + rng.integers(-1, 2, size=200), 1, 10)
    fit = pls_pm(data, {"X": ["x"], "SAT": ["s1", "s2", "s3"]}, {"SAT": ["X"]})
    with pytest.raises(ValueError, match="'s3' of SAT have a negative outer weight"):
        fit.index()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"construct": "XYZ"}, "construct must be one of"),
        ({"scale": (10, 1)}, "low < high"),
        ({"scale": (1, 10, 100)}, r"pair \(low, high\)"),
        ({"scale": (1, 5)}, "outside scale"),
        ({"by": "region"}, "missing column"),
        ({"by": [1, 2, 3]}, "one label per respondent"),
    ],
)
def test_index_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ccsi_fit().index(**kwargs)


def test_index_refuses_missing_group_labels():
    labels = ccsi()["brand"].where(ccsi()["respondent_id"] > 1)
    with pytest.raises(ValueError, match="1 missing label"):
        ccsi_fit().index(by=labels)


# --------------------------------------------------------------------------- bootstrap


def test_bootstrap_is_reproducible_and_brackets_the_estimate():
    fit = pls_pm(ccsi().head(300), BLOCKS, PATHS)
    first = bootstrap_paths(fit, n_boot=30, seed=7)
    pd.testing.assert_frame_equal(first, bootstrap_paths(fit, n_boot=30, seed=7))
    assert (first["std_error"] > 0).all()
    assert (first["ci_low"] < first["coefficient"]).all()
    assert (first["coefficient"] < first["ci_high"]).all()
    assert first["t"].tolist() == pytest.approx(
        (first["coefficient"] / first["std_error"]).tolist()
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_boot": 5}, ValueError, "n_boot must be an integer >= 10"),
        ({"n_boot": 10.5}, TypeError, "n_boot must be an integer"),
        ({"seed": -1}, ValueError, "seed must be an integer >= 0"),
        ({"level": 95}, ValueError, "level must be a fraction"),
    ],
)
def test_bootstrap_validation(kwargs, error, message):
    with pytest.raises(error, match=message):
        bootstrap_paths(ccsi_fit(), **kwargs)


def test_bootstrap_needs_a_fit():
    with pytest.raises(TypeError, match="result must be a PLSResult"):
        bootstrap_paths(ccsi())


def test_bootstrap_refuses_samples_with_a_constant_indicator():
    data = small_data(n=12).assign(flag=[1.0] + [0.0] * 11)
    fit = pls_pm(data, {"X": ["x", "flag"], "Y": "y"}, {"Y": "X"})
    with pytest.raises(ValueError, match="constant indicator"):
        bootstrap_paths(fit, n_boot=200, seed=0)


# --------------------------------------------------------------------------- the index models


@pytest.mark.parametrize("model", [ACSI_MODEL, SCSB_MODEL, ECSI_MODEL, CCSI_MODEL])
def test_every_model_is_a_valid_recursive_inner_model(model):
    rng = np.random.default_rng(0)
    data = pd.DataFrame(
        rng.normal(size=(50, len(model.constructs))), columns=list(model.constructs)
    )
    fit = pls_pm(data, {c: c for c in model.constructs}, model.paths)
    assert len(fit.paths) == len(model.edges())
    assert set(model.positions) == set(model.constructs)
    assert model.path_matrix().to_numpy().sum() == len(model.edges())


def test_model_tables():
    assert ACSI_MODEL.table().loc["COMP", "causes"] == "SAT"
    assert ACSI_MODEL.table().loc["EXP", "causes"] == "(exogenous)"
    assert "indicators" not in ACSI_MODEL.table()
    assert CCSI_MODEL.table().loc["SAT", "indicators"] == "SAT1, SAT2, SAT3"
    assert CCSI_MODEL.table().loc["BI", "zh"] == "品牌形象"
    assert ECSI_MODEL.paths["SAT"] == ("IMG", "EXP", "PQ", "PV")


def test_repr_summarizes_the_fit():
    text = repr(ccsi_fit())
    assert text.startswith("PLSResult(6 constructs, 10 paths, 800 respondents")
    assert "converged in" in text and "SAT 0.50" in text


# --------------------------------------------------------------------------- validation


def test_data_must_be_a_dataframe():
    with pytest.raises(TypeError, match="data must be a pandas DataFrame"):
        pls_pm(ccsi().to_numpy(), BLOCKS, PATHS)


def test_unknown_columns_list_the_columns_present():
    blocks = dict(BLOCKS) | {"SAT": ["SAT1", "SAT2", "SAT9"]}
    with pytest.raises(ValueError, match=r"missing column\(s\) 'SAT9'. It has these columns: "):
        pls_pm(ccsi(), blocks, PATHS)


@pytest.mark.parametrize(
    ("blocks", "error", "message"),
    [
        ([("X", ["x"])], TypeError, "blocks must be a mapping"),
        ({}, ValueError, "blocks is empty"),
        ({"X": [], "Y": ["y"]}, ValueError, "construct 'X' has no indicators"),
        ({"X": ["x"], "Y": ["y", "x"]}, ValueError, "in the blocks of 'X' and 'Y'"),
        ({"X": ["x", "x"], "Y": ["y"]}, ValueError, "twice in its block"),
        ({"X": 3, "Y": ["y"]}, TypeError, r"blocks\['X'\] must be a list"),
        ({1: ["x"], "Y": ["y"]}, TypeError, "construct names must be strings"),
    ],
)
def test_bad_blocks(blocks, error, message):
    with pytest.raises(error, match=message):
        pls_pm(small_data(), blocks, {"Y": ["X"]})


@pytest.mark.parametrize(
    ("paths", "error", "message"),
    [
        ([("X", "Y")], TypeError, "paths must be a mapping"),
        ({"Y": ["W"]}, ValueError, "paths names construct.*'W'.*constructs of blocks are: X, Y, Z"),
        ({"Y": 3}, TypeError, r"paths\['Y'\] must be a list"),
        (
            {"Y": ["X"], "Z": ["Y"], "X": ["Z"]},
            ValueError,
            "cycle X -> Y -> Z -> X",
        ),
        ({"Y": ["X", "Y"], "Z": ["Y"]}, ValueError, "cycle Y -> Y"),
        ({"Y": ["X"]}, ValueError, r"construct\(s\) 'Z' have no arrow"),
    ],
)
def test_bad_inner_models(paths, error, message):
    with pytest.raises(error, match=message):
        pls_pm(small_data(), {"X": "x", "Y": "y", "Z": "z"}, paths)


def test_bad_path_dataframes():
    blocks = {"X": "x", "Y": "y"}
    unknown = pd.DataFrame([[0, 0], [1, 0]], index=["X", "W"], columns=["X", "W"])
    with pytest.raises(ValueError, match="'W' that have no block"):
        pls_pm(small_data(), blocks, unknown)
    weights = pd.DataFrame([[0, 0], [0.5, 0]], index=["X", "Y"], columns=["X", "Y"])
    with pytest.raises(ValueError, match="only 0 and 1"):
        pls_pm(small_data(), blocks, weights)


def test_text_indicators_are_refused():
    with pytest.raises(TypeError, match=r"data\['brand'\] must hold numbers"):
        pls_pm(ccsi(), {"B": ["brand"], "SAT": ["SAT1"]}, {"SAT": ["B"]})


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_missing_or_infinite_answers_are_refused(bad):
    data = small_data()
    data.loc[3, "y"] = bad
    with pytest.raises(ValueError, match=r"indicator column\(s\) y \(1\).*dropna"):
        pls_pm(data, {"X": "x", "Y": "y"}, {"Y": "X"})


def test_constant_indicator_is_refused():
    data = small_data().assign(c=5.0)
    with pytest.raises(ValueError, match=r"indicator\(s\) c have the same value"):
        pls_pm(data, {"X": ["x", "c"], "Y": "y"}, {"Y": "X"})


def test_too_few_rows_are_refused():
    with pytest.raises(ValueError, match="at least 4 rows"):
        pls_pm(small_data(n=3), {"X": "x", "Y": "y", "Z": "z"}, {"Y": "X", "Z": ["X", "Y"]})


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"scheme": "centroids"}, ValueError, "scheme must be one of 'centroid'"),
        ({"scheme": 1}, TypeError, "scheme must be one of"),
        ({"mode": "C"}, ValueError, "mode must be 'A' or 'B'"),
        ({"mode": {"W": "A"}}, ValueError, "mode names construct"),
        ({"max_iter": 0}, ValueError, "max_iter must be an integer >= 1"),
        ({"max_iter": 10.0}, TypeError, "max_iter must be an integer"),
        ({"tol": 0.0}, ValueError, "tol must be a positive number"),
        ({"tol": "small"}, TypeError, "tol must be a single number"),
    ],
)
def test_bad_options(kwargs, error, message):
    with pytest.raises(error, match=message):
        pls_pm(small_data(), {"X": "x", "Y": "y"}, {"Y": "X"}, **kwargs)


def test_non_convergence_warns_and_is_reported():
    with pytest.warns(RuntimeWarning, match="did not converge in 1 iterations"):
        fit = pls_pm(ccsi(), BLOCKS, PATHS, max_iter=1)
    assert not fit.converged
    assert "NOT converged" in repr(fit)
