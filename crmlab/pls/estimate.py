"""The PLS path modeling algorithm (Wold 1982; Lohmöller 1989): :func:`pls_pm` and
:func:`bootstrap_paths`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._validation import (
    check_int,
    check_real,
)
from crmlab.i18n import message
from crmlab.pls.result import PLSResult
from crmlab.pls.spec import _check_spec, _slices, _Spec

# ---------------------------------------------------------------------------
# The PLS algorithm
# ---------------------------------------------------------------------------


def _standardize(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    sd = x.std(axis=0, ddof=1)
    return (x - mean) / sd, mean, sd


def _regression(corr: np.ndarray, target: int, sources: np.ndarray) -> np.ndarray:
    """Standardized OLS coefficients of construct ``target`` on ``sources`` from correlations."""
    return np.linalg.lstsq(corr[np.ix_(sources, sources)], corr[sources, target], rcond=None)[0]


@dataclass(frozen=True)
class _Fit:
    weights: list[np.ndarray]
    scores: np.ndarray
    iterations: int
    converged: bool


def _iterate(z: np.ndarray, spec: _Spec, slices: list[slice]) -> _Fit:
    n = len(z)
    n_c = len(spec.constructs)
    inner = spec.inner
    adjacent = (inner + inner.T) > 0
    blocks = [z[:, s] for s in slices]

    def scores_of(weights):
        y = np.column_stack([b @ w for b, w in zip(blocks, weights, strict=True)])
        scale = y.std(axis=0, ddof=1)
        return y / scale, [w / s for w, s in zip(weights, scale, strict=True)]

    y, weights = scores_of([np.ones(b.shape[1]) for b in blocks])
    converged = False
    iterations = 0
    while not converged and iterations < spec.max_iter:
        iterations += 1
        corr = y.T @ y / (n - 1)
        if spec.scheme == "centroid":
            e = np.sign(corr) * adjacent
        elif spec.scheme == "factorial":
            e = corr * adjacent
        else:
            # Path weighting: predecessors weigh in by multiple regression,
            # successors by correlation (Lohmöller 1989).
            e = corr * inner.T
            for j in range(n_c):
                sources = np.flatnonzero(inner[j])
                if sources.size:
                    e[j, sources] = _regression(corr, j, sources)
        proxies = y @ e.T
        new = []
        for b, proxy, m in zip(blocks, proxies.T, spec.modes, strict=True):
            if m == "A":
                new.append(b.T @ proxy / (n - 1))
            else:
                new.append(np.linalg.lstsq(b, proxy, rcond=None)[0])
        y, new = scores_of(new)
        change = max(float(np.max(np.abs(a - b))) for a, b in zip(new, weights, strict=True))
        weights = new
        converged = change < spec.tol
    # A latent variable's sign is arbitrary; orient each one so that its
    # indicators load positively on average, as they are worded to.
    for k, b in enumerate(blocks):
        if (b.T @ y[:, k]).sum() < 0:
            weights[k] = -weights[k]
            y[:, k] = -y[:, k]
    return _Fit(weights, y, iterations, converged)


def _path_array(scores: np.ndarray, inner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Path coefficients B[target, source] by OLS on the scores, and R² per construct."""
    n_c = inner.shape[0]
    corr = scores.T @ scores / (len(scores) - 1)
    coefficients = np.zeros((n_c, n_c))
    r2 = np.full(n_c, np.nan)
    for j in range(n_c):
        sources = np.flatnonzero(inner[j])
        if sources.size:
            b = _regression(corr, j, sources)
            coefficients[j, sources] = b
            r2[j] = float(b @ corr[sources, j])
    return coefficients, r2


def _reliability(z_block: np.ndarray, loadings: np.ndarray) -> tuple[float, float, float]:
    k = z_block.shape[1]
    if k == 1:
        # A single indicator is the construct itself: PLS software reports 1.
        return 1.0, 1.0, 1.0
    corr = np.corrcoef(z_block, rowvar=False)
    alpha = k / (k - 1) * (1 - k / corr.sum())
    total = loadings.sum() ** 2
    composite = total / (total + (1 - loadings**2).sum())
    return float(alpha), float(composite), float(np.mean(loadings**2))


