"""Customer satisfaction (客户满意度): ratio, weighted index, Kano, surveys (unit 03).

What this module covers, in the order of the unit:

- the satisfaction ratio C = B / A and its three levels (CRM slides);
- the weighted satisfaction index, an :class:`IndicatorTree` of weighted
  indicators, and :data:`SIMPLE_INDEX`, the three-level tree of CRM and satisfaction;
- the Kano model: :func:`kano_category`, :func:`better_worse`,
  :func:`kano_summary` (Berger et al. 1993);
- importance/performance analysis (Chain-store CRM);
- survey tools: :func:`cronbach_alpha`, :func:`sample_size`,
  :func:`control_limits`, :func:`out_of_control`, :func:`nps`;
- bilingual reference lists: :data:`SATISFACTION_INDICATORS` (Keeping relationships),
  :data:`SERVQUAL_DIMENSIONS` (CRM and satisfaction), the car dealer's
  :data:`DEALER_SSI_STEPS` and :data:`DEALER_CSI_STEPS` (Chain-store CRM) and the nine
  :data:`CSI_MEASUREMENT_STEPS` (CRM slides).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy.special import ndtri  # the normal quantile, without importing scipy.stats

from crmlab._align import align, align_floats, shaped
from crmlab._validation import (
    check_columns,
    check_count,
    check_finite,
    check_fraction,
    check_in_range,
    check_labels,
    check_nonnegative,
    check_positive,
    check_real,
    check_weights,
)
from crmlab.glossary import Term, TermTable, term_sequence

__all__ = [
    "CSI_MEASUREMENT_STEPS",
    "DEALER_CSI_STEPS",
    "DEALER_SSI_STEPS",
    "IPA_QUADRANTS",
    "KANO_ANSWERS",
    "KANO_CATEGORIES",
    "KANO_LABELS",
    "KANO_TABLE",
    "SATISFACTION_ELEMENTS",
    "SATISFACTION_INDICATORS",
    "SATISFACTION_LEVELS",
    "SERVQUAL_DIMENSIONS",
    "SIMPLE_INDEX",
    "BetterWorse",
    "ControlLimits",
    "Indicator",
    "IndicatorTree",
    "Term",
    "better_worse",
    "control_limits",
    "cronbach_alpha",
    "importance_performance",
    "kano_category",
    "kano_summary",
    "nps",
    "out_of_control",
    "sample_size",
    "satisfaction_level",
    "satisfaction_ratio",
]


# ---------------------------------------------------------------------------
# Private helpers shared by the vectorized functions (also used by crmlab.loyalty)
# ---------------------------------------------------------------------------


def _numeric_matrix(df: pd.DataFrame, columns, name: str) -> np.ndarray:
    """Columns of df as a float matrix (NaN for missing), with a TypeError for text columns."""
    out = np.empty((len(df), len(columns)))
    for j, col in enumerate(columns):
        series = df[col]
        if series.isna().all():
            out[:, j] = np.nan
            continue
        if series.dtype == object:
            series = series.infer_objects()
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            example = series.dropna().iloc[0]
            raise TypeError(
                f"{name}[{col!r}] must hold numbers, got dtype {series.dtype} "
                f"(for example {example!r})."
            )
        out[:, j] = series.to_numpy(dtype=float, na_value=np.nan)
    infinite = np.isinf(out)
    if infinite.any():
        col = columns[int(np.argmax(infinite.any(axis=0)))]
        raise ValueError(f"{name}[{col!r}] has infinite value(s); answers must be finite.")
    return out


def _one_dimensional(values, name: str, *, min_size: int = 1) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1:
        raise ValueError(
            f"{name} must be a one-dimensional list, array or Series, got {arr.ndim} dimension(s)."
        )
    if arr.size < min_size:
        raise ValueError(f"{name} must hold at least {min_size} value(s), got {arr.size}.")
    return arr


# ---------------------------------------------------------------------------
# Satisfaction ratio (CRM slides)
# ---------------------------------------------------------------------------

SATISFACTION_LEVELS = ("exceeded", "met", "dissatisfied")

# Ratios such as 105 / 100 land a hair above 1.05 in floating point; the
# allowance keeps such boundary cases "met", as the arithmetic on paper says.
_LEVEL_ROUNDING = 1e-9


def satisfaction_ratio(perceived, expected):
    """Satisfaction ratio: perceived value over expected value.

    .. math:: C = B / A

    where B is the customer's perceived value (感知值) and A the expected value
    (期望值) on the same scale; C is the degree of satisfaction (顾客满意度).
    C > 1 means expectations were exceeded, C close to 1 that they were met,
    C < 1 that the customer is dissatisfied (see :func:`satisfaction_level`).

    Parameters
    ----------
    perceived : float, array-like or Series
        Perceived value B, a non-negative score.
    expected : float, array-like or Series
        Expected value A, a positive score on the same scale as ``perceived``.

    Returns
    -------
    float, ndarray or Series
        The ratio, with the shape of the inputs (a Series keeps its index).

    Raises
    ------
    ValueError
        If ``expected`` is not positive, ``perceived`` is negative, a value is
        NaN or infinite, or the lengths differ.

    References
    ----------
    CRM slides (顾客满意度 C = 顾客的感知值 B / 顾客的期望值 A); Kotler's definition
    of satisfaction as perceived performance compared with expectations.

    Examples
    --------
    >>> satisfaction_ratio(9, 8)
    1.125
    >>> satisfaction_ratio([6, 8, 9], [8, 8, 6])
    array([0.75, 1.  , 1.5 ])
    """
    b = check_nonnegative(perceived, "perceived")
    a = check_positive(expected, "expected")
    (b, a), index = align_floats(perceived=b, expected=a)
    return shaped(b / a, index, "satisfaction_ratio")


def satisfaction_level(ratio, tolerance=0.05):
    """Label a satisfaction ratio as "exceeded", "met" or "dissatisfied".

    .. math::
        \\text{level} = \\begin{cases}
        \\text{met} & |C - 1| \\le \\text{tolerance} \\\\
        \\text{exceeded} & C > 1 + \\text{tolerance} \\\\
        \\text{dissatisfied} & C < 1 - \\text{tolerance}
        \\end{cases}

    CRM slides calls a ratio "equal to or close to 1" met (可以接受); crmlab makes
    "close" precise with ``tolerance`` (default 5%). Boundaries count as met,
    with a 1e-9 allowance for floating-point rounding (1.05 is met at 5%).

    Parameters
    ----------
    ratio : float, array-like or Series
        Satisfaction ratios C = B / A (non-negative), e.g. from
        :func:`satisfaction_ratio`.
    tolerance : float, default 0.05
        Half-width of the "met" band, as a fraction in [0, 1).

    Returns
    -------
    str, ndarray of str or Series of str
        One of :data:`SATISFACTION_LEVELS` per ratio (a Series keeps its index).

    Raises
    ------
    ValueError
        If a ratio is negative, NaN or infinite, or ``tolerance`` is outside [0, 1).

    References
    ----------
    CRM slides (the three readings of C).

    Examples
    --------
    >>> satisfaction_level(1.125)
    'exceeded'
    >>> satisfaction_level([0.75, 0.98, 1.05, 1.2])
    array(['dissatisfied', 'met', 'met', 'exceeded'], dtype='<U12')
    """
    r = check_nonnegative(ratio, "ratio")
    tol = check_fraction(check_real(tolerance, "tolerance"), "tolerance", allow_one=False)
    deviation = np.asarray(r, dtype=float) - 1.0
    labels = np.where(
        np.abs(deviation) <= tol + _LEVEL_ROUNDING,
        "met",
        np.where(deviation > 0, "exceeded", "dissatisfied"),
    )
    return shaped(labels, align(ratio=ratio).index, "satisfaction_level")


# ---------------------------------------------------------------------------
# Weighted satisfaction index (CRM and satisfaction)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    """One node of an :class:`IndicatorTree`.

    ``weight`` is the node's weight within its parent (1.0 for the root);
    ``children`` is empty for a leaf, the indicator a respondent actually rates.
    """

    id: str
    weight: float
    label: str
    label_zh: str
    children: tuple[Indicator, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.children


_MISSING_OPTIONS = ("raise", "renormalize")


class IndicatorTree:
    """A weighted tree of satisfaction indicators (满意度指标体系).

    The score of an inner node is the weighted sum of its children's scores, so
    the root score is

    .. math:: Y = \\sum_j w_j \\sum_k w_{jk} \\cdots X_{jk\\ldots}
              = \\sum_{\\text{leaves}} \\Big(\\prod_{\\text{path}} w\\Big) X_\\text{leaf}

    The weights of the children of every node must sum to 1, so that the
    index of answers on a 0-100 scale is itself on a 0-100 scale, and a
    respondent who answers 80 everywhere scores 80.

    Parameters
    ----------
    weights : mapping
        The children of the root. Each entry is ``id: weight`` for a leaf, or
        ``id: (weight, {children})`` for an inner indicator, nested as deep as
        needed. Weights are fractions and the weights of every set of
        siblings must sum to 1 (within 1e-6).
    labels : mapping, optional
        ``id: (english, chinese)`` (or just ``id: english``) for any node,
        including the root. Nodes without a label are labelled by their id.
    root : str, default "Y"
        Id of the root (the overall index).

    Raises
    ------
    ValueError
        If sibling weights do not sum to 1 (the message names the parent node),
        a weight is outside [0, 1], an id is repeated, or ``labels`` names an
        unknown id.
    TypeError
        If the nesting is not of the form described above.

    See Also
    --------
    SIMPLE_INDEX : the weighted satisfaction index tree.

    References
    ----------
    CRM and satisfaction, "顾客满意度简易测量方法" (simple measurement method): a three-level
    indicator system (一级、二级、三级指标) with weights.

    Examples
    --------
    >>> tree = IndicatorTree(
    ...     {"quality": (0.6, {"q1": 0.5, "q2": 0.5}), "service": (0.4, {"s1": 1.0})},
    ...     labels={"quality": ("quality", "质量"), "service": ("service", "服务")},
    ... )
    >>> tree.leaf_ids
    ('q1', 'q2', 's1')
    >>> tree.score({"q1": 70, "q2": 90, "s1": 60})
    72.0
    >>> IndicatorTree({"a": 0.5, "b": 0.4})
    Traceback (most recent call last):
    ...
    ValueError: The weights of the children of 'Y' must sum to 1, got 0.9 (0.5 + 0.4).
    """

    def __init__(self, weights: Mapping, labels: Mapping | None = None, root: str = "Y"):
        if not isinstance(root, str) or not root:
            raise TypeError(f"root must be a non-empty string id, got {root!r}.")
        if labels is None:
            labels = {}
        if not isinstance(labels, Mapping):
            raise TypeError(
                f"labels must be a mapping of id -> (english, chinese), got {type(labels).__name__}."
            )
        seen = {root}
        children = self._parse_children(root, weights, labels, seen)
        unknown = [key for key in labels if key not in seen]
        if unknown:
            raise ValueError(
                f"labels names indicator(s) {', '.join(map(repr, unknown))} that are not in "
                f"the tree; the tree has {', '.join(map(repr, sorted(seen)))}."
            )
        en, zh = self._parse_label(root, labels)
        self._root = Indicator(root, 1.0, en, zh, children)
        self._nodes = {node.id: node for node, _, _, _ in self._walk()}

    @staticmethod
    def _parse_label(node_id: str, labels: Mapping) -> tuple[str, str]:
        value = labels.get(node_id, node_id)
        if isinstance(value, Term):
            return value.english, value.chinese
        if isinstance(value, str):
            return value, ""
        if (
            isinstance(value, tuple | list)
            and len(value) == 2
            and all(isinstance(part, str) for part in value)
        ):
            return value[0], value[1]
        raise TypeError(
            f"The label of {node_id!r} must be a string or an (english, chinese) pair of "
            f"strings, got {value!r}."
        )

    @classmethod
    def _parse_children(cls, parent: str, spec, labels: Mapping, seen: set) -> tuple:
        if not isinstance(spec, Mapping) or not spec:
            raise TypeError(
                f"The children of {parent!r} must be a non-empty mapping of id -> weight "
                f"(a leaf) or id -> (weight, {{children}}) (an inner indicator), got {spec!r}."
            )
        parsed = []
        for node_id, value in spec.items():
            if not isinstance(node_id, str) or not node_id:
                raise TypeError(f"Indicator ids must be non-empty strings, got {node_id!r}.")
            if node_id in seen:
                raise ValueError(f"Indicator id {node_id!r} appears twice; ids must be unique.")
            seen.add(node_id)
            if isinstance(value, Mapping):
                raise TypeError(
                    f"Indicator {node_id!r} has children but no weight; write "
                    f"{node_id!r}: (weight, {{children}})."
                )
            if isinstance(value, tuple | list):
                if len(value) != 2 or not isinstance(value[1], Mapping):
                    raise TypeError(
                        f"Indicator {node_id!r} must be given as a weight or as "
                        f"(weight, {{children}}), got {value!r}."
                    )
                weight, sub = value
            else:
                weight, sub = value, None
            weight = check_real(weight, f"the weight of {node_id!r}")
            check_fraction(weight, f"the weight of {node_id!r} (under {parent!r})")
            grandchildren = () if sub is None else cls._parse_children(node_id, sub, labels, seen)
            en, zh = cls._parse_label(node_id, labels)
            parsed.append(Indicator(node_id, weight, en, zh, grandchildren))
        check_weights({node.id: node.weight for node in parsed}, f"the children of {parent!r}")
        return tuple(parsed)

    def _walk(self):
        """Depth-first (node, parent id, level, overall weight), the root at level 1."""
        stack = [(self._root, None, 1, 1.0)]
        while stack:
            node, parent, level, overall = stack.pop()
            yield node, parent, level, overall
            stack.extend(
                (child, node.id, level + 1, overall * child.weight)
                for child in reversed(node.children)
            )

    # -- description ---------------------------------------------------------

    @property
    def root(self) -> str:
        """Id of the root indicator (the overall index)."""
        return self._root.id

    @property
    def leaf_ids(self) -> tuple[str, ...]:
        """Ids of the leaves (the items respondents rate), in tree order."""
        return tuple(node.id for node, *_ in self._walk() if node.is_leaf)

    @property
    def second_level_ids(self) -> tuple[str, ...]:
        """Ids of the root's children (the second-level indicators, 二级指标)."""
        return tuple(child.id for child in self._root.children)

    @property
    def labels(self) -> dict[str, Term]:
        """Bilingual label of every node: ``{id: Term(english, chinese)}``."""
        return {node_id: Term(node.label, node.label_zh) for node_id, node in self._nodes.items()}

    def __getitem__(self, node_id: str) -> Indicator:
        try:
            return self._nodes[node_id]
        except KeyError:
            raise KeyError(
                f"No indicator {node_id!r} in the tree; it has {', '.join(self._nodes)}."
            ) from None

    def leaf_weights(self) -> pd.Series:
        """Overall weight of each leaf: the product of the weights along its path.

        The overall weights sum to 1, and ``Y = sum(leaf_weight * answer)``.

        Examples
        --------
        >>> SIMPLE_INDEX.leaf_weights().head(3)  # 0.30 x 0.40, 0.30 x 0.20, 0.30 x 0.40
        indicator
        X311    0.12
        X312    0.06
        X313    0.12
        Name: weight, dtype: float64
        """
        rows = [(node.id, overall) for node, _, _, overall in self._walk() if node.is_leaf]
        ids, weights = zip(*rows, strict=True)
        return pd.Series(weights, index=pd.Index(ids, name="indicator"), name="weight")

    def to_frame(self) -> pd.DataFrame:
        """One row per node: parent, level, weight, overall weight, labels, leaf flag.

        Examples
        --------
        >>> SIMPLE_INDEX.to_frame().loc[["X22", "X321"], ["level", "weight", "label"]]
              level  weight          label
        id
        X22       2    0.30  sales quality
        X321      3    0.30      knowledge
        """
        rows = [
            {
                "id": node.id,
                "parent": parent,
                "level": level,
                "weight": node.weight,
                "overall_weight": overall,
                "label": node.label,
                "label_zh": node.label_zh,
                "is_leaf": node.is_leaf,
            }
            for node, parent, level, overall in self._walk()
        ]
        return pd.DataFrame(rows).set_index("id")

    def __repr__(self) -> str:
        return (
            f"IndicatorTree(root={self.root!r}, {len(self.second_level_ids)} second-level "
            f"indicators, {len(self.leaf_ids)} leaves)"
        )

    def __str__(self) -> str:
        lines = []
        for node, parent, level, _ in self._walk():
            label = " ".join(part for part in (node.label, node.label_zh) if part)
            weight = "" if parent is None else f" ({node.weight:g})"
            lines.append(f"{'    ' * (level - 1)}{node.id}{weight} {label}".rstrip())
        return "\n".join(lines)

    # -- scoring -------------------------------------------------------------

    def _answers(self, responses) -> tuple[np.ndarray, pd.Index | None]:
        """Leaf answers as an (n, leaves) float matrix; the row index for DataFrame input."""
        leaves = list(self.leaf_ids)
        if isinstance(responses, pd.DataFrame):
            check_columns(responses, leaves, "responses")
            return _numeric_matrix(responses, leaves, "responses"), responses.index
        if isinstance(responses, pd.Series | Mapping):
            present = responses.index if isinstance(responses, pd.Series) else responses.keys()
            missing = [leaf for leaf in leaves if leaf not in present]
            if missing:
                raise ValueError(
                    f"responses is missing the leaf indicator(s) {', '.join(map(repr, missing))}. "
                    f"The tree needs answers for {', '.join(leaves)}."
                )
            row = pd.DataFrame({leaf: [responses[leaf]] for leaf in leaves})
            return _numeric_matrix(row, leaves, "responses"), None
        raise TypeError(
            "responses must be a mapping or Series of answers for one respondent, or a DataFrame "
            f"with one row per respondent, got {type(responses).__name__}."
        )

    def _node_scores(self, answers: np.ndarray, index, missing: str) -> dict[str, np.ndarray]:
        """Score of every node for every respondent, applying the missing-answer policy."""
        if missing not in _MISSING_OPTIONS:
            raise ValueError(
                f"missing must be one of {', '.join(map(repr, _MISSING_OPTIONS))}; got {missing!r}."
            )
        leaves = self.leaf_ids
        gaps = np.isnan(answers)
        if missing == "raise" and gaps.any():
            counts = gaps.sum(axis=0)
            detail = ", ".join(f"{leaf} ({n})" for leaf, n in zip(leaves, counts, strict=True) if n)
            raise ValueError(
                f"responses has {int(gaps.sum())} missing answer(s): {detail}. Fill them, drop "
                "those respondents (e.g. responses.dropna()), or pass missing='renormalize' to "
                "re-weight the answered indicators within their parent."
            )
        columns = dict(zip(leaves, answers.T, strict=True))
        scores: dict[str, np.ndarray] = {}

        def visit(node: Indicator) -> tuple[np.ndarray, np.ndarray]:
            if node.is_leaf:
                values = columns[node.id]
                answered = ~np.isnan(values)
                scores[node.id] = values
                return np.where(answered, values, 0.0), answered
            weighted_sum = np.zeros(len(answers))
            answered_weight = np.zeros(len(answers))
            for child in node.children:
                value, answered = visit(child)
                weighted_sum += child.weight * value * answered
                answered_weight += child.weight * answered
            answered = answered_weight > 0
            value = np.divide(
                weighted_sum,
                answered_weight,
                out=np.zeros(len(answers)),
                where=answered,
            )
            scores[node.id] = np.where(answered, value, np.nan)
            return value, answered

        visit(self._root)
        empty = np.isnan(scores[self.root])
        if empty.any():
            who = list(index[empty][:5]) if index is not None else ["the respondent"]
            raise ValueError(
                f"{int(empty.sum())} respondent(s) answered none of the leaf indicators "
                f"(e.g. {', '.join(map(str, who))}); drop them before scoring."
            )
        return scores

    def score(self, responses, missing: str = "raise"):
        """Weighted index of one respondent or of every row of a DataFrame.

        .. math:: Y = \\sum_{\\text{leaves}} \\Big(\\prod_{\\text{path}} w\\Big) X_\\text{leaf}

        Parameters
        ----------
        responses : mapping, Series or DataFrame
            Answers to the leaf indicators: a mapping or a one-row Series
            (``{leaf id: answer}``) for one respondent, or a DataFrame with one
            column per leaf and one row per respondent. Extra columns are
            ignored. Answers may be on any numeric scale (CRM and satisfaction uses 0-100).
        missing : {"raise", "renormalize"}, default "raise"
            What to do with a missing answer (NaN or ``pd.NA``). ``"raise"``
            stops with an error that lists the gaps. ``"renormalize"`` drops
            the unanswered indicator and rescales the weights of its answered
            siblings to sum to 1 within their parent, i.e. it assumes the
            respondent would have rated the missing item like its siblings. An
            inner indicator with no answered leaf is dropped in the same way
            one level up.

        Returns
        -------
        float or Series
            A float for one respondent; for a DataFrame, a Series of scores
            with the DataFrame's index, named after the root.

        Raises
        ------
        ValueError
            If leaf columns are missing (they are listed), an answer is
            missing and ``missing="raise"``, a respondent answered nothing, or
            an answer is infinite.
        TypeError
            If ``responses`` has the wrong type or a leaf column is not numeric.

        References
        ----------
        CRM and satisfaction, the calculation formula Y = 0.30(0.40X311 + ...) + ...

        Examples
        --------
        >>> SIMPLE_INDEX.score({leaf: 80 for leaf in SIMPLE_INDEX.leaf_ids})
        80.0
        """
        answers, index = self._answers(responses)
        result = self._node_scores(answers, index, missing)[self.root]
        if index is None:
            return float(result[0])
        return pd.Series(result, index=index, name=self.root)

    def second_level_scores(self, responses, missing: str = "raise", weighted: bool = False):
        """Score of each second-level indicator (二级指标), e.g. X21..X25 of CRM and satisfaction.

        A second-level score is the weighted mean of its leaves, on the scale
        of the answers, so the indicators can be compared and the weakest one
        found with ``.mean().idxmin()``. With ``weighted=True`` each score is
        multiplied by its weight instead (the source's X21 = 0.30(0.40X311 + ...)),
        and the scores of a respondent then add up to the overall index Y.

        Parameters
        ----------
        responses : mapping, Series or DataFrame
            As for :meth:`score`.
        missing : {"raise", "renormalize"}, default "raise"
            As for :meth:`score`. With "renormalize", an indicator none of
            whose leaves were answered is NaN for that respondent.
        weighted : bool, default False
            Return weight x score (the contribution to Y) instead of the score.

        Returns
        -------
        Series or DataFrame
            For one respondent, a Series indexed by indicator id; for a
            DataFrame, one column per second-level indicator and the
            DataFrame's index.

        Raises
        ------
        ValueError, TypeError
            As for :meth:`score`.

        Examples
        --------
        >>> answers = {leaf: 80 for leaf in SIMPLE_INDEX.leaf_ids} | {"X331": 30, "X332": 30}
        >>> SIMPLE_INDEX.second_level_scores(answers).idxmin()
        'X23'
        """
        if not isinstance(weighted, bool):
            raise TypeError(f"weighted must be True or False, got {weighted!r}.")
        answers, index = self._answers(responses)
        scores = self._node_scores(answers, index, missing)
        children = self._root.children
        table = pd.DataFrame(
            {
                child.id: scores[child.id] * (child.weight if weighted else 1.0)
                for child in children
            },
            index=index,
        )
        table.columns.name = "indicator"
        if index is None:
            return table.iloc[0].rename("score")
        return table


