"""Self-check exercises of notebook A2 · Satisfaction index as a structural model.

Five questions in the order of the notebook: the composite reliability of a
block, why PLS estimates of the paths are too small, the total effect of
brand image on loyalty, a brand's 0-100 loyalty index, and which driver of
satisfaction to improve first (importance-performance map). :data:`SETUP` is
the notebook's code that builds the names the solutions use; each expected
answer is what its solution gives when run after it, computed with
:mod:`crmlab.pls` from the ``ccsi_survey`` on first use, so importing this
module reads no data and fits nothing.

Examples
--------
>>> from crmlab.exercises import unitA2 as ex
>>> print(round(ex.q3.expected, 3))
0.42
>>> direct = ex.q3.known_bad[0]  # the direct path BI -> LOY alone, 0.223
>>> print(ex.q3.evaluate(direct).message)
That is only the direct path BI -> LOY: add the routes through satisfaction.
>>> ex.q5.evaluate("perceived quality").correct
True
"""

from __future__ import annotations

import functools

import pandas as pd

from crmlab import datasets, glossary, pls
from crmlab import satisfaction as sat
from crmlab.check import Choice, Exercise, number_traps
from crmlab.exercises._run import run_solution

__all__ = ["SETUP", "q1", "q2", "q3", "q4", "q5"]

#: The notebook's code that builds the names the solutions use.
SETUP = """\
import numpy as np
import pandas as pd

from crmlab import datasets, pls
from crmlab import satisfaction as sat

ccsi = datasets.load_ccsi_survey()
fit = pls.pls_pm(ccsi, pls.CCSI_MODEL.blocks, pls.CCSI_MODEL.paths)
"""


@functools.cache
def _survey() -> pd.DataFrame:
    return datasets.load_ccsi_survey()


@functools.cache
def _fit() -> pls.PLSResult:
    return pls.pls_pm(_survey(), pls.CCSI_MODEL.blocks, pls.CCSI_MODEL.paths)


# --------------------------------------------------------------------------- q1: reliability


def _reliability(column: str, construct: str = "PV") -> float:
    table = _fit().reliability.set_index("construct")
    return float(table.loc[construct, column])


_Q1 = """\
loadings = fit.loadings.loc[fit.loadings["construct"] == "PV", "loading"]
answer = loadings.sum() ** 2 / (loadings.sum() ** 2 + (1 - loadings**2).sum())  # 0.9025
# the same as fit.reliability.set_index("construct").loc["PV", "composite_reliability"]
"""

q1 = Exercise(
    "q1",
    "Compute, from its three loadings in fit.loadings and the formula, the composite "
    "reliability (组合信度, rho_c) of the perceived value (PV) block of the PLS fit of the "
    "CCSI model. Give it unrounded (the table of fit.reliability rounds it).",
    lambda: run_solution(SETUP, _Q1),
    what="the composite reliability of PV",
    compare=number_traps(
        (
            lambda: _reliability("cronbach_alpha"),
            "That is Cronbach's alpha of the block; the composite reliability uses the "
            "loadings: (sum of loadings)² / ((sum of loadings)² + sum of (1 - loading²)).",
        ),
        (
            lambda: _reliability("ave"),
            "That is the average variance extracted (AVE), the mean squared loading.",
        ),
        (
            lambda: _reliability("composite_reliability", "SAT"),
            "That is the composite reliability of satisfaction (SAT); the question asks for PV.",
        ),
    ),
    hints=[
        "fit.loadings has one row per question, with its construct and loading; keep the "
        "three rows of PV.",
        "rho_c = (sum of loadings)² / ((sum of loadings)² + sum of (1 - loading²)). Check "
        "your result against fit.reliability.",
    ],
    solution=_Q1,
    known_bad=lambda: [
        _reliability("cronbach_alpha"),  # alpha instead of rho_c
        _reliability("ave"),  # AVE
        _reliability("composite_reliability", "SAT"),  # the wrong block
    ],
    explanation=(
        "About 0.90, well above the usual 0.7 threshold, with AVE about 0.75 (above 0.5): the "
        "three PV questions measure one thing, so their weighted sum is a reliable score."
    ),
)


# --------------------------------------------------------------------------- q2: attenuation

