"""Satisfaction index models estimated by PLS path modeling (偏最小二乘路径建模, advanced unit A2).

National customer satisfaction indices (顾客满意度指数, CSI) such as the ACSI
and the CCSI are structural models: a few latent variables (潜变量), each
measured by several survey questions (its *block* of indicators), linked by
regressions (the *inner* or structural model). Their weights are estimated
from the data, where the weighted satisfaction index of unit 03 fixes them by expert
judgement. This module fits such models by partial least squares path
modeling (PLS-PM, Wold 1982; Lohmöller 1989; Tenenhaus et al. 2005):

- :func:`pls_pm` estimates outer weights, latent scores, path coefficients,
  R², loadings and block reliabilities, returned as tidy DataFrames in a
  :class:`PLSResult`, whose :meth:`PLSResult.index` computes the ACSI-style
  0-100 satisfaction index per respondent or per group;
- :func:`bootstrap_paths` gives bootstrap standard errors of the paths;
- :data:`CCSI_MODEL` is the China index fitted to
  :func:`crmlab.datasets.load_ccsi_survey`; :data:`ACSI_MODEL`,
  :data:`SCSB_MODEL` and :data:`ECSI_MODEL` describe the other national
  models of CRM and satisfaction (no data attached);
- :func:`ccsi_true_paths` turns the generator's true structural parameters
  into the standardized coefficients that PLS estimates.

Examples
--------
>>> from crmlab import datasets, pls
>>> ccsi = datasets.load_ccsi_survey()
>>> fit = pls.pls_pm(ccsi, pls.CCSI_MODEL.blocks, pls.CCSI_MODEL.paths)
>>> fit.r2.round(2)
  construct    r2  r2_adj
0        EQ  0.20    0.20
1        PQ  0.26    0.26
2        PV  0.35    0.34
3       SAT  0.50    0.50
4       LOY  0.39    0.39
>>> fit.index(by="brand").round(1).head(3)
brand
Arctiva     73.7
Breezia     72.7
Coolwave    71.9
Name: SAT_index, dtype: float64
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab._validation import (
    check_columns,
    check_dataframe,
    check_int,
    check_labels,
    check_real,
)
from crmlab.glossary import Term

__all__ = [
    "ACSI_MODEL",
    "CCSI_MODEL",
    "ECSI_MODEL",
    "MODES",
    "SCHEMES",
    "SCSB_MODEL",
    "PLSResult",
    "StructuralModel",
    "bootstrap_paths",
    "ccsi_true_paths",
    "pls_pm",
]

SCHEMES = ("centroid", "factorial", "path")
"""Inner weighting schemes of :func:`pls_pm`."""

MODES = ("A", "B")
"""Outer estimation modes: A (reflective, correlation weights), B (formative, regression)."""


# ---------------------------------------------------------------------------
# The national index models (CRM and satisfaction)
# ---------------------------------------------------------------------------


def _freeze(mapping) -> MappingProxyType:
    return MappingProxyType({key: tuple(value) for key, value in mapping.items()})


@dataclass(frozen=True)
class StructuralModel:
    """A customer satisfaction index model: constructs, inner paths and (optionally) blocks.

    Parameters
    ----------
    name : str
        Short name, e.g. "CCSI".
    title : Term
        Full English and Chinese name.
    constructs : mapping of str to Term
        Construct code -> bilingual name, in causal order.
    paths : mapping of str to tuple of str
        Inner model: endogenous construct -> its predecessors (causes).
    blocks : mapping of str to tuple of str, optional
        Construct -> indicator columns of a dataset; None for a model that
        only describes a structure.
    positions : mapping of str to (float, float)
        Where to draw each construct in a path diagram (x, y in [0, 1]).
    reference : str
        Where the structure comes from.
    """

    name: str
    title: Term
    constructs: Mapping[str, Term]
    paths: Mapping[str, tuple[str, ...]]
    blocks: Mapping[str, tuple[str, ...]] | None = None
    positions: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    reference: str = ""

    def edges(self) -> list[tuple[str, str]]:
        """The arrows of the inner model as (source, target) pairs.

        Examples
        --------
        >>> SCSB_MODEL.edges()[:2]
        [('EXP', 'PV'), ('EXP', 'SAT')]
        """
        return [(source, target) for target, sources in self.paths.items() for source in sources]

    def path_matrix(self) -> pd.DataFrame:
        """The inner model as a 0/1 DataFrame: 1 in row target, column source.

        Examples
        --------
        >>> SCSB_MODEL.path_matrix().loc["SAT"].tolist()
        [1, 1, 0, 0, 0]
        """
        codes = list(self.constructs)
        matrix = pd.DataFrame(0, index=codes, columns=codes)
        for source, target in self.edges():
            matrix.loc[target, source] = 1
        return matrix

    def table(self) -> pd.DataFrame:
        """One row per construct: English and Chinese name, causes, indicators.

        Examples
        --------
        >>> ACSI_MODEL.table().loc["SAT", "zh"]
        '顾客满意'
        """
        rows = {
            code: {
                "construct": term.en,
                "zh": term.zh,
                "causes": ", ".join(self.paths.get(code, ())) or "(exogenous)",
                "indicators": ", ".join(self.blocks[code]) if self.blocks else "",
            }
            for code, term in self.constructs.items()
        }
        table = pd.DataFrame.from_dict(rows, orient="index")
        table.index.name = "code"
        return table if self.blocks else table.drop(columns="indicators")


_SAT = Term("customer satisfaction", "顾客满意", "the target variable whose score is the index")
_LOY = Term("customer loyalty", "顾客忠诚", "repurchase and recommendation intentions")
_COMP = Term("customer complaints", "顾客抱怨", "voiced dissatisfaction")
_PQ = Term("perceived quality", "感知质量", "quality actually experienced after buying and using")
_PV = Term("perceived value", "感知价值", "quality received relative to the price paid")

CCSI_MODEL = StructuralModel(
    name="CCSI",
    title=Term("China Customer Satisfaction Index", "中国顾客满意指数"),
    constructs=MappingProxyType(
        {
            "BI": Term(
                "brand image", "品牌形象", "impression of the brand before buying (the cause)"
            ),
            "EQ": Term("expected quality", "预期质量", "quality anticipated before buying"),
            "PQ": _PQ,
            "PV": _PV,
            "SAT": _SAT,
            "LOY": _LOY,
        }
    ),
    paths=_freeze(
        {
            "EQ": ("BI",),
            "PQ": ("BI", "EQ"),
            "PV": ("EQ", "PQ"),
            "SAT": ("BI", "PQ", "PV"),
            "LOY": ("BI", "SAT"),
        }
    ),
    blocks=_freeze(
        {
            code: tuple(f"{code}{k}" for k in (1, 2, 3))
            for code in ("BI", "EQ", "PQ", "PV", "SAT", "LOY")
        }
    ),
    positions=MappingProxyType(
        {
            "BI": (0.08, 0.85),
            "EQ": (0.08, 0.15),
            "PQ": (0.34, 0.50),
            "PV": (0.52, 0.15),
            "SAT": (0.70, 0.50),
            "LOY": (0.92, 0.85),
        }
    ),
    reference="CRM and satisfaction (figure 2.4, the CCSI basic model); the structure of "
    "crmlab.datasets.generate_ccsi_survey.",
)
"""The China Customer Satisfaction Index (CCSI) model, with the blocks of the ``ccsi_survey``.

