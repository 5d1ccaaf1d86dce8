"""Input checks shared by every public function of crmlab.

Each ``check_*`` helper either returns the cleaned value or raises a
``ValueError``/``TypeError`` whose message names the argument, says what came
in, what is allowed and, where it is obvious, how to fix it. Public functions
call these at their top so that bad input never turns into a silent NaN.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from numbers import Real

import numpy as np
import pandas as pd

from crmlab._align import align_floats, shaped
from crmlab.i18n import message

ArrayLike = float | int | np.ndarray | pd.Series | Sequence[float]


def _describe(value) -> str:
    """A short, readable rendering of a bad value for an error message."""
    if isinstance(value, np.ndarray | pd.Series | pd.Index):
        arr = np.asarray(value)
        if arr.size > 6:
            return message("validation.array_of_n", n=arr.size)
        return repr(arr.tolist())
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_scalar(value) -> bool:
    return np.ndim(value) == 0


def _as_float_array(value, name: str) -> np.ndarray:
    """Convert to a float array, with a TypeError naming the argument on failure."""
    if isinstance(value, str | bytes):
        raise TypeError(message("validation.number_got_string", name=name, value=value))
    if isinstance(value, bool | np.bool_):
        raise TypeError(message("validation.number_got_boolean", name=name, value=value))
    if isinstance(value, Mapping):
        raise TypeError(
            message("validation.number_got_mapping", name=name, type=type(value).__name__)
        )
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            message(
                "validation.number_got_other",
                name=name,
                describe=_describe(value),
                type=type(value).__name__,
            )
        ) from None
    return arr


def _restore(arr: np.ndarray, original):
    """Give back a scalar for scalar input, a Series for Series input, else an array."""
    if arr.ndim == 0:
        return float(arr)
    if isinstance(original, pd.Series):
        return pd.Series(arr, index=original.index, name=original.name)
    return arr


def check_finite(value, name: str):
    """Reject NaN and infinity; return the value as float (or float array/Series)."""
    arr = _as_float_array(value, name)
    if arr.size and not np.all(np.isfinite(arr)):
        n_bad = int(np.sum(~np.isfinite(arr)))
        what = (
            message("validation.nan_or_infinite")
            if arr.ndim == 0
            else message("validation.n_nan_or_infinite", n=n_bad)
        )
        hint = message("validation.hint_dropna") if np.any(np.isnan(arr)) else ""
        raise ValueError(message("validation.not_finite", name=name, what=what, hint=hint))
    return _restore(arr, value)


def _range_text(low, high, low_open, high_open) -> str:
    left = "(" if low_open else "["
    right = ")" if high_open else "]"
    lo = "-inf" if low is None else f"{low:g}"
    hi = "inf" if high is None else f"{high:g}"
    return f"{left}{lo}, {hi}{right}"


def check_in_range(
    value,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    what: str = "number",
    hint: str = "",
):
    """Check that every value lies in the interval given by low/high.

    ``what`` names the kind of value, a key of the ``[what]`` table of the
    validation catalog (e.g. ``"fraction"``); ``hint`` is an already translated
    sentence appended to the message (with its leading space).
    """
    checked = check_finite(value, name)
    arr = np.asarray(checked, dtype=float)
    bad = np.zeros(arr.shape, dtype=bool)
    if low is not None:
        bad |= arr <= low if low_open else arr < low
    if high is not None:
        bad |= arr >= high if high_open else arr > high
    if np.any(bad):
        first = arr[bad].flat[0] if arr.ndim else float(arr)
        interval = _range_text(low, high, low_open, high_open)
        got = (
            f"{first:g}"
            if arr.ndim == 0
            else message("validation.first_of_many", first=first, n=int(bad.sum()))
        )
        raise ValueError(
            message(
                "validation.out_of_range",
                name=name,
                what=message(f"validation.what.{what}"),
                interval=interval,
                got=got,
                hint=hint,
            )
        )
    return checked


def check_fraction(
    value,
    name: str,
    *,
    allow_zero: bool = True,
    allow_one: bool = True,
):
    """Check a rate given as a fraction (0.15, not 15), with a percentage hint."""
    checked = check_finite(value, name)
    arr = np.asarray(checked, dtype=float)
    hint = ""
    # 1 < x < 2 is more likely a typo than a percentage, so no hint there.
    looks_like_percent = (arr >= 2) & (arr <= 100)
    if np.any(looks_like_percent):
        hint = message("validation.hint_percentage", fraction=arr[looks_like_percent].flat[0] / 100)
    return check_in_range(
        checked,
        name,
        low=0.0,
        high=1.0,
        low_open=not allow_zero,
        high_open=not allow_one,
        what="fraction",
        hint=hint,
    )


def check_nonnegative(value, name: str):
    """Check a quantity that can be zero but not negative (costs, counts of money)."""
    return check_in_range(value, name, low=0.0, what="nonnegative")


def check_positive(value, name: str):
    """Check a strictly positive quantity (a denominator, a price)."""
    return check_in_range(value, name, low=0.0, low_open=True, what="positive")


def check_count(value, name: str, *, positive: bool = False):
    """Check a whole-number count: non-negative (or positive) and integral."""
    checked = check_in_range(
        value,
        name,
        low=0.0,
        low_open=positive,
        what="positive_count" if positive else "nonnegative_count",
    )
    arr = np.asarray(checked, dtype=float)
    if np.any(arr != np.round(arr)):
        bad = arr[arr != np.round(arr)].flat[0] if arr.ndim else float(arr)
        raise ValueError(message("validation.not_whole", name=name, bad=bad))
    return checked


def check_not_greater(part, whole, part_name: str, whole_name: str) -> None:
    """Check part <= whole element-wise (e.g. churned customers <= customers)."""
    p = np.asarray(part, dtype=float)
    w = np.asarray(whole, dtype=float)
    bad = p > w
    if np.any(bad):
        pb = np.broadcast_to(p, bad.shape)[bad].flat[0]
        wb = np.broadcast_to(w, bad.shape)[bad].flat[0]
        raise ValueError(
            message(
                "validation.part_exceeds_whole",
                part_name=part_name,
                whole_name=whole_name,
                pb=pb,
                wb=wb,
            )
        )


def check_same_length(**arrays) -> int:
    """Check that the named arrays all have the same length; return it."""
    lengths = {name: len(arr) for name, arr in arrays.items()}
    if len(set(lengths.values())) > 1:
        detail = message("align.separator").join(
            message("validation.length_detail", name=name, n=n) for name, n in lengths.items()
        )
        raise ValueError(message("validation.lengths_differ", detail=detail))
    return next(iter(lengths.values()), 0)


def check_dataframe(value, name: str) -> pd.DataFrame:
    """Check that the value is a pandas DataFrame."""
    if not isinstance(value, pd.DataFrame):
        raise TypeError(message("validation.not_dataframe", name=name, type=type(value).__name__))
    return value


def check_columns(df: pd.DataFrame, required: Iterable[str], name: str) -> None:
    """Check that df has every required column, listing what it does have."""
    check_dataframe(df, name)
    missing = [col for col in required if col not in df.columns]
    if missing:
        present = ", ".join(map(str, df.columns)) or message("validation.no_columns")
        raise ValueError(
            message(
                "validation.missing_columns",
                name=name,
                missing=", ".join(map(repr, missing)),
                present=present,
            )
        )


def check_labels(values, allowed: Iterable[str], name: str):
    """Check that every value is one of the allowed labels, listing them on failure."""
    allowed = tuple(allowed)
    if _is_scalar(values):
        if values not in allowed:
            raise ValueError(
                message(
                    "validation.not_a_label",
                    name=name,
                    allowed=", ".join(map(repr, allowed)),
                    values=values,
                )
            )
        return values
    series = pd.Series(values)
    if series.isna().any():
        raise ValueError(
            message("validation.missing_values", name=name, n=int(series.isna().sum()))
        )
    unknown = sorted(set(series) - set(allowed), key=str)
    if unknown:
        raise ValueError(
            message(
                "validation.unknown_labels",
                name=name,
                unknown=", ".join(map(repr, unknown[:5])),
                allowed=", ".join(map(repr, allowed)),
            )
        )
    return values


def check_weights(weights: Mapping[str, float], name: str, *, tol: float = 1e-6) -> None:
    """Check that weights are fractions in [0, 1] that sum to 1."""
    if not isinstance(weights, Mapping) or not weights:
        raise TypeError(message("validation.weights_not_mapping", name=name))
    for key, w in weights.items():
        check_fraction(w, f"{name}[{key!r}]")
    total = float(sum(weights.values()))
    if not math.isclose(total, 1.0, abs_tol=tol):
        raise ValueError(
            message(
                "validation.weights_sum",
                name=name,
                total=total,
                w=" + ".join(f"{w:g}" for w in weights.values()),
            )
        )


def check_date(value, name: str) -> pd.Timestamp:
    """Parse a date-like value into a Timestamp, with a clear error."""
    if value is None:
        raise TypeError(message("validation.date_none", name=name))
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(message("validation.date_bad", name=name, value=value)) from None
    if pd.isna(stamp):
        raise ValueError(message("validation.date_missing", name=name))
    return stamp


def check_transactions(transactions, name: str = "transactions") -> pd.DataFrame:
    """Check a transaction log (customer_id, date, amount) and return a clean copy.

    Dates are converted to datetime64; amounts must be finite numbers.
    """
    check_columns(transactions, ("customer_id", "date", "amount"), name)
    log = transactions[["customer_id", "date", "amount"]].copy()
    if log["customer_id"].isna().any():
        raise ValueError(message("validation.transactions_missing_customer", name=name))
    if not pd.api.types.is_datetime64_any_dtype(log["date"]):
        try:
            log["date"] = pd.to_datetime(log["date"])
        except (TypeError, ValueError):
            raise ValueError(message("validation.transactions_bad_dates", name=name)) from None
    if log["date"].isna().any():
        raise ValueError(
            message(
                "validation.transactions_missing_dates", name=name, n=int(log["date"].isna().sum())
            )
        )
    if not pd.api.types.is_numeric_dtype(log["amount"]) or pd.api.types.is_bool_dtype(
        log["amount"]
    ):
        raise TypeError(
            message(
                "validation.transactions_amount_not_numeric", name=name, dtype=log["amount"].dtype
            )
        )
    check_finite(log["amount"].to_numpy(dtype=float), f"{name}['amount']")
    return log


def check_int(value, name: str, *, low: int | None = None) -> int:
    """Check a plain integer parameter (periods, bins, sizes, seeds)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(
            message("validation.not_integer", name=name, value=value, type=type(value).__name__)
        )
    if low is not None and value < low:
        raise ValueError(message("validation.integer_too_small", name=name, low=low, value=value))
    return int(value)


