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

from crmlab.pls.estimate import bootstrap_paths, pls_pm
from crmlab.pls.models import (
    ACSI_MODEL,
    CCSI_MODEL,
    ECSI_MODEL,
    SCSB_MODEL,
    StructuralModel,
    ccsi_true_paths,
)
from crmlab.pls.result import PLSResult
from crmlab.pls.spec import MODES, SCHEMES

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
