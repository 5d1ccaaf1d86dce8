"""Execution time of every course notebook on a fresh kernel.

Target: each notebook runs top to bottom in seconds. Prints wall-clock time
per notebook, kernel start included, one run each (run it on a quiet machine).
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.notebook_tools import NOTEBOOKS, execute  # noqa: E402


def main() -> None:
    print(f"{'notebook':<40}{'cells':>7}{'seconds':>10}")
    total = 0.0
    for path in NOTEBOOKS:
        start = time.perf_counter()
        nb = execute(path)
        seconds = time.perf_counter() - start
        total += seconds
        print(f"{path.name:<40}{len(nb.cells):>7}{seconds:>10.1f}")
    print(f"{'total':<40}{'':>7}{total:>10.1f}")


if __name__ == "__main__":
    main()
