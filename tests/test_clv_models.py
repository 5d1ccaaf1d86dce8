"""Tests of crmlab.clv_models: the BTYD summary, BG/NBD, Gamma-Gamma and model-based CLV.

The published numbers come from the CDNOW sample (2,357 customers, 39-week
calibration 1997-01-01..1997-09-30, time in weeks), as listed in
/work/shared/data/cdnow/README.md:
Fader, Hardie & Lee (2005a), Marketing Science 24(2) for BG/NBD, and
Fader, Hardie & Lee (2005b), Journal of Marketing Research 42(4) for Gamma-Gamma.
The peer values for the full cohort (23,570 customers) are those of the
``lifetimes`` package, version 0.11.3, on the same summaries (see
benchmarks/bench_clv_models.py, which prints them again).
"""

import warnings
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, special, stats

from crmlab import _bgnbd, _gamma_gamma, datasets
from crmlab import clv_models as cm

PUBLISHED_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PUBLISHED_BGNBD_LL = -9582.4
PUBLISHED_GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "gamma": 15.44}
CUSTOMER_1 = {"frequency": 2, "recency": 30.43, "T": 38.86}  # sample customer 1 = master id 4


@pytest.fixture(scope="module")
def summary():
    return cm.rfm_summary(datasets.load_cdnow(), "1997-09-30", "1998-06-30")


@pytest.fixture(scope="module")
def bgnbd(summary):
    return cm.fit_bgnbd(summary)


@pytest.fixture(scope="module")
def gamma_gamma(summary):
    repeaters = summary[summary["frequency"] > 0]
    return cm.fit_gamma_gamma(repeaters["frequency"], repeaters["monetary_value"])


def _log(rows):
    """A transaction log from (customer_id, date, amount) tuples."""
    df = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    df["date"] = pd.to_datetime(df["date"], format="ISO8601")
    return df


# ---------------------------------------------------------------------------
# published CDNOW results
# ---------------------------------------------------------------------------


class TestPublishedCdnowResults:
    def test_cdnow_summary_of_customer_1_matches_fader_hardie_lee_2005(self, summary):
        row = summary.loc[4]  # master id 4 is customer 1 of the sample
        assert row["frequency"] == 2
        assert row["recency"] == pytest.approx(30.43, abs=0.005)
        assert row["T"] == pytest.approx(38.86, abs=0.005)

    def test_cdnow_sample_has_946_repeat_buyers_fader_hardie_lee_2005(self, summary):
        assert len(summary) == 2357
        assert int((summary["frequency"] > 0).sum()) == 946

    def test_bgnbd_params_match_fader_hardie_lee_2005(self, bgnbd):
        assert bgnbd.model == "BG/NBD"
        assert bgnbd.converged
        assert bgnbd.n == 2357
        assert list(bgnbd.params) == ["r", "alpha", "a", "b"]
        for name, published in PUBLISHED_BGNBD.items():
            assert bgnbd.params[name] == pytest.approx(published, rel=1e-2), name

    def test_bgnbd_log_likelihood_matches_fader_hardie_lee_2005(self, bgnbd, summary):
        assert bgnbd.log_likelihood == pytest.approx(PUBLISHED_BGNBD_LL, abs=0.5)
        direct = cm.bgnbd_log_likelihood(
            bgnbd, summary["frequency"], summary["recency"], summary["T"]
        )
        assert direct == pytest.approx(bgnbd.log_likelihood, abs=1e-9)

    def test_bgnbd_estimates_beat_the_published_rounded_values(self, bgnbd, summary):
        at_published = cm.bgnbd_log_likelihood(
            PUBLISHED_BGNBD, summary["frequency"], summary["recency"], summary["T"]
        )
        assert at_published <= bgnbd.log_likelihood
        assert at_published == pytest.approx(PUBLISHED_BGNBD_LL, abs=0.5)

    def test_expected_purchases_customer_1_matches_fader_hardie_lee_2005(self, bgnbd, summary):
        row = summary.loc[4]
        fitted = cm.expected_purchases(bgnbd, 39, row["frequency"], row["recency"], row["T"])
        assert fitted == pytest.approx(1.226, abs=5e-4)
        published = cm.expected_purchases(PUBLISHED_BGNBD, 39, **CUSTOMER_1)
        assert published == pytest.approx(1.226, abs=5e-4)

    def test_gamma_gamma_params_match_fader_hardie_lee_2005(self, gamma_gamma):
        assert gamma_gamma.model == "Gamma-Gamma"
        assert gamma_gamma.converged
        assert gamma_gamma.n == 946
        for name, published in PUBLISHED_GAMMA_GAMMA.items():
            assert gamma_gamma.params[name] == pytest.approx(published, rel=5e-3), name

    def test_holdout_columns_count_weeks_40_to_78(self, summary):
        assert (summary["duration_holdout"] == 39.0).all()
        # customer 4 bought on 1997-12-12 in the holdout (see datasets.load_cdnow docs)
        assert summary.loc[4, "frequency_holdout"] == 1
        assert summary.loc[4, "spend_holdout"] == pytest.approx(26.48)


# ---------------------------------------------------------------------------
# the fast fit: four figures, the full cohort, weights, gradients, simulation
# ---------------------------------------------------------------------------

# Fader, Hardie & Lee (2005a, b) and the Fader-Hardie notes to four decimals.
# The criterion is a relative difference under 1e-4; at four decimals,
# rounding alone can contribute up to 2e-4 for r (0.24260 +/- 0.00005), and the
# ML optimum happens to sit within 3e-5 of each published value.
FOUR_FIGURES_BGNBD = {"r": 0.2426, "alpha": 4.4136, "a": 0.7929, "b": 2.4259}
FOUR_FIGURES_BGNBD_LL = -9582.43
FOUR_FIGURES_GAMMA_GAMMA = {"p": 6.2497, "q": 3.7442, "gamma": 15.4429}
# lifetimes 0.11.3 (BetaGeoFitter, GammaGammaFitter) on the full cohort's summary,
# calibration to 1997-09-30 in weeks; Gamma-Gamma on the 9,450 repeat buyers with
# a positive mean spend (one repeat buyer of the cohort spent 0).
LIFETIMES_FULL_BGNBD = {"r": 0.2516240, "alpha": 4.788945, "a": 0.7234330, "b": 2.161087}
LIFETIMES_FULL_GAMMA_GAMMA = {"p": 6.275359, "q": 3.624450, "gamma": 14.98369}
# Nelder-Mead with xatol 1e-7 on the per-customer likelihood (crmlab before the
# fast fit): the log-likelihood of the full cohort at its optimum.
NELDER_MEAD_FULL_BGNBD_LL = -95368.443933