q2 = Choice(
    "q2",
    "The generator's true standardized path from brand image to expected quality is 0.62, "
    "but PLS estimates 0.45. What is the main reason?",
    [
        "800 respondents are too few: with more respondents the estimate would reach 0.62.",
        "The latent scores are weighted sums of a few noisy answers, so they still carry "
        "measurement error, which shrinks correlations between them; PLS is consistent only "
        "'at large', as the number of indicators per block grows too.",
        "The path weighting scheme is wrong; the centroid scheme would give 0.62.",
        "Brand image does not really cause expected quality in the generator.",
    ],
    "B",
    solution=(
        'answer = "B"  # latent scores still carry measurement error, which attenuates\n'
        "# their correlations; more respondents only make the biased estimate more precise"
    ),
    hints=[
        "Compare the estimate's bootstrap standard error (about 0.03) with the gap of 0.17.",
        "What is a latent score made of, and how reliable is it (composite reliability about 0.9)?",
    ],
    explanation=(
        "Measurement error attenuates correlations (Spearman): the correlation of two scores "
        "is about the true correlation times the square root of the product of their "
        "reliabilities, further lowered here by answers rounded and clipped at 10. More "
        "indicators per block (or consistent PLS, PLSc) reduce the bias; more respondents "
        "alone do not."
    ),
    feedback={
        "A": "Sampling error is about 0.03 here (bootstrap), far smaller than the gap of "
        "0.17; and the bias does not shrink with more respondents.",
        "C": "The three schemes give almost the same paths on these data (try scheme='centroid').",
        "D": "The generator's EQ = 0.60 BI + error: the arrow is real (ccsi_true_paths()).",
    },
)


# --------------------------------------------------------------------------- q3: total effect


def _effect(column: str, source: str = "BI", target: str = "SAT") -> float:
    effects = _fit().effects.set_index(["source", "target"])
    return float(effects.loc[(source, target), column])


_Q3 = """\
effects = fit.effects.set_index(["source", "target"])
answer = effects.loc[("BI", "LOY"), "total"]  # 0.420 = 0.223 direct + 0.197 indirect
"""

q3 = Exercise(
    "q3",
    "Brand image (BI) acts on loyalty (LOY) directly and through satisfaction, which brand "
    "image itself raises directly and through expected quality, perceived quality and "
    "perceived value. What is its total effect (总效应) on loyalty in the PLS fit?",
    lambda: run_solution(SETUP, _Q3),
    what="the total effect of BI on LOY",
    compare=number_traps(
        (
            lambda: _effect("direct", target="LOY"),
            "That is only the direct path BI -> LOY: add the routes through satisfaction.",
        ),
        (
            lambda: _effect("indirect", target="LOY"),
            "That is the indirect effect alone: add the direct path BI -> LOY.",
        ),
        (
            lambda: _effect("total"),
            "That is the total effect of brand image on satisfaction (SAT), printed above; "
            "the question asks for loyalty.",
        ),
        (
            lambda: _effect("total", "SAT", "LOY"),
            "That is the effect of satisfaction on loyalty, not of brand image.",
        ),
    ),
    hints=[
        "A total effect is the direct path plus the product of the paths along every "
        "indirect route, e.g. BI -> SAT -> LOY and BI -> PQ -> SAT -> LOY.",
        "fit.effects lists direct, indirect and total effects for every pair: select "
        "source 'BI' and target 'LOY'.",
    ],
    solution=_Q3,
    known_bad=lambda: [
        _effect("direct", target="LOY"),
        _effect("indirect", target="LOY"),
        _effect("total"),
        _effect("total", "SAT", "LOY"),
    ],
    explanation=(
        "About 0.42: the direct path (0.22) and the routes through satisfaction (0.20) "
        "contribute about equally. A brand manager who improves the image moves loyalty by "
        "the total, not the direct path alone."
    ),
)


# --------------------------------------------------------------------------- q4: loyalty index


def _loyalty_index(kind: str = "pls", brand: str = "Arctiva") -> float:
    survey = _survey()
    items = survey[list(pls.CCSI_MODEL.blocks["LOY"])].astype(float)
    mine = survey["brand"] == brand
    if kind == "pls":
        return float(_fit().index("LOY", by="brand")[brand])
    if kind == "plain":
        return float(((items.mean(axis=1) - 1) / 9 * 100)[mine].mean())
    if kind == "times ten":
        return float((items.mean(axis=1) * 10)[mine].mean())
    return float(_fit().index("SAT", by="brand")[brand])


_Q4 = """\
answer = fit.index("LOY", by="brand")["Arctiva"]  # 69.2
"""

