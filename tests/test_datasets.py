"""Tests of crmlab.datasets: loaders, the shipped files and the seeded generators.

The expected schemas are written out here from the brief (COMMON.md) and the
datasheet, not read from the module, so that a change of either shows up.
"""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crmlab.datasets as d
from crmlab.datasets import _schema, loaders

ROOT = Path(__file__).resolve().parent.parent
LEAVES = [
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
]
STR = "str"
DATE = "datetime64"

# Rows of each shipped table; the columns and dtypes are the schema file's
# (crmlab/data/dataset_columns.csv), which the loaders, these tests and the
# datasheet all use. A few columns are spot-checked independently below.
ROWS = {
    "appliance_tiers": 5,
    "customers": 5000,
    "transactions": 46367,
    "satisfaction_survey": 600,
    "kano_survey": 1600,
    "loyalty_survey": 1500,
    "telecom_churn": 7000,
    "ccsi_survey": 800,
    "cdnow": 6919,
}
EXPECTED = {
    name: (
        rows,
        {c: DATE if t.startswith(DATE) else t for c, t in _schema.schema(name).items()},
    )
    for name, rows in ROWS.items()
}


def dtype_kind(series: pd.Series) -> str:
    if pd.api.types.is_datetime64_any_dtype(series):
        return DATE
    if pd.api.types.is_string_dtype(series) and series.dtype != object:
        return STR
    return str(series.dtype)


@pytest.fixture(scope="module")
def customers():
    return d.load_customers()


@pytest.fixture(scope="module")
def transactions():
    return d.load_transactions()


@pytest.fixture(scope="module")
def log_2024(transactions):
    return transactions[transactions["date"].dt.year == 2024]


def kano_table(functional: pd.Series, dysfunctional: pd.Series) -> pd.Series:
    """The standard Kano evaluation table, written out independently of crmlab."""
    f, g = functional, dysfunctional
    middle = ["must-be", "neutral", "live-with"]
    category = np.select(
        [
            (f == g) & f.isin(["like", "dislike"]),
            (f == "like") & (g == "dislike"),
            f == "like",
            (f == "dislike") | (g == "like"),
            g == "dislike",
            f.isin(middle) & g.isin(middle),
        ],
        ["Q", "O", "A", "R", "M", "I"],
        default="?",
    )
    return pd.Series(category, index=functional.index)


def cronbach(items: pd.DataFrame) -> float:
    items = items.astype(float).dropna()
    k = items.shape[1]
    return k / (k - 1) * (1 - items.var(ddof=1).sum() / items.sum(axis=1).var(ddof=1))


# ---------------------------------------------------------------------------
# Loaders: columns, dtypes, sizes
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(EXPECTED))
def test_loader_has_the_documented_columns_dtypes_and_rows(name):
    n_rows, schema = EXPECTED[name]
    frame = d.load(name)
    assert list(frame.columns) == list(schema)
    assert {col: dtype_kind(frame[col]) for col in frame} == schema
    assert len(frame) == n_rows
    assert isinstance(frame.index, pd.RangeIndex)


def test_datasets_tuple_lists_every_loader():
    assert d.DATASETS == tuple(EXPECTED)
    for name in d.DATASETS:
        assert callable(getattr(d, f"load_{name}"))


@pytest.mark.parametrize("name", list(EXPECTED))
def test_load_by_name_equals_the_named_loader(name):
    pd.testing.assert_frame_equal(d.load(name), getattr(d, f"load_{name}")())


def test_only_cells_meant_to_be_missing_are_missing():
    for name in EXPECTED:
        frame = d.load(name)
        allowed = set(LEAVES) | {"churn_type", "churn_reason"}
        assert set(frame.columns[frame.isna().any()]) <= allowed, name


def test_loaders_return_copies_that_callers_may_change():
    first = d.load_customers()
    first.loc[0, "region"] = "Mars"
    first["extra"] = 1
    again = d.load_customers()
    assert again.loc[0, "region"] != "Mars"
    assert "extra" not in again.columns


