"""How crmlab lines up the inputs of a function that takes several array-likes.

One rule, used by every public function with more than one array-like input:

* Series and DataFrames are aligned by their index (label to label), the way
  pandas arithmetic pairs them. Their label sets must be equal; otherwise a
  ``ValueError`` names both arguments and the labels missing on each side.
  The result carries the index of the first labelled argument.
* Plain arrays and lists are paired by position and must have the same length
  as every other non-scalar argument (labelled ones included).
* Scalars broadcast against everything.

Pairing labelled data by position would silently match the wrong customers
(the share of wallet of customer "a" computed from customer "b"'s spend), so
the rule refuses what it cannot pair unambiguously, e.g. duplicated labels
that are not already in the same order.

Examples
--------
>>> import pandas as pd
>>> ours = pd.Series([10.0, 30.0], index=["a", "b"])
>>> total = pd.Series([40.0, 20.0], index=["b", "a"])
>>> (o, t), index = align(ours=ours, total=total)
>>> (o / t).tolist(), list(index)
([0.5, 0.75], ['a', 'b'])
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from crmlab.i18n import message

__all__ = ["Aligned", "align", "align_floats", "shaped"]

_SHOWN = 5


class Aligned(NamedTuple):
    """The inputs in one order (same order as given), and the index to give back."""

    inputs: list
    index: pd.Index | None


def _labels_text(labels) -> str:
    shown = ", ".join(repr(x) for x in list(labels)[:_SHOWN])
    more = len(labels) - _SHOWN
    extra = message("align.more_labels", n=more) if more > 0 else ""
    return f"[{shown}{extra}]"


def _size_text(value) -> str:
    if np.ndim(value) == 1:
        return message("align.n_values", n=len(value))
    return message("align.shape", shape=np.shape(value))


def align(**named) -> Aligned:
    """Line up the named inputs by the module's rule.

    Returns the inputs in the order given: labelled ones reindexed to the
    first labelled input's index, others unchanged; plus that index (None
    when no input is labelled).
    """
    labelled = {k: v for k, v in named.items() if isinstance(v, pd.Series | pd.DataFrame)}
    index = None
    if labelled:
        first_name, first = next(iter(labelled.items()))
        index = first.index
        for name, value in list(labelled.items())[1:]:
            if value.index.equals(index):
                continue
            only_first = index.difference(value.index)
            only_this = value.index.difference(index)
            if len(only_first) or len(only_this):
                raise ValueError(
                    message(
                        "align.labels_differ",
                        first_name=first_name,
                        name=name,
                        missing_here=_labels_text(only_first),
                        missing_there=_labels_text(only_this),
                    )
                )
            if not (index.is_unique and value.index.is_unique):
                raise ValueError(message("align.repeated_labels", first_name=first_name, name=name))
            labelled[name] = value.reindex(index)
    lengths = {k: len(v) for k, v in named.items() if np.ndim(v) > 0}
    if len(set(lengths.values())) > 1:
        detail = message("align.separator").join(
            message("align.one_value" if n == 1 else "align.n_values_of", name=k, n=n)
            for k, n in lengths.items()
        )
        raise ValueError(message("align.lengths_differ", detail=detail))
    values = [labelled.get(k, v) for k, v in named.items()]
    return Aligned(values, index)


def align_floats(**named) -> Aligned:
    """Like :func:`align`, then as float arrays broadcast to one shape."""
    values, index = align(**named)
    arrays = [np.asarray(v, dtype=float) for v in values]
    try:
        arrays = list(np.broadcast_arrays(*arrays))
    except ValueError:
        detail = message("align.separator").join(
            message("align.size_detail", name=k, size=_size_text(v)) for k, v in named.items()
        )
        raise ValueError(message("align.shapes_differ", detail=detail)) from None
    return Aligned(arrays, index)


def shaped(result, index: pd.Index | None, name: str | None = None):
    """Give back a Python scalar for 0-d results, a Series on ``index`` when one is
    given and the result is 1-D of its length, else the array."""
    result = np.asarray(result)
    if result.ndim == 0:
        return result.item()
    if index is not None and result.ndim == 1 and len(index) == result.shape[0]:
        return pd.Series(result, index=index, name=name)
    return result