SIMPLE_INDEX = IndicatorTree(
    {
        "X21": (0.30, {"X311": 0.40, "X312": 0.20, "X313": 0.40}),
        "X22": (0.30, {"X321": 0.30, "X322": 0.25, "X323": 0.15, "X324": 0.30}),
        "X23": (0.10, {"X331": 0.60, "X332": 0.40}),
        "X24": (0.15, {"X341": 0.50, "X342": 0.25, "X343": 0.25}),
        "X25": (0.15, {"X351": 0.60, "X352": 0.40}),
    },
    labels=TermTable(
        {
            "Y": "customer-satisfaction",
            "X21": "product-quality",
            "X22": "sales-quality",
            "X23": "installation-quality",
            "X24": "repair-quality",
            "X25": "billing-quality",
            "X311": "reliability",
            "X312": "ease-of-use",
            "X313": "features",
            "X321": "knowledge",
            "X322": "responsiveness-in-answers",
            "X323": "after-sales-service",
            "X324": "delivery-time",
            "X331": "no-damage",
            "X332": "installed-on-time",
            "X341": "no-repeat-problems",
            "X342": "quick-repair",
            "X343": "keeps-in-touch",
            "X351": "accurate",
            "X352": "quick-and-convenient",
        }
    ),
    root="Y",
)
"""The weighted satisfaction index of CRM and satisfaction ("simple measurement method").

Y = 0.30(0.40X311 + 0.20X312 + 0.40X313) + 0.30(0.30X321 + 0.25X322 + 0.15X323
+ 0.30X324) + 0.10(0.60X331 + 0.40X332) + 0.15(0.50X341 + 0.25X342 + 0.25X343)
+ 0.15(0.60X351 + 0.40X352): five second-level indicators X21..X25 and 14 leaves
X311..X352, each labelled in English and Chinese.
"""


