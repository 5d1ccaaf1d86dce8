"""The package cites the lecture documents by the Sources page's labels, never by file label.

"seed 00x" and ``seeds/`` are the authors' names for the source files; a student
cannot know them. RNG seeds of the generators are a different thing and stay.
The exercises are checked by their own tests.
"""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[1]
FILE_LABEL = re.compile(r"seeds? ?0[0-4]|seeds/", re.IGNORECASE)


def _shipped_text_files():
    for path in sorted((ROOT / "crmlab").rglob("*")):
        if path.suffix in {".py", ".csv", ".toml", ".md"} and "exercises" not in path.parts:
            yield path
    yield ROOT / "datasets" / "README.md"


def test_no_internal_file_labels_in_the_package_or_the_datasheets():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _shipped_text_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FILE_LABEL.search(line)
    ]
    assert found == []


def test_the_check_finds_a_file_label():
    assert FILE_LABEL.search("(seed 004)") and FILE_LABEL.search("see seeds/ folder")
    assert not FILE_LABEL.search("seed: int = SEEDS['kano_survey']")
