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
from crmlab.i18n import message

SCHEMES = ("centroid", "factorial", "path")
"""Inner weighting schemes of :func:`pls_pm`."""

MODES = ("A", "B")
"""Outer estimation modes: A (reflective, correlation weights), B (formative, regression)."""


# ---------------------------------------------------------------------------
# Validation of a model specification
# ---------------------------------------------------------------------------


def _check_blocks(blocks) -> dict[str, tuple[str, ...]]:
    if not isinstance(blocks, Mapping):
        raise TypeError(message("pls.blocks_must_be_a_mapping", type=type(blocks).__name__))
    if not blocks:
        raise ValueError(message("pls.blocks_is_empty_give_at"))
    clean: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for construct, columns in blocks.items():
        if not isinstance(construct, str):
            raise TypeError(message("pls.construct_names_must_be_strings", construct=construct))
        if isinstance(columns, str):
            columns = (columns,)
        if not isinstance(columns, Sequence | pd.Index):
            raise TypeError(
                message(
                    "pls.blocks_construct_must_be_a",
                    construct=construct,
                    type=type(columns).__name__,
                )
            )
        columns = tuple(columns)
        if not columns:
            raise ValueError(
                message("pls.construct_construct_has_no_indicators", construct=construct)
            )
        for column in columns:
            if column in owner:
                where = (
                    message("pls.twice_in_block")
                    if owner[column] == construct
                    else message("pls.in_two_blocks", first=owner[column], second=construct)
                )
                raise ValueError(
                    message("pls.indicator_column_appears_where_each", column=column, where=where)
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
                message(
                    "pls.paths_names_construct_s_unknown",
                    unknown=", ".join(map(repr, dict.fromkeys(unknown))),
                    known=known,
                )
            )
        values = paths.to_numpy()
        if not np.isin(values, (0, 1)).all():
            raise ValueError(message("pls.paths_as_a_dataframe_must"))
        for target, row in zip(paths.index, values, strict=True):
            for source, flag in zip(paths.columns, row, strict=True):
                if flag:
                    matrix[position[target], position[source]] = 1
        return matrix
    if not isinstance(paths, Mapping):
        raise TypeError(message("pls.paths_must_be_a_mapping", type=type(paths).__name__))
    for target, sources in paths.items():
        if isinstance(sources, str):
            sources = (sources,)
        if not isinstance(sources, Sequence | pd.Index):
            raise TypeError(
                message("pls.paths_target_must_be_a", target=target, type=type(sources).__name__)
            )
        names = [target, *sources]
        unknown = [str(x) for x in names if x not in position]
        if unknown:
            raise ValueError(
                message(
                    "pls.paths_names_construct_s_unknown",
                    unknown=", ".join(map(repr, dict.fromkeys(unknown))),
                    known=known,
                )
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
            raise ValueError(message("pls.the_inner_model_must_have", names=names))
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
                message("pls.data_column_must_hold_numbers", column=column, dtype=series.dtype)
            )
        out[:, j] = series.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(out)
    if bad.any():
        counts = {columns[j]: int(n) for j, n in enumerate(bad.sum(axis=0)) if n}
        detail = ", ".join(f"{col} ({n})" for col, n in counts.items())
        raise ValueError(message("pls.data_has_missing_or_infinite", detail=detail))
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
            message("pls.construct_s_lonely_have_no", lonely=", ".join(map(repr, lonely)))
        )
    if not isinstance(scheme, str):
        raise TypeError(
            message(
                "pls.scheme_must_be_one_of", allowed=", ".join(map(repr, SCHEMES)), scheme=scheme
            )
        )
    check_labels(scheme, SCHEMES, "scheme")
    if isinstance(mode, Mapping):
        unknown = [str(k) for k in mode if k not in blocks]
        if unknown:
            raise ValueError(
                message("pls.mode_names_construct_s_unknown", unknown=", ".join(map(repr, unknown)))
            )
        modes = tuple(mode.get(c, "A") for c in constructs)
    else:
        modes = (mode,) * len(constructs)
    for m in modes:
        if not isinstance(m, str) or m not in MODES:
            raise ValueError(message("pls.mode_must_be_a_or", m=m))
    max_iter = check_int(max_iter, "max_iter", low=1)
    tol = check_real(tol, "tol")
    if tol <= 0:
        raise ValueError(message("pls.tol_must_be_a_positive", tol=tol))
    x = _numeric_block(data, indicators)
    needed = max(3, int(inner.sum(axis=1).max()) + 2)
    if len(x) < needed:
        raise ValueError(message("pls.data_must_have_at_least", needed=needed, n_rows=len(x)))
    constant = np.ptp(x, axis=0) == 0
    if constant.any():
        raise ValueError(
            message(
                "pls.indicator_s_indicators_have_the",
                indicators=", ".join(indicators[k] for k in np.flatnonzero(constant)),
            )
        )
    return _Spec(constructs, blocks, inner, scheme, modes, max_iter, float(tol)), x


def _slices(spec: _Spec) -> list[slice]:
    out, start = [], 0
    for construct in spec.constructs:
        k = len(spec.blocks[construct])
        out.append(slice(start, start + k))
        start += k
    return out