# ---------------------------------------------------------------------------
# Kano model (CRM slides; Berger et al. 1993)
# ---------------------------------------------------------------------------

KANO_ANSWERS = ("like", "must-be", "neutral", "live-with", "dislike")
"""The five answers to a Kano question, in the order of the evaluation table."""

KANO_CATEGORIES = ("A", "O", "M", "I", "R", "Q")

KANO_LABELS = TermTable(
    {
        "A": "attractive-quality",
        "O": "one-dimensional-quality",
        "M": "must-be-quality",
        "I": "indifferent-quality",
        "R": "reverse-quality",
        "Q": "questionable-answer",
    }
)
"""Kano categories with English and Chinese names (CRM slides names A, O and M)."""

_KANO_GRID = np.array(
    [
        # dysfunctional: like, must-be, neutral, live-with, dislike
        ["Q", "A", "A", "A", "O"],  # functional: like
        ["R", "I", "I", "I", "M"],  # functional: must-be
        ["R", "I", "I", "I", "M"],  # functional: neutral
        ["R", "I", "I", "I", "M"],  # functional: live-with
        ["R", "R", "R", "R", "Q"],  # functional: dislike
    ]
)

KANO_TABLE = pd.DataFrame(
    _KANO_GRID,
    index=pd.Index(KANO_ANSWERS, name="functional"),
    columns=pd.Index(KANO_ANSWERS, name="dysfunctional"),
)
"""The Kano evaluation table (Berger et al. 1993): rows functional, columns dysfunctional."""