q4 = Exercise(
    "q4",
    "Compute the 0-100 loyalty index (LOY, with the PLS weights, as for satisfaction) of the "
    "market leader Arctiva.",
    lambda: run_solution(SETUP, _Q4),
    what="Arctiva's loyalty index",
    compare=number_traps(
        (
            lambda: _loyalty_index("plain"),
            "That is the plain average of LOY1-LOY3 rescaled to 0-100: the index weights "
            "the items with the PLS weights (fit.index).",
        ),
        (
            lambda: _loyalty_index("times ten"),
            "The answers run from 1 to 10, so the index is (mean - 1) / 9 x 100, not mean x 10.",
        ),
        (
            lambda: _loyalty_index("sat"),
            "That is Arctiva's satisfaction index; pass construct 'LOY'.",
        ),
    ),
    hints=[
        "fit.index(construct, by=...) computes the index of any construct, per group.",
        "fit.index('LOY', by='brand') gives one loyalty index per brand; pick 'Arctiva'.",
    ],
    solution=_Q4,
    known_bad=lambda: [
        _loyalty_index("plain"),
        _loyalty_index("times ten"),
        _loyalty_index("sat"),
    ],
    explanation=(
        "The leader's customers are loyal as well as satisfied. With three equally good "
        "items the PLS weights are close to 1/3 each, so the plain average is only a few "
        "thousandths of a point away: the model's value lies in the paths, not in this number."
    ),
)


# --------------------------------------------------------------------------- q5: IPMA


def _ipma() -> pd.DataFrame:
    table = _fit().ipma("SAT")
    quadrants = sat.importance_performance(table["importance"], table["performance"])
    return table.join(quadrants[["quadrant"]])


def _driver(answer, expected):
    if not isinstance(answer, str):
        return False, q5.say("not_text", answer=repr(answer))
    code = answer.strip().upper()
    names = {term.en.upper(): c for c, term in pls.CCSI_MODEL.constructs.items()}
    code = names.get(code, code)
    if code == expected:
        return True, ""
    if code not in pls.CCSI_MODEL.constructs:
        return False, q5.say("not_construct", answer=repr(answer))
    quadrant = _ipma()["quadrant"].get(code)
    if quadrant is None:
        return False, q5.say("not_driver", code=code)
    # the quadrant's glossary term carries its English and Chinese names
    key = "weakest" if code == _ipma()["performance"].idxmin() else "quadrant"
    return False, q5.say(key, code=code, quadrant=glossary.term(quadrant))


#: The messages of ``_driver``; ``{quadrant.en}`` is the quadrant's name.
_DRIVER_MESSAGES = {
    "not_text": "Give the code of a construct as text, e.g. 'BI', got {answer}.",
    "not_construct": "{answer} is not a construct; use one of BI, EQ, PQ, PV.",
    "not_driver": "{code} is not a driver of satisfaction; choose among BI, EQ, PQ, PV.",
    "weakest": (
        "{code} performs worst, but its importance is below average (quadrant "
        "'{quadrant.en}'): a point gained there moves satisfaction less."
    ),
    "quadrant": "{code} falls in the quadrant '{quadrant.en}'.",
}


_Q5 = """\
table = fit.ipma("SAT")
quadrants = sat.importance_performance(table["importance"], table["performance"])
concentrate = quadrants[quadrants["quadrant"] == "concentrate here"]
answer = table.loc[concentrate.index, "importance"].idxmax()  # 'PQ': high importance, low performance
"""

q5 = Exercise(
    "q5",
    "Place the four drivers of satisfaction (BI, EQ, PQ, PV) on the importance-performance "
    "map (importance = total effect on the SAT index, performance = mean 0-100 index). "
    "Which driver should the air-conditioner makers improve first? Give its code.",
    lambda: run_solution(SETUP, _Q5),
    what="the driver to improve first",
    compare=_driver,
    messages=_DRIVER_MESSAGES,
    hints=[
        "fit.ipma() gives importance and performance of each driver; "
        "sat.importance_performance(importance, performance) adds the quadrant.",
        "Improve first where importance is high and performance low: the 'concentrate here' "
        "quadrant.",
    ],
    solution=_Q5,
    known_bad=lambda: [
        str(_ipma()["performance"].idxmin()),  # the weakest performer, PV
        "BI",
        "SAT",
        3,
    ],
    explanation=(
        "Perceived quality has the largest total effect on satisfaction (about 0.55 index "
        "points per point) and performs below the drivers' mean: the best lever. Perceived "
        "value scores lowest but matters less, the same lesson as unit 03's weakest indicator."
    ),
)