Six constructs with three 1-10 indicators each (``BI1``..``LOY3``). Causes
(原因变量): brand image, expected quality, perceived quality, perceived value;
target (目标变量): satisfaction; result (结果变量): loyalty. The arrows are
those of the dataset generator: BI -> EQ; BI, EQ -> PQ; EQ, PQ -> PV;
BI, PQ, PV -> SAT; BI, SAT -> LOY.
"""

ACSI_MODEL = StructuralModel(
    name="ACSI",
    title=Term("American Customer Satisfaction Index", "美国顾客满意指数"),
    constructs=MappingProxyType(
        {
            "EXP": Term("customer expectations", "顾客预期", "quality expected before buying"),
            "PQ": _PQ,
            "PV": _PV,
            "SAT": _SAT,
            "COMP": _COMP,
            "LOY": _LOY,
        }
    ),
    paths=_freeze(
        {
            "PQ": ("EXP",),
            "PV": ("EXP", "PQ"),
            "SAT": ("EXP", "PQ", "PV"),
            "COMP": ("SAT",),
            "LOY": ("SAT", "COMP"),
        }
    ),
    positions=MappingProxyType(
        {
            "EXP": (0.08, 0.15),
            "PQ": (0.08, 0.85),
            "PV": (0.34, 0.50),
            "SAT": (0.66, 0.50),
            "COMP": (0.92, 0.15),
            "LOY": (0.92, 0.85),
        }
    ),
    reference="CRM slides and CRM and satisfaction (figure 2.2); Fornell, C. et al. (1996), "
    '"The American Customer Satisfaction Index", Journal of Marketing 60(4), 7-18.',
)
"""The ACSI model (1994): expectations, perceived quality and value -> satisfaction -> complaints, loyalty."""

SCSB_MODEL = StructuralModel(
    name="SCSB",
    title=Term("Swedish Customer Satisfaction Barometer", "瑞典顾客满意度指数"),
    constructs=MappingProxyType(
        {
            "EXP": Term("customer expectations", "顾客预期", "quality expected before buying"),
            "PV": Term(
                "perceived performance (value)", "感知绩效(价值)", "value received for the price"
            ),
            "SAT": _SAT,
            "COMP": _COMP,
            "LOY": _LOY,
        }
    ),
    paths=_freeze({"PV": ("EXP",), "SAT": ("EXP", "PV"), "COMP": ("SAT",), "LOY": ("SAT", "COMP")}),
    positions=MappingProxyType(
        {
            "EXP": (0.08, 0.15),
            "PV": (0.08, 0.85),
            "SAT": (0.50, 0.50),
            "COMP": (0.92, 0.15),
            "LOY": (0.92, 0.85),
        }
    ),
    reference="CRM and satisfaction (section 3.3); Fornell, C. (1992), "
    '"A national customer satisfaction barometer: the Swedish experience", '
    "Journal of Marketing 56(1), 6-21.",
)
"""The Swedish SCSB (1989), the first national index: expectations and perceived performance."""

ECSI_MODEL = StructuralModel(
    name="ECSI",
    title=Term("European Customer Satisfaction Index", "欧洲顾客满意度指数"),
    constructs=MappingProxyType(
        {
            "IMG": Term("image", "企业形象", "the firm's image"),
            "EXP": Term("customer expectations", "顾客预期", "quality expected before buying"),
            "PQ": _PQ,
            "PV": _PV,
            "SAT": _SAT,
            "LOY": _LOY,
        }
    ),
    paths=_freeze(
        {
            "EXP": ("IMG",),
            "PQ": ("EXP",),
            "PV": ("EXP", "PQ"),
            "SAT": ("IMG", "EXP", "PQ", "PV"),
            "LOY": ("IMG", "SAT"),
        }
    ),
    positions=MappingProxyType(
        {
            "IMG": (0.08, 0.85),
            "EXP": (0.08, 0.15),
            "PQ": (0.34, 0.50),
            "PV": (0.52, 0.15),
            "SAT": (0.70, 0.50),
            "LOY": (0.92, 0.85),
        }
    ),
    reference="CRM and satisfaction (section 3.3); Tenenhaus, M. et al. (2005), "
    '"PLS path modeling", Computational Statistics & Data Analysis 48, 159-205 '
    "(which adds a complaints construct).",
)
"""The European ECSI (2000): the ACSI with the firm's image and without complaints."""


