"""The weighted satisfaction index: a tree of weighted indicators, scored bottom-up.

:class:`IndicatorTree` holds any tree whose weights sum to 1 at each level;
:data:`SIMPLE_INDEX` is the three-level tree of CRM and satisfaction (顾客满意度简易测量方法).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlab._validation import (
    check_columns,
    check_fraction,
    check_real,
    check_weights,
    numeric_matrix,
)
from crmlab.glossary import Term, TermTable
from crmlab.i18n import message

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
            raise TypeError(message("satisfaction.root_must_be_a_non", root=root))
        if labels is None:
            labels = {}
        if not isinstance(labels, Mapping):
            raise TypeError(
                message("satisfaction.labels_must_be_a_mapping", type=type(labels).__name__)
            )
        seen = {root}
        children = self._parse_children(root, weights, labels, seen)
        unknown = [key for key in labels if key not in seen]
        if unknown:
            raise ValueError(
                message(
                    "satisfaction.labels_names_indicator_s_unknown",
                    unknown=", ".join(map(repr, unknown)),
                    seen=", ".join(map(repr, sorted(seen))),
                )
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
        raise TypeError(message("satisfaction.the_label_of_node_id", node_id=node_id, value=value))

    @classmethod
    def _parse_children(cls, parent: str, spec, labels: Mapping, seen: set) -> tuple:
        if not isinstance(spec, Mapping) or not spec:
            raise TypeError(
                message("satisfaction.the_children_of_parent_must", parent=parent, spec=spec)
            )
        parsed = []
        for node_id, value in spec.items():
            if not isinstance(node_id, str) or not node_id:
                raise TypeError(message("satisfaction.indicator_ids_must_be_non", node_id=node_id))
            if node_id in seen:
                raise ValueError(
                    message("satisfaction.indicator_id_node_id_appears", node_id=node_id)
                )
            seen.add(node_id)
            if isinstance(value, Mapping):
                raise TypeError(
                    message("satisfaction.indicator_node_id_has_children", node_id=node_id)
                )
            if isinstance(value, tuple | list):
                if len(value) != 2 or not isinstance(value[1], Mapping):
                    raise TypeError(
                        message(
                            "satisfaction.indicator_node_id_must_be", node_id=node_id, value=value
                        )
                    )
                weight, sub = value
            else:
                weight, sub = value, None
            weight = check_real(weight, message("satisfaction.weight_of", node=node_id))
            check_fraction(
                weight, message("satisfaction.weight_under", node=node_id, parent=parent)
            )
            grandchildren = () if sub is None else cls._parse_children(node_id, sub, labels, seen)
            en, zh = cls._parse_label(node_id, labels)
            parsed.append(Indicator(node_id, weight, en, zh, grandchildren))
        check_weights(
            {node.id: node.weight for node in parsed},
            message("satisfaction.children_of", parent=parent),
        )
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
                message(
                    "satisfaction.no_indicator_node_id_in",
                    node_id=node_id,
                    ids=", ".join(self._nodes),
                )
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
        return message(
            "satisfaction.tree_repr",
            root=self.root,
            second=len(self.second_level_ids),
            leaves=len(self.leaf_ids),
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
            return numeric_matrix(responses, leaves, "responses"), responses.index
        if isinstance(responses, pd.Series | Mapping):
            present = responses.index if isinstance(responses, pd.Series) else responses.keys()
            missing = [leaf for leaf in leaves if leaf not in present]
            if missing:
                raise ValueError(
                    message(
                        "satisfaction.responses_is_missing_the_leaf",
                        missing=", ".join(map(repr, missing)),
                        leaves=", ".join(leaves),
                    )
                )
            row = pd.DataFrame({leaf: [responses[leaf]] for leaf in leaves})
            return numeric_matrix(row, leaves, "responses"), None
        raise TypeError(
            message("satisfaction.responses_must_be_a_mapping", type=type(responses).__name__)
        )

    def _node_scores(self, answers: np.ndarray, index, missing: str) -> dict[str, np.ndarray]:
        """Score of every node for every respondent, applying the missing-answer policy."""
        if missing not in _MISSING_OPTIONS:
            raise ValueError(
                message(
                    "satisfaction.missing_must_be_one_of",
                    allowed=", ".join(map(repr, _MISSING_OPTIONS)),
                    missing=missing,
                )
            )
        leaves = self.leaf_ids
        gaps = np.isnan(answers)
        if missing == "raise" and gaps.any():
            counts = gaps.sum(axis=0)
            detail = ", ".join(f"{leaf} ({n})" for leaf, n in zip(leaves, counts, strict=True) if n)
            raise ValueError(
                message(
                    "satisfaction.responses_has_n_gaps_missing",
                    n=int(gaps.sum()),
                    detail=detail,
                )
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
            who = (
                list(index[empty][:5])
                if index is not None
                else [message("satisfaction.the_respondent")]
            )
            raise ValueError(
                message(
                    "satisfaction.n_empty_respondent_s_answered",
                    n=int(empty.sum()),
                    who=", ".join(map(str, who)),
                )
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
            raise TypeError(message("satisfaction.weighted_must_be_true_or", weighted=weighted))
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
