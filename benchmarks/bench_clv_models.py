"""Time crmlab's BG/NBD and Gamma-Gamma fits against lifetimes 0.11.3, side by side.

Three data sets, in one run:

- the CDNOW sample (2,357 customers, calibration to 1997-09-30, weeks);
- the full CDNOW cohort (23,570 customers);
- 1,000,000 customers simulated by ``crmlab.clv_models.simulate_summary``
  with the full cohort's estimates and CDNOW-like ages (first purchases spread
  over the first 12 weeks, on whole days).

For each, ``fit_bgnbd`` and ``fit_gamma_gamma`` (on the repeat buyers with a
positive mean spend) are timed against ``BetaGeoFitter`` and
``GammaGammaFitter``: best of N runs, wall-clock time and the CPU time of
that run (``time.process_time``; above the wall time when BLAS threads help),
with the estimates, the log-likelihoods and the speed-up. lifetimes' fit
also computes a Hessian for its standard errors; that is part of its time.

lifetimes runs in a separate process, fed the same summaries as CSV files,
and times only its fits: this interpreter if it can import lifetimes
(``pip install -e '.[bench]'``), else a throw-away virtual environment made
once under ~/.cache/crmlab/bench-lifetimes (``pip install lifetimes==0.11.3``,
needs the package index). If neither works, the table shows crmlab alone.

Run from the repository root::

    .venv/bin/python benchmarks/bench_clv_models.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

LIFETIMES = "lifetimes==0.11.3"
# pins to retry with if lifetimes cannot import next to the newest numpy/pandas/scipy
OLD_STACK = ["numpy<2", "pandas<2.2", "scipy<1.12"]
REPEATS = {"sample": 7, "full": 7, "simulated 1M": 3}
LIFETIMES_REPEATS = {"sample": 5, "full": 5, "simulated 1M": 1}
N_SIMULATED = 1_000_000


# ---------------------------------------------------------------------------
# timing, shared by both sides
# ---------------------------------------------------------------------------


def best_of(func, repeat: int):
    """(wall seconds, CPU seconds, result) of the fastest of ``repeat`` calls."""
    best = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = func()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if best is None or wall < best[0]:
            best = (wall, cpu, result)
    return best


# ---------------------------------------------------------------------------
# the lifetimes side: a worker process
# ---------------------------------------------------------------------------


def lifetimes_worker(folder: str) -> None:
    """Fit lifetimes to each CSV summary in ``folder``; print the timings as JSON."""
    import warnings

    import numpy as np
    import pandas as pd
    from lifetimes import BetaGeoFitter, GammaGammaFitter, __version__

    warnings.simplefilter("ignore")
    results = {"version": __version__}
    for name, repeat in json.loads((Path(folder) / "repeats.json").read_text()).items():
        summary = pd.read_csv(Path(folder) / f"{name}.csv")
        spenders = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]

        def bgnbd(summary=summary):
            return BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])

        def gamma_gamma(spenders=spenders):
            return GammaGammaFitter().fit(spenders["frequency"], spenders["monetary_value"])

        # lifetimes fits BG/NBD on rescaled times and reports that likelihood; its own
        # likelihood function on the original times gives the comparable number
        def log_likelihood(model, fitted, data):
            if model == "gg":
                return -float(fitted._negative_log_likelihood_) * len(data)
            columns = (data[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
            mean = BetaGeoFitter._negative_log_likelihood(
                np.log(fitted.params_[["r", "alpha", "a", "b"]].to_numpy(dtype=float)),
                *columns,
                np.ones(len(data)),
                0.0,
            )
            return -float(mean) * len(data)

        entry = {}
        for model, fit, data in (("bgnbd", bgnbd, summary), ("gg", gamma_gamma, spenders)):
            try:
                wall, cpu, fitted = best_of(fit, repeat)
            except Exception as error:  # lifetimes raises its own ConvergenceError
                entry[model] = {"error": f"{type(error).__name__}: {error}"}
                continue
            params = {("gamma" if k == "v" else k): float(v) for k, v in fitted.params_.items()}
            entry[model] = {
                "wall": wall,
                "cpu": cpu,
                "params": params,
                "log_likelihood": log_likelihood(model, fitted, data),
            }
        results[name] = entry
    print(json.dumps(results))


def _imports_lifetimes(python: str) -> bool:
    check = [python, "-c", "import lifetimes; lifetimes.BetaGeoFitter"]
    return subprocess.run(check, capture_output=True).returncode == 0


def lifetimes_python() -> tuple[str | None, str]:
    """An interpreter that imports lifetimes, and how it was found (or why not)."""
    if _imports_lifetimes(sys.executable):
        return sys.executable, "installed next to crmlab"
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    folder = cache / "crmlab" / "bench-lifetimes"
    python = str(folder / "bin" / "python")
    if Path(python).exists() and _imports_lifetimes(python):
        return python, f"throw-away venv {folder}"
    print(f"Installing {LIFETIMES} into a throw-away venv at {folder} ...", flush=True)
    try:
        venv.create(folder, with_pip=True, clear=True)
        pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, LIFETIMES], check=True, capture_output=True, timeout=900)
        if not _imports_lifetimes(python):
            subprocess.run([*pip, *OLD_STACK], check=True, capture_output=True, timeout=900)
    except (OSError, subprocess.SubprocessError) as error:
        return None, f"could not install {LIFETIMES} ({type(error).__name__})"
    if _imports_lifetimes(python):
        return python, f"throw-away venv {folder}"
    return None, f"{LIFETIMES} installed but does not import"


def run_lifetimes(summaries: dict) -> tuple[dict | None, str]:
    python, how = lifetimes_python()
    if python is None:
        return None, how
    with tempfile.TemporaryDirectory() as folder:
        for name, summary in summaries.items():
            summary.to_csv(Path(folder) / f"{name}.csv", index=False)
        (Path(folder) / "repeats.json").write_text(json.dumps(LIFETIMES_REPEATS))
        done = subprocess.run(
            [python, __file__, "--lifetimes-worker", folder], capture_output=True, text=True
        )
    if done.returncode != 0:
        return None, f"lifetimes failed: {done.stderr.strip().splitlines()[-1:]}"
    return json.loads(done.stdout.strip().splitlines()[-1]), how


# ---------------------------------------------------------------------------
# the crmlab side, and the table
# ---------------------------------------------------------------------------


def make_summaries() -> dict:
    import numpy as np

    from crmlab import clv_models, datasets

    sample = clv_models.rfm_summary(datasets.load_cdnow(), "1997-09-30")
    full = clv_models.rfm_summary(datasets.load_cdnow(full=True), "1997-09-30")
    bgnbd = clv_models.fit_bgnbd(full)
    spenders = full[(full["frequency"] > 0) & (full["monetary_value"] > 0)]
    gamma_gamma = clv_models.fit_gamma_gamma(spenders["frequency"], spenders["monetary_value"])
    # ages as in CDNOW: first purchases on the 84 days of the first 12 weeks
    ages = 39.0 - np.random.default_rng(2005).integers(0, 84, N_SIMULATED) / 7
    simulated = clv_models.simulate_summary(bgnbd, ages, gamma_gamma=gamma_gamma, seed=2005)
    truth = {"bgnbd": bgnbd.params, "gg": gamma_gamma.params}
    return {"sample": sample, "full": full, "simulated 1M": simulated}, truth


def time_crmlab(summaries: dict) -> dict:
    from crmlab import clv_models

    results = {}
    for name, summary in summaries.items():
        spenders = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
        fits = {
            "bgnbd": lambda summary=summary: clv_models.fit_bgnbd(summary),
            "gg": lambda s=spenders: clv_models.fit_gamma_gamma(
                s["frequency"], s["monetary_value"]
            ),
        }
        results[name] = {}
        for model, fit in fits.items():
            wall, cpu, fitted = best_of(fit, REPEATS[name])
            results[name][model] = {
                "wall": wall,
                "cpu": cpu,
                "params": fitted.params,
                "log_likelihood": fitted.log_likelihood,
                "n": fitted.n,
            }
    return results


def _params_text(params: dict) -> str:
    return " ".join(f"{name}={value:.6g}" for name, value in params.items())


def print_table(crmlab: dict, peer: dict | None, truth: dict) -> None:
    titles = {"bgnbd": "BG/NBD", "gg": "Gamma-Gamma"}
    for name, models in crmlab.items():
        print(f"\n== {name} ==")
        for model, ours in models.items():
            print(f"{titles[model]} on {ours['n']:,} customers")
            print(
                f"  crmlab    {ours['wall'] * 1e3:9.1f} ms wall {ours['cpu'] * 1e3:9.1f} ms CPU "
                f"(best of {REPEATS[name]})  LL={ours['log_likelihood']:.4f}  "
                f"{_params_text(ours['params'])}"
            )
            theirs = (peer or {}).get(name, {}).get(model)
            if theirs is None:
                continue
            if "error" in theirs:
                print(f"  lifetimes failed: {theirs['error']}")
                continue
            difference = max(
                abs(ours["params"][k] / theirs["params"][k] - 1) for k in ours["params"]
            )
            print(
                f"  lifetimes {theirs['wall'] * 1e3:9.1f} ms wall {theirs['cpu'] * 1e3:9.1f} ms CPU "
                f"(best of {LIFETIMES_REPEATS[name]})  LL={theirs['log_likelihood']:.4f}  "
                f"{_params_text(theirs['params'])}"
            )
            print(
                f"  crmlab is {theirs['wall'] / ours['wall']:.1f}x faster (wall), "
                f"{theirs['cpu'] / ours['cpu']:.1f}x (CPU); the estimates differ by at most "
                f"{difference:.1e} (relative), the LL by "
                f"{ours['log_likelihood'] - theirs['log_likelihood']:+.1e}"
            )
        if name == "simulated 1M":
            for model, params in truth.items():
                print(f"{titles[model]} simulated from {_params_text(params)}")


def time_predictions(summary, fits) -> None:
    from crmlab import clv_models

    bgnbd, gamma_gamma = fits["bgnbd"]["params"], fits["gg"]["params"]
    x, tx, T = summary["frequency"], summary["recency"], summary["T"]
    cases = {
        "probability_alive": lambda: clv_models.probability_alive(bgnbd, x, tx, T),
        "expected_purchases(52)": lambda: clv_models.expected_purchases(bgnbd, 52.0, x, tx, T),
        "expected_spend": lambda: clv_models.expected_spend(
            gamma_gamma, x, summary["monetary_value"]
        ),
        "clv_from_models(12 quarters)": lambda: clv_models.clv_from_models(
            bgnbd,
            gamma_gamma,
            summary,
            periods=12,
            period_length=13,
            margin=0.3,
            discount_rate=0.02,
        ),
    }
    print(f"\n== forecasts for the {len(summary):,} simulated customers (best of 3) ==")
    for label, func in cases.items():
        wall, cpu, values = best_of(func, 3)
        finite = bool(values.notna().all()) and bool((values.abs() < float("inf")).all())
        print(
            f"{label:<30} {wall * 1e3:8.1f} ms wall {cpu * 1e3:8.1f} ms CPU  all finite: {finite}"
        )


def main() -> None:
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load} "
        "(other work on the machine inflates the times)"
    )
    summaries, truth = make_summaries()
    peer, how = run_lifetimes(summaries)
    if peer is None:
        print(f"lifetimes: not available ({how}); crmlab's numbers alone.")
    else:
        print(f"lifetimes {peer['version']}: {how}")
    crmlab = time_crmlab(summaries)
    print_table(crmlab, peer, truth)
    time_predictions(summaries["simulated 1M"], crmlab["simulated 1M"])


if __name__ == "__main__":
    if sys.argv[1:2] == ["--lifetimes-worker"]:
        lifetimes_worker(sys.argv[2])
    else:
        main()