def check_real(value, name: str) -> float:
    """Check a single real number (not an array)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(
            message(
                "validation.not_single_number", name=name, value=value, type=type(value).__name__
            )
        )
    return float(check_finite(value, name))


def check_discount_rate(rate, name: str = "rate"):
    """A discount rate: a fraction in [0, 1) with the percentage hint."""
    checked = check_fraction(rate, name)
    if np.any(np.asarray(checked) >= 1):
        raise ValueError(message("validation.discount_rate_one", name=name))
    return checked


def check_flags(value, name: str):
    """Validate a yes/no input (booleans, or the numbers 0 and 1); return bool array."""
    if isinstance(value, str | bytes):
        raise TypeError(message("validation.flags_got_string", name=name, value=value))
    series = value if isinstance(value, pd.Series) else None
    if series is not None and series.isna().any():
        raise ValueError(
            message("validation.missing_values", name=name, n=int(series.isna().sum()))
        )
    arr = np.asarray(value.to_numpy() if series is not None else value)
    if arr.dtype == bool:
        return arr
    if arr.dtype.kind not in "iuf":
        raise TypeError(message("validation.flags_bad_dtype", name=name, dtype=arr.dtype))
    if np.any(np.isnan(arr.astype(float))):
        raise ValueError(message("validation.flags_nan", name=name))
    if np.any((arr != 0) & (arr != 1)):
        bad = arr[(arr != 0) & (arr != 1)].flat[0]
        raise ValueError(message("validation.flags_bad_value", name=name, bad=bad))
    return arr.astype(bool)


def count_share(part, customers, part_name: str):
    """part / customers for whole-number counts with 0 <= part <= customers > 0.

    Shared by the churn and retention rates, which differ only in what they count.
    """
    part = check_count(part, part_name)
    customers = check_count(customers, "customers", positive=True)
    (k, n), index = align_floats(**{part_name: part, "customers": customers})
    check_not_greater(k, n, part_name, "customers")
    return shaped(k / n, index)


def numeric_matrix(df: pd.DataFrame, columns, name: str) -> np.ndarray:
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
                message(
                    "validation.column_not_numeric",
                    name=name,
                    col=col,
                    dtype=series.dtype,
                    example=example,
                )
            )
        out[:, j] = series.to_numpy(dtype=float, na_value=np.nan)
    infinite = np.isinf(out)
    if infinite.any():
        col = columns[int(np.argmax(infinite.any(axis=0)))]
        raise ValueError(message("validation.column_infinite", name=name, col=col))
    return out


def one_dimensional(values, name: str, *, min_size: int = 1) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1:
        raise ValueError(message("validation.not_one_dimensional", name=name, ndim=arr.ndim))
    if arr.size < min_size:
        raise ValueError(
            message("validation.too_few_values", name=name, min_size=min_size, size=arr.size)
        )
    return arr
