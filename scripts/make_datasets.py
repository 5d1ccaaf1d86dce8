"""Regenerate the synthetic course datasets in datasets/ from their seeded generators.

Usage::

    python scripts/make_datasets.py            # rewrite datasets/*.csv
    python scripts/make_datasets.py --out DIR  # write them somewhere else

Every table comes from ``crmlab.datasets.generate_all()`` (default seeds in
``crmlab.datasets.SEEDS``), so the files written are byte-for-byte the shipped
ones. The real CDNOW data in datasets/cdnow/ and the datasheet README.md are
not touched.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crmlab.datasets import generate_all  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "datasets", help="output folder (default: datasets/)"
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    tables = generate_all()
    elapsed = time.perf_counter() - start
    for name, table in tables.items():
        path = args.out / f"{name}.csv"
        table.to_csv(path, index=False, date_format="%Y-%m-%d", lineterminator="\n")
        print(f"{path}: {len(table):,} rows, {path.stat().st_size / 1024:,.0f} KiB")
    print(f"generated in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