@pytest.fixture(scope="module")
def full_summary():
    return cm.rfm_summary(datasets.load_cdnow(full=True), "1997-09-30")


def _spenders(summary):
    return summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]


def _central_gradient(function, point, step=1e-3):
    """The gradient of a scalar function by the five-point stencil.

    Its error is O(step^4) from truncation plus O(eps / step) from rounding:
    about 1e-12 each at step 1e-3, small enough to check a gradient to 1e-6.
    """
    gradient = np.empty(len(point))
    for i in range(len(point)):
        shift = np.zeros(len(point))
        shift[i] = step
        gradient[i] = (
            -function(point + 2 * shift)
            + 8 * function(point + shift)
            - 8 * function(point - shift)
            + function(point - 2 * shift)
        ) / (12 * step)
    return gradient


def _standard_errors(likelihood, log_params, n):
    """Standard errors of the parameters from the observed information.

    The Hessian of the mean negative log-likelihood in log-parameters, by
    central differences of the analytic gradient; its inverse over n is the
    covariance of the log-estimates, and se(theta) = theta se(log theta).
    """
    hessian = np.column_stack(
        [
            _central_gradient(lambda point, i=i: likelihood(point)[1][i], log_params)
            for i in range(len(log_params))
        ]
    )
    covariance = np.linalg.inv((hessian + hessian.T) / 2) / n
    return np.exp(log_params) * np.sqrt(np.diag(covariance))


