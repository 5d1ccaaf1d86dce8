"""How long `import crmlab` and each submodule take in a fresh interpreter.

Target: `import crmlab` well under 0.5 s (it loads nothing heavy). Submodules
pay for pandas/SciPy when first used. Prints the median of several runs.
"""

import statistics
import subprocess
import sys

RUNS = 5
TARGETS = [
    "crmlab",
    "crmlab.value",
    "crmlab.states",
    "crmlab.satisfaction",
    "crmlab.loyalty",
    "crmlab.churn",
    "crmlab.retention",
    "crmlab.datasets",
    "crmlab.check",
    "crmlab.plots",
    "crmlab.widgets",
]


def import_seconds(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    print(f"{'module':<22}{'median import time (s)':>24}")
    for module in TARGETS:
        times = [import_seconds(module) for _ in range(RUNS)]
        print(f"{module:<22}{statistics.median(times):>24.3f}")


if __name__ == "__main__":
    main()
