"""Students see a course, not our workshop: no internal file labels in what they read.

The five lecture documents are cited by the labels of the Sources page
(``notebooks/sources.md``, ``crmlab.sources``). The project's internal
shorthand for their files ("seed 001", a ``seeds/`` folder) must never reach a
notebook, an assignment, a hint, the glossary, a docstring or a datasheet.
Random seeds of the data generators (``seed=2024``, ``np.random.default_rng(seed)``)
are a different thing and are allowed.
"""

import re
import subprocess
from pathlib import Path

import pytest

from tests.notebook_tools import ROOT

# "seed 001", "seed004", "Seed 00x", "seeds 000 and 003", "seeds/": file labels.
INTERNAL_LABEL = re.compile(r"seeds? ?0[0-4x]\d?|seeds/|seed_?0{2}[0-4]", re.IGNORECASE)

STUDENT_FACING = (
    "notebooks",
    "translations",
    "assignments",
    "solutions",
    "crmlab",
    "datasets/README.md",
    "README.md",
    "INSTRUCTORS.md",
    "site",
    "deploy",
)
TEXT_SUFFIXES = {".py", ".ipynb", ".md", ".csv", ".toml", ".json", ".txt", ".html", ".yml", ".yaml"}


def _tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--", *STUDENT_FACING],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed if Path(name).suffix in TEXT_SUFFIXES]


def internal_labels(text: str) -> list[str]:
    """Every internal file label in ``text``, with a little context."""
    return [text[max(m.start() - 30, 0) : m.end() + 30] for m in INTERNAL_LABEL.finditer(text)]


@pytest.mark.parametrize(
    "text",
    ["as seed 001 says", "Seed 004's tree", "(seeds 000, 003)", "see seeds/001.txt", "seed00x"],
)
def test_the_pattern_catches_internal_labels(text):
    assert internal_labels(text)


@pytest.mark.parametrize(
    "text",
    ["rng = np.random.default_rng(seed)", "seed=2024", "seed: 7", "(source: CRM slides)"],
)
def test_the_pattern_spares_random_seeds_and_source_labels(text):
    assert not internal_labels(text)


def test_no_internal_file_labels_in_student_facing_files():
    files = _tracked_files()
    assert len(files) > 50, "the scan should see the whole course"
    found = {
        str(path.relative_to(ROOT)): hits
        for path in files
        if path.exists() and (hits := internal_labels(path.read_text(encoding="utf-8")))
    }
    assert not found, (
        "Cite the lecture documents by the labels of notebooks/sources.md, not by file label: "
        + "; ".join(f"{name}: {hits[:3]}" for name, hits in found.items())
    )