# When two categories are equally frequent, the one with the larger effect on
# dissatisfaction wins (the usual "M > O > A > I" rule of thumb).
_KANO_TIE_ORDER = ("M", "O", "A", "I", "R", "Q")


def kano_category(functional, dysfunctional):
    """Kano category of an answer pair by the standard Kano evaluation table.

    Each respondent answers a functional question ("How do you feel if the
    feature is present?") and a dysfunctional one ("... if it is absent?")
    with one of "like", "must-be", "neutral", "live-with", "dislike". The pair
    is looked up in :data:`KANO_TABLE`:

    ============  ====  =======  =======  =========  =======
    functional    like  must-be  neutral  live-with  dislike
    ============  ====  =======  =======  =========  =======
    like          Q     A        A        A          O
    must-be       R     I        I        I          M
    neutral       R     I        I        I          M
    live-with     R     I        I        I          M
    dislike       R     R        R        R          Q
    ============  ====  =======  =======  =========  =======

    (columns: dysfunctional answer). A = attractive (迷人质量), O =
    one-dimensional (期望质量), M = must-be (当然质量), I = indifferent (无差异),
    R = reverse (反向), Q = questionable (可疑).

    Parameters
    ----------
    functional, dysfunctional : str, array-like or Series
        Answers, each one of :data:`KANO_ANSWERS`, paired element by element.

    Returns
    -------
    str, ndarray of str or Series of str
        One of "A", "O", "M", "I", "R", "Q" per pair (a Series keeps its index).

    Raises
    ------
    ValueError
        If an answer is not one of the five labels (the allowed ones are
        listed), is missing, or the lengths differ.

    References
    ----------
    CRM slides (Kano model, 狩野纪昭). Berger, C. et al. (1993), "Kano's methods
    for understanding customer-defined quality", Center for Quality of
    Management Journal 2(4), 3-36.

    Examples
    --------
    >>> kano_category("like", "dislike")
    'O'
    >>> kano_category(["like", "neutral", "like"], ["neutral", "dislike", "like"])
    array(['A', 'M', 'Q'], dtype='<U1')
    """
    check_labels(functional, KANO_ANSWERS, "functional")
    check_labels(dysfunctional, KANO_ANSWERS, "dysfunctional")
    (functional, dysfunctional), index = align(functional=functional, dysfunctional=dysfunctional)
    position = {answer: i for i, answer in enumerate(KANO_ANSWERS)}
    rows = pd.Series(np.ravel(functional)).map(position).to_numpy(dtype=int)
    cols = pd.Series(np.ravel(dysfunctional)).map(position).to_numpy(dtype=int)
    result = _KANO_GRID[rows, cols]
    if np.ndim(functional) == 0 and np.ndim(dysfunctional) == 0:
        return str(result[0])
    return shaped(result, index, "kano_category")


