"""Strip outputs from the course notebooks before they are committed.

The repository keeps notebooks without outputs so that diffs stay readable and
the student release can be compared with a fresh nbgrader run; the tests
enforce it. Usage: ``python scripts/strip_notebooks.py [paths...]`` (default:
every notebook under notebooks/, solutions/ and assignments/).
"""

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("notebooks", "solutions", "assignments")
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def strip(nb: nbformat.NotebookNode) -> bool:
    """Clear outputs in place and set the kernel; return True if anything changed."""
    before = nbformat.writes(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        for key in ("execution", "collapsed", "scrolled", "ExecuteTime"):
            cell.metadata.pop(key, None)
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata.setdefault("language_info", {"name": "python"})
    for key in ("widgets", "toc", "varInspector"):
        nb.metadata.pop(key, None)
    return nbformat.writes(nb) != before


def main(paths: list[str]) -> None:
    targets = [Path(p) for p in paths] or [
        p for folder in FOLDERS for p in sorted((ROOT / folder).rglob("*.ipynb"))
    ]
    for path in targets:
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = nbformat.read(path, as_version=4)
        if strip(nb):
            nbformat.write(nb, path)
            print(f"stripped {path.relative_to(ROOT) if path.is_absolute() else path}")


if __name__ == "__main__":
    main(sys.argv[1:])
