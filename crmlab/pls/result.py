"""The result of a PLS path model fit, :class:`PLSResult`, with its tables and the
0-100 satisfaction index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmlab._validation import (
    check_columns,
    check_labels,
    check_real,
)
from crmlab.i18n import message
from crmlab.pls.spec import _slices, _Spec

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
        >>> from crmlab.pls import pls_pm
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

        >>> from crmlab.pls import pls_pm

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
            raise ValueError(message("pls.scale_must_be_a_pair", scale=scale))
        low, high = check_real(scale[0], "scale[0]"), check_real(scale[1], "scale[1]")
        if low >= high:
            raise ValueError(message("pls.scale_must_be_low_high", scale=scale))
        k = self._spec.constructs.index(construct)
        raw = self._raw[:, _slices(self._spec)[k]]
        if raw.min() < low or raw.max() > high:
            raise ValueError(
                message(
                    "pls.the_indicators_of_construct_range",
                    construct=construct,
                    low_seen=raw.min(),
                    high_seen=raw.max(),
                    scale=scale,
                )
            )
        chosen = self.weights.loc[self.weights["construct"] == construct]
        weights = chosen["index_weight"].to_numpy()
        if (weights < 0).any():
            bad = chosen.loc[weights < 0, "indicator"].tolist()
            raise ValueError(
                message(
                    "pls.indicator_s_bad_of_construct",
                    bad=", ".join(map(repr, bad)),
                    construct=construct,
                )
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
                raise ValueError(message("pls.by_must_be_a_column", n=len(index), n_by=np.size(by)))
            groups = pd.Series(by.to_numpy() if isinstance(by, pd.Series) else np.asarray(by))
            name = by.name if isinstance(by, pd.Series) else None
        if groups.isna().any():
            raise ValueError(message("pls.by_has_n_groups_missing", n=int(groups.isna().sum())))
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
        >>> from crmlab.pls import pls_pm
        >>> data = pd.DataFrame({"x": [1.0, 2, 3, 4, 5], "y": [2.0, 1, 4, 3, 5]})
        >>> pls_pm(data, {"X": "x", "Y": "y"}, {"Y": "X"}).ipma("Y").round(2)
           total_effect  importance  performance
        X           0.8         0.8        22.22
        """
        check_labels(target, self.constructs, "target")
        drivers = self.effects.loc[self.effects["target"] == target].set_index("source")
        if drivers.empty:
            raise ValueError(message("pls.target_has_no_predecessors_so", target=target))
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
        return message(
            "pls.result_repr",
            constructs=len(self.constructs),
            paths=len(self.paths),
            respondents=len(self.scores),
            scheme=self.scheme,
            mode=self.mode,
            status=message("pls.converged" if self.converged else "pls.not_converged"),
            iterations=self.iterations,
            r2=r2,
        )