# ---------------------------------------------------------------------------
# Validation of a model specification
# ---------------------------------------------------------------------------


def _check_blocks(blocks) -> dict[str, tuple[str, ...]]:
    if not isinstance(blocks, Mapping):
        raise TypeError(
            "blocks must be a mapping of construct -> indicator columns, e.g. "
            f"{{'SAT': ['SAT1', 'SAT2', 'SAT3']}}, got {type(blocks).__name__}."
        )
    if not blocks:
        raise ValueError("blocks is empty: give at least two constructs with their indicators.")
    clean: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for construct, columns in blocks.items():
        if not isinstance(construct, str):
            raise TypeError(f"construct names must be strings, got {construct!r}.")
        if isinstance(columns, str):
            columns = (columns,)
        if not isinstance(columns, Sequence | pd.Index):
            raise TypeError(
                f"blocks[{construct!r}] must be a list of column names, got "
                f"{type(columns).__name__}."
            )
        columns = tuple(columns)
        if not columns:
            raise ValueError(
                f"construct {construct!r} has no indicators: give it at least one column in blocks."
            )
        for column in columns:
            if column in owner:
                where = (
                    "twice in its block"
                    if owner[column] == construct
                    else f"in the blocks of {owner[column]!r} and {construct!r}"
                )
                raise ValueError(
                    f"indicator {column!r} appears {where}; each column measures one construct."
                )
            owner[column] = construct
        clean[construct] = columns
    return clean