class TestFastFit:
    def test_bgnbd_sample_matches_the_published_four_figures(self, bgnbd):
        for name, published in FOUR_FIGURES_BGNBD.items():
            assert bgnbd.params[name] == pytest.approx(published, rel=1e-4), name
        assert bgnbd.log_likelihood == pytest.approx(FOUR_FIGURES_BGNBD_LL, abs=0.005)

    def test_gamma_gamma_sample_matches_the_published_four_figures(self, gamma_gamma):
        for name, published in FOUR_FIGURES_GAMMA_GAMMA.items():
            assert gamma_gamma.params[name] == pytest.approx(published, rel=1e-4), name

    def test_bgnbd_full_cohort_matches_lifetimes(self, full_summary):
        fit = cm.fit_bgnbd(full_summary)
        assert fit.converged and fit.n == 23570
        for name, peer in LIFETIMES_FULL_BGNBD.items():
            assert fit.params[name] == pytest.approx(peer, rel=1e-5), name
        assert fit.log_likelihood == pytest.approx(NELDER_MEAD_FULL_BGNBD_LL, abs=1e-5)
        direct = cm.bgnbd_log_likelihood(
            fit, full_summary["frequency"], full_summary["recency"], full_summary["T"]
        )
        assert direct == pytest.approx(fit.log_likelihood, abs=1e-6)

    def test_gamma_gamma_full_cohort_matches_lifetimes(self, full_summary):
        spenders = _spenders(full_summary)
        fit = cm.fit_gamma_gamma(spenders["frequency"], spenders["monetary_value"])
        assert fit.converged and fit.n == 9450
        for name, peer in LIFETIMES_FULL_GAMMA_GAMMA.items():
            assert fit.params[name] == pytest.approx(peer, rel=1e-5), name
        direct = cm.gamma_gamma_log_likelihood(
            fit, spenders["frequency"], spenders["monetary_value"]
        )
        assert direct == pytest.approx(fit.log_likelihood, abs=1e-6)

    def test_weighted_fit_equals_a_per_customer_fit(self, summary, bgnbd):
        """Nelder-Mead on the public per-customer likelihood, no grouping, no gradient."""
        x, tx, T = (summary[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
        assert len(summary[["frequency", "recency", "T"]].drop_duplicates()) < len(summary)
        result = optimize.minimize(
            lambda log_params: -cm.bgnbd_log_likelihood(np.exp(log_params), x, tx, T),
            np.zeros(4),
            method="Nelder-Mead",
            options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 20_000, "maxfev": 20_000},
        )
        assert result.success
        for name, value in zip(cm.BGNBD_PARAMS, np.exp(result.x), strict=True):
            assert bgnbd.params[name] == pytest.approx(value, rel=1e-5), name
        assert bgnbd.log_likelihood == pytest.approx(-result.fun, abs=1e-6)

    def test_grouped_likelihood_equals_the_per_customer_sum(self, full_summary):
        x, tx, T = (full_summary[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
        first, counts, _ = _bgnbd.group_rows(x, tx, T)
        assert len(first) < len(x) / 2  # the full cohort repeats most histories
        grouped = _bgnbd._Likelihood(x[first], tx[first], T[first], counts.astype(float))
        ungrouped = _bgnbd._Likelihood(x, tx, T, np.ones(len(x)))
        for params in [(0.25, 4.8, 0.72, 2.16), (1.3, 0.2, 3.0, 0.4)]:
            log_params = np.log(params)
            value, gradient = grouped(log_params)
            assert value == pytest.approx(ungrouped(log_params)[0], rel=1e-12)
            assert gradient == pytest.approx(ungrouped(log_params)[1], rel=1e-9, abs=1e-12)
            per_customer = cm.bgnbd_log_likelihood(params, x, tx, T)
            assert -value * len(x) == pytest.approx(per_customer, rel=1e-12)

    def test_group_rows_finds_each_distinct_row_and_its_count(self):
        x = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
        T = np.array([5.0, 3.0, 5.0, 4.0, 3.0])
        first, counts, codes = _bgnbd.group_rows(x, T)
        assert first.tolist() == [0, 1, 3]
        assert counts.tolist() == [2, 2, 1]
        assert codes.tolist() == [0, 1, 0, 2, 1]
        assert np.array_equal(x[first][codes], x) and np.array_equal(T[first][codes], T)

    @pytest.mark.parametrize(
        "params",
        [(0.243, 4.414, 0.793, 2.426), (2.0, 0.3, 0.05, 8.0), (0.01, 50.0, 6.0, 0.2)],
    )
    def test_bgnbd_gradient_equals_finite_differences(self, summary, params):
        x, tx, T = (summary[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
        likelihood = _bgnbd._Likelihood(x, tx, T, np.ones(len(x)))
        log_params = np.log(params)
        numeric = _central_gradient(
            lambda point: -cm.bgnbd_log_likelihood(np.exp(point), x, tx, T) / len(x), log_params
        )
        assert likelihood(log_params)[1] == pytest.approx(numeric, rel=1e-6, abs=1e-9)

    @pytest.mark.parametrize("params", [(6.25, 3.74, 15.44), (0.5, 0.8, 200.0), (40.0, 12.0, 1.5)])
    def test_gamma_gamma_gradient_equals_finite_differences(self, summary, params):
        spenders = _spenders(summary)
        likelihood = _gamma_gamma._Likelihood(
            spenders["frequency"].to_numpy(dtype=float),
            spenders["monetary_value"].to_numpy(dtype=float),
        )
        log_params = np.log(params)
        x, m = spenders["frequency"], spenders["monetary_value"]
        numeric = _central_gradient(
            lambda point: -cm.gamma_gamma_log_likelihood(np.exp(point), x, m) / len(x), log_params
        )
        assert likelihood(log_params)[1] == pytest.approx(numeric, rel=1e-6, abs=1e-9)
        direct = cm.gamma_gamma_log_likelihood(
            params, spenders["frequency"], spenders["monetary_value"]
        )
        assert -likelihood(log_params)[0] * len(spenders) == pytest.approx(direct, rel=1e-12)

    def test_simulated_customers_give_back_the_parameters(self):
        """100,000 customers with CDNOW-like ages: each estimate within 4 standard errors.

        The standard errors come from the observed information of the fit
        itself; asking that they be small (under 6% of each parameter; b, the
        least precise, has about 5%) keeps the tolerance from being wide
        enough to pass anything. With 7 estimates, 4 standard errors fail
        by chance with probability under 1e-3, and the seed is fixed.
        """
        truth_bgnbd = {"r": 0.25, "alpha": 4.8, "a": 0.72, "b": 2.16}
        truth_spend = {"p": 6.0, "q": 3.6, "gamma": 15.0}
        ages = 39.0 - np.random.default_rng(7).integers(0, 84, 100_000) / 7
        simulated = cm.simulate_summary(truth_bgnbd, ages, gamma_gamma=truth_spend, seed=7)

        fit = cm.fit_bgnbd(simulated)
        x, tx, T = (simulated[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
        likelihood = _bgnbd._Likelihood(x, tx, T, np.ones(len(x)))
        estimates = np.array(list(fit.params.values()))
        errors = _standard_errors(likelihood, np.log(estimates), len(x))
        assert np.all(errors < 0.06 * estimates)
        for name, estimate, error in zip(fit.params, estimates, errors, strict=True):
            assert abs(estimate - truth_bgnbd[name]) < 4 * error, name

        spenders = simulated[simulated["frequency"] > 0]
        spend = cm.fit_gamma_gamma(spenders["frequency"], spenders["monetary_value"])
        likelihood = _gamma_gamma._Likelihood(
            spenders["frequency"].to_numpy(dtype=float),
            spenders["monetary_value"].to_numpy(dtype=float),
        )
        estimates = np.array(list(spend.params.values()))
        errors = _standard_errors(likelihood, np.log(estimates), len(spenders))
        assert np.all(errors < 0.06 * estimates)
        for name, estimate, error in zip(spend.params, estimates, errors, strict=True):
            assert abs(estimate - truth_spend[name]) < 4 * error, name

    def test_fit_of_a_large_base_starts_from_a_subsample_and_ends_at_the_optimum(self):
        ages = 39.0 - np.random.default_rng(3).uniform(0, 12, 60_000)  # no repeated history
        simulated = cm.simulate_summary((0.5, 6.0, 1.2, 3.0), ages, seed=3)
        x, tx, T = (simulated[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
        assert len(_bgnbd.group_rows(x, tx, T)[0]) > _bgnbd._SUBSAMPLE
        fit = cm.fit_bgnbd(simulated)
        likelihood = _bgnbd._Likelihood(x, tx, T, np.ones(len(x)))
        _, gradient = likelihood(np.log(list(fit.params.values())))
        assert fit.converged
        assert np.max(np.abs(gradient)) < 1e-8


class TestSimulation:
    BGNBD = MappingProxyType({"r": 0.4, "alpha": 3.0, "a": 0.9, "b": 2.5})

    @pytest.fixture(scope="class")
    @classmethod
    def simulated(cls):
        return cm.simulate_summary(cls.BGNBD, np.full(200_000, 20.0), seed=11)

    def test_no_purchase_share_is_the_closed_form(self, simulated):
        """P(X(t) = 0) = (alpha / (alpha + t))^r: nobody who never bought can have left."""
        r, alpha = self.BGNBD["r"], self.BGNBD["alpha"]
        expected = (alpha / (alpha + 20.0)) ** r
        share = float((simulated["frequency"] == 0).mean())
        standard_error = np.sqrt(expected * (1 - expected) / len(simulated))
        assert abs(share - expected) < 4 * standard_error

    def test_mean_frequency_is_the_closed_form(self, simulated):
        """E[X(t)] of Fader, Hardie & Lee (2005a), eq. 7."""
        r, alpha, a, b = self.BGNBD.values()
        z = 20.0 / (alpha + 20.0)
        expected = (
            (a + b - 1)
            / (a - 1)
            * (1 - (alpha / (alpha + 20.0)) ** r * special.hyp2f1(r, b, a + b - 1, z))
        )
        frequency = simulated["frequency"]
        standard_error = frequency.std() / np.sqrt(len(frequency))
        assert abs(frequency.mean() - expected) < 4 * standard_error

    def test_summary_is_valid_and_reproducible(self, simulated):
        assert list(simulated.columns) == ["frequency", "recency", "T"]
        assert simulated["frequency"].dtype == np.int64
        assert simulated.index.name == "customer_id"
        assert (simulated["recency"] <= simulated["T"]).all()
        assert (simulated.loc[simulated["frequency"] == 0, "recency"] == 0).all()
        assert (simulated.loc[simulated["frequency"] > 0, "recency"] > 0).all()
        again = cm.simulate_summary(self.BGNBD, np.full(200_000, 20.0), seed=11)
        pd.testing.assert_frame_equal(simulated, again)

    def test_spend_is_positive_for_repeat_buyers_and_zero_otherwise(self):
        simulated = cm.simulate_summary(
            self.BGNBD, np.full(1000, 20.0), gamma_gamma=(6.0, 3.6, 15.0), seed=2
        )
        repeat = simulated["frequency"] > 0
        assert (simulated.loc[repeat, "monetary_value"] > 0).all()
        assert (simulated.loc[~repeat, "monetary_value"] == 0).all()

    def test_a_customer_who_never_drops_out_buys_at_the_poisson_rate(self):
        # a tiny a makes p underflow to 0: J is infinite, x = N ~ Poisson(lambda T)
        simulated = cm.simulate_summary((50.0, 50.0, 1e-300, 1.0), np.full(20_000, 10.0), seed=4)
        assert simulated["frequency"].mean() == pytest.approx(10.0, rel=0.03)


class TestStability:
    """Large bases and extreme histories: no warning (turned into errors here), no NaN."""

    EXTREME = pd.DataFrame(
        {
            "frequency": [0, 1, 10**6, 10**6, 5, 3, 0, 10**4],
            "recency": [0.0, 1e-9, 10.0, 1e7, 1e-9, 0.0, 0.0, 1.0],
            "T": [1e12, 1e12, 1e7, 1e7, 1e12, 0.0, 0.0, 1e9],
            "monetary_value": [0.0, 1e-6, 1e6, 1e300, 20.0, 5.0, 0.0, 1.0],
        }
    )

    @pytest.mark.parametrize(
        "params",
        [(0.243, 4.414, 0.793, 2.426), (0.243, 4.414, 1.0, 2.0), (3.0, 0.01, 40.0, 0.05)],
    )
    def test_extreme_histories(self, params):
        data = self.EXTREME
        gamma_gamma = (6.25, 3.74, 15.44)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            p_alive = cm.probability_alive(params, data["frequency"], data["recency"], data["T"])
            expected = cm.expected_purchases(
                params, [1e-3, 52.0, 1e9] * 2 + [5.0, 0.0], *(data[c] for c in data.columns[:3])
            )
            spend = cm.expected_spend(gamma_gamma, data["frequency"], data["monetary_value"])
            clv = cm.clv_from_models(
                params,
                gamma_gamma,
                data,
                periods=8,
                period_length=13,
                margin=0.3,
                discount_rate=0.02,
            )
            log_likelihood = cm.bgnbd_log_likelihood(
                params, data["frequency"], data["recency"], data["T"]
            )
        assert ((p_alive >= 0) & (p_alive <= 1)).all()
        assert np.isfinite(expected).all() and (expected >= 0).all()
        assert np.isfinite(spend).all() and (spend > 0).all()
        assert np.isfinite(clv).all() and (clv >= 0).all()
        assert np.isfinite(log_likelihood)

    def test_fit_with_extreme_histories(self, summary):
        extreme = pd.concat([summary[["frequency", "recency", "T"]], self.EXTREME.iloc[:, :3]])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fit = cm.fit_bgnbd(extreme)
            spend = cm.fit_gamma_gamma([1, 10**6, 3, 2], [1e-6, 1e6, 20.0, 1e12])
        assert fit.converged and np.isfinite(fit.log_likelihood)
        assert np.isfinite(list(spend.params.values())).all()

    def test_a_million_customers(self):
        ages = 39.0 - np.random.default_rng(5).integers(0, 84, 1_000_000) / 7
        simulated = cm.simulate_summary(
            (0.243, 4.414, 0.793, 2.426), ages, gamma_gamma=(6.25, 3.74, 15.44), seed=5
        )
        bgnbd, spend = (0.243, 4.414, 0.793, 2.426), (6.25, 3.74, 15.44)
        x, tx, T = simulated["frequency"], simulated["recency"], simulated["T"]
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            p_alive = cm.probability_alive(bgnbd, x, tx, T)
            expected = cm.expected_purchases(bgnbd, 52.0, x, tx, T)
            clv = cm.clv_from_models(
                bgnbd,
                spend,
                simulated,
                periods=4,
                period_length=13,
                margin=0.3,
                discount_rate=0.02,
            )
        for values in (p_alive, expected, clv):
            assert len(values) == 1_000_000 and np.isfinite(values).all()
        # a vectorized shortcut must not change a customer's value: check a few by hand
        for i in (0, 17, 999_999):
            assert expected.iloc[i] == pytest.approx(
                cm.expected_purchases(bgnbd, 52.0, x.iloc[i], tx.iloc[i], T.iloc[i]), rel=1e-12
            )


# ---------------------------------------------------------------------------
# formulas checked by hand or by numerical integration of the model
# ---------------------------------------------------------------------------


def _integrated(what, x, tx, T, r, alpha, a, b, t=0.0):
    """Integrate the BG/NBD story over lambda ~ Gamma(r, alpha) and p ~ Beta(a, b).

    The integral over lambda is the gamma integral
    E[lambda^x exp(-lambda s)] = Gamma(r + x) alpha^r / (Gamma(r) (alpha + s)^(r + x));
    the integral over p, where the closed forms need 2F1, is done numerically.
    """

    def moment(s):
        return np.exp(
            special.gammaln(r + x)
            - special.gammaln(r)
            + r * np.log(alpha)
            - (r + x) * np.log(alpha + s)
        )

    def integrand(p):
        alive = (1 - p) ** x
        if what == "likelihood":
            dead = p * (1 - p) ** (x - 1) * moment(tx) if x else 0.0
            return alive * moment(T) + dead
        # purchases in (T, T + t] of a customer alive at T: (1 - exp(-lambda p t)) / p,
        # which tends to lambda t as p -> 0
        if p == 0:
            return t * (r + x) / (alpha + T) * moment(T)
        return alive * (moment(T) - moment(T + p * t)) / p

    # weight="alg" multiplies by p^(a-1) (1-p)^(b-1) and handles its endpoint singularities
    weighted = integrate.quad(integrand, 0, 1, weight="alg", wvar=(a - 1, b - 1))[0]
    return weighted / special.beta(a, b)


class TestFormulas:
    def test_likelihood_of_customer_1_equals_the_integrated_story(self):
        r, alpha, a, b = PUBLISHED_BGNBD.values()
        closed = cm.bgnbd_log_likelihood(PUBLISHED_BGNBD, 2, 30.43, 38.86)
        integrated = _integrated("likelihood", 2, 30.43, 38.86, r, alpha, a, b)
        assert closed == pytest.approx(np.log(integrated), abs=1e-6)

    @pytest.mark.parametrize(
        ("x", "tx", "T", "params"),
        [
            (2, 30.43, 38.86, (0.243, 4.414, 0.793, 2.426)),
            (0, 0.0, 20.0, (1.0, 5.0, 0.3, 0.4)),  # a + b < 1: hyp2f1 with c < 0
            (5, 12.0, 30.0, (0.5, 2.0, 1.8, 3.0)),  # a > 1
        ],
    )
    def test_expected_purchases_equals_the_integrated_story(self, x, tx, T, params):
        numerator = _integrated("purchases", x, tx, T, *params, t=10.0)
        denominator = _integrated("likelihood", x, tx, T, *params)
        assert cm.expected_purchases(params, 10.0, x, tx, T) == pytest.approx(
            numerator / denominator, rel=1e-6
        )

    @pytest.mark.parametrize(
        ("x", "tx", "T", "params", "t"),
        [
            (200, 38.0, 39.0, (0.5, 5.0, 0.5, 2.0), 520.0),  # a daily shopper, ten years
            (200, 38.0, 39.0, (0.5, 5.0, 1.5, 2.0), 2000.0),
            (0, 0.0, 0.0, (0.05, 0.5, 0.05, 10.0), 2000.0),
        ],
    )
    def test_expected_purchases_where_scipy_hyp2f1_gives_nan(self, x, tx, T, params, t):
        r, alpha, a, b = params
        z = t / (alpha + T + t)
        assert np.isnan(special.hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z))
        numerator = _integrated("purchases", x, tx, T, *params, t=t)
        denominator = _integrated("likelihood", x, tx, T, *params)
        assert cm.expected_purchases(params, t, x, tx, T) == pytest.approx(
            numerator / denominator, rel=1e-9
        )

    def test_probability_alive_of_customer_1_by_hand(self):
        r, alpha, a, b = PUBLISHED_BGNBD.values()
        odds = a / (b + 2 - 1) * ((alpha + 38.86) / (alpha + 30.43)) ** (r + 2)
        assert cm.probability_alive(PUBLISHED_BGNBD, **CUSTOMER_1) == pytest.approx(
            1 / (1 + odds), rel=1e-12
        )
        assert cm.probability_alive(PUBLISHED_BGNBD, **CUSTOMER_1) == pytest.approx(
            0.7266, abs=5e-5
        )

    def test_expected_purchases_is_zero_at_t_zero(self):
        assert cm.expected_purchases(PUBLISHED_BGNBD, 0, **CUSTOMER_1) == 0.0

    def test_expected_purchases_is_continuous_across_a_equal_to_one(self):
        def at(a, x=3, tx=10.0):
            return cm.expected_purchases((0.5, 2.0, a, 2.0), 20.0, x, tx, 30.0)

        assert np.isfinite(at(1.0))
        below, above = at(0.999), at(1.001)  # outside the band that is interpolated
        assert at(1.0) == pytest.approx((below + above) / 2, rel=1e-6)
        assert at(1.00005) == pytest.approx(below + 0.525 * (above - below), rel=1e-6)

    def test_expected_purchases_with_no_repeats_across_a_plus_b_equal_to_one(self):
        def at(b):
            return cm.expected_purchases((1.0, 5.0, 0.4, b), 10.0, 0, 0.0, 20.0)

        assert np.isfinite(at(0.6))  # hyp2f1 would divide by c = a + b - 1 = 0
        assert at(0.6) == pytest.approx((at(0.599) + at(0.601)) / 2, rel=1e-6)

    def test_expected_purchases_does_not_overflow_for_frequent_buyers(self):
        value = cm.expected_purchases(PUBLISHED_BGNBD, 5000.0, 200, 38.0, 39.0)
        assert np.isfinite(value) and value > 100

    def test_expected_spend_by_hand(self):
        p, q, gamma = PUBLISHED_GAMMA_GAMMA.values()
        assert cm.expected_spend(PUBLISHED_GAMMA_GAMMA, 1, 20.0) == pytest.approx(
            p * (gamma + 20.0) / (p + q - 1)
        )
        assert cm.expected_spend(PUBLISHED_GAMMA_GAMMA, 0, 0.0) == pytest.approx(
            p * gamma / (q - 1)
        )

    def test_gamma_gamma_likelihood_equals_the_integrated_story(self):
        p, q, gamma = PUBLISHED_GAMMA_GAMMA.values()

        def density(x, m):
            # the mean of x Gamma(p, nu) values is Gamma(p x, x nu); nu ~ Gamma(q, gamma)
            def integrand(nu):
                mean = stats.gamma.pdf(m, p * x, scale=1 / (x * nu))
                return mean * stats.gamma.pdf(nu, q, scale=1 / gamma)

            return integrate.quad(integrand, 0, np.inf)[0]

        expected = np.log(density(2, 22.0)) + np.log(density(1, 31.5))
        closed = cm.gamma_gamma_log_likelihood(PUBLISHED_GAMMA_GAMMA, [2, 1], [22.0, 31.5])
        assert closed == pytest.approx(expected, abs=1e-6)

    def test_params_accepted_as_fit_mapping_sequence_series_and_array(self, bgnbd):
        values = tuple(bgnbd.params.values())
        forms = [bgnbd, dict(bgnbd.params), values, pd.Series(bgnbd.params), np.array(values)]
        results = [cm.probability_alive(form, **CUSTOMER_1) for form in forms]
        assert results == pytest.approx([results[0]] * len(forms), rel=1e-15)

    def test_series_in_gives_series_out(self, summary, bgnbd):
        head = summary.head()
        p_alive = cm.probability_alive(bgnbd, head["frequency"], head["recency"], head["T"])
        assert isinstance(p_alive, pd.Series)
        assert p_alive.index.equals(head.index)
        expected = cm.expected_purchases(bgnbd, 39, head["frequency"], head["recency"], head["T"])
        assert expected.index.equals(head.index)

    def test_model_fit_repr_names_the_parameters(self):
        fit = cm.ModelFit("BG/NBD", dict(PUBLISHED_BGNBD), -9582.43, 2357)
        assert repr(fit) == (
            "ModelFit('BG/NBD', r=0.243, alpha=4.414, a=0.793, b=2.426, "
            "log_likelihood=-9582.43, n=2357)"
        )


# ---------------------------------------------------------------------------
# rfm_summary on small logs
# ---------------------------------------------------------------------------


class TestRfmSummary:
    LOG = _log(
        [
            (1, "2024-01-01", 20.0),
            (1, "2024-01-15 09:00", 10.0),  # same day as the next: one transaction of 15
            (1, "2024-01-15 17:30", 5.0),
            (1, "2024-02-12", 45.0),
            (1, "2024-03-04", 7.0),  # holdout
            (2, "2024-01-08", 30.0),
            (3, "2024-03-01", 12.0),  # first purchase after calibration_end: left out
        ]
    )

    def test_weeks_with_same_day_purchases_merged(self):
        s = cm.rfm_summary(self.LOG, "2024-02-26")
        assert s.index.tolist() == [1, 2]
        assert s.index.name == "customer_id"
        assert s.loc[1].tolist() == [2, 6.0, 8.0, 30.0]  # x, t_x, T, mean of 15 and 45
        assert s.loc[2].tolist() == [0, 0.0, 7.0, 0.0]
        assert s["frequency"].dtype == np.int64

    def test_days_as_time_unit(self):
        s = cm.rfm_summary(self.LOG, "2024-02-26", time_unit="D")
        assert s.loc[1, "recency"] == 42.0 and s.loc[1, "T"] == 56.0

    def test_holdout_period(self):
        s = cm.rfm_summary(self.LOG, "2024-02-26", "2024-04-01")
        assert s["frequency_holdout"].tolist() == [1, 0]
        assert s["spend_holdout"].tolist() == [7.0, 0.0]
        assert s["duration_holdout"].tolist() == [5.0, 5.0]

    def test_purchases_on_the_calibration_end_count(self):
        s = cm.rfm_summary(self.LOG, "2024-02-12")
        assert s.loc[1, "frequency"] == 2 and s.loc[1, "recency"] == s.loc[1, "T"]

    def test_lowercase_time_unit_is_accepted(self):
        assert cm.rfm_summary(self.LOG, "2024-02-26", time_unit="w").equals(
            cm.rfm_summary(self.LOG, "2024-02-26")
        )


# ---------------------------------------------------------------------------
# CLV
# ---------------------------------------------------------------------------


class TestClvFromModels:
    SUMMARY = pd.DataFrame(
        {"frequency": [2, 0], "recency": [30.43, 0.0], "T": [38.86, 38.86]},
        index=pd.Index([4, 18], name="customer_id"),
    ).assign(monetary_value=[29.5, 0.0])

    def test_one_undiscounted_period_is_purchases_times_spend_times_margin(self):
        clv = cm.clv_from_models(
            PUBLISHED_BGNBD,
            PUBLISHED_GAMMA_GAMMA,
            self.SUMMARY,
            periods=1,
            period_length=39,
            margin=0.3,
            discount_rate=0.0,
        )
        purchases = cm.expected_purchases(PUBLISHED_BGNBD, 39, [2, 0], [30.43, 0], [38.86] * 2)
        spend = cm.expected_spend(PUBLISHED_GAMMA_GAMMA, [2, 0], [29.5, 0.0])
        assert clv.name == "clv" and clv.index.equals(self.SUMMARY.index)
        assert clv.to_numpy() == pytest.approx(0.3 * purchases * spend)

    def test_two_periods_discounted_at_their_ends(self):
        clv = cm.clv_from_models(
            PUBLISHED_BGNBD,
            PUBLISHED_GAMMA_GAMMA,
            self.SUMMARY.loc[[4]],
            periods=2,
            period_length=26,
            margin=1.0,
            discount_rate=0.1,
        )
        first = cm.expected_purchases(PUBLISHED_BGNBD, 26, **CUSTOMER_1)
        both = cm.expected_purchases(PUBLISHED_BGNBD, 52, **CUSTOMER_1)
        spend = cm.expected_spend(PUBLISHED_GAMMA_GAMMA, 2, 29.5)
        assert clv.loc[4] == pytest.approx(spend * (first / 1.1 + (both - first) / 1.1**2))

    def test_cdnow_clv_is_positive_and_ranks_customer_1_above_a_one_timer(
        self, summary, bgnbd, gamma_gamma
    ):
        clv = cm.clv_from_models(
            bgnbd, gamma_gamma, summary, periods=4, period_length=13, margin=0.3, discount_rate=0.02
        )
        assert (clv > 0).all() and len(clv) == len(summary)
        assert clv.loc[4] > clv[summary["frequency"] == 0].max()


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------

bgnbd_params = st.tuples(
    st.floats(0.05, 5.0), st.floats(0.5, 50.0), st.floats(0.05, 5.0), st.floats(0.5, 10.0)
)


@st.composite
def histories(draw):
    x = draw(st.integers(0, 40))
    T = draw(st.floats(0.0, 100.0))
    tx = 0.0 if x == 0 else draw(st.floats(0.0, 1.0)) * T
    return x, tx, T


class TestProperties:
    @settings(deadline=None)
    @given(params=bgnbd_params, history=histories())
    def test_probability_alive_is_a_probability_and_one_without_repeats(self, params, history):
        x, tx, T = history
        p_alive = cm.probability_alive(params, x, tx, T)
        assert 0.0 <= p_alive <= 1.0
        if x == 0:
            assert p_alive == 1.0

    @settings(max_examples=60, deadline=None)
    @given(
        params=bgnbd_params,
        history=histories(),
        t=st.floats(0.0, 200.0),
        dt=st.floats(0.1, 100.0),
    )
    def test_expected_purchases_is_nonnegative_and_increases_with_t(self, params, history, t, dt):
        x, tx, T = history
        shorter, longer = cm.expected_purchases(params, [t, t + dt], x, tx, T)
        assert shorter >= 0.0
        assert longer > shorter or longer == pytest.approx(shorter, rel=1e-9, abs=1e-12)

    @settings(max_examples=40, deadline=None)
    @given(
        params=bgnbd_params,
        pool=st.lists(histories(), min_size=1, max_size=6),
        picks=st.lists(st.integers(0, 5), min_size=1, max_size=30),
        t=st.floats(0.0, 200.0),
    )
    def test_grouping_equal_histories_changes_nothing(self, params, pool, picks, t):
        """Likelihood and forecasts of a base with repeated histories, grouped or not."""
        x, tx, T = (np.array([pool[i % len(pool)][k] for i in picks]) for k in range(3))
        first, counts, codes = _bgnbd.group_rows(x, tx, T)
        assert counts.sum() == len(x) and np.array_equal(x[first][codes], x)
        grouped = _bgnbd._Likelihood(x[first], tx[first], T[first], counts.astype(float))
        value, _ = grouped(np.log(params))
        per_customer = sum(cm.bgnbd_log_likelihood(params, *h) for h in zip(x, tx, T, strict=True))
        assert -value * len(x) == pytest.approx(per_customer, rel=1e-9, abs=1e-9)
        together = cm.expected_purchases(params, t, x, tx, T)
        one_by_one = [cm.expected_purchases(params, t, *h) for h in zip(x, tx, T, strict=True)]
        assert together == pytest.approx(one_by_one, rel=1e-12, abs=1e-300)

    @settings(deadline=None)
    @given(
        params=st.tuples(st.floats(0.5, 20), st.floats(1.1, 20), st.floats(0.5, 100)),
        x=st.integers(0, 50),
        m=st.floats(0.01, 1000),
    )
    def test_expected_spend_lies_between_own_and_population_mean(self, params, x, m):
        p, q, gamma = params
        spend = cm.expected_spend(params, x, m)
        population = p * gamma / (q - 1)
        low, high = (min(population, m), max(population, m)) if x else (population, population)
        assert low * (1 - 1e-12) <= spend <= high * (1 + 1e-12)


# ---------------------------------------------------------------------------
# validation: one test per branch
# ---------------------------------------------------------------------------


class TestValidation:
    def test_params_of_the_other_model(self, gamma_gamma):
        with pytest.raises(ValueError, match="params is a Gamma-Gamma fit.*BG/NBD"):
            cm.probability_alive(gamma_gamma, **CUSTOMER_1)

    def test_params_missing_a_name(self):
        with pytest.raises(ValueError, match="missing the BG/NBD parameter.*'alpha'"):
            cm.probability_alive({"r": 1, "a": 1, "b": 1}, **CUSTOMER_1)

    def test_params_of_the_wrong_length(self):
        with pytest.raises(ValueError, match=r"3 Gamma-Gamma parameters \(p, q, gamma\).*got 2"):
            cm.expected_spend([6.25, 3.74], 1, 20.0)

    def test_params_of_the_wrong_type(self):
        with pytest.raises(TypeError, match="params must be a ModelFit.*got str"):
            cm.probability_alive("r alpha a b", **CUSTOMER_1)

    def test_params_not_positive(self):
        with pytest.raises(ValueError, match=r"params\['a'\] must be a positive number.*got -0.5"):
            cm.probability_alive((0.2, 4.0, -0.5, 2.0), **CUSTOMER_1)

    def test_params_not_a_number(self):
        with pytest.raises(TypeError, match=r"params\['r'\] must be a single number"):
            cm.probability_alive(("0.2", 4.0, 0.5, 2.0), **CUSTOMER_1)

    def test_frequency_negative_or_fractional(self):
        with pytest.raises(ValueError, match="frequency must be a non-negative count"):
            cm.probability_alive(PUBLISHED_BGNBD, -1, 0, 10)
        with pytest.raises(ValueError, match="frequency must be a whole number, got 1.5"):
            cm.probability_alive(PUBLISHED_BGNBD, 1.5, 2, 10)

    def test_recency_negative(self):
        with pytest.raises(ValueError, match="recency must be a non-negative number"):
            cm.probability_alive(PUBLISHED_BGNBD, 2, -1, 10)

    def test_recency_after_age(self):
        with pytest.raises(ValueError, match="recency .* cannot exceed T .*recency=12 and T=10"):
            cm.probability_alive(PUBLISHED_BGNBD, 2, 12, 10)

    def test_recency_without_repeat_purchases(self):
        with pytest.raises(ValueError, match="recency must be 0 for customers with no repeat"):
            cm.probability_alive(PUBLISHED_BGNBD, 0, 5, 10)

    def test_nan_in_the_summary(self):
        with pytest.raises(ValueError, match="T must be finite"):
            cm.expected_purchases(PUBLISHED_BGNBD, 39, [1, 2], [1, 2], [np.nan, 5])

    def test_mismatched_lengths(self):
        with pytest.raises(ValueError, match="same length"):
            cm.probability_alive(PUBLISHED_BGNBD, [1, 2], [1, 2, 3], 10)

    def test_negative_horizon(self):
        with pytest.raises(
            ValueError, match=r"t must be a non-negative number in \[0, inf\], got -1"
        ):
            cm.expected_purchases(PUBLISHED_BGNBD, -1, **CUSTOMER_1)

    def test_non_finite_expectation_is_an_error_not_nan(self, monkeypatch):
        # hyp2f1 fails everywhere, and so does the power series that stands in for it
        monkeypatch.setattr(special, "hyp2f1", lambda *args: np.full(np.shape(args[3]), np.nan))
        monkeypatch.setattr(
            _bgnbd, "_hyp2f1_series_minus_one", lambda *args: np.full(np.shape(args[3]), np.nan)
        )
        with pytest.raises(ValueError, match="expected_purchases could not be computed"):
            cm.expected_purchases(PUBLISHED_BGNBD, 39, **CUSTOMER_1)

    def test_simulate_summary_bad_ages(self):
        with pytest.raises(ValueError, match="T must be a non-negative number"):
            cm.simulate_summary(PUBLISHED_BGNBD, [39.0, -1.0])
        with pytest.raises(ValueError, match="T must be finite"):
            cm.simulate_summary(PUBLISHED_BGNBD, [np.nan])
        with pytest.raises(ValueError, match="T must be one age per customer.*got 2 dimensions"):
            cm.simulate_summary(PUBLISHED_BGNBD, np.ones((2, 2)))

    def test_simulate_summary_bad_seed(self):
        with pytest.raises(TypeError, match="seed must be an integer"):
            cm.simulate_summary(PUBLISHED_BGNBD, [39.0], seed=1.5)
        with pytest.raises(ValueError, match="seed must be an integer >= 0"):
            cm.simulate_summary(PUBLISHED_BGNBD, [39.0], seed=-1)

    def test_simulate_summary_bad_params(self):
        with pytest.raises(ValueError, match="missing the Gamma-Gamma parameter"):
            cm.simulate_summary(PUBLISHED_BGNBD, [39.0], gamma_gamma={"p": 1.0})
        with pytest.raises(ValueError, match=r"params\['b'\] must be a positive number"):
            cm.simulate_summary((0.2, 4.0, 0.8, 0.0), [39.0])

    def test_rfm_summary_needs_a_dataframe(self):
        with pytest.raises(TypeError, match="transactions must be a pandas DataFrame"):
            cm.rfm_summary([1, 2, 3], "2024-01-01")

    def test_rfm_summary_missing_column(self):
        with pytest.raises(ValueError, match="missing column.*'amount'"):
            cm.rfm_summary(TestRfmSummary.LOG.drop(columns="amount"), "2024-02-26")

    def test_rfm_summary_negative_amount(self):
        log = TestRfmSummary.LOG.assign(amount=-1.0)
        with pytest.raises(ValueError, match=r"transactions\['amount'\] must be a non-negative"):
            cm.rfm_summary(log, "2024-02-26")

    def test_rfm_summary_bad_dates(self):
        with pytest.raises(ValueError, match="calibration_end must be a date"):
            cm.rfm_summary(TestRfmSummary.LOG, "end of February")
        with pytest.raises(ValueError, match="observation_end must be a date"):
            cm.rfm_summary(TestRfmSummary.LOG, "2024-02-26", "soon")

    def test_rfm_summary_observation_end_not_after_calibration_end(self):
        with pytest.raises(ValueError, match=r"observation_end \(2024-02-26\) must come after"):
            cm.rfm_summary(TestRfmSummary.LOG, "2024-02-26", "2024-02-26")

    def test_rfm_summary_unknown_time_unit(self):
        with pytest.raises(ValueError, match=r"time_unit must be one of 'D' \(1 day\), 'W'"):
            cm.rfm_summary(TestRfmSummary.LOG, "2024-02-26", time_unit="M")

    def test_rfm_summary_nothing_before_calibration_end(self):
        with pytest.raises(ValueError, match="no purchases on or before calibration_end=2023"):
            cm.rfm_summary(TestRfmSummary.LOG, "2023-12-31")

    def test_fit_bgnbd_missing_column(self, summary):
        with pytest.raises(ValueError, match="summary is missing column.*'T'"):
            cm.fit_bgnbd(summary.drop(columns="T"))

    def test_fit_bgnbd_no_customers(self, summary):
        with pytest.raises(ValueError, match="summary has no customers"):
            cm.fit_bgnbd(summary.iloc[:0])

    def test_fit_bgnbd_no_repeat_purchases(self, summary):
        with pytest.raises(ValueError, match="No customer in summary made a repeat purchase"):
            cm.fit_bgnbd(summary[summary["frequency"] == 0])

    def test_fit_warns_when_the_optimizer_does_not_converge(self, summary, monkeypatch):
        class Failed:
            success, message, x, fun = False, "Maximum number of iterations", np.zeros(4), 1e4

        monkeypatch.setattr(optimize, "minimize", lambda *args, **kwargs: Failed())
        with pytest.warns(RuntimeWarning, match="The BG/NBD fit did not converge"):
            fit = cm.fit_bgnbd(summary)
        assert not fit.converged

    def test_fit_gamma_gamma_with_one_time_buyers(self):
        with pytest.raises(ValueError, match=r"frequency is 0 for 1 customer.*frequency'\] > 0"):
            cm.fit_gamma_gamma([0, 1, 2], [0.0, 10.0, 12.0])

    def test_fit_gamma_gamma_with_zero_spend(self):
        with pytest.raises(ValueError, match="monetary_value must be a positive number"):
            cm.fit_gamma_gamma([1, 1, 2], [0.0, 10.0, 12.0])

    def test_fit_gamma_gamma_with_too_few_customers(self):
        with pytest.raises(ValueError, match="at least 3 customers.*got 2"):
            cm.fit_gamma_gamma([1, 2], [10.0, 12.0])

    def test_fit_gamma_gamma_mismatched_lengths(self):
        with pytest.raises(ValueError, match="same length"):
            cm.fit_gamma_gamma([1, 2, 3], [10.0, 12.0])

    def test_gamma_gamma_likelihood_needs_repeat_buyers(self):
        with pytest.raises(ValueError, match="frequency must be a positive count"):
            cm.gamma_gamma_log_likelihood(PUBLISHED_GAMMA_GAMMA, [0, 1], [10.0, 12.0])

    def test_expected_spend_negative_spend(self):
        with pytest.raises(ValueError, match="monetary_value must be a non-negative number"):
            cm.expected_spend(PUBLISHED_GAMMA_GAMMA, 1, -5.0)

    def test_expected_spend_infinite_population_mean(self):
        with pytest.raises(ValueError, match=r"infinite when p x \+ q <= 1.*q = 0.8.*x = 0"):
            cm.expected_spend((6.25, 0.8, 15.44), [0, 2], [0.0, 20.0])

    def test_clv_summary_without_spend(self):
        with pytest.raises(ValueError, match="summary is missing column.*'monetary_value'"):
            cm.clv_from_models(
                PUBLISHED_BGNBD,
                PUBLISHED_GAMMA_GAMMA,
                TestClvFromModels.SUMMARY.drop(columns="monetary_value"),
                periods=1,
                period_length=39,
                margin=0.3,
                discount_rate=0.0,
            )

    @pytest.mark.parametrize(
        ("option", "bad", "error", "message"),
        [
            ("periods", 0, ValueError, "periods must be an integer >= 1, got 0"),
            ("periods", 2.0, TypeError, "periods must be an integer"),
            ("period_length", 0.0, ValueError, "period_length must be a positive number"),
            ("period_length", "13", TypeError, "period_length must be a single number"),
            ("margin", 30, ValueError, "margin must be a fraction.*Use 0.3"),
            ("discount_rate", 10, ValueError, "discount_rate must be a fraction.*Use 0.1"),
            ("discount_rate", 1.0, ValueError, r"discount_rate must be a fraction in \[0, 1\)"),
        ],
    )
    def test_clv_options(self, option, bad, error, message):
        options = {"periods": 2, "period_length": 26, "margin": 0.3, "discount_rate": 0.02}
        options[option] = bad
        with pytest.raises(error, match=message):
            cm.clv_from_models(
                PUBLISHED_BGNBD, PUBLISHED_GAMMA_GAMMA, TestClvFromModels.SUMMARY, **options
            )

    def test_clv_non_finite_expectation_is_an_error(self, monkeypatch):
        monkeypatch.setattr(special, "hyp2f1", lambda *args: np.full(np.shape(args[3]), np.inf))
        with pytest.raises(ValueError, match="clv_from_models could not be computed"):
            cm.clv_from_models(
                PUBLISHED_BGNBD,
                PUBLISHED_GAMMA_GAMMA,
                TestClvFromModels.SUMMARY,
                periods=2,
                period_length=26,
                margin=0.3,
                discount_rate=0.02,
            )
