"""Regenerate the student release (assignments/) from the nbgrader sources (solutions/).

Usage: ``python scripts/release_assignments.py [ASSIGNMENT_ID ...]`` (``make
assignments`` runs it for every assignment). Never edit assignments/ by hand:
change solutions/ and run this.

For each assignment folder of solutions/ (or each one named), it runs
``nbgrader generate_assignment ID --force`` in a temporary copy of the course
(nbgrader_config.py and solutions/), so that the result depends on nothing
else: not on the local gradebook under grading/, which stays untouched, nor on
submissions already collected. It then strips outputs and metadata that vary
between runs (scripts/strip_notebooks.py), writes the notebooks in nbformat's
canonical form, and replaces assignments/ID with the result. Without
arguments, release folders whose source is gone are removed.

nbgrader needs the programs of the environment it runs in (alembic) on PATH;
the script puts the folder of its own interpreter first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from strip_notebooks import strip  # noqa: E402 (the sibling script, found via sys.path)

SKIP = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc")


def assignment_ids(root: Path = ROOT) -> list[str]:
    """Every assignment of the course: the folders of solutions/ that hold a notebook."""
    folder = root / "solutions"
    return (
        sorted(p.name for p in folder.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))
        if folder.is_dir()
        else []
    )


def nbgrader_env() -> dict[str, str]:
    """The environment for running nbgrader: this interpreter's bin folder first on PATH."""
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}


def run_nbgrader(args: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in the course folder ``cwd``; raise with its log if it fails."""
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
        **kwargs,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"nbgrader {' '.join(args)} failed in {cwd} (exit {result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result


def normalize_notebook(nb: nbformat.NotebookNode) -> str:
    """The canonical text of a release notebook: stripped, keys sorted, one trailing newline."""
    strip(nb)
    return nbformat.writes(nb) + "\n"


def normalize_folder(folder: Path) -> None:
    """Rewrite every notebook under ``folder`` in canonical form."""
    for path in sorted(folder.rglob("*.ipynb")):
        text = normalize_notebook(nbformat.read(path, as_version=4))
        path.write_text(text, encoding="utf-8")


def generate(root: Path, ids: list[str], out: Path) -> None:
    """Generate the release of ``ids`` from ``root``/solutions into ``out``/ID, normalized."""
    with tempfile.TemporaryDirectory(prefix="crmlab-release-") as tmp:
        course = Path(tmp)
        shutil.copy2(root / "nbgrader_config.py", course / "nbgrader_config.py")
        shutil.copytree(root / "solutions", course / "solutions", ignore=SKIP)
        for assignment_id in ids:
            run_nbgrader(["generate_assignment", assignment_id, "--force"], cwd=course)
            release = course / "assignments" / assignment_id
            normalize_folder(release)
            target = out / assignment_id
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(release, target)


def main(argv: list[str]) -> None:
    known = assignment_ids()
    ids = argv or known
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise SystemExit(
            f"No source notebook for {', '.join(unknown)} in solutions/. "
            f"Assignments: {', '.join(known) or 'none'}."
        )
    release = ROOT / "assignments"
    release.mkdir(exist_ok=True)
    generate(ROOT, ids, release)
    for assignment_id in ids:
        print(f"released assignments/{assignment_id}")
    if not argv:
        for stale in sorted(p for p in release.iterdir() if p.is_dir() and p.name not in known):
            shutil.rmtree(stale)
            print(f"removed assignments/{stale.name} (no source in solutions/)")


if __name__ == "__main__":
    main(sys.argv[1:])