def _check_paths(paths, constructs: list[str]) -> np.ndarray:
    """The inner model as a 0/1 array D with D[target, source] = 1."""
    position = {name: k for k, name in enumerate(constructs)}
    known = ", ".join(constructs)
    matrix = np.zeros((len(constructs), len(constructs)), dtype=int)
    if isinstance(paths, pd.DataFrame):
        labels = [*paths.index, *paths.columns]
        unknown = [str(x) for x in labels if x not in position]
        if unknown:
            raise ValueError(
                f"paths names construct(s) {', '.join(map(repr, dict.fromkeys(unknown)))} that "
                f"have no block. The constructs of blocks are: {known}."
            )
        values = paths.to_numpy()
        if not np.isin(values, (0, 1)).all():
            raise ValueError(
                "paths as a DataFrame must hold only 0 and 1 (1 in row target, column source)."
            )
        for target, row in zip(paths.index, values, strict=True):
            for source, flag in zip(paths.columns, row, strict=True):
                if flag:
                    matrix[position[target], position[source]] = 1
        return matrix
    if not isinstance(paths, Mapping):
        raise TypeError(
            "paths must be a mapping of construct -> list of predecessors, e.g. "
            "{'SAT': ['PQ', 'PV']}, or a 0/1 DataFrame (row target, column source), "
            f"got {type(paths).__name__}."
        )
    for target, sources in paths.items():
        if isinstance(sources, str):
            sources = (sources,)
        if not isinstance(sources, Sequence | pd.Index):
            raise TypeError(
                f"paths[{target!r}] must be a list of predecessor constructs, got "
                f"{type(sources).__name__}."
            )
        names = [target, *sources]
        unknown = [str(x) for x in names if x not in position]
        if unknown:
            raise ValueError(
                f"paths names construct(s) {', '.join(map(repr, dict.fromkeys(unknown)))} that "
                f"have no block. The constructs of blocks are: {known}."
            )
        for source in sources:
            matrix[position[target], position[source]] = 1
    return matrix


def _causal_order(matrix: np.ndarray, constructs: list[str]) -> list[int]:
    """A topological order of the constructs; ValueError naming a cycle if there is one."""
    remaining = set(range(len(constructs)))
    order: list[int] = []
    while remaining:
        free = [j for j in sorted(remaining) if not matrix[j, sorted(remaining)].any()]
        if not free:
            cycle = _find_cycle(matrix, remaining)
            names = " -> ".join(constructs[k] for k in cycle)
            raise ValueError(
                f"the inner model must have no cycles (a recursive model), but paths contains "
                f"the cycle {names}. Remove one of these arrows."
            )
        order.extend(free)
        remaining -= set(free)
    return order


def _find_cycle(matrix: np.ndarray, nodes: set[int]) -> list[int]:
    # Every remaining node has a predecessor among the remaining ones, so walking
    # backwards must revisit a node; the walk between the two visits is a cycle.
    walk = [min(nodes)]
    while True:
        node = walk[-1]
        previous = next(k for k in sorted(nodes) if matrix[node, k])
        if previous in walk:
            cycle = [*walk[walk.index(previous) :], previous]
            return cycle[::-1]
        walk.append(previous)


def _numeric_block(data: pd.DataFrame, columns: list[str]) -> np.ndarray:
    out = np.empty((len(data), len(columns)))
    for j, column in enumerate(columns):
        series = data[column]
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            raise TypeError(
                f"data[{column!r}] must hold numbers (survey scores), got dtype {series.dtype}."
            )
        out[:, j] = series.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(out)
    if bad.any():
        counts = {columns[j]: int(n) for j, n in enumerate(bad.sum(axis=0)) if n}
        detail = ", ".join(f"{col} ({n})" for col, n in counts.items())
        raise ValueError(
            f"data has missing or infinite values in indicator column(s) {detail}. PLS path "
            "modeling needs complete answers: drop incomplete respondents first, e.g. "
            "data.dropna(subset=indicators)."
        )
    return out