def _assemble(fit: _Fit, spec: _Spec, data: pd.DataFrame, x: np.ndarray, z, sd) -> PLSResult:
    constructs = spec.constructs
    slices = _slices(spec)
    coefficients, r2 = _path_array(fit.scores, spec.inner)
    n = len(z)
    weight_rows, loading_rows, reliability_rows = [], [], []
    for k, construct in enumerate(constructs):
        block = z[:, slices[k]]
        loadings = block.T @ fit.scores[:, k] / (n - 1)
        raw_weights = fit.weights[k] / sd[slices[k]]
        index_weights = raw_weights / raw_weights.sum()
        for j, indicator in enumerate(spec.blocks[construct]):
            weight_rows.append((construct, indicator, fit.weights[k][j], index_weights[j]))
            loading_rows.append((construct, indicator, loadings[j], loadings[j] ** 2))
        reliability_rows.append((construct, block.shape[1], *_reliability(block, loadings)))
    edges = [
        (constructs[i], constructs[j], coefficients[j, i])
        for j in range(len(constructs))
        for i in np.flatnonzero(spec.inner[j])
    ]
    n_pred = spec.inner.sum(axis=1)
    endogenous = np.flatnonzero(n_pred)
    r2_table = pd.DataFrame(
        {
            "construct": [constructs[j] for j in endogenous],
            "r2": r2[endogenous],
            "r2_adj": [1 - (1 - r2[j]) * (n - 1) / (n - n_pred[j] - 1) for j in endogenous],
        }
    )
    total = np.linalg.inv(np.eye(len(constructs)) - coefficients) - np.eye(len(constructs))
    reach = np.linalg.matrix_power(np.eye(len(constructs), dtype=int) + spec.inner, len(constructs))
    effect_rows = [
        (
            constructs[i],
            constructs[j],
            coefficients[j, i],
            total[j, i] - coefficients[j, i],
            total[j, i],
        )
        for j in range(len(constructs))
        for i in range(len(constructs))
        if i != j and reach[j, i]
    ]
    mode = spec.modes[0] if len(set(spec.modes)) == 1 else "mixed"
    return PLSResult(
        paths=pd.DataFrame(edges, columns=["source", "target", "coefficient"]),
        weights=pd.DataFrame(
            weight_rows, columns=["construct", "indicator", "weight", "index_weight"]
        ),
        loadings=pd.DataFrame(
            loading_rows, columns=["construct", "indicator", "loading", "communality"]
        ),
        r2=r2_table,
        reliability=pd.DataFrame(
            reliability_rows,
            columns=["construct", "indicators", "cronbach_alpha", "composite_reliability", "ave"],
        ),
        effects=pd.DataFrame(
            effect_rows, columns=["source", "target", "direct", "indirect", "total"]
        ),
        scores=pd.DataFrame(fit.scores, index=data.index, columns=constructs),
        scheme=spec.scheme,
        mode=mode,
        iterations=fit.iterations,
        converged=fit.converged,
        _spec=spec,
        _raw=x,
        _data=data.copy(deep=False),
    )


