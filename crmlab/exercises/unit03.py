"""Self-check exercises of notebook 03 · Customer satisfaction (客户满意度).

Eight questions in the order of the notebook: the share of dissatisfied
respondents by the satisfaction ratio C = B / A, one respondent's weighted
index by hand, which second-level indicator to improve (a decision), the Kano
category and Better/Worse of a feature, which feature to fix first (a
decision), a sample size, the Cronbach's alpha of the repair-quality items,
and why the control chart misses a store the t-test flags (an interpretation).
``SETUP`` builds the notebook's variables; each ``solution`` is code that, run
after it, assigns ``answer``; computed answers are the solutions' results,
computed on first use, so importing this module reads no data.

Examples
--------
>>> from crmlab.exercises import unit03 as ex
>>> round(ex.q2.expected, 4)
79.6325
>>> print(ex.q2.evaluate(79.63).message)
79.63 is close but not exact. Do not round intermediate results.
>>> print(ex.q2.evaluate(78.9).message)
That is the plain mean of the five second-level indicators: weight them 0.30, 0.30, 0.10, 0.15, 0.15.
>>> ex.q6.expected
880
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from crmlab import datasets
from crmlab import satisfaction as sat
from crmlab.check import Choice, Exercise, number_traps
from crmlab.exercises._run import run_solution

__all__ = ["SETUP", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"]

#: The notebook's variables that the solutions use.
SETUP = """\
import numpy as np
import pandas as pd

from crmlab import datasets
from crmlab import satisfaction as sat