@dataclass(frozen=True)
class _Spec:
    constructs: list[str]
    blocks: dict[str, tuple[str, ...]]
    inner: np.ndarray  # D[target, source] = 1
    scheme: str
    modes: tuple[str, ...]
    max_iter: int
    tol: float


def _check_spec(data, blocks, paths, scheme, mode, max_iter, tol) -> tuple[_Spec, np.ndarray]:
    check_dataframe(data, "data")
    blocks = _check_blocks(blocks)
    constructs = list(blocks)
    indicators = [column for columns in blocks.values() for column in columns]
    check_columns(data, indicators, "data")
    inner = _check_paths(paths, constructs)
    _causal_order(inner, constructs)
    linked = (inner + inner.T).any(axis=1)
    if not linked.all():
        lonely = [constructs[k] for k in np.flatnonzero(~linked)]
        raise ValueError(
            f"construct(s) {', '.join(map(repr, lonely))} have no arrow in paths; every construct "
            "needs a cause or a consequence for PLS to estimate its weights."
        )
    if not isinstance(scheme, str):
        raise TypeError(f"scheme must be one of {', '.join(map(repr, SCHEMES))}, got {scheme!r}.")
    check_labels(scheme, SCHEMES, "scheme")
    if isinstance(mode, Mapping):
        unknown = [str(k) for k in mode if k not in blocks]
        if unknown:
            raise ValueError(
                f"mode names construct(s) {', '.join(map(repr, unknown))} that have no block."
            )
        modes = tuple(mode.get(c, "A") for c in constructs)
    else:
        modes = (mode,) * len(constructs)
    for m in modes:
        if not isinstance(m, str) or m not in MODES:
            raise ValueError(
                f"mode must be 'A' or 'B' (or a mapping construct -> mode), got {m!r}."
            )
    max_iter = check_int(max_iter, "max_iter", low=1)
    tol = check_real(tol, "tol")
    if tol <= 0:
        raise ValueError(f"tol must be a positive number such as 1e-7, got {tol:g}.")
    x = _numeric_block(data, indicators)
    needed = max(3, int(inner.sum(axis=1).max()) + 2)
    if len(x) < needed:
        raise ValueError(
            f"data must have at least {needed} rows (respondents) for this model, one more than "
            f"the regression with the most predecessors needs; got {len(x)}."
        )
    constant = np.ptp(x, axis=0) == 0
    if constant.any():
        raise ValueError(
            f"indicator(s) {', '.join(indicators[k] for k in np.flatnonzero(constant))} have the "
            "same value for every respondent, so they cannot be standardized; drop them."
        )
    return _Spec(constructs, blocks, inner, scheme, modes, max_iter, float(tol)), x


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


def _slices(spec: _Spec) -> list[slice]:
    out, start = [], 0
    for construct in spec.constructs:
        k = len(spec.blocks[construct])
        out.append(slice(start, start + k))
        start += k
    return out


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