def pls_pm(data, blocks, paths, scheme="path", mode="A", max_iter=300, tol=1e-7) -> PLSResult:
    """Fit a structural model (结构方程模型) by PLS path modeling (偏最小二乘路径建模).

    Each construct j is estimated as a weighted sum of its standardized
    indicators, :math:`\\hat\\xi_j = \\sum_k w_{jk} x_{jk}` (scaled to unit
    variance). Starting from equal weights, the algorithm alternates until the
    weights change by less than ``tol`` (Wold 1982; Lohmöller 1989):

    1. *inner estimate*: :math:`z_j = \\sum_{i \\leftrightarrow j} e_{ji} \\hat\\xi_i`
       over the constructs i linked to j, with :math:`e_{ji}` the sign of
       cor(ξ_j, ξ_i) ("centroid"), the correlation itself ("factorial"), or
       ("path") the multiple-regression coefficient of ξ_j on i for its
       predecessors and the correlation for its successors;
    2. *outer estimate*: mode A, :math:`w_{jk} = \\mathrm{cov}(x_{jk}, z_j)`
       (reflective blocks, used by the ACSI); mode B, the coefficients of the
       regression of :math:`z_j` on the block (formative blocks).

    Then the path coefficients (路径系数) are the standardized OLS coefficients
    of each endogenous construct on its predecessors,
    :math:`\\hat\\xi_j = \\sum_i \\beta_{ji} \\hat\\xi_i + \\zeta_j`, with R²;
    the loadings are cor(x_jk, ξ_j); and per block Cronbach's alpha (of the
    standardized indicators), the composite reliability
    :math:`\\rho_c = (\\sum\\lambda)^2 / ((\\sum\\lambda)^2 + \\sum(1-\\lambda^2))`
    and the average variance extracted AVE = mean λ². Total effects are
    :math:`(I - B)^{-1} - I`.

    Because the latent scores are composites that still carry measurement
    error, path coefficients between reflective constructs are attenuated
    towards 0 (and loadings inflated); PLS is consistent only "at large",
    when both the sample and the number of indicators per block grow
    (Wold 1982). Everything except :meth:`PLSResult.index` is invariant to
    rescaling an indicator (a + b x, b > 0).

    Parameters
    ----------
    data : DataFrame
        One row per respondent with the indicator columns (numbers, no NaN).
    blocks : mapping of str to list of str
        Construct -> its indicator columns (the outer or measurement model),
        e.g. ``CCSI_MODEL.blocks``. A single string is one indicator.
    paths : mapping of str to list of str, or DataFrame
        The inner model: construct -> its predecessors (causes), e.g.
        ``{"SAT": ["PQ", "PV"]}``, or a square 0/1 DataFrame with a 1 in row
        target, column source. It must be recursive (no cycles) and link
        every construct.
    scheme : {"path", "centroid", "factorial"}, default "path"
        Inner weighting scheme.
    mode : {"A", "B"} or mapping of str to str, default "A"
        Outer mode, for all blocks or per construct (unlisted ones get "A").
    max_iter : int, default 300
        Maximum number of iterations (a RuntimeWarning is raised if reached).
    tol : float, default 1e-7
        Convergence threshold on the largest change of a weight.

    Returns
    -------
    PLSResult
        Tidy DataFrames ``paths``, ``weights``, ``loadings``, ``r2``,
        ``reliability``, ``effects`` and ``scores``, and the 0-100 index
        through :meth:`PLSResult.index`.

    Raises
    ------
    TypeError
        If ``data`` is not a DataFrame, an indicator is not numeric, or
        ``blocks``/``paths`` have the wrong type.
    ValueError
        For missing indicator columns (listing the columns present), a
        construct without indicators, an indicator in two blocks, paths that
        name an unknown construct, a cyclic inner model, an unlinked
        construct, an unknown scheme or mode, NaN or infinite answers, a
        constant indicator, fewer than 3 rows, or a bad ``max_iter``/``tol``.

    References
    ----------
    Wold, H. (1982), "Soft modeling: the basic design and some extensions",
    in Systems under Indirect Observation II, 1-54. Lohmöller, J.-B. (1989),
    Latent Variable Path Modeling with Partial Least Squares. Tenenhaus, M.,
    Esposito Vinzi, V., Chatelin, Y.-M. and Lauro, C. (2005), "PLS path
    modeling", Computational Statistics & Data Analysis 48, 159-205. CRM and satisfaction
    (ACSI and CCSI models); CRM slides (principal-component regression, a
    simpler way to weight indicators).

    Examples
    --------
    With one indicator per construct, PLS is ordinary regression of the
    standardized variables:

    >>> data = pd.DataFrame({"x": [1.0, 2, 3, 4, 5], "y": [2.0, 1, 4, 3, 5]})
    >>> fit = pls_pm(data, {"X": ["x"], "Y": ["y"]}, {"Y": ["X"]})
    >>> fit.paths
      source target  coefficient
    0      X      Y          0.8
    >>> round(float(data.corr().loc["x", "y"]), 6)
    0.8
    """
    spec, x = _check_spec(data, blocks, paths, scheme, mode, max_iter, tol)
    z, _, sd = _standardize(x)
    fit = _iterate(z, spec, _slices(spec))
    if not fit.converged:
        warnings.warn(
            message("pls.pls_weights_did_not_converge", max_iter=spec.max_iter, tol=spec.tol),
            RuntimeWarning,
            stacklevel=2,
        )
    return _assemble(fit, spec, data, x, z, sd)