survey = datasets.load_satisfaction_survey()
kano = datasets.load_kano_survey()
"""


def _solved(solution: str):
    return lambda: run_solution(SETUP, solution)


_LEAVES = list(sat.SIMPLE_INDEX.leaf_ids)
_REPAIR = ["X341", "X342", "X343"]


@functools.cache
def _survey() -> pd.DataFrame:
    return datasets.load_satisfaction_survey()


@functools.cache
def _kano() -> pd.DataFrame:
    return datasets.load_kano_survey()


# --------------------------------------------------------------------------- q1: ratio


def _level_share(level: str) -> float:
    survey = _survey()
    ratio = sat.satisfaction_ratio(survey["perceived"], survey["expected"])
    return float((sat.satisfaction_level(ratio) == level).mean())


def _swapped_share() -> float:
    survey = _survey()
    ratio = sat.satisfaction_ratio(survey["expected"], survey["perceived"])
    return float((sat.satisfaction_level(ratio) == "dissatisfied").mean())


q1 = Exercise(
    "q1",
    "Using the survey's expected (A) and perceived (B) columns, compute each respondent's "
    "satisfaction ratio C = B / A and level (default tolerance 5%). What share of the 600 "
    "respondents is dissatisfied? Give a fraction.",
    _solved(
        "ratio = sat.satisfaction_ratio(survey['perceived'], survey['expected'])\n"
        "answer = (sat.satisfaction_level(ratio) == 'dissatisfied').mean()  # 0.328"
    ),
    kind="fraction",
    what="the share of dissatisfied respondents",
    hints=[
        "sat.satisfaction_ratio(perceived, expected) takes B first, then A; "
        "sat.satisfaction_level(ratio) labels each ratio.",
        "The mean of a True/False Series is the share of True: (level == 'dissatisfied').mean().",
    ],
    solution=(
        "ratio = sat.satisfaction_ratio(survey['perceived'], survey['expected'])\n"
        "answer = (sat.satisfaction_level(ratio) == 'dissatisfied').mean()  # 0.328"
    ),
    known_bad=lambda: [
        1 - _level_share("exceeded"),  # "not exceeded" read as dissatisfied
        _swapped_share(),  # C computed as A / B
        197,  # the count, not the share
    ],
    explanation=(
        "About one respondent in three perceived less than they expected. Chain-store CRM names two "
        "levers: raise the perceived value B (products, service) or manage the expectation A."
    ),
)


# --------------------------------------------------------------------------- q2: index by hand


def _respondent_one() -> pd.Series:
    survey = _survey()
    return survey.loc[survey["respondent_id"] == 1, _LEAVES].iloc[0].astype(float)


def _index_variant(kind: str) -> float:
    answers = _respondent_one()
    groups = sat.SIMPLE_INDEX.second_level_scores(answers.to_dict())
    if kind == "leaf mean":
        return float(answers.mean())
    if kind == "group mean":
        return float(groups.mean())
    # the second-level weights forgotten: the five inner sums simply added
    return float(groups.sum())


q2 = Exercise(
    "q2",
    "Compute the weighted index Y (source: CRM and satisfaction) of respondent 1 (the first "
    "row of the survey; all 14 answers are present) by hand from the formula Y = 0.30(0.40X311 + 0.20X312 + "
    "0.40X313) + 0.30(...) + 0.10(...) + 0.15(...) + 0.15(...).",
    lambda: float(sat.SIMPLE_INDEX.score(_respondent_one())),
    what="the index of respondent 1",
    compare=number_traps(
        (
            lambda: _index_variant("group mean"),
            "That is the plain mean of the five second-level indicators: weight them "
            "0.30, 0.30, 0.10, 0.15, 0.15.",
        ),
        (
            lambda: _index_variant("leaf mean"),
            "That is the plain mean of the 14 answers: each leaf has its own weight.",
        ),
    ),
    hints=[
        "Each second-level indicator is a weighted mean of its leaves, e.g. X23 = 0.60 X331 "
        "+ 0.40 X332; Y is the weighted sum of the five with weights 0.30, 0.30, 0.10, 0.15, "
        "0.15.",
        "Write out all five brackets with r = survey.iloc[0]; sat.SIMPLE_INDEX.score(r) "
        "checks your arithmetic.",
    ],
    solution=(
        "r = survey.iloc[0]\n"
        "answer = (0.30 * (0.40 * r['X311'] + 0.20 * r['X312'] + 0.40 * r['X313'])\n"
        "          + 0.30 * (0.30 * r['X321'] + 0.25 * r['X322'] + 0.15 * r['X323'] + 0.30 * r['X324'])\n"
        "          + 0.10 * (0.60 * r['X331'] + 0.40 * r['X332'])\n"
        "          + 0.15 * (0.50 * r['X341'] + 0.25 * r['X342'] + 0.25 * r['X343'])\n"
        "          + 0.15 * (0.60 * r['X351'] + 0.40 * r['X352']))  # 79.63"
    ),
    known_bad=lambda: [
        _index_variant("leaf mean"),  # plain mean of the 14 answers
        _index_variant("group mean"),  # the five indicators weighted equally
        _index_variant("group sum"),  # second-level weights forgotten
    ],
    explanation=(
        "The weights of every level sum to 1, so Y stays on the 0-100 scale of the answers."
    ),
)


# --------------------------------------------------------------------------- q3: weakest


q3 = Choice(
    "q3",
    "Huamei can afford a project that raises the average score of ONE second-level "
    "indicator by 10 points (on the 0-100 scale). Installation quality X23 is the weakest. "
    "Which choice raises the index Y the most, and why?",
    [
        "Installation quality X23, because it is the weakest indicator.",
        "Product quality X21 or sales quality X22, because their weight of 0.30 turns 10 "
        "points into 3 points of Y.",
        "It makes no difference: Y is the average of the five indicators, so any 10 points "
        "add 2 points.",
        "Repair quality X24, because its items are the ones most often left unanswered.",
    ],
    "B",
    solution=(
        'answer = "B"  # Y gains weight x 10: 3.0 points for X21 or X22, 1.5 for X24 or X25, '
        "only 1.0 for X23"
    ),
    hints=[
        "Y = 0.30 X21 + 0.30 X22 + 0.10 X23 + 0.15 X24 + 0.15 X25: how much does Y move when "
        "one indicator moves by 10?",
    ],
    explanation=(
        "The gain in Y is the indicator's weight times its rise: 0.30 x 10 = 3 points for X21 "
        "or X22, 0.10 x 10 = 1 point for X23. The weakest indicator is not automatically the "
        "first to fix: what a point is worth, and what it costs, decide."
    ),
    feedback={
        "A": "X23 is the weakest, but its weight is only 0.10: 10 more points add 1 point to "
        "Y, a third of what the same effort on X21 or X22 would add.",
        "C": "Y is a weighted sum, not a plain average: the weights 0.30, 0.30, 0.10, 0.15 and "
        "0.15 make some points worth three times as much as others.",
        "D": "Missing answers change how X24 is estimated, not its weight (0.15): 10 points "
        "add 1.5 to Y.",
    },
)


# --------------------------------------------------------------------------- q4: Kano


def _parking(core=("A", "O", "M", "I")) -> dict:
    kano = _kano()
    parking = kano[kano["feature"] == "store parking"]
    counts = sat.kano_category(parking["functional"], parking["dysfunctional"]).value_counts()
    counts = counts.reindex(list(sat.KANO_CATEGORIES), fill_value=0)
    total = counts[list(core)].sum()
    return {
        "category": str(counts[["A", "O", "M", "I"]].idxmax()),
        "better": float((counts["A"] + counts["O"]) / total),
        "worse": float(-(counts["O"] + counts["M"]) / total),
    }


q4 = Exercise(
    "q4",
    "For the feature 'store parking' of the Kano survey, give a dict with the dominant Kano "
    "category (the most frequent of A, O, M, I) and the Better and Worse coefficients: "
    "{'category': ..., 'better': ..., 'worse': ...}.",
    _solved(
        "parking = kano[kano['feature'] == 'store parking']\n"
        "counts = sat.kano_category(parking['functional'], parking['dysfunctional']).value_counts()\n"
        "better, worse = sat.better_worse(counts)\n"
        "answer = {'category': counts.idxmax(), 'better': better, 'worse': worse}\n"
        "# I, 0.218, -0.492"
    ),
    what="the Kano result for store parking",
    hints=[
        "Classify each answer pair with sat.kano_category(functional, dysfunctional) and "
        "count the categories with .value_counts().",
        "sat.better_worse(counts) gives Better = (A+O)/(A+O+M+I) and Worse = "
        "-(O+M)/(A+O+M+I); R and Q answers stay out of the denominator.",
    ],
    solution=(
        "parking = kano[kano['feature'] == 'store parking']\n"
        "counts = sat.kano_category(parking['functional'], parking['dysfunctional']).value_counts()\n"
        "better, worse = sat.better_worse(counts)\n"
        "answer = {'category': counts.idxmax(), 'better': better, 'worse': worse}\n"
        "# I, 0.218, -0.492"
    ),
    known_bad=lambda: [
        {**_parking(), "category": "M"},  # parking taken for granted, but most are indifferent
        {**_parking(), "worse": -_parking()["worse"]},  # Worse without its minus sign
        _parking(core=sat.KANO_CATEGORIES),  # R and Q counted in the denominator
    ],
    explanation=(
        "Most respondents are indifferent to parking (I), yet Worse is about -0.49: a large "
        "minority (M) would be unhappy without it. The dominant category hides that split."
    ),
)


# --------------------------------------------------------------------------- q5: fix first

q5 = Choice(
    "q5",
    "Suppose Huamei delivers all eight features of the Kano survey poorly today and can fix "
    "only one this quarter. Using the Kano table and the Better/Worse diagram, which feature "
    "should it fix first?",
    [
        "Mobile app: the most attractive feature, it delights customers.",
        "Free delivery: it has the highest Better coefficient.",
        "Clean fitting rooms: a must-be feature with the most negative Worse coefficient.",
        "Store parking: customers disagree most about it.",
    ],
    "C",
    solution=(
        'answer = "C"  # a poor must-be feature dissatisfies whatever else is good: fix '
        "clean fitting rooms (Worse about -0.81) first"
    ),
    hints=[
        "Kano's order of priority: must-be first, then one-dimensional, then attractive.",
        "Worse measures the dissatisfaction caused when a feature is missing or poor.",
    ],
    explanation=(
        "A missing must-be feature makes customers dissatisfied however good the rest is; "
        "clean fitting rooms has Worse of about -0.81. Once the must-be features are in "
        "place, one-dimensional (free delivery) and then attractive features add satisfaction."
    ),
    feedback={
        "A": "An attractive feature delights when present but is not missed when absent "
        "(Worse about -0.22): fixing it first leaves the dissatisfaction in place.",
        "B": "Free delivery adds most satisfaction, but a poor must-be feature hurts more: "
        "fix what customers take for granted first.",
        "D": "Parking is mostly indifferent; its Worse (-0.49) is less negative than that of "
        "the must-be features.",
    },
)


# --------------------------------------------------------------------------- q6: sample size


def _n0(margin: float, z: float = 1.959963984540054) -> float:
    return z**2 * 0.25 / margin**2


q6 = Exercise(
    "q6",
    "Huamei has 5,000 registered customers. How many must it survey to estimate a share "
    "(e.g. the share of satisfied customers) within +/- 3 percentage points at 95% "
    "confidence, with p = 0.5 and the finite-population correction? Give a whole number.",
    _solved("answer = sat.sample_size(0.03, population=5000)  # 880"),
    what="the sample size",
    compare=number_traps(
        (
            lambda: int(np.floor(_n0(0.03) / (1 + (_n0(0.03) - 1) / 5000))),
            "Round up, not down: with 879 respondents the margin would be a bit over 3 points.",
        ),
        (
            lambda: _n0(0.03) / (1 + (_n0(0.03) - 1) / 5000),
            "Round the sample size up to a whole number of respondents.",
        ),
        (
            lambda: sat.sample_size(0.03),
            "That is n0 without the finite-population correction n = n0 / (1 + (n0 - 1) / N).",
        ),
    ),
    hints=[
        "n0 = z^2 p (1 - p) / e^2 with z = 1.96, p = 0.5 and e = 0.03 (a fraction), then "
        "n = n0 / (1 + (n0 - 1) / N).",
        "sat.sample_size(margin, population=N) does both steps and rounds up.",
    ],
    solution="answer = sat.sample_size(0.03, population=5000)  # 880",
    known_bad=lambda: [
        sat.sample_size(0.03),  # no finite-population correction: 1,068
        int(np.floor(_n0(0.03) / (1 + (_n0(0.03) - 1) / 5000))),  # rounded down: 879
        sat.sample_size(0.05, population=5000),  # the 5-point margin: 357
    ],
    explanation=(
        "The correction matters when the sample is a sizeable part of the population: 1,068 "
        "without it, 880 with it. Always round up, or the margin is slightly missed."
    ),
)


# --------------------------------------------------------------------------- q7: alpha


def _alpha(items, *, factor: bool = True) -> float:
    matrix = _survey()[items].dropna().astype(float)
    alpha = sat.cronbach_alpha(matrix)
    k = len(items)
    return float(alpha if factor else alpha * (k - 1) / k)


q7 = Exercise(
    "q7",
    "Compute Cronbach's alpha of the three repair-quality items X341, X342, X343 (use only "
    "the respondents who answered all three).",
    _solved(
        "items = survey[['X341', 'X342', 'X343']].dropna()\n"
        "answer = sat.cronbach_alpha(items)  # 0.80"
    ),
    what="Cronbach's alpha",
    hints=[
        "Select the three columns and drop incomplete rows with .dropna().",
        "sat.cronbach_alpha(items) computes k/(k-1) x (1 - sum of item variances / variance "
        "of the total).",
    ],
    solution=(
        "items = survey[['X341', 'X342', 'X343']].dropna()\n"
        "answer = sat.cronbach_alpha(items)  # 0.80"
    ),
    known_bad=lambda: [
        _alpha(_LEAVES),  # all 14 leaves
        _alpha(_REPAIR, factor=False),  # the k/(k-1) factor forgotten
        _alpha(["X331", "X332"]),  # the installation items
    ],
    explanation=(
        "About 0.80: the three repair items measure one thing consistently (0.7 or more is "
        "usually read as acceptable reliability)."
    ),
)


# --------------------------------------------------------------------------- q8: control chart

q8 = Choice(
    "q8",
    "The control chart of the eight store means (limits = mean +/- 3 standard deviations of "
    "the store means) flags no store, yet Welch's t-test found store S07 far below the "
    "others (p about 1e-13). Which explanation fits?",
    [
        "S07 is not really worse: the chart shows that the t-test was wrong.",
        "The limits use the spread of the eight store means, which S07 itself inflates; "
        "limits for a store mean should come from its sampling error, s / sqrt(n), with s "
        "the standard deviation of individual respondents.",
        "A control chart flags only points above the upper limit, never below the lower one.",
        "Three-sigma limits are always too wide; one-sigma limits would be right.",
    ],
    "B",
    solution=(
        'answer = "B"  # with 8 points the outlier widens its own limits; the x-bar chart '
        "uses s_Y / sqrt(n) and flags S07"
    ),
    hints=[
        "How many points are the limits computed from, and where does S07's own value go in "
        "that computation?",
        "How much should the mean of about 75 respondents vary by chance alone?",
    ],
    explanation=(
        "With only eight points, the low store S07 raises the standard deviation of the "
        "store means and so widens the limits meant to catch it. The chart of means (x-bar "
        "chart) uses the sampling error of a store mean instead, and then S07 falls below "
        "the lower limit."
    ),
    feedback={
        "A": "The t-test compares S07's 75 or so respondents with everyone else's: p of about "
        "1e-13 is no accident. The chart is the weaker tool here.",
        "C": "Control limits work on both sides: a point below the lower limit signals a "
        "cause worth investigating just as one above the upper limit does.",
        "D": "The number of sigmas is a convention; the trouble is which sigma: the spread of "
        "eight means inflated by the outlier, instead of the sampling error of one mean.",
    },
)
