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

ArrayLike = float | int | np.ndarray | pd.Series | Sequence[float]


def _describe(value) -> str:
    """A short, readable rendering of a bad value for an error message."""
    if isinstance(value, np.ndarray | pd.Series | pd.Index):
        arr = np.asarray(value)
        if arr.size > 6:
            return f"an array of {arr.size} values"
        return repr(arr.tolist())
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_scalar(value) -> bool:
    return np.ndim(value) == 0


def _as_float_array(value, name: str) -> np.ndarray:
    """Convert to a float array, with a TypeError naming the argument on failure."""
    if isinstance(value, str | bytes):
        raise TypeError(
            f"{name} must be a number or an array of numbers, got the string {value!r}."
        )
    if isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be a number, got the boolean {value!r}.")
    if isinstance(value, Mapping):
        raise TypeError(
            f"{name} must be a number or an array of numbers, got a {type(value).__name__}."
        )
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be a number or an array of numbers, got {_describe(value)} "
            f"of type {type(value).__name__}."
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
        what = "NaN or infinite" if arr.ndim == 0 else f"{n_bad} NaN or infinite value(s)"
        hint = (
            " Drop or fill missing values first (e.g. .dropna())." if np.any(np.isnan(arr)) else ""
        )
        raise ValueError(f"{name} must be finite, got {what}.{hint}")
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
    what: str = "a number",
    hint: str = "",
):
    """Check that every value lies in the interval given by low/high."""
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
            else f"{first:g} (and {int(bad.sum())} bad value(s) in all)"
        )
        message = f"{name} must be {what} in {interval}, got {got}."
        if hint:
            message += " " + hint
        raise ValueError(message)
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
        hint = f"Did you pass a percentage? Use {arr[looks_like_percent].flat[0] / 100:g}."
    return check_in_range(
        checked,
        name,
        low=0.0,
        high=1.0,
        low_open=not allow_zero,
        high_open=not allow_one,
        what="a fraction",
        hint=hint,
    )


def check_nonnegative(value, name: str):
    """Check a quantity that can be zero but not negative (costs, counts of money)."""
    return check_in_range(value, name, low=0.0, what="a non-negative number")


def check_positive(value, name: str):
    """Check a strictly positive quantity (a denominator, a price)."""
    return check_in_range(value, name, low=0.0, low_open=True, what="a positive number")


def check_count(value, name: str, *, positive: bool = False):
    """Check a whole-number count: non-negative (or positive) and integral."""
    checked = check_in_range(
        value,
        name,
        low=0.0,
        low_open=positive,
        what="a positive count" if positive else "a non-negative count",
    )
    arr = np.asarray(checked, dtype=float)
    if np.any(arr != np.round(arr)):
        bad = arr[arr != np.round(arr)].flat[0] if arr.ndim else float(arr)
        raise ValueError(f"{name} must be a whole number, got {bad:g}.")
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
            f"{part_name} cannot exceed {whole_name}: got {part_name}={pb:g} and "
            f"{whole_name}={wb:g}."
        )


def check_same_length(**arrays) -> int:
    """Check that the named arrays all have the same length; return it."""
    lengths = {name: len(arr) for name, arr in arrays.items()}
    if len(set(lengths.values())) > 1:
        detail = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"Arguments must have the same length: {detail}.")
    return next(iter(lengths.values()), 0)


def check_dataframe(value, name: str) -> pd.DataFrame:
    """Check that the value is a pandas DataFrame."""
    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(value).__name__}.")
    return value


def check_columns(df: pd.DataFrame, required: Iterable[str], name: str) -> None:
    """Check that df has every required column, listing what it does have."""
    check_dataframe(df, name)
    missing = [col for col in required if col not in df.columns]
    if missing:
        present = ", ".join(map(str, df.columns)) or "no columns"
        raise ValueError(
            f"{name} is missing column(s) {', '.join(map(repr, missing))}. "
            f"It has these columns: {present}."
        )


def check_labels(values, allowed: Iterable[str], name: str):
    """Check that every value is one of the allowed labels, listing them on failure."""
    allowed = tuple(allowed)
    if _is_scalar(values):
        if values not in allowed:
            raise ValueError(
                f"{name} must be one of {', '.join(map(repr, allowed))}; got {values!r}."
            )
        return values
    series = pd.Series(values)
    if series.isna().any():
        raise ValueError(
            f"{name} has {int(series.isna().sum())} missing value(s); fill or drop them."
        )
    unknown = sorted(set(series) - set(allowed), key=str)
    if unknown:
        raise ValueError(
            f"{name} has unknown label(s) {', '.join(map(repr, unknown[:5]))}; "
            f"allowed labels are {', '.join(map(repr, allowed))}."
        )
    return values