def bootstrap_paths(result: PLSResult, n_boot: int = 200, seed: int = 0, level: float = 0.95):
    """Bootstrap standard errors and percentile intervals of the path coefficients.

    Draws ``n_boot`` samples of respondents with replacement, refits the
    model on each with the same blocks, paths, scheme and mode, and
    summarizes each path coefficient over the samples: standard error = the
    sd of the bootstrap estimates, t = estimate / standard error, and the
    percentile interval at ``level``.

    Parameters
    ----------
    result : PLSResult
        A fit from :func:`pls_pm`.
    n_boot : int, default 200
        Number of bootstrap samples (at least 10).
    seed : int, default 0
        Seed of ``numpy.random.default_rng``.
    level : float, default 0.95
        Coverage of the percentile interval, a fraction in (0, 1).

    Returns
    -------
    DataFrame
        One row per path: ``source``, ``target``, ``coefficient``,
        ``std_error``, ``t``, ``ci_low``, ``ci_high``.

    Raises
    ------
    TypeError
        If ``result`` is not a PLSResult or ``n_boot``/``seed`` not integers.
    ValueError
        If ``n_boot`` < 10, ``seed`` < 0 or ``level`` is not in (0, 1).

    References
    ----------
    Tenenhaus et al. (2005), section 4.3 (resampling in PLS path modeling);
    Efron, B. and Tibshirani, R. (1993), An Introduction to the Bootstrap.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(size=100)
    >>> data = pd.DataFrame({"x": x, "y": 0.5 * x + rng.normal(size=100)})
    >>> fit = pls_pm(data, {"X": "x", "Y": "y"}, {"Y": "X"})
    >>> table = bootstrap_paths(fit, n_boot=50, seed=2)
    >>> list(table.columns)
    ['source', 'target', 'coefficient', 'std_error', 't', 'ci_low', 'ci_high']
    >>> bool(table.loc[0, "ci_low"] < table.loc[0, "coefficient"] < table.loc[0, "ci_high"])
    True
    """
    if not isinstance(result, PLSResult):
        raise TypeError(message("pls.result_must_be_a_plsresult", type=type(result).__name__))
    n_boot = check_int(n_boot, "n_boot", low=10)
    seed = check_int(seed, "seed", low=0)
    level = check_real(level, "level")
    if not 0 < level < 1:
        raise ValueError(message("pls.level_must_be_a_fraction", level=level))
    spec, x = result._spec, result._raw
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, len(x), size=(n_boot, len(x)))
    sources = [spec.constructs.index(s) for s in result.paths["source"]]
    targets = [spec.constructs.index(t) for t in result.paths["target"]]
    slices = _slices(spec)
    estimates = np.empty((n_boot, len(sources)))
    for b in range(n_boot):
        sample = x[rows[b]]
        if (np.ptp(sample, axis=0) == 0).any():
            raise ValueError(message("pls.a_bootstrap_sample_has_a"))
        fit = _iterate(_standardize(sample)[0], spec, slices)
        coefficients, _ = _path_array(fit.scores, spec.inner)
        estimates[b] = coefficients[targets, sources]
    std_error = estimates.std(axis=0, ddof=1)
    table = result.paths.copy()
    table["std_error"] = std_error
    table["t"] = table["coefficient"] / std_error
    table["ci_low"] = np.quantile(estimates, (1 - level) / 2, axis=0)
    table["ci_high"] = np.quantile(estimates, (1 + level) / 2, axis=0)
    return table
