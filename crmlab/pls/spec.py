"""Validation of a PLS model specification: blocks, paths (acyclic), data and options."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._validation import (
    check_columns,
    check_dataframe,
    check_int,
    check_labels,
    check_real,
)

SCHEMES = ("centroid", "factorial", "path")
"""Inner weighting schemes of :func:`pls_pm`."""

MODES = ("A", "B")
"""Outer estimation modes: A (reflective, correlation weights), B (formative, regression)."""


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


def _slices(spec: _Spec) -> list[slice]:
    out, start = [], 0
    for construct in spec.constructs:
        k = len(spec.blocks[construct])
        out.append(slice(start, start + k))
        start += k
    return out
