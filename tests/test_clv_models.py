"""Tests of crmlab.clv_models: the BTYD summary, BG/NBD, Gamma-Gamma and model-based CLV.

The published numbers come from the CDNOW sample (2,357 customers, 39-week
calibration 1997-01-01..1997-09-30, time in weeks), as listed in
/work/shared/data/cdnow/README.md:
Fader, Hardie & Lee (2005a), Marketing Science 24(2) for BG/NBD, and
Fader, Hardie & Lee (2005b), Journal of Marketing Research 42(4) for Gamma-Gamma.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, special, stats

from crmlab import clv_models as cm
from crmlab import datasets

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
        monkeypatch.setattr(special, "hyp2f1", lambda *args: np.full(np.shape(args[3]), np.nan))
        with pytest.raises(ValueError, match="expected_purchases could not be computed"):
            cm.expected_purchases(PUBLISHED_BGNBD, 39, **CUSTOMER_1)

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
