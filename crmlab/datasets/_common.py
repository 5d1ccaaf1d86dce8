"""What the generators share: the default seeds and small drawing helpers."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np

from crmlab._validation import check_int


def _frozen(value):
    """Read-only view of nested parameter dicts, so a notebook cannot change the truth."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    return value


SEEDS = _frozen(
    {
        "customers_and_transactions": 101,
        "satisfaction_survey": 303,
        "kano_survey": 313,
        "loyalty_survey": 404,
        "telecom_churn": 505,
        "ccsi_survey": 323,
    }
)
"""Default seed of each generator: the seed that made the shipped file."""


# --------------------------------------------------------------------------
# Shared helpers of the generators
# --------------------------------------------------------------------------
def _check_seed(seed) -> int:
    return check_int(seed, "seed", low=0)


def _check_size(value, name: str) -> int:
    return check_int(value, name, low=1)


def _draw(rng: np.random.Generator, probabilities, size: int) -> np.ndarray:
    """Draw category indices with fixed probabilities (vectorized inverse CDF)."""
    cumulative = np.cumsum(np.asarray(probabilities, dtype=float))
    cumulative /= cumulative[-1]
    return np.searchsorted(cumulative, rng.uniform(size=size), side="right")


def _draw_rows(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """Draw one category index per row of a (rows x categories) probability matrix."""
    cumulative = np.cumsum(probabilities, axis=1)
    cumulative /= cumulative[:, -1:]
    u = rng.uniform(size=(len(probabilities), 1))
    return np.minimum((cumulative <= u).sum(axis=1), probabilities.shape[1] - 1)


def _values(mapping, keys) -> np.ndarray:
    """Parameter values in the order of the category labels (indexable by category codes)."""
    return np.array([mapping[key] for key in keys], dtype=float)


def _likert(values, low: int, high: int) -> np.ndarray:
    """Round latent scores to the integer points of a rating scale."""
    return np.clip(np.rint(values), low, high).astype(np.int64)