class BetterWorse(NamedTuple):
    """Kano satisfaction (Better) and dissatisfaction (Worse) coefficients."""

    better: float
    worse: float


def better_worse(counts) -> BetterWorse:
    """Better and Worse coefficients of a feature from its Kano category counts.

    .. math::
        \\text{Better} = \\frac{A + O}{A + O + M + I}, \\qquad
        \\text{Worse} = -\\frac{O + M}{A + O + M + I}

    Better (in [0, 1]) is how much satisfaction the feature can add; Worse (in
    [-1, 0]) how much dissatisfaction its absence causes. Reverse and
    questionable answers are left out.

    Parameters
    ----------
    counts : mapping or Series
        Number of respondents per category; keys among "A", "O", "M", "I",
        "R", "Q" (absent keys count as 0). ``value_counts()`` of
        :func:`kano_category` output works directly.

    Returns
    -------
    BetterWorse
        A named tuple ``(better, worse)``.

    Raises
    ------
    ValueError
        If a key is not a Kano category, a count is negative or not whole, or
        A + O + M + I is 0.

    References
    ----------
    Berger et al. (1993), customer satisfaction coefficient; CRM slides.

    Examples
    --------
    >>> better_worse({"A": 30, "O": 20, "M": 40, "I": 10})
    BetterWorse(better=0.5, worse=-0.6)
    """
    if isinstance(counts, pd.Series):
        counts = counts.to_dict()
    if not isinstance(counts, Mapping):
        raise TypeError(
            f"counts must be a mapping or Series of category -> count, got {type(counts).__name__}."
        )
    unknown = [key for key in counts if key not in KANO_CATEGORIES]
    if unknown:
        raise ValueError(
            f"counts has unknown Kano category key(s) {', '.join(map(repr, unknown))}; "
            f"allowed keys are {', '.join(map(repr, KANO_CATEGORIES))}."
        )
    n = {key: float(check_count(counts.get(key, 0), f"counts[{key!r}]")) for key in "AOMI"}
    total = n["A"] + n["O"] + n["M"] + n["I"]
    if total == 0:
        raise ValueError(
            "counts has no A, O, M or I answers (A + O + M + I = 0), so Better and Worse "
            "are undefined."
        )
    return BetterWorse((n["A"] + n["O"]) / total, 0.0 - (n["O"] + n["M"]) / total)