def check_weights(weights: Mapping[str, float], name: str, *, tol: float = 1e-6) -> None:
    """Check that weights are fractions in [0, 1] that sum to 1."""
    if not isinstance(weights, Mapping) or not weights:
        raise TypeError(f"{name} must be a non-empty mapping of label -> weight.")
    for key, w in weights.items():
        check_fraction(w, f"{name}[{key!r}]")
    total = float(sum(weights.values()))
    if not math.isclose(total, 1.0, abs_tol=tol):
        raise ValueError(
            f"The weights of {name} must sum to 1, got {total:.4g} "
            f"({' + '.join(f'{w:g}' for w in weights.values())})."
        )


def check_date(value, name: str) -> pd.Timestamp:
    """Parse a date-like value into a Timestamp, with a clear error."""
    if value is None:
        raise TypeError(f"{name} must be a date such as '2024-12-31', got None.")
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a date such as '2024-12-31', got {value!r}.") from None
    if pd.isna(stamp):
        raise ValueError(f"{name} must be a date such as '2024-12-31', got a missing value.")
    return stamp


def check_transactions(transactions, name: str = "transactions") -> pd.DataFrame:
    """Check a transaction log (customer_id, date, amount) and return a clean copy.

    Dates are converted to datetime64; amounts must be finite numbers.
    """
    check_columns(transactions, ("customer_id", "date", "amount"), name)
    log = transactions[["customer_id", "date", "amount"]].copy()
    if log["customer_id"].isna().any():
        raise ValueError(
            f"{name}['customer_id'] has missing values; every purchase needs a customer."
        )
    if not pd.api.types.is_datetime64_any_dtype(log["date"]):
        try:
            log["date"] = pd.to_datetime(log["date"])
        except (TypeError, ValueError):
            raise ValueError(
                f"{name}['date'] must hold dates (datetime64 or strings like '2024-01-31')."
            ) from None
    if log["date"].isna().any():
        raise ValueError(f"{name}['date'] has {int(log['date'].isna().sum())} missing date(s).")
    if not pd.api.types.is_numeric_dtype(log["amount"]) or pd.api.types.is_bool_dtype(
        log["amount"]
    ):
        raise TypeError(f"{name}['amount'] must be numeric, got dtype {log['amount'].dtype}.")
    check_finite(log["amount"].to_numpy(dtype=float), f"{name}['amount']")
    return log


def check_int(value, name: str, *, low: int | None = None) -> int:
    """Check a plain integer parameter (periods, bins, sizes, seeds)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an integer, got {value!r} ({type(value).__name__}).")
    if low is not None and value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value}.")
    return int(value)


def check_real(value, name: str) -> float:
    """Check a single real number (not an array)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a single number, got {value!r} ({type(value).__name__}).")
    return float(check_finite(value, name))


def check_discount_rate(rate, name: str = "rate"):
    """A discount rate: a fraction in [0, 1) with the percentage hint."""
    checked = check_fraction(rate, name)
    if np.any(np.asarray(checked) >= 1):
        raise ValueError(
            f"{name} must be a fraction in [0, 1), got 1. A discount rate of 100% a year is "
            "outside what this course uses; for 1% pass 0.01."
        )
    return checked


def check_flags(value, name: str):
    """Validate a yes/no input (booleans, or the numbers 0 and 1); return bool array."""
    if isinstance(value, str | bytes):
        raise TypeError(f"{name} must be True/False (or 1/0), got the string {value!r}.")
    series = value if isinstance(value, pd.Series) else None
    if series is not None and series.isna().any():
        raise ValueError(
            f"{name} has {int(series.isna().sum())} missing value(s); fill or drop them."
        )
    arr = np.asarray(value.to_numpy() if series is not None else value)
    if arr.dtype == bool:
        return arr
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be True/False (or 1/0), got values of type {arr.dtype}.")
    if np.any(np.isnan(arr.astype(float))):
        raise ValueError(f"{name} has missing (NaN) value(s); fill or drop them.")
    if np.any((arr != 0) & (arr != 1)):
        bad = arr[(arr != 0) & (arr != 1)].flat[0]
        raise ValueError(f"{name} must be True/False (or 1/0), got {bad:g}.")
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
                f"{name}[{col!r}] must hold numbers, got dtype {series.dtype} "
                f"(for example {example!r})."
            )
        out[:, j] = series.to_numpy(dtype=float, na_value=np.nan)
    infinite = np.isinf(out)
    if infinite.any():
        col = columns[int(np.argmax(infinite.any(axis=0)))]
        raise ValueError(f"{name}[{col!r}] has infinite value(s); answers must be finite.")
    return out


def one_dimensional(values, name: str, *, min_size: int = 1) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1:
        raise ValueError(
            f"{name} must be a one-dimensional list, array or Series, got {arr.ndim} dimension(s)."
        )
    if arr.size < min_size:
        raise ValueError(f"{name} must hold at least {min_size} value(s), got {arr.size}.")
    return arr
