"""Explorers of unit 03: the satisfaction index explorer and the Kano classifier."""

from __future__ import annotations

import math
from collections.abc import Mapping

import ipywidgets as widgets
import numpy as np

from crmlab import plots
from crmlab.i18n import message
from crmlab.satisfaction import (
    KANO_ANSWERS,
    KANO_CATEGORIES,
    KANO_LABELS,
    SIMPLE_INDEX,
    IndicatorTree,
    better_worse,
    kano_category,
)
from crmlab.widgets._explorer import _STYLE, Explorer, _escape, _money, _term_name

# --------------------------------------------------------------------------- satisfaction


def satisfaction_index_explorer(scores=None, weights=None) -> Explorer:
    """Weighted satisfaction index (CRM and satisfaction) of one respondent.

    Sliders set the five second-level weights (X21..X25) and the respondent's
    answers to the 14 leaves (0-100). The leaf weights inside each indicator
    are those of :data:`crmlab.satisfaction.SIMPLE_INDEX`. When the five
    weights do not sum to 1 the result asks to fix them, unless the
    "renormalize" box is ticked, which divides them by their sum.

    Parameters
    ----------
    scores : mapping, optional
        Starting answer per leaf id (X311 ... X352); default 80 for every
        leaf, so that Y = 80 (the check in CRM and satisfaction).
    weights : mapping, optional
        Starting second-level weights; default the weights of the weighted satisfaction index
        (0.30, 0.30, 0.10, 0.15, 0.15).

    Returns
    -------
    Explorer
        Controls ``"w_X21"`` ... ``"w_X25"`` (weights), ``"normalize"``
        (checkbox) and one per leaf, ``"X311"`` ... ``"X352"``. ``computed``
        keys ``"index"``, ``"weights"`` (dict actually used),
        ``"second_level"`` (Series), ``"weakest"`` (indicator id with the
        lowest score, None when all five score the same). The text
        starts with ``"Satisfaction index Y: 80.00"``.

    References
    ----------
    CRM and satisfaction ("simple measurement method": the three-level indicator tree).

    Examples
    --------
    >>> w = satisfaction_index_explorer()
    >>> w.computed["index"]
    80.0
    >>> w.controls["w_X21"].value = 0.5
    >>> w.computed
    {}
    """
    groups = SIMPLE_INDEX.second_level_ids
    names = SIMPLE_INDEX.labels
    weights = dict(weights or {g: SIMPLE_INDEX[g].weight for g in groups})
    scores = dict(scores or {})
    controls: dict[str, widgets.Widget] = {}
    columns = []
    for group in groups:
        weight = widgets.FloatSlider(
            value=weights[group],
            min=0.0,
            max=1.0,
            step=0.05,
            description=message("widgets.satisfaction.weight"),
            readout_format=".2f",
            continuous_update=False,
            layout=widgets.Layout(width="190px"),
        )
        controls[f"w_{group}"] = weight
        column = [
            widgets.HTML(f"<b>{group}</b> {_escape(_term_name(names[group]))}"),
            weight,
        ]
        for child in SIMPLE_INDEX[group].children:
            leaf = widgets.IntSlider(
                value=int(scores.get(child.id, 80)),
                min=0,
                max=100,
                description=child.id,
                continuous_update=False,
                layout=widgets.Layout(width="190px"),
                style={"description_width": "40px"},
            )
            leaf.tooltip = f"{_term_name(names[child.id])} ({child.weight:g})"
            controls[child.id] = leaf
            column.append(leaf)
        columns.append(widgets.VBox(column))
    controls["normalize"] = widgets.Checkbox(
        value=False, description=message("widgets.satisfaction.normalize"), indent=False
    )

    def compute(x):
        raw = {g: float(x[f"w_{g}"]) for g in groups}
        total = sum(raw.values())
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            if not x["normalize"]:
                raise ValueError(message("widgets.the_five_weights_add_up", total=total))
            if total <= 0:
                raise ValueError(message("widgets.at_least_one_weight_must"))
            raw = {g: w / total for g, w in raw.items()}
        tree = IndicatorTree(
            {g: (raw[g], {c.id: c.weight for c in SIMPLE_INDEX[g].children}) for g in groups},
            labels={key: (term.en, term.zh) for key, term in names.items() if key != "Y"},
        )
        answers = {leaf: x[leaf] for leaf in SIMPLE_INDEX.leaf_ids}
        index = tree.score(answers)
        second = tree.second_level_scores(answers)
        tied = bool(np.isclose(second.min(), second.max()))
        weakest = None if tied else str(second.idxmin())
        values = {"index": index, "weights": raw, "second_level": second, "weakest": weakest}
        formula = " + ".join(f"{raw[g]:.2f}×{second[g]:.1f}" for g in groups)
        if weakest is None:
            verdict = message("widgets.satisfaction.all_equal", score=second.iloc[0])
        else:
            verdict = message(
                "widgets.satisfaction.weakest",
                id=weakest,
                name=_escape(_term_name(names[weakest])),
                score=second[weakest],
            )
        text = message(
            "widgets.satisfaction.index", index=_money(index), formula=formula, verdict=verdict
        )
        return values, text, lambda ax: plots.satisfaction_breakdown(second, raw, ax=ax)

    layout = widgets.VBox([widgets.HBox(columns), controls["normalize"]])
    return Explorer(
        message("widgets.satisfaction.title"),
        controls,
        compute,
        layout_controls=layout,
        figsize=(7, 4),
    )