def kano_summary(functional, dysfunctional, feature) -> pd.DataFrame:
    """Kano analysis per feature: category counts, dominant category, Better and Worse.

    Each answer pair is classified with :func:`kano_category`; per feature the
    counts of A, O, M, I, R, Q are tallied, the most frequent category is the
    feature's category (ties broken in the order M, O, A, I, R, Q: the
    category that hurts most when missing wins), and Better and Worse are
    computed as in :func:`better_worse`.

    Parameters
    ----------
    functional, dysfunctional : array-like or Series
        One answer pair per respondent and feature (long format), each answer
        one of :data:`KANO_ANSWERS`.
    feature : array-like or Series
        The feature each pair refers to, same length.

    Returns
    -------
    DataFrame
        Index ``feature`` (in order of first appearance); columns A, O, M, I,
        R, Q (counts), n (answers), category (dominant), better, worse.

    Raises
    ------
    ValueError
        For unknown or missing answers, missing feature names, lengths that
        differ, or a feature with no A, O, M or I answer.

    References
    ----------
    Berger et al. (1993); CRM slides.

    Examples
    --------
    >>> table = kano_summary(
    ...     ["like", "like", "neutral", "like"],
    ...     ["dislike", "neutral", "dislike", "dislike"],
    ...     ["wifi", "wifi", "parking", "parking"],
    ... )
    >>> table[["A", "O", "M", "category", "better", "worse"]]
             A  O  M category  better  worse
    feature
    wifi     1  1  0        O     1.0   -0.5
    parking  0  1  1        M     0.5   -1.0
    """
    arguments = {"functional": functional, "dysfunctional": dysfunctional, "feature": feature}
    for name, values in arguments.items():
        if np.ndim(values) != 1:
            raise ValueError(
                f"{name} must be a one-dimensional list, array or Series (one entry per answer "
                f"pair), got {np.ndim(values)} dimension(s)."
            )
    functional, dysfunctional, feature = align(**arguments).inputs
    categories = kano_category(functional, dysfunctional)
    features = pd.Series(np.asarray(feature, dtype=object))
    if features.isna().any():
        raise ValueError(f"feature has {int(features.isna().sum())} missing value(s).")
    frame = pd.DataFrame({"feature": features.to_numpy(), "category": np.asarray(categories)})
    counts = (
        pd.crosstab(frame["feature"], frame["category"])
        .reindex(index=features.unique(), columns=list(KANO_CATEGORIES), fill_value=0)
        .astype("int64")
    )
    counts.index.name = "feature"
    counts.columns.name = None
    core = counts[["A", "O", "M", "I"]].sum(axis=1)
    if (core == 0).any():
        bad = ", ".join(map(repr, core.index[core == 0][:5]))
        raise ValueError(
            f"Feature(s) {bad} have no A, O, M or I answers, so Better and Worse are undefined."
        )
    summary = counts.copy()
    summary["n"] = counts.sum(axis=1)
    summary["category"] = counts[list(_KANO_TIE_ORDER)].idxmax(axis=1)
    summary["better"] = (counts["A"] + counts["O"]) / core
    summary["worse"] = 0.0 - (counts["O"] + counts["M"]) / core
    return summary


# ---------------------------------------------------------------------------
# Importance/performance analysis (Chain-store CRM)
# ---------------------------------------------------------------------------

IPA_QUADRANTS = TermTable(
    {
        "concentrate here": "concentrate-here",
        "keep up the good work": "keep-up-the-good-work",
        "low priority": "low-priority",
        "possible overkill": "possible-overkill",
    }
)
"""The four quadrants of importance/performance analysis (Martilla and James 1977)."""


def importance_performance(importance, performance) -> pd.DataFrame:
    """Importance/performance analysis: place each attribute in one of four quadrants.

    An attribute is "high" on a dimension when it is at or above the mean over
    all attributes:

    =====================  ==================  ===================
    quadrant               importance          performance
    =====================  ==================  ===================
    concentrate here       >= mean             < mean
    keep up the good work  >= mean             >= mean
    low priority           < mean              < mean
    possible overkill      < mean              >= mean
    =====================  ==================  ===================

    Parameters
    ----------
    importance, performance : array-like or Series
        Mean importance and mean performance rating of each attribute (at
        least two), on any scales. Two Series are matched by their index
        (the attribute names); an array is matched by position.

    Returns
    -------
    DataFrame
        One row per attribute with columns importance, performance and
        quadrant; the two means are in ``.attrs["importance_mean"]`` and
        ``.attrs["performance_mean"]``.

    Raises
    ------
    ValueError
        For NaN or infinite values, fewer than two attributes, lengths that
        differ, or two Series with different attributes.

    References
    ----------
    Chain-store CRM, fourth survey method (重要性/绩效等级排列). Martilla, J. A. and
    James, J. C. (1977), "Importance-performance analysis", Journal of
    Marketing 41(1), 77-79.

    Examples
    --------
    >>> imp = pd.Series({"price": 9.0, "staff": 8.0, "parking": 5.0, "music": 4.0})
    >>> perf = pd.Series({"price": 6.0, "staff": 9.0, "parking": 5.0, "music": 8.0})
    >>> importance_performance(imp, perf)["quadrant"]
    attribute
    price           concentrate here
    staff      keep up the good work
    parking             low priority
    music          possible overkill
    Name: quadrant, dtype: str
    """
    check_finite(importance, "importance")
    check_finite(performance, "performance")
    (importance, performance), index = align(importance=importance, performance=performance)
    imp = _one_dimensional(importance, "importance", min_size=2)
    perf = _one_dimensional(performance, "performance", min_size=2)
    if index is None:
        index = pd.RangeIndex(len(imp))
    high_imp = imp >= imp.mean()
    high_perf = perf >= perf.mean()
    quadrant = np.select(
        [high_imp & ~high_perf, high_imp & high_perf, ~high_imp & ~high_perf],
        ["concentrate here", "keep up the good work", "low priority"],
        default="possible overkill",
    )
    table = pd.DataFrame(
        {"importance": imp, "performance": perf, "quadrant": quadrant}, index=index
    )
    if table.index.name is None:
        table.index.name = "attribute"
    table.attrs = {"importance_mean": float(imp.mean()), "performance_mean": float(perf.mean())}
    return table


# ---------------------------------------------------------------------------
# Survey tools (Keeping relationships, CRM slides, CRM and satisfaction)
# ---------------------------------------------------------------------------


def cronbach_alpha(items) -> float:
    """Cronbach's alpha, the internal consistency (信度) of a multi-item scale.

    .. math::
        \\alpha = \\frac{k}{k - 1}\\left(1 - \\frac{\\sum_j s_j^2}{s_T^2}\\right)

    with k items, item sample variances :math:`s_j^2` and the sample variance
    :math:`s_T^2` of the respondents' total scores (all with ddof = 1).
    Alpha is at most 1 (reached when all items are identical); values of 0.7
    or more are usually read as acceptable reliability.

    Parameters
    ----------
    items : DataFrame or 2-D array
        One column per item, one row per respondent (at least 2 of each).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For missing values (drop incomplete respondents first), fewer than two
        items or respondents, or total scores with zero variance.
    TypeError
        If ``items`` is not a DataFrame or 2-D array, or a column is not numeric.

    References
    ----------
    Cronbach, L. J. (1951), "Coefficient alpha and the internal structure of
    tests", Psychometrika 16(3), 297-334. CRM and satisfaction (statistical analysis of
    surveys).

    Examples
    --------
    >>> items = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 2, 4, 4], "q3": [1, 3, 3, 5]})
    >>> round(cronbach_alpha(items), 4)  # 14/15
    0.9333
    """
    if isinstance(items, pd.DataFrame):
        matrix = _numeric_matrix(items, list(items.columns), "items")
    elif isinstance(items, np.ndarray | list):
        matrix = np.asarray(check_finite(items, "items"), dtype=float)
        if matrix.ndim != 2:
            raise ValueError(
                f"items must be 2-D (respondents x items), got {matrix.ndim} dimension(s)."
            )
    else:
        raise TypeError(
            "items must be a DataFrame (one column per item) or a 2-D array, "
            f"got {type(items).__name__}."
        )
    n_respondents, k = matrix.shape
    if np.isnan(matrix).any():
        raise ValueError(
            f"items has {int(np.isnan(matrix).sum())} missing value(s); drop incomplete "
            "respondents first, e.g. items.dropna()."
        )
    if k < 2:
        raise ValueError(f"items must have at least 2 items (columns), got {k}.")
    if n_respondents < 2:
        raise ValueError(f"items must have at least 2 respondents (rows), got {n_respondents}.")
    item_variance = matrix.var(axis=0, ddof=1).sum()
    total_variance = matrix.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        raise ValueError("The respondents' total scores have zero variance, so alpha is undefined.")
    return float(k / (k - 1) * (1.0 - item_variance / total_variance))


