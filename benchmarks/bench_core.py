"""Time the transaction-log functions of crmlab on one million purchases.

Generates a seeded log of 1,000,000 transactions by 100,000 customers over
2022-2024 and prints the best of three runs of ``crmlab.value.rfm``,
``crmlab.states.classify_states`` and ``crmlab.churn.cohort_table``. Each
should take about a second or less.

Run from the repository root::

    .venv/bin/python benchmarks/bench_core.py
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from crmlab.churn import cohort_table
from crmlab.states import classify_states
from crmlab.value import rfm

N_TRANSACTIONS = 1_000_000
N_CUSTOMERS = 100_000
AS_OF = "2024-12-31"


def make_transactions(n=N_TRANSACTIONS, n_customers=N_CUSTOMERS, seed=2024) -> pd.DataFrame:
    """A random transaction log: skewed customer activity, days 2022-01-01..2024-12-31."""
    rng = np.random.default_rng(seed)
    # Zipf-like activity weights make a few customers buy much more than most.
    weights = 1.0 / np.arange(1, n_customers + 1) ** 0.7
    customer = rng.choice(n_customers, size=n, p=weights / weights.sum()) + 1
    days = rng.integers(0, 1096, size=n)
    return pd.DataFrame(
        {
            "customer_id": customer.astype("int64"),
            "date": pd.Timestamp("2022-01-01") + pd.to_timedelta(days, unit="D"),
            "amount": np.round(rng.lognormal(mean=4.0, sigma=0.8, size=n), 2),
        }
    )


def best_of(func, repeat=3) -> float:
    """Best wall-clock time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    log = make_transactions()
    print(
        f"{len(log):,} transactions, {log['customer_id'].nunique():,} customers, "
        f"{log['date'].min().date()}..{log['date'].max().date()}"
    )
    cases = {
        "rfm": lambda: rfm(log, AS_OF),
        "classify_states": lambda: classify_states(log, AS_OF),
        "cohort_table": lambda: cohort_table(log),
    }
    for name, func in cases.items():
        print(f"{name:<16} {best_of(func):6.3f} s (best of 3)")


if __name__ == "__main__":
    main()