def kano_classifier(
    functional: str = "like",
    dysfunctional: str = "dislike",
    counts: Mapping[str, int] | None = None,
) -> Explorer:
    """Kano classifier: the category of an answer pair, plus Better/Worse from counts.

    Two dropdowns take the answers to the functional ("How do you feel if
    the feature is present?") and dysfunctional ("... if it is absent?")
    questions; the category comes from :func:`crmlab.satisfaction.kano_category`
    with its meaning. Six counts (A, O, M, I, R, Q) give Better and Worse by
    :func:`crmlab.satisfaction.better_worse`; when they are undefined
    (A + O + M + I = 0) the text says so and the category is still shown.

    Parameters
    ----------
    functional, dysfunctional : str
        Starting answers, among "like", "must-be", "neutral", "live-with",
        "dislike". Default like/dislike: one-dimensional (O).
    counts : mapping, optional
        Starting counts per category; default A 30, O 20, M 40, I 10, R 0,
        Q 0 (Better 0.50, Worse -0.60).

    Returns
    -------
    Explorer
        Controls ``"functional"``, ``"dysfunctional"``, ``"A"``, ``"O"``,
        ``"M"``, ``"I"``, ``"R"``, ``"Q"``; ``computed`` keys ``"category"``,
        ``"better"`` and ``"worse"`` (None when undefined). No chart. The text
        starts with ``"Category: O"``.

    References
    ----------
    CRM slides (Kano model); Berger et al. (1993).

    Examples
    --------
    >>> w = kano_classifier()
    >>> w.set_values(functional="like", dysfunctional="neutral")
    >>> w.computed["category"]
    'A'
    """
    counts = dict({"A": 30, "O": 20, "M": 40, "I": 10} if counts is None else counts)
    # (shown label, value) pairs: the values stay the answers kano_category takes.
    answers = [(message(f"widgets.kano.answer.{a}"), a) for a in KANO_ANSWERS]
    controls: dict[str, widgets.Widget] = {
        "functional": widgets.Dropdown(
            options=answers,
            value=functional,
            description=message("widgets.kano.present"),
            style=_STYLE,
        ),
        "dysfunctional": widgets.Dropdown(
            options=answers,
            value=dysfunctional,
            description=message("widgets.kano.absent"),
            style=_STYLE,
        ),
    }
    for category in KANO_CATEGORIES:
        controls[category] = widgets.BoundedIntText(
            value=int(counts.get(category, 0)),
            min=0,
            max=10**9,
            description=category,
            layout=widgets.Layout(width="140px"),
            style={"description_width": "20px"},
        )

    def compute(x):
        category = kano_category(x["functional"], x["dysfunctional"])
        term = KANO_LABELS[category]
        text = message(
            "widgets.kano.category",
            category=category,
            english=_escape(term.en),
            chinese=term.zh,
            meaning=_escape(message(f"widgets.kano.meaning.{category}")),
        )
        values = {"category": category, "better": None, "worse": None}
        try:
            coefficients = better_worse({c: x[c] for c in KANO_CATEGORIES})
        except ValueError as exc:
            text += message("widgets.kano.undefined", reason=_escape(str(exc)))
        else:
            values["better"], values["worse"] = coefficients.better, coefficients.worse
            text += message(
                "widgets.kano.coefficients", better=coefficients.better, worse=coefficients.worse
            )
        return values, text, None

    layout = widgets.VBox(
        [
            controls["functional"],
            controls["dysfunctional"],
            widgets.HTML(message("widgets.kano.counts")),
            widgets.HBox([controls[c] for c in KANO_CATEGORIES]),
        ]
    )
    return Explorer(
        message("widgets.kano.title"), controls, compute, layout_controls=layout, chart=False
    )