def sample_size(margin, confidence=0.95, p=0.5, population=None):
    """Sample size needed to estimate a proportion within a margin of error.

    .. math::
        n_0 = \\frac{z^2 p (1 - p)}{e^2}, \\qquad
        n = \\frac{n_0}{1 + (n_0 - 1) / N}

    where z is the two-sided normal quantile of the confidence level
    (``scipy.stats.norm.ppf(1 - (1 - confidence) / 2)``, 1.959964 at 95%), p
    the anticipated proportion (0.5 is the safe worst case), e the margin of
    error and N the population size (finite-population correction, used only
    when ``population`` is given). The result is rounded up (样本量的确定);
    n0 is first rounded to 9 decimals so that floating-point noise such as
    400.0000000001 does not push the answer to 401.

    Parameters
    ----------
    margin : float or array-like
        Margin of error e as a fraction in (0, 1), e.g. 0.05 for +/- 5 points.
    confidence : float or array-like, default 0.95
        Confidence level, a fraction in (0, 1).
    p : float or array-like, default 0.5
        Anticipated proportion, a fraction in (0, 1).
    population : int or array-like, optional
        Population size N >= 1 (a whole number).

    Returns
    -------
    int or ndarray of int
        The sample size n (at least 1); an array when an argument is an array.

    Raises
    ------
    ValueError
        If margin, confidence or p is outside (0, 1) (a percentage such as 5
        gets a hint), or population is below 1 or not whole.

    References
    ----------
    CRM slides (样本量的确定, sample-size decision); Cochran, W. G. (1977),
    Sampling Techniques, 3rd ed., Wiley, eq. 4.2 and 4.3.

    Examples
    --------
    >>> sample_size(0.05)
    385
    >>> sample_size(0.05, population=2000)
    323
    """
    e = check_fraction(margin, "margin", allow_zero=False, allow_one=False)
    conf = check_fraction(confidence, "confidence", allow_zero=False, allow_one=False)
    prop = check_fraction(p, "p", allow_zero=False, allow_one=False)
    z = ndtri(1.0 - (1.0 - np.asarray(conf, dtype=float)) / 2.0)
    prop = np.asarray(prop, dtype=float)
    n = z**2 * prop * (1.0 - prop) / np.asarray(e, dtype=float) ** 2
    if population is not None:
        size = np.asarray(check_count(population, "population", positive=True), dtype=float)
        n = n / (1.0 + (n - 1.0) / size)
    result = np.maximum(np.ceil(np.round(n, 9)), 1).astype(np.int64)
    return int(result) if result.ndim == 0 else result


class ControlLimits(NamedTuple):
    """Lower control limit, centre line and upper control limit of a control chart."""

    lower: float
    centre: float
    upper: float


def control_limits(values, sigmas=3, subgroup_size=None) -> ControlLimits:
    """Control-chart limits: the mean plus and minus a multiple of the standard deviation.

    .. math:: \\text{LCL} = \\bar x - k s, \\quad \\text{CL} = \\bar x,
              \\quad \\text{UCL} = \\bar x + k s

    with :math:`\\bar x` the mean, s the sample standard deviation (ddof = 1)
    and k = ``sigmas`` (3 by default). Points outside the limits signal that
    satisfaction moved for a reason worth investigating (满意度控制图).

    **Limits for subgroup means (the x-bar chart, 均值控制图).** When the
    points of the chart are means of n observations each (e.g. the mean
    satisfaction of the ~75 respondents of each store or week), pass the
    *individual* observations as ``values`` and n as ``subgroup_size``: the
    limits then use the standard error of a mean of n observations,

    .. math:: \\bar x \\pm k \\, s / \\sqrt{n}

    Use them to judge subgroup means; judging the means against limits
    computed from the means themselves (the default) lets one extreme
    subgroup inflate s and widen the limits until it hides itself. Here s is
    the standard deviation of all individual observations, which also
    contains any real difference between subgroups, so these limits are
    slightly wider than Montgomery's (who estimates s within subgroups).

    Parameters
    ----------
    values : array-like or Series
        The series being monitored, e.g. mean satisfaction per week (at least
        2); with ``subgroup_size``, the individual observations (e.g. every
        respondent's score).
    sigmas : float, default 3
        Width of the limits in standard deviations (positive).
    subgroup_size : float, optional
        n, the number of observations behind each plotted mean (>= 1; an
        average size is fine when subgroups differ a little). By default
        the points are single values and the limits use s itself.

    Returns
    -------
    ControlLimits
        A named tuple ``(lower, centre, upper)``.

    Raises
    ------
    ValueError
        For NaN or infinite values, fewer than two values, ``sigmas`` <= 0 or
        ``subgroup_size`` < 1.
    TypeError
        For a ``sigmas`` or ``subgroup_size`` that is not a single number.

    References
    ----------
    CRM and satisfaction (满意度控制图, satisfaction control chart); Shewhart control
    charts; Montgomery, D. C. (2019), Introduction to Statistical Quality
    Control, 8th ed., Wiley, ch. 6 (control charts for x-bar: limits
    mean -/+ 3 sigma / sqrt(n)).

    Examples
    --------
    >>> control_limits([78, 80, 82, 80, 80], sigmas=2)
    ControlLimits(lower=77.17157287525381, centre=80.0, upper=82.82842712474618)

    Limits for means of 4 answers each are half as wide (sqrt(4) = 2):

    >>> control_limits([78, 80, 82, 80, 80], sigmas=2, subgroup_size=4)
    ControlLimits(lower=78.58578643762691, centre=80.0, upper=81.41421356237309)
    """
    check_finite(values, "values")
    x = _one_dimensional(values, "values", min_size=2)
    k = check_positive(check_real(sigmas, "sigmas"), "sigmas")
    spread = k * float(x.std(ddof=1))
    if subgroup_size is not None:
        n = check_in_range(
            check_real(subgroup_size, "subgroup_size"),
            "subgroup_size",
            low=1,
            what="a number of observations per subgroup",
        )
        spread /= float(np.sqrt(n))
    centre = float(x.mean())
    return ControlLimits(centre - spread, centre, centre + spread)