# ---------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class PLSResult:
    """The estimates of :func:`pls_pm`, as tidy DataFrames.

    Attributes
    ----------
    paths : DataFrame
        One row per arrow: ``source``, ``target``, ``coefficient`` (standardized
        path coefficient, 路径系数).
    weights : DataFrame
        One row per indicator: ``construct``, ``indicator``, ``weight`` (outer
        weight of the standardized indicator) and ``index_weight`` (weight of
        the raw indicator in the 0-100 index; they sum to 1 per construct).
    loadings : DataFrame
        One row per indicator: ``construct``, ``indicator``, ``loading``
        (correlation of the indicator with its latent score, 载荷) and
        ``communality`` (loading²).
    r2 : DataFrame
        One row per endogenous construct: ``construct``, ``r2``, ``r2_adj``.
    reliability : DataFrame
        One row per construct: ``construct``, ``indicators`` (count),
        ``cronbach_alpha``, ``composite_reliability`` and ``ave``.
    effects : DataFrame
        One row per pair linked by a directed route: ``source``, ``target``,
        ``direct``, ``indirect`` and ``total`` effect.
    scores : DataFrame
        Latent variable scores (mean 0, sd 1 with ddof=1), one column per
        construct, with the data's index.
    scheme, mode : str
        Inner weighting scheme and outer mode(s) used.
    iterations : int
        Iterations of the weight algorithm.
    converged : bool
        Whether the weights changed by less than ``tol`` before ``max_iter``.
    """

    paths: pd.DataFrame
    weights: pd.DataFrame
    loadings: pd.DataFrame
    r2: pd.DataFrame
    reliability: pd.DataFrame
    effects: pd.DataFrame
    scores: pd.DataFrame
    scheme: str
    mode: str
    iterations: int
    converged: bool
    _spec: _Spec = field(repr=False)
    _raw: np.ndarray = field(repr=False)
    _data: pd.DataFrame = field(repr=False)

    @property
    def constructs(self) -> list[str]:
        """The construct names, in the order of ``blocks``."""
        return list(self._spec.constructs)

    def path_matrix(self) -> pd.DataFrame:
        """Path coefficients as a square DataFrame: row target, column source.

        Examples
        --------
        >>> data = pd.DataFrame({"x": [1.0, 2, 3, 4, 5], "y": [2.0, 1, 4, 3, 5]})
        >>> pls_pm(data, {"X": ["x"], "Y": ["y"]}, {"Y": ["X"]}).path_matrix()
             X    Y
        X  0.0  0.0
        Y  0.8  0.0
        """
        table = self.paths.pivot(index="target", columns="source", values="coefficient")
        table = table.reindex(index=self.constructs, columns=self.constructs).fillna(0.0)
        table.index.name = None
        table.columns.name = None
        return table

    def index(self, construct: str = "SAT", by=None, scale=(1, 10)) -> pd.Series:
        """The ACSI-style 0-100 index of a construct, per respondent or per group.

        The index is the weighted mean of the *raw* indicators, with the
        unstandardized outer weights rescaled to sum to 1, mapped from the
        answer scale [low, high] onto 0-100 (Fornell et al. 1996):

        .. math::
            \\text{index} = \\frac{\\sum_i \\tilde w_i x_i - \\text{low}}
            {\\text{high} - \\text{low}} \\times 100, \\qquad
            \\tilde w_i = \\frac{w_i / s_i}{\\sum_k w_k / s_k}

        where :math:`w_i` is the outer weight of standardized indicator i and
        :math:`s_i` its standard deviation. On a 1-10 scale:
        (weighted mean - 1) / 9 x 100. A group's index is the mean of its
        respondents' indices (the index of its mean answers). For "SAT" this
        is the customer satisfaction index (顾客满意度指数).

        Parameters
        ----------
        construct : str, default "SAT"
            A construct of the model.
        by : str, array-like or Series, optional
            A column of the fitted data (e.g. "brand") or one label per
            respondent; then one index per group.
        scale : (float, float), default (1, 10)
            The lowest and highest possible answer.

        Returns
        -------
        Series
            One index per respondent (the data's index) or per group, named
            ``f"{construct}_index"``.

        Raises
        ------
        ValueError
            For an unknown construct or column, a ``by`` of the wrong length,
            a scale with low >= high or answers outside it, or a negative
            outer weight (reverse-code that item first).

        References
        ----------
        Fornell, C. et al. (1996), "The American Customer Satisfaction Index",
        Journal of Marketing 60(4), 7-18 (the 0-100 index from rescaled weights).

        Examples
        --------
        With a single satisfaction item the index is (x - 1) / 9 x 100:

        >>> data = pd.DataFrame({"x": [1.0, 2, 3, 4, 5], "s": [1, 4, 7, 10, 10]})
        >>> fit = pls_pm(data, {"X": ["x"], "SAT": ["s"]}, {"SAT": ["X"]})
        >>> fit.index().round(1).tolist()
        [0.0, 33.3, 66.7, 100.0, 100.0]
        >>> fit.index(by=["a", "a", "b", "b", "b"]).round(1)
        a    16.7
        b    88.9
        Name: SAT_index, dtype: float64
        """
        check_labels(construct, self.constructs, "construct")
        if not isinstance(scale, Sequence) or len(scale) != 2:
            raise ValueError(f"scale must be a pair (low, high) such as (1, 10), got {scale!r}.")
        low, high = check_real(scale[0], "scale[0]"), check_real(scale[1], "scale[1]")
        if low >= high:
            raise ValueError(f"scale must be (low, high) with low < high, got {scale!r}.")
        k = self._spec.constructs.index(construct)
        raw = self._raw[:, _slices(self._spec)[k]]
        if raw.min() < low or raw.max() > high:
            raise ValueError(
                f"the indicators of {construct} range from {raw.min():g} to {raw.max():g}, "
                f"outside scale={scale!r}; pass the scale of the answers."
            )
        chosen = self.weights.loc[self.weights["construct"] == construct]
        weights = chosen["index_weight"].to_numpy()
        if (weights < 0).any():
            bad = chosen.loc[weights < 0, "indicator"].tolist()
            raise ValueError(
                f"indicator(s) {', '.join(map(repr, bad))} of {construct} have a negative outer "
                "weight, so the weighted mean is not an index; reverse-code or drop them."
            )
        values = (raw @ weights - low) / (high - low) * 100
        index = pd.Series(values, index=self.scores.index, name=f"{construct}_index")
        if by is None:
            return index
        if isinstance(by, str):
            check_columns(self._data, [by], "data")
            groups, name = self._data[by], by
        else:
            if np.ndim(by) != 1 or len(by) != len(index):
                raise ValueError(
                    f"by must be a column name or one label per respondent ({len(index)}), "
                    f"got {np.size(by)} value(s)."
                )
            groups = pd.Series(by.to_numpy() if isinstance(by, pd.Series) else np.asarray(by))
            name = by.name if isinstance(by, pd.Series) else None
        if groups.isna().any():
            raise ValueError(
                f"by has {int(groups.isna().sum())} missing label(s); every respondent needs a "
                "group."
            )
        by_group = index.groupby(groups.to_numpy()).mean()
        by_group.index.name = name
        return by_group

    def ipma(self, target: str = "SAT", scale=(1, 10)) -> pd.DataFrame:
        """Importance-performance map of the drivers of a construct (IPMA).

        For every construct with a route to ``target``:

        - ``total_effect``: the standardized total effect on ``target``;
        - ``importance``: the same effect in index points, the rise of the
          target's 0-100 index when the driver's index rises by one point
          (the ACSI "impact"): total effect x sd(target index) / sd(driver index);
        - ``performance``: the mean 0-100 index of the driver
          (see :meth:`index`).

        Parameters
        ----------
        target : str, default "SAT"
            The construct whose drivers are mapped.
        scale : (float, float), default (1, 10)
            The answer scale, as in :meth:`index`.

        Returns
        -------
        DataFrame
            Indexed by driver, in the order of ``blocks``.

        Raises
        ------
        ValueError
            For an unknown or exogenous target, or an index that cannot be
            computed (see :meth:`index`).

        References
        ----------
        Ringle, C. M. and Sarstedt, M. (2016), "Gain more insight from your
        PLS-SEM results: the importance-performance map analysis", Industrial
        Management & Data Systems 116(9); Chain-store CRM (importance/performance).

        Examples
        --------
        >>> data = pd.DataFrame({"x": [1.0, 2, 3, 4, 5], "y": [2.0, 1, 4, 3, 5]})
        >>> pls_pm(data, {"X": "x", "Y": "y"}, {"Y": "X"}).ipma("Y").round(2)
           total_effect  importance  performance
        X           0.8         0.8        22.22
        """
        check_labels(target, self.constructs, "target")
        drivers = self.effects.loc[self.effects["target"] == target].set_index("source")
        if drivers.empty:
            raise ValueError(f"{target} has no predecessors, so it has no drivers to map.")
        order = [c for c in self.constructs if c in drivers.index]
        target_sd = self.index(target, scale=scale).std(ddof=1)
        rows = {}
        for driver in order:
            driver_index = self.index(driver, scale=scale)
            total = float(drivers.loc[driver, "total"])
            rows[driver] = {
                "total_effect": total,
                "importance": total * target_sd / driver_index.std(ddof=1),
                "performance": float(driver_index.mean()),
            }
        return pd.DataFrame.from_dict(rows, orient="index")

    def __repr__(self) -> str:
        r2 = ", ".join(
            f"{c} {v:.2f}" for c, v in zip(self.r2["construct"], self.r2["r2"], strict=True)
        )
        status = "converged" if self.converged else "NOT converged"
        return (
            f"PLSResult({len(self.constructs)} constructs, {len(self.paths)} paths, "
            f"{len(self.scores)} respondents; scheme={self.scheme!r}, mode={self.mode!r}, "
            f"{status} in {self.iterations} iterations; R²: {r2})"
        )


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
            f"PLS weights did not converge in {spec.max_iter} iterations (tol={spec.tol:g}); "
            "raise max_iter, or try scheme='factorial'.",
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
        raise TypeError(f"result must be a PLSResult from pls_pm, got {type(result).__name__}.")
    n_boot = check_int(n_boot, "n_boot", low=10)
    seed = check_int(seed, "seed", low=0)
    level = check_real(level, "level")
    if not 0 < level < 1:
        raise ValueError(f"level must be a fraction in (0, 1), such as 0.95, got {level:g}.")
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
            raise ValueError(
                "a bootstrap sample has a constant indicator (too few respondents or answers "
                "that barely vary); the bootstrap needs more data."
            )
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