def test_importing_reads_no_file():
    code = (
        "import crmlab.datasets as d\n"
        "from crmlab.datasets import loaders\n"
        "print(loaders._read_table.cache_info().currsize, loaders._read_cdnow.cache_info().currsize)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["0", "0"]


def test_unknown_dataset_lists_the_available_ones():
    with pytest.raises(ValueError, match=r"Unknown dataset 'sales'.*appliance_tiers.*cdnow"):
        d.load("sales")


def test_non_string_dataset_name_is_rejected():
    with pytest.raises(ValueError, match="Available datasets"):
        d.load(3)


def test_load_passes_options_on():
    assert len(d.load("cdnow", full=True)) == 69659


@pytest.mark.parametrize("bad", ["yes", 1, None])
def test_cdnow_full_must_be_a_boolean(bad):
    with pytest.raises(TypeError, match="full must be True or False"):
        d.load_cdnow(full=bad)


# ---------------------------------------------------------------------------
# Data location
# ---------------------------------------------------------------------------
def test_data_dir_is_the_repository_folder_in_a_clone():
    assert loaders._data_dir() == ROOT / "datasets"


def test_data_dir_prefers_the_packaged_copy(tmp_path, monkeypatch):
    package = tmp_path / "crmlab"
    (package / "_data").mkdir(parents=True)
    monkeypatch.setattr(loaders, "__file__", str(package / "datasets" / "loaders.py"))
    assert loaders._data_dir() == package / "_data"


def test_data_dir_falls_back_to_the_top_level_folder(tmp_path, monkeypatch):
    (tmp_path / "crmlab").mkdir()
    (tmp_path / "datasets").mkdir()
    monkeypatch.setattr(loaders, "__file__", str(tmp_path / "crmlab" / "datasets" / "loaders.py"))
    assert loaders._data_dir() == tmp_path / "datasets"


def test_data_dir_missing_is_a_clear_error(tmp_path, monkeypatch):
    (tmp_path / "crmlab").mkdir()
    monkeypatch.setattr(loaders, "__file__", str(tmp_path / "crmlab" / "datasets" / "loaders.py"))
    with pytest.raises(FileNotFoundError, match="data files were not found"):
        loaders._data_dir()


# ---------------------------------------------------------------------------
# Regeneration: the shipped files are exactly what the seeded generators make
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def regenerated():
    customers, transactions = d.generate_customers_and_transactions()
    return {
        "customers": customers,
        "transactions": transactions,
        "satisfaction_survey": d.generate_satisfaction_survey(),
        "kano_survey": d.generate_kano_survey(),
        "loyalty_survey": d.generate_loyalty_survey(),
        "telecom_churn": d.generate_telecom_churn(),
        "ccsi_survey": d.generate_ccsi_survey(),
    }


@pytest.mark.parametrize(
    "name",
    [
        "customers",
        "transactions",
        "satisfaction_survey",
        "kano_survey",
        "loyalty_survey",
        "telecom_churn",
        "ccsi_survey",
    ],
)
def test_generator_with_its_seed_reproduces_the_shipped_file(regenerated, name):
    pd.testing.assert_frame_equal(regenerated[name], d.load(name), check_exact=True)


def test_generate_all_matches_the_individual_generators(regenerated):
    tables = d.generate_all()
    assert set(tables) == set(d.DATASETS) - {"cdnow"}
    for name, frame in regenerated.items():
        pd.testing.assert_frame_equal(tables[name], frame, check_exact=True)


def test_make_datasets_script_rewrites_identical_files(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_datasets.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    written = sorted(p.name for p in tmp_path.glob("*.csv"))
    assert written == sorted(f"{n}.csv" for n in d.DATASETS if n != "cdnow")
    for name in written:
        assert (tmp_path / name).read_bytes() == (ROOT / "datasets" / name).read_bytes(), name


def test_a_different_seed_gives_different_data():
    a = d.generate_telecom_churn(seed=1, n_subscribers=300)
    b = d.generate_telecom_churn(seed=2, n_subscribers=300)
    assert not a.equals(b)
    pd.testing.assert_frame_equal(a, d.generate_telecom_churn(seed=1, n_subscribers=300))


def test_seed001_appliance_tiers_verbatim():
    expected = pd.DataFrame(
        {
            "tier": ["very low", "low", "moderate", "high", "very high"],
            "value_pct": [-4.12, -2.10, 7.45, 30.49, 107.76],
            "market_share_pct": [51.4, 25.3, 18.0, 4.6, 0.7],
            "customer_share_pct": [42.2, 20.5, 26.3, 9.2, 1.8],
        }
    )
    got = d.load_appliance_tiers()
    assert got["tier"].tolist() == expected["tier"].tolist()
    np.testing.assert_array_equal(got.iloc[:, 1:].to_numpy(), expected.iloc[:, 1:].to_numpy())
    # Seed 001: 62.7% of the company's customers sit in the negative-value tiers.
    negative = got.loc[got["value_pct"] < 0, "customer_share_pct"].sum()
    assert negative == pytest.approx(62.7)


def test_true_parameters_are_read_only():
    with pytest.raises(TypeError):
        d.TELECOM_PARAMS["logit"]["complaints"] = 0.0
    with pytest.raises(TypeError):
        d.SEEDS["telecom_churn"] = 1


# ---------------------------------------------------------------------------
# Realism: customers and transactions
# ---------------------------------------------------------------------------
def test_top_20_percent_of_buyers_hold_60_to_80_percent_of_revenue(transactions):
    revenue = transactions.groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    top = int(np.ceil(0.2 * len(revenue)))
    share = revenue.iloc[:top].sum() / revenue.sum()
    assert 0.6 <= share <= 0.8


def test_potential_customers_are_8_to_12_percent(customers, transactions):
    never_bought = ~customers["customer_id"].isin(transactions["customer_id"])
    assert 0.08 <= never_bought.mean() <= 0.12


def test_transactions_are_a_clean_log(customers, transactions):
    assert 40_000 <= len(transactions) <= 80_000
    assert transactions["transaction_id"].tolist() == list(range(1, len(transactions) + 1))
    assert transactions["date"].is_monotonic_increasing
    assert transactions["date"].min() == pd.Timestamp("2022-01-01")
    assert transactions["date"].max() == pd.Timestamp("2024-12-31")
    assert transactions["customer_id"].isin(customers["customer_id"]).all()
    assert (transactions["amount"] >= 5).all()
    assert np.allclose(transactions["amount"], transactions["amount"].round(2), rtol=0, atol=1e-9)
    assert set(transactions["store"]) == {f"S0{k}" for k in range(1, 9)}


def test_nobody_buys_before_signing_up(customers, transactions):
    signup = customers.set_index("customer_id")["signup_date"]
    first = transactions.groupby("customer_id")["date"].min()
    assert (first >= signup.reindex(first.index)).all()


def test_customer_table_values(customers):
    assert customers["customer_id"].tolist() == list(range(1, 5001))
    assert set(customers["region"]) == {"North", "South", "East", "West", "Central"}
    assert set(customers["channel"]) == {"store", "online", "referral", "promotion"}
    assert customers["signup_date"].between("2022-01-01", "2024-12-31").all()
    by_year = customers["signup_date"].dt.year.value_counts(normalize=True)
    assert (by_year > 0.2).all() and len(by_year) == 3
    cost = customers.groupby("channel")["acquisition_cost"].median()
    assert cost["store"] < cost["referral"] < cost["online"] < cost["promotion"]


def test_mix_of_one_time_repeat_loyal_and_churned_buyers(transactions):
    counts = transactions.groupby("customer_id").size()
    assert 0.05 <= (counts == 1).mean() <= 0.25
    assert (counts >= 2).mean() >= 0.6
    assert (counts >= 20).sum() >= 300
    last = transactions.groupby("customer_id")["date"].max()
    churned = last < pd.Timestamp("2024-12-31") - pd.Timedelta(days=365)
    assert 0.2 <= churned.mean() <= 0.45


def test_double_11_is_the_busiest_time(transactions):
    by_month = transactions.groupby(transactions["date"].dt.month).size()
    assert by_month.idxmax() == 11


# ---------------------------------------------------------------------------
# Realism: satisfaction survey
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def satisfaction():
    return d.load_satisfaction_survey()


def test_seed004_weakest_second_level_indicator_is_installation(satisfaction):
    groups = {
        "X21": {"X311": 0.40, "X312": 0.20, "X313": 0.40},
        "X22": {"X321": 0.30, "X322": 0.25, "X323": 0.15, "X324": 0.30},
        "X23": {"X331": 0.60, "X332": 0.40},
        "X24": {"X341": 0.50, "X342": 0.25, "X343": 0.25},
        "X25": {"X351": 0.60, "X352": 0.40},
    }
    means = satisfaction[LEAVES].astype(float).mean()
    score = {g: sum(w * means[leaf] for leaf, w in leaves.items()) for g, leaves in groups.items()}
    ranked = sorted(score, key=score.get)
    assert ranked[0] == "X23" == d.SATISFACTION_PARAMS["weakest_indicator"]
    assert score[ranked[1]] - score["X23"] > 5


def test_about_two_percent_of_answers_are_missing(satisfaction):
    share = satisfaction[LEAVES].isna().to_numpy().mean()
    assert 0.01 <= share <= 0.03
    assert satisfaction[LEAVES].isna().any(axis=1).sum() > 50


def test_survey_scales_and_links(satisfaction, customers, log_2024):
    leaves = satisfaction[LEAVES].astype(float)
    assert ((leaves >= 0) & (leaves <= 100) | leaves.isna()).all().all()
    assert satisfaction["overall_satisfaction"].between(1, 10).all()
    assert satisfaction["recommend"].between(0, 10).all()
    assert satisfaction["repurchase_intention"].between(1, 5).all()
    assert satisfaction["expected"].between(1, 10).all()
    assert satisfaction["perceived"].between(1, 10).all()
    assert satisfaction["customer_id"].is_unique
    assert satisfaction["customer_id"].isin(log_2024["customer_id"]).all()
    assert set(satisfaction["segment"]) == {"new", "regular", "VIP"}


def test_nps_is_plausible(satisfaction):
    scores = satisfaction["recommend"]
    nps = 100 * ((scores >= 9).mean() - (scores <= 6).mean())
    assert 10 <= nps <= 30


def test_leaves_form_a_reliable_scale_tied_to_overall(satisfaction):
    assert cronbach(satisfaction[LEAVES]) > 0.8
    mean_leaf = satisfaction[LEAVES].astype(float).mean(axis=1)
    assert mean_leaf.corr(satisfaction["overall_satisfaction"]) > 0.5


def test_store_s07_has_the_lowest_satisfaction(satisfaction):
    by_store = satisfaction.groupby("store")["overall_satisfaction"].mean()
    assert by_store.idxmin() == "S07"


# ---------------------------------------------------------------------------
# Realism: Kano survey
# ---------------------------------------------------------------------------
def test_kano_dominant_category_is_the_true_one():
    kano = d.load_kano_survey()
    kano["category"] = kano_table(kano["functional"], kano["dysfunctional"])
    assert (kano["category"] != "?").all()
    dominant = kano.groupby("feature")["category"].agg(lambda s: s.value_counts().idxmax())
    assert dominant.to_dict() == dict(d.KANO_PARAMS["true_category"])
    assert set(dominant) == {"A", "O", "M", "I"}
    # Realistic noise: no feature is answered unanimously.
    top_share = kano.groupby("feature")["category"].agg(
        lambda s: s.value_counts(normalize=True).max()
    )
    assert (top_share < 0.7).all()


def test_kano_answers_use_the_five_labels():
    kano = d.load_kano_survey()
    labels = {"like", "must-be", "neutral", "live-with", "dislike"}
    assert set(kano["functional"]) == labels
    assert set(kano["dysfunctional"]) == labels
    assert (kano.groupby("respondent_id").size() == 8).all()


# ---------------------------------------------------------------------------
# Realism: loyalty survey
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def loyalty(log_2024):
    survey = d.load_loyalty_survey()
    behaviour = log_2024.groupby("customer_id")["amount"].agg(["size", "sum"])
    survey = survey.join(
        behaviour.rename(columns={"size": "purchases", "sum": "our_sales"}), on="customer_id"
    )
    survey["attitude"] = survey[["attitude_1", "attitude_2", "attitude_3"]].mean(axis=1)
    return survey


def test_loyalty_respondents_bought_in_the_survey_year(loyalty):
    assert loyalty["customer_id"].is_unique
    assert loyalty["purchases"].notna().all()


def test_share_of_wallet_is_at_most_one(loyalty):
    share = loyalty["our_sales"] / loyalty["category_spend"]
    assert (share <= 1).all()
    assert 0.25 <= share.mean() <= 0.55


def test_loyalty_scales_are_on_1_to_7(loyalty):
    scores = loyalty[["perceived_value", "satisfaction", "switching_cost", "trust"]]
    assert ((scores >= 1) & (scores <= 7)).all().all()
    items = loyalty[["attitude_1", "attitude_2", "attitude_3"]]
    assert ((items >= 1) & (items <= 7)).all().all()
    assert cronbach(items) > 0.8


def test_regression_recovers_the_true_attitude_coefficients(loyalty):
    names = ["perceived_value", "satisfaction", "switching_cost", "trust"]
    fit = sm.OLS(loyalty["attitude"], sm.add_constant(loyalty[names])).fit()
    truth = d.LOYALTY_PARAMS["attitude"]
    for name in names:
        assert abs(fit.params[name] - truth[name]) < 3 * fit.bse[name], name


def test_frequent_buyers_score_higher_yet_all_four_loyalty_types_exist(loyalty):
    assert loyalty["attitude"].corr(np.log(loyalty["purchases"])) > 0.2
    high_attitude = loyalty["attitude"] >= loyalty["attitude"].median()
    high_repeat = loyalty["purchases"] >= loyalty["purchases"].median()
    shares = pd.crosstab(high_attitude, high_repeat, normalize=True)
    assert (shares.to_numpy() > 0.1).all()


# ---------------------------------------------------------------------------
# Realism: telecom churn
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def telecom():
    return d.load_telecom_churn()


def test_telecom_churn_rate_is_20_to_30_percent(telecom):
    assert 0.2 <= telecom["churned"].mean() <= 0.3


def test_churn_type_and_reason_only_for_churned(telecom):
    churned = telecom["churned"]
    assert telecom.loc[churned, ["churn_type", "churn_reason"]].notna().all().all()
    assert telecom.loc[~churned, ["churn_type", "churn_reason"]].isna().all().all()
    passive = telecom["churn_type"] == "passive"
    assert (passive == (telecom["churn_reason"] == "bad debt")).all()
    assert not (passive & (telecom["plan"] == "prepaid")).any()


def test_seed003_churn_reasons_form_a_pareto_led_by_competition(telecom):
    reasons = telecom["churn_reason"].value_counts(normalize=True)
    assert set(reasons.index) == {
        "competition",
        "price",
        "service attitude",
        "billing/integrity",
        "natural",
        "bad debt",
    }
    assert reasons.index[0] == "competition"
    assert reasons.iloc[:3].sum() > 0.6


def test_tiers_are_realistic(telecom):
    shares = telecom["tier"].value_counts(normalize=True)
    assert set(shares.index) == {"key", "ordinary", "small", "unworthy"}
    assert 0.05 <= shares["key"] <= 0.2
    assert 0.05 <= shares["unworthy"] <= 0.15
    churn = telecom.groupby("tier")["churned"].mean()
    assert churn.idxmax() == "unworthy"


def test_logistic_regression_recovers_the_true_churn_coefficients(telecom):
    X = telecom[["tenure_months", "complaints", "service_contacts", "monthly_fee"]].astype(float)
    for plan in ["prepaid", "data plus", "family", "business"]:
        X[plan] = (telecom["plan"] == plan).astype(float)
    X["unworthy"] = (telecom["tier"] == "unworthy").astype(float)
    fit = sm.Logit(telecom["churned"].astype(float), sm.add_constant(X)).fit(disp=0)
    truth = d.TELECOM_PARAMS["logit"]
    expected = {
        "const": truth["intercept"],
        "tenure_months": truth["tenure_months"],
        "complaints": truth["complaints"],
        "service_contacts": truth["service_contacts"],
        "monthly_fee": truth["monthly_fee"],
        **{plan: truth["plan"][plan] for plan in ["prepaid", "data plus", "family", "business"]},
        "unworthy": truth["tier_unworthy"],
    }
    for name, value in expected.items():
        assert abs(fit.params[name] - value) < 3 * fit.bse[name], name


def test_kaplan_meier_median_lifetime_exists_for_every_plan(telecom):
    for plan, group in telecom.groupby("plan"):
        table = group.groupby("tenure_months")["churned"].agg(["size", "sum"]).sort_index()
        at_risk = table["size"][::-1].cumsum()[::-1]
        survival = (1 - table["sum"] / at_risk).cumprod()
        assert survival.min() <= 0.5, plan


# ---------------------------------------------------------------------------
# Realism: CCSI survey
# ---------------------------------------------------------------------------
def test_ccsi_scales_brands_and_reliability():
    ccsi = d.load_ccsi_survey()
    assert ccsi["brand"].nunique() == 8
    assert ccsi["brand"].value_counts().min() >= 40
    values = ccsi.drop(columns=["respondent_id", "brand"])
    assert ((values >= 1) & (values <= 10)).all().all()
    for construct in ["BI", "EQ", "PQ", "PV", "SAT", "LOY"]:
        assert cronbach(ccsi[[f"{construct}{k}" for k in (1, 2, 3)]]) > 0.7, construct


def test_ccsi_structure_satisfaction_drives_loyalty():
    ccsi = d.load_ccsi_survey()
    score = {
        c: ccsi[[f"{c}{k}" for k in (1, 2, 3)]].mean(axis=1)
        for c in ["EQ", "PQ", "PV", "SAT", "LOY"]
    }
    frame = pd.DataFrame(score)
    fit = sm.OLS(frame["SAT"], sm.add_constant(frame[["PQ", "PV"]])).fit()
    assert (fit.params[["PQ", "PV"]] > 0).all()
    assert frame["SAT"].corr(frame["LOY"]) > frame["EQ"].corr(frame["LOY"])


# ---------------------------------------------------------------------------
# CDNOW
# ---------------------------------------------------------------------------
def test_cdnow_sample_and_master_sizes():
    sample = d.load_cdnow()
    master = d.load_cdnow(full=True)
    assert (len(sample), sample["customer_id"].nunique()) == (6919, 2357)
    assert (len(master), master["customer_id"].nunique()) == (69659, 23570)
    assert list(master.columns) == ["customer_id", "date", "cds", "amount"]


def test_cdnow_sample_uses_master_ids():
    sample = d.load_cdnow()
    master = d.load_cdnow(full=True)
    merged = sample.merge(master, how="left", indicator=True)
    assert (merged["_merge"] == "both").all()
    assert sample["date"].between("1997-01-01", "1998-06-30").all()
    # First row of the sample file: master id 4, 1997-01-01, 2 CDs, $29.33.
    assert sample.iloc[0].tolist() == [4, pd.Timestamp("1997-01-01"), 2, 29.33]


# ---------------------------------------------------------------------------
# Bad arguments
# ---------------------------------------------------------------------------
GENERATORS = {
    "generate_customers_and_transactions": "n_customers",
    "generate_satisfaction_survey": "n_respondents",
    "generate_kano_survey": "n_respondents",
    "generate_loyalty_survey": "n_respondents",
    "generate_telecom_churn": "n_subscribers",
    "generate_ccsi_survey": "n_respondents",
}


@pytest.mark.parametrize("generator", list(GENERATORS))
@pytest.mark.parametrize("bad", [-1, -100])
def test_negative_seed_is_rejected(generator, bad):
    with pytest.raises(ValueError, match=r"seed must be an integer >= 0"):
        getattr(d, generator)(seed=bad)


@pytest.mark.parametrize("generator", list(GENERATORS))
@pytest.mark.parametrize("bad", [1.5, "7", True, None])
def test_non_integer_seed_is_rejected(generator, bad):
    with pytest.raises(TypeError, match="seed must be an integer"):
        getattr(d, generator)(seed=bad)


@pytest.mark.parametrize(("generator", "size"), list(GENERATORS.items()))
@pytest.mark.parametrize("bad", [0, -5])
def test_size_below_one_is_rejected(generator, size, bad):
    with pytest.raises(ValueError, match=rf"{size} must be an integer >= 1"):
        getattr(d, generator)(**{size: bad})


@pytest.mark.parametrize(("generator", "size"), list(GENERATORS.items()))
def test_fractional_size_is_rejected(generator, size):
    with pytest.raises(TypeError, match=rf"{size} must be an integer"):
        getattr(d, generator)(**{size: 100.0})


@pytest.mark.parametrize("generator", ["generate_satisfaction_survey", "generate_loyalty_survey"])
def test_more_respondents_than_buyers_is_rejected(generator):
    with pytest.raises(ValueError, match=r"n_respondents cannot exceed the \d+ customers"):
        getattr(d, generator)(n_respondents=100_000)


@pytest.mark.parametrize("generator", ["generate_satisfaction_survey", "generate_loyalty_survey"])
def test_transactions_must_be_a_dataframe(generator):
    with pytest.raises(TypeError, match="transactions must be a pandas DataFrame"):
        getattr(d, generator)(transactions=[1, 2, 3])


def test_satisfaction_survey_needs_the_store_column(transactions):
    with pytest.raises(ValueError, match=r"transactions is missing column\(s\) 'store'"):
        d.generate_satisfaction_survey(transactions=transactions.drop(columns="store"))


def test_loyalty_survey_needs_a_transaction_log(transactions):
    with pytest.raises(ValueError, match=r"missing column\(s\) 'amount'"):
        d.generate_loyalty_survey(transactions=transactions.drop(columns="amount"))


@pytest.mark.parametrize("generator", ["generate_satisfaction_survey", "generate_loyalty_survey"])
def test_an_empty_log_is_rejected(generator, transactions):
    with pytest.raises(ValueError, match="transactions is empty"):
        getattr(d, generator)(transactions=transactions.iloc[:0])


def test_linked_surveys_accept_another_log():
    customers, log = d.generate_customers_and_transactions(seed=7, n_customers=400)
    survey = d.generate_satisfaction_survey(seed=7, n_respondents=30, transactions=log)
    assert survey["customer_id"].isin(customers["customer_id"]).all()
    loyalty = d.generate_loyalty_survey(seed=7, n_respondents=30, transactions=log)
    assert loyalty["customer_id"].isin(log["customer_id"]).all()


# ---------------------------------------------------------------------------
# Properties for any seed
# ---------------------------------------------------------------------------
seeds = st.integers(min_value=0, max_value=2**32 - 1)
fast = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(seed=seeds, n=st.integers(min_value=1, max_value=300))
def test_customer_base_invariants_for_any_seed(seed, n):
    customers, log = d.generate_customers_and_transactions(seed=seed, n_customers=n)
    assert len(customers) == n
    assert log["customer_id"].isin(customers["customer_id"]).all()
    signup = customers.set_index("customer_id")["signup_date"]
    assert (log["date"] >= signup.reindex(log["customer_id"]).to_numpy()).all()
    assert log["date"].between("2022-01-01", "2024-12-31").all()
    assert (log["amount"] >= 5).all()


@fast
@given(seed=seeds, n=st.integers(min_value=1, max_value=500))
def test_telecom_invariants_for_any_seed(seed, n):
    churn = d.generate_telecom_churn(seed=seed, n_subscribers=n)
    assert len(churn) == n
    assert (churn["churn_reason"].notna() == churn["churned"]).all()
    assert churn["tenure_months"].between(1, 120).all()
    assert (churn["monthly_fee"] > 0).all()


@fast
@given(seed=seeds, n=st.integers(min_value=1, max_value=200))
def test_loyalty_share_of_wallet_at_most_one_for_any_seed(seed, n):
    survey = d.generate_loyalty_survey(seed=seed, n_respondents=n)
    log = d.load_transactions()
    spend = log[log["date"].dt.year == 2024].groupby("customer_id")["amount"].sum()
    assert (
        spend.reindex(survey["customer_id"]).to_numpy() <= survey["category_spend"].to_numpy()
    ).all()


@fast
@given(seed=seeds, n=st.integers(min_value=1, max_value=50))
def test_kano_and_ccsi_shapes_for_any_seed(seed, n):
    kano = d.generate_kano_survey(seed=seed, n_respondents=n)
    assert len(kano) == 8 * n
    assert (kano_table(kano["functional"], kano["dysfunctional"]) != "?").all()
    ccsi = d.generate_ccsi_survey(seed=seed, n_respondents=n)
    assert ccsi.drop(columns=["respondent_id", "brand"]).stack().between(1, 10).all()


# ---------------------------------------------------------------------------
# The schema, stated once: spot checks, and the datasheet rendered from it
# ---------------------------------------------------------------------------
def test_schema_spot_checks_against_the_brief():
    satisfaction = _schema.schema("satisfaction_survey")
    assert [c for c, t in satisfaction.items() if t == "Int64"] == LEAVES
    assert list(_schema.schema("cdnow")) == ["customer_id", "date", "cds", "amount"]
    assert _schema.schema("transactions")["date"] == "datetime64[us]"
    assert len(_schema.schema("ccsi_survey")) == 2 + 6 * 3
    assert _schema.schema("telecom_churn")["churned"] == "bool"


def test_datasheet_column_tables_are_rendered_from_the_schema():
    sheet = (ROOT / "datasets" / "README.md").read_text(encoding="utf-8")
    assert _schema.render_datasheet(sheet) == sheet, (
        "datasets/README.md is out of date: run python -m crmlab.datasets._schema"
    )
    assert "| `X311` ... `X352` | Int64 (nullable) |" in sheet


def test_datasheet_rendering_needs_a_table_per_dataset():
    with pytest.raises(ValueError, match="no column table for 'appliance_tiers'"):
        _schema.render_datasheet("no tables here")
    with pytest.raises(ValueError, match="name must be one of"):
        _schema.schema("nope")