def _as_limits(limits) -> ControlLimits:
    """Validate a (lower, centre, upper) triple given by the caller."""
    if not isinstance(limits, tuple | list) or len(limits) != 3:
        raise TypeError(f"limits must be a (lower, centre, upper) tuple, got {limits!r}.")
    limits = ControlLimits(*(check_real(v, "limits") for v in limits))
    if limits.lower > limits.upper:
        raise ValueError(
            f"limits must have lower <= upper, got lower={limits.lower:g} and "
            f"upper={limits.upper:g}."
        )
    return limits


def out_of_control(values, sigmas=3, limits=None) -> pd.Series:
    """The points of a series that fall outside its control limits.

    A point is out of control when it is below the lower or above the upper
    limit (points exactly on a limit are in control), the same rule that
    :func:`crmlab.plots.control_chart` marks.

    Parameters
    ----------
    values : array-like or Series
        The monitored series.
    sigmas : float, default 3
        Width of the limits, used when ``limits`` is not given.
    limits : tuple, optional
        ``(lower, centre, upper)`` computed elsewhere: from a baseline
        period, or the x-bar limits of subgroup means,
        ``control_limits(individual_values, subgroup_size=n)``. By default
        ``control_limits(values, sigmas)``.

    Returns
    -------
    Series
        The out-of-control values with their index (positions for arrays);
        empty when every point is in control.

    Raises
    ------
    ValueError
        As for :func:`control_limits`, or for limits with lower > upper.
    TypeError
        For limits that are not three numbers.

    References
    ----------
    CRM and satisfaction (满意度控制图); Montgomery (2019), Introduction to Statistical
    Quality Control, ch. 6.

    Examples
    --------
    >>> week = pd.Series([80, 81, 79, 80, 60, 80, 81, 79, 80, 80])
    >>> out_of_control(week, sigmas=2)
    4    60
    dtype: int64

    Store means of 25 answers each, judged against x-bar limits computed
    from the 100 answers (mean 80, s = 5.03, limits 80 -/+ 3 x 5.03 / sqrt(25)):

    >>> answers = [75.0, 85.0] * 50
    >>> limits = control_limits(answers, subgroup_size=25)
    >>> [round(x, 2) for x in limits]
    [76.98, 80.0, 83.02]
    >>> out_of_control(pd.Series([79.5, 76.0, 81.0], index=["S1", "S2", "S3"]), limits=limits)
    S2    76.0
    dtype: float64
    """
    check_finite(values, "values")
    x = _one_dimensional(values, "values", min_size=1)
    limits = control_limits(values, sigmas) if limits is None else _as_limits(limits)
    series = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values))
    outside = (x < limits.lower) | (x > limits.upper)
    return series[outside]


def nps(scores) -> float:
    """Net Promoter Score of 0-10 "would you recommend us?" answers.

    .. math:: \\text{NPS} = 100 \\times \\frac{\\#\\{9, 10\\} - \\#\\{0, \\ldots, 6\\}}{n}

    the percentage of promoters (9-10) minus the percentage of detractors
    (0-6); passives (7-8) count only in n. The result is in percentage
    points, from -100 (all detractors) to 100 (all promoters): the one place
    where crmlab reports a percentage, as NPS is always quoted that way.

    Parameters
    ----------
    scores : array-like or Series
        Whole-number answers from 0 to 10 (at least one).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For scores outside 0-10, non-integers, NaN, or no scores.

    References
    ----------
    Reichheld, F. F. (2003), "The one number you need to grow", Harvard
    Business Review 81(12), 46-54.

    Examples
    --------
    >>> nps([10, 9, 9, 8, 7, 6, 3, 10, 9, 0])
    20.0
    """
    checked = check_in_range(scores, "scores", low=0, high=10, what="a 0-10 score")
    x = _one_dimensional(checked, "scores", min_size=1)
    if np.any(x != np.round(x)):
        bad = x[x != np.round(x)][0]
        raise ValueError(f"scores must be whole numbers from 0 to 10, got {bad:g}.")
    promoters = int(np.sum(x >= 9))
    detractors = int(np.sum(x <= 6))
    return 100.0 * (promoters - detractors) / x.size


# ---------------------------------------------------------------------------
# Bilingual reference lists
# ---------------------------------------------------------------------------

SATISFACTION_ELEMENTS = TermTable(
    {
        "mind": "mind-satisfaction",
        "behaviour": "behaviour-satisfaction",
        "visual": "visual-satisfaction",
    }
)
"""The three elements of customer satisfaction (Keeping relationships)."""

SATISFACTION_INDICATORS = TermTable(
    {
        "reputation": "reputation",
        "name_recognition": "name-recognition",
        "return_rate": "return-rate",
        "complaint_rate": "complaint-rate",
        "purchase_amount": "purchase-amount",
        "price_sensitivity": "price-sensitivity",
    }
)
"""Indicators that reflect the level of customer satisfaction (Keeping relationships)."""

SERVQUAL_DIMENSIONS = TermTable(
    {
        "reliability": "reliability",
        "responsiveness": "responsiveness",
        "assurance": "assurance",
        "empathy": "empathy",
        "tangibles": "tangibles",
    }
)
"""The five service quality dimensions (CRM and satisfaction; Parasuraman, Zeithaml and Berry 1988)."""

DEALER_SSI_STEPS = term_sequence(
    (
        "reception",
        "test-drive",
        "delivery-and-payment",
        "sales-promise",
        "after-sale-follow-up",
        "weekly-call-back",
        "feedback-follow-up",
    )
)
"""The seven steps on which a car dealer's sales satisfaction (SSI) is assessed (Chain-store CRM)."""

DEALER_CSI_STEPS = term_sequence(
    (
        "service-reminder",
        "courteous-reception",
        "clear-quote",
        "waiting",
        "billing-and-delivery",
        "repair-quality",
    )
)
"""The six steps on which a car dealer's after-sales service satisfaction (CSI) is assessed
(Chain-store CRM)."""

CSI_MEASUREMENT_STEPS = term_sequence(
    (
        "define-and-quantify-the-indicators",
        "choose-who-is-measured",
        "design-the-sample",
        "design-the-questionnaire",
        "run-the-survey",
        "compile-the-data",
        "compute-and-analyse-the-satisfaction-index",
        "write-the-csi-report",
        "recommend-improvements",
    )
)
"""The nine steps of customer satisfaction measurement (CRM slides)."""