def ccsi_true_paths() -> pd.DataFrame:
    """The true path coefficients of the ``ccsi_survey`` generator, raw and standardized.

    The generator (:func:`crmlab.datasets.generate_ccsi_survey`) draws latent
    variables :math:`\\xi = B\\xi + u`, so :math:`\\xi = (I - B)^{-1} u` and
    :math:`\\Sigma_\\xi = (I - B)^{-1} \\Sigma_u (I - B)^{-\\top}`; the brand
    effects make brand image and the perceived-quality shock covary through
    the brand mix. PLS works with standardized variables, so the comparable
    truth is :math:`\\beta^{std}_{ji} = \\beta_{ji}\\, \\sigma_i / \\sigma_j`.

    Returns
    -------
    DataFrame
        One row per arrow of :data:`CCSI_MODEL`: ``source``, ``target``,
        ``raw`` (the generator's coefficient) and ``standardized``.

    References
    ----------
    :data:`crmlab.datasets.CCSI_PARAMS`; Bollen, K. A. (1989), Structural
    Equations with Latent Variables (reduced form of a recursive model).

    Examples
    --------
    >>> ccsi_true_paths().round(3).head(3)
      source target   raw  standardized
    0     BI     EQ  0.60         0.621
    1     BI     PQ  0.25         0.250
    2     EQ     PQ  0.35         0.337
    """
    from crmlab.datasets import CCSI_PARAMS

    params = CCSI_PARAMS
    codes = list(CCSI_MODEL.constructs)
    pos = {c: k for k, c in enumerate(codes)}
    b = np.zeros((len(codes), len(codes)))
    for target, causes in params["paths"].items():
        for source, value in causes.items():
            b[pos[target], pos[source]] = value
    share = np.array(list(params["brand_share"].values()))
    brands = list(params["brand_share"])
    mean = np.array([params["brand_image_mean"][k] for k in brands])
    shift = np.array([params["perceived_quality_shift"][k] for k in brands])
    cov_u = np.diag([params["residual_sd"][c] ** 2 for c in codes])
    centred_mean, centred_shift = mean - share @ mean, shift - share @ shift
    cov_u[pos["BI"], pos["BI"]] += share @ centred_mean**2
    cov_u[pos["PQ"], pos["PQ"]] += share @ centred_shift**2
    cov_u[pos["BI"], pos["PQ"]] = cov_u[pos["PQ"], pos["BI"]] = share @ (
        centred_mean * centred_shift
    )
    reduced = np.linalg.inv(np.eye(len(codes)) - b)
    sd = np.sqrt(np.diag(reduced @ cov_u @ reduced.T))
    rows = [
        (source, target, b[pos[target], pos[source]])
        for target, source in ((t, s) for t, ss in CCSI_MODEL.paths.items() for s in ss)
    ]
    table = pd.DataFrame(rows, columns=["source", "target", "raw"])
    table["standardized"] = [raw * sd[pos[s]] / sd[pos[t]] for s, t, raw in rows]
    return table
