"""What the BG/NBD and Gamma-Gamma modules share: results, parameters, the optimizer.

Private: the public names live in :mod:`crmlab.clv_models`, which re-exports
:class:`ModelFit` and the parameter names from here.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize

from crmlab._validation import check_positive, check_real
from crmlab.i18n import message

#: Parameter names of the BG/NBD model, in the order of Fader, Hardie & Lee (2005a).
BGNBD_PARAMS = ("r", "alpha", "a", "b")

#: Parameter names of the Gamma-Gamma spend model (Fader, Hardie & Lee 2005b).
GAMMA_GAMMA_PARAMS = ("p", "q", "gamma")

MODELS = {"BG/NBD": BGNBD_PARAMS, "Gamma-Gamma": GAMMA_GAMMA_PARAMS}

# The optimizer works on log-parameters inside these bounds: e^-30 to e^30 covers
# any plausible estimate, and keeps trial steps away from 0 and overflow.
LOG_BOUND = 30.0


@dataclass(frozen=True)
class ModelFit:
    """The result of :func:`fit_bgnbd` or :func:`fit_gamma_gamma`.

    Attributes
    ----------
    model : str
        ``"BG/NBD"`` or ``"Gamma-Gamma"``.
    params : dict
        The maximum-likelihood estimates, by their names in the papers.
    log_likelihood : float
        The log-likelihood at the estimates (higher is better).
    n : int
        The number of customers the model was fitted to.
    converged : bool
        Whether the optimizer reported convergence.

    Examples
    --------
    >>> fit = ModelFit("Gamma-Gamma", {"p": 6.25, "q": 3.74, "gamma": 15.44}, -4055.92, 946)
    >>> fit
    ModelFit('Gamma-Gamma', p=6.25, q=3.74, gamma=15.44, log_likelihood=-4055.92, n=946)
    >>> fit.params["q"]
    3.74
    """

    model: str
    params: dict[str, float]
    log_likelihood: float
    n: int
    converged: bool = True

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={value:.4g}" for name, value in self.params.items())
        return (
            f"ModelFit({self.model!r}, {values}, "
            f"log_likelihood={self.log_likelihood:.2f}, n={self.n})"
        )


# Shown as crmlab.clv_models.ModelFit, the path students import it from.
ModelFit.__module__ = "crmlab.clv_models"


def read_params(params, model: str) -> tuple[float, ...]:
    """Read the parameters of ``model`` from a ModelFit, a mapping or a sequence."""
    names = MODELS[model]
    listing = ", ".join(names)
    if isinstance(params, ModelFit):
        if params.model != model:
            raise ValueError(
                message(
                    "clv.params_is_a_model_fit", model=params.model, needed=model, listing=listing
                )
            )
        params = params.params
    if isinstance(params, pd.Series):
        params = params.to_dict()
    if isinstance(params, Mapping):
        missing = [name for name in names if name not in params]
        if missing:
            raise ValueError(
                message(
                    "clv.params_is_missing_the_model",
                    model=model,
                    missing=", ".join(map(repr, missing)),
                    listing=listing,
                )
            )
        values = [params[name] for name in names]
    elif isinstance(params, Sequence | np.ndarray) and not isinstance(params, str | bytes):
        values = list(params)
        if len(values) != len(names):
            raise ValueError(
                message(
                    "clv.params_must_hold_the_n",
                    n_names=len(names),
                    model=model,
                    listing=listing,
                    n_values=len(values),
                )
            )
    else:
        raise TypeError(
            message(
                "clv.params_must_be_a_modelfit",
                model=model,
                listing=listing,
                type=type(params).__name__,
            )
        )
    return tuple(
        check_positive(check_real(value, f"params[{name!r}]"), f"params[{name!r}]")
        for name, value in zip(names, values, strict=True)
    )


def minimize_log_params(negative_mean_ll, start: np.ndarray, precision: float = 1e-14):
    """Minimize over log-parameters, each in [-LOG_BOUND, LOG_BOUND], with SLSQP.

    ``negative_mean_ll`` returns the value and its analytic gradient, both
    divided by the number of customers: on that scale ``precision`` (the
    change of the mean log-likelihood at which SLSQP stops) means the same
    for 100 customers as for a million. Why SLSQP rather than L-BFGS-B:
    both are bounded quasi-Newton methods and agree to 1e-7, but L-BFGS-B
    calls OpenBLAS at every step, whose spinning threads made the same fit
    of the full CDNOW cohort take 20 to 140 ms on two busy cores; SLSQP's
    steps do not, and it takes 18 ms every time.
    """
    return optimize.minimize(
        negative_mean_ll,
        start,
        jac=True,
        method="SLSQP",
        bounds=[(-LOG_BOUND, LOG_BOUND)] * len(start),
        options={"ftol": precision, "maxiter": 1000},
    )


def maximize(
    negative_mean_ll: Callable[[np.ndarray], tuple[float, np.ndarray]],
    start: np.ndarray,
    model: str,
    n: int,
    n_weight: float,
) -> ModelFit:
    """The maximum-likelihood fit: :func:`minimize_log_params`, checked and named.

    ``n_weight`` is the number of customers the mean was taken over; ``n``
    the number reported (the same, unless customers were grouped).
    """
    names = MODELS[model]
    result = minimize_log_params(negative_mean_ll, start)
    if not result.success:
        warnings.warn(
            message("clv.the_model_fit_did_not", model=model, reason=result.message),
            RuntimeWarning,
            stacklevel=3,
        )
    params = {name: float(value) for name, value in zip(names, np.exp(result.x), strict=True)}
    return ModelFit(model, params, float(-result.fun * n_weight), n, bool(result.success))


def dot(u: np.ndarray, v: np.ndarray) -> float:
    """The sum of u * v for 1-D arrays, without BLAS.

    ``u @ v`` calls OpenBLAS, whose worker threads keep spinning after each
    call; on a machine with two busy cores they slowed the optimizer's loop
    of small calls five times or more. einsum's own loop starts no thread.
    """
    return float(np.einsum("i,i->", u, v))


def check_result(values, what: str) -> None:
    """Refuse to hand back a non-finite expectation."""
    if not np.all(np.isfinite(values)):
        raise ValueError(message("clv.what_could_not_be_computed", function=what))
