"""Build time of the course website, per language: cold, then cached.

The English and the Chinese site are two Sphinx runs of scripts/build_site.py,
side by side on a machine with more than one core (so the total is less than
the sum of the languages' times). A
cold build executes every English and every Chinese notebook once; the cached
rebuild (every page read again) executes nothing, which is the floor each cold
run is compared with. Builds into a
temporary folder, so build/site is left alone. Run it on a quiet machine:

    .venv/bin/python benchmarks/bench_site.py
"""

import importlib.util
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _build_site_module():
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "scripts" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    site = _build_site_module()
    with tempfile.TemporaryDirectory(prefix="crmlab-site-") as folder:
        out = Path(folder)
        cold, cached = {}, {}
        start = time.perf_counter()
        site.build(out, clean=True, seconds=cold)
        cold_total = time.perf_counter() - start
        start = time.perf_counter()
        site.build(out, fresh_env=True, seconds=cached)
        cached_total = time.perf_counter() - start
        size = sum(p.stat().st_size for p in (out / "html").rglob("*") if p.is_file())
    print(f"{'language':<10}{'notebooks':>10}{'cold s':>10}{'cached s':>10}")
    for language in site.LANGUAGES:
        count = len(site.notebooks(language))
        print(f"{language:<10}{count:>10}{cold[language]:>10.0f}{cached[language]:>10.0f}")
    print(f"{'total':<10}{'':>10}{cold_total:>10.0f}{cached_total:>10.0f}")
    print(f"site size: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    sys.exit(main())
