"""The national satisfaction index models as structural models (CRM and satisfaction):
:class:`StructuralModel`, :data:`CCSI_MODEL`, :data:`ACSI_MODEL`, :data:`SCSB_MODEL`,
:data:`ECSI_MODEL`, and :func:`ccsi_true_paths`, the generator's truth in PLS terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from crmlab.glossary import Term

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
