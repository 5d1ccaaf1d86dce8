"""The instructor's grading workflow, end to end, on a00-warmup with the real nbgrader.

In a temporary copy of the course: generate the assignment; put an LMS
download (notebooks and a zip, Blackboard- and Canvas-style names) in
grading/downloaded/a00-warmup/archive/; ``nbgrader zip_collect``; ``nbgrader
autograde`` (one batch, with tampered and misbehaving submissions among the
honest ones); grade the written answer through nbgrader's Gradebook API, as
formgrader does; ``nbgrader generate_feedback``; ``nbgrader export``; autograde
one student again with --force. The module fixture runs the steps once and
keeps what each produced; each test checks one property.

The batch runs with ``--Execute.timeout=5`` (the config says 10 s) so that the
endless loop costs 5 s, and with a memory cap of 1.5 GB (the config says 3 GiB)
so that the memory hog stops sooner; the mechanisms are the configured ones.
"""

from __future__ import annotations

import copy
import csv
import zipfile

import nbformat
import pytest

from tests import grading_tools as gt
from tests.known_wrong.a00_warmup import KNOWN_WRONG

pytestmark = pytest.mark.grading

ID = NB = "a00-warmup"
FULL = 8.0  # auto-graded points of a00-warmup
WRITTEN = "written_negative_tiers"
COMMENT = "Good arguments; back the recommendation with a number from the table."
MEMORY_CAP = 1_500_000_000

PART_B = ["test_negative_value_tiers_course", "test_negative_value_tiers_other_table"]
PART_C = ["test_negative_value_share_course", "test_negative_value_share_other_table"]
PART_D = ["test_value_index_course", "test_value_index_other_table"]

# Code of the hidden tests of a00-warmup, which students must never see.
HIDDEN_CODE = [
    "BEGIN HIDDEN TESTS",
    "simple_clv(4, 250.5, 120)",
    "other = pd.DataFrame",
    "107.76 / 1.8",
]

EXPECTED_AUTO = {
    "jsmith": FULL,
    "alee": FULL - 2,
    "cwong": FULL - 2,
    "bkim": 0.0,
    "tpass": FULL - 2,
    "tdelete": FULL - 2,
    "tunlock": FULL - 2,
    "dup": FULL,
    "retype": FULL,
    "loop": FULL - 2,
    "memhog": FULL - 4,
}


def wrong(grade_id: str, description: str) -> str:
    (entry,) = [w for w in KNOWN_WRONG[grade_id] if w.description == description]
    return entry.source


def cell_index(nb, grade_id: str) -> int:
    return next(
        i for i, c in enumerate(nb.cells) if gt.nbgrader_meta(c).get("grade_id") == grade_id
    )


def with_tests_as_pass(nb):
    for cell in nb.cells:
        if gt.is_test_cell(cell):
            cell.source = "pass"
    return nb


def with_tests_deleted(nb):
    nb.cells = [c for c in nb.cells if not gt.is_test_cell(c)]
    return nb


def with_tests_unlocked(nb):
    """The student removed the nbgrader metadata of the test cells, then emptied them."""
    for cell in nb.cells:
        if gt.is_test_cell(cell):
            del cell.metadata["nbgrader"]
            cell.source = "pass"
    return nb


def duplicated(nb):
    """A solution cell and a test cell copied (JupyterLab gives copies new ids)."""
    for grade_id in ("simple_clv", "test_simple_clv_value"):
        index = cell_index(nb, grade_id)
        twin = copy.deepcopy(nb.cells[index])
        twin.id = f"{twin.id}-copy"
        nb.cells.insert(index + 1, twin)
    return nb


def retyped(nb):
    """A solution cell and a test cell turned into markdown cells."""
    for grade_id in ("simple_clv", "test_value_index_course"):
        index = cell_index(nb, grade_id)
        old = nb.cells[index]
        nb.cells[index] = nbformat.v4.new_markdown_cell(
            old.source, metadata=old.metadata, id=old.id
        )
    return nb


def submissions(course: gt.Course) -> dict[str, object]:
    """File name in the LMS download -> notebook (for a zip: the notebook inside)."""
    answers = {
        c.metadata["nbgrader"]["grade_id"]: gt.without_solution_markers(c.source)
        for c in gt.read(course.root / "solutions" / ID / f"{NB}.ipynb").cells
        if gt.nbgrader_meta(c).get("solution")
    }

    def filled(**replacements):
        return gt.filled_release(ID, NB, replacements, root=course.root)

    blank = gt.read(course.root / "assignments" / ID / f"{NB}.ipynb")
    percentage = {
        "negative_value_share": wrong("negative_value_share", "percentage instead of fraction")
    }
    market = {
        "negative_value_share": wrong(
            "negative_value_share", "share of the market instead of the customers"
        )
    }
    hog = (
        "def hog():\n"
        "    chunks = []\n"
        "    while True:\n"
        "        chunks.append(b'x' * 2**26)\n"
        "\n"
        "hog()\n\n"
    )
    return {
        # Blackboard names; the later of jsmith's two attempts counts.
        "jsmith_attempt_2026-11-19-08-15-30_a00-warmup.ipynb": blank,
        "jsmith_attempt_2026-11-20-15-30-45_a00-warmup.ipynb": filled(),
        # Canvas names; a late resubmission that the LMS renamed with "-1".
        "alee_12345_67890_a00-warmup.ipynb": filled(**percentage),
        "cwong_LATE_23456_78901_a00-warmup-1.ipynb": filled(**market),
        # Tampering: graded with the original tests, so no better than alee.
        "tpass_attempt_2026-11-20-11-00-00_a00-warmup.ipynb": with_tests_as_pass(
            filled(**percentage)
        ),
        "tdelete_attempt_2026-11-20-11-00-00_a00-warmup.ipynb": with_tests_deleted(
            filled(**percentage)
        ),
        "tunlock_attempt_2026-11-20-11-00-00_a00-warmup.ipynb": with_tests_unlocked(
            filled(**percentage)
        ),
        "dup_attempt_2026-11-20-11-00-00_a00-warmup.ipynb": duplicated(filled()),
        "retype_attempt_2026-11-20-11-00-00_a00-warmup.ipynb": retyped(filled()),
        # Misbehaving code: an endless loop, a growing list, an absurd allocation.
        "loop_attempt_2026-11-20-11-00-00_a00-warmup.ipynb": filled(
            value_index="while True:\n    pass\n\n" + answers["value_index"]
        ),
        "memhog_attempt_2026-11-20-11-00-00_a00-warmup.ipynb": filled(
            negative_value_tiers=hog + answers["negative_value_tiers"],
            value_index="hoard = bytearray(50 * 1024**3)\n\n" + answers["value_index"],
        ),
        # A zip holding the untouched release.
        "bkim_attempt_2026-11-21-09-30-00_a00-warmup.zip": blank,
    }


def put_download(course: gt.Course) -> None:
    archive = course.root / "grading" / "downloaded" / ID / "archive"
    archive.mkdir(parents=True)
    for name, nb in submissions(course).items():
        if name.endswith(".zip"):
            with zipfile.ZipFile(archive / name, "w") as bundle:
                bundle.writestr(f"{NB}.ipynb", nbformat.writes(nb))
        else:
            nbformat.write(nb, archive / name)


def manual_grade(course: gt.Course, student: str, score: float, comment: str) -> None:
    """What formgrader does when a grader scores a written answer and comments on it."""
    with course.gradebook() as gb:
        grade = gb.find_grade(WRITTEN, NB, ID, student)
        grade.manual_score = score
        grade.needs_manual_grade = False
        gb.find_comment(WRITTEN, NB, ID, student).manual_comment = comment
        gb.db.commit()


def snapshot(course: gt.Course, student: str) -> dict:
    with course.gradebook() as gb:
        grade = gb.find_grade(WRITTEN, NB, ID, student)
        submission = gb.find_submission(ID, student)
        return {
            "manual_score": grade.manual_score,
            "needs_manual_grade": grade.needs_manual_grade,
            "comment": gb.find_comment(WRITTEN, NB, ID, student).manual_comment,
            "total": submission.score,
            "timestamp": submission.timestamp,
        }


@pytest.fixture(scope="module")
def workflow(tmp_path_factory):
    course = gt.copy_course(tmp_path_factory.mktemp("course"))
    course.generate(ID)
    put_download(course)
    out = {"course": course}
    out["zip_collect"] = course.nbgrader("zip_collect", ID)
    out["autograde"] = course.nbgrader(
        "autograde",
        ID,
        "--Execute.timeout=5",
        f"--GradingKernelManager.memory_limit={MEMORY_CAP}",
    )
    out["grades"] = course.grades(ID)
    manual_grade(course, "jsmith", 1.5, COMMENT)
    out["before"] = snapshot(course, "jsmith")
    course.nbgrader("generate_feedback", ID)
    out["feedback"] = {
        student: (course.root / "grading" / "feedback" / student / ID / f"{NB}.html").read_text(
            encoding="utf-8"
        )
        for student in out["grades"]
    }
    grades_csv = course.root / "grading" / "grades.csv"
    course.nbgrader("export", f"--to={grades_csv}")
    with grades_csv.open(newline="") as handle:
        out["csv"] = list(csv.DictReader(handle))
    course.nbgrader("autograde", ID, "--student=jsmith", "--force")
    out["after"] = snapshot(course, "jsmith")
    return out


def autograded(workflow, student: str) -> nbformat.NotebookNode:
    return gt.read(
        workflow["course"].root / "grading" / "autograded" / student / ID / f"{NB}.ipynb"
    )


def test_zip_collect_finds_every_student_of_the_download(workflow):
    submitted = workflow["course"].root / "grading" / "submitted"
    found = sorted(p.name for p in submitted.iterdir())
    assert found == sorted(EXPECTED_AUTO)
    assert all((submitted / s / ID / f"{NB}.ipynb").is_file() for s in found)


def test_zip_collect_keeps_the_later_attempt_with_its_time(workflow):
    stamp = workflow["course"].root / "grading" / "submitted" / "jsmith" / ID / "timestamp.txt"
    assert stamp.read_text() == "2026-11-20 15:30:45"
    assert str(workflow["before"]["timestamp"]) == "2026-11-20 15:30:45"


def test_every_submission_gets_its_expected_auto_score(workflow):
    totals = {s: gt.auto_scores(rows)[0] for s, rows in workflow["grades"].items()}
    assert totals == EXPECTED_AUTO


def test_tampered_tests_are_graded_with_the_original_tests(workflow):
    # tpass, tdelete and tunlock made the tests pass, were deleted or unlocked:
    # each loses exactly what alee, who did not tamper, loses.
    honest = workflow["grades"]["alee"]
    for student in ("tpass", "tdelete", "tunlock"):
        rows = workflow["grades"][student]
        assert {g: r["score"] for g, r in rows.items() if not r["manual"]} == {
            g: r["score"] for g, r in honest.items() if not r["manual"]
        }, student
    restored = autograded(workflow, "tdelete")
    assert sum(gt.is_test_cell(c) for c in restored.cells) == 8


def test_endless_loop_is_stopped_and_only_its_part_fails(workflow):
    rows = workflow["grades"]["loop"]
    lost = sorted(g for g in gt.autograded_ids(rows) if rows[g]["score"] < rows[g]["max_score"])
    assert lost == sorted(PART_D)
    nb = autograded(workflow, "loop")
    answer = nb.cells[cell_index(nb, "value_index")]
    assert any(o.output_type == "error" for o in answer.outputs), "the loop was not interrupted"


def test_memory_hog_fails_its_cells_under_the_cap_and_the_rest_is_graded(workflow):
    rows = workflow["grades"]["memhog"]
    lost = sorted(g for g in gt.autograded_ids(rows) if rows[g]["score"] < rows[g]["max_score"])
    assert lost == sorted(PART_B + PART_D)
    nb = autograded(workflow, "memhog")
    for grade_id in ("negative_value_tiers", "value_index"):
        errors = [
            o.ename for o in nb.cells[cell_index(nb, grade_id)].outputs if o.output_type == "error"
        ]
        assert errors == ["MemoryError"], grade_id


def test_blank_release_in_a_zip_earns_zero(workflow):
    rows = workflow["grades"]["bkim"]
    assert gt.auto_scores(rows) == (0.0, FULL)
    assert rows[WRITTEN]["auto_score"] == 0


def test_manual_grade_and_comment_are_recorded(workflow):
    before = workflow["before"]
    assert (before["manual_score"], before["comment"]) == (1.5, COMMENT)
    assert before["total"] == FULL + 1.5


def test_feedback_shows_the_score_and_the_comment(workflow):
    html = workflow["feedback"]["jsmith"]
    assert "Score: 9.5 / 10.0" in html
    assert COMMENT in html


@pytest.mark.parametrize("student", ["jsmith", "alee", "cwong", "tdelete", "loop"])
def test_feedback_never_shows_hidden_test_code(workflow, student):
    html = workflow["feedback"][student]
    leaked = [text for text in HIDDEN_CODE if text in html]
    assert not leaked, f"feedback of {student} shows hidden test code {leaked}"
    assert "hidden tests ran here" in html


@pytest.mark.parametrize("student", ["alee", "cwong", "tdelete"])
def test_feedback_never_shows_the_expected_value_of_a_hidden_test(workflow, student):
    # Their share is 62.7 or 0.767: 0.627 could only come from a hidden test.
    assert "0.627" not in workflow["feedback"][student]


def test_feedback_explains_visible_failures_and_hides_hidden_ones(workflow):
    # alee's percentage fails a visible check: its message helps and reveals nothing.
    assert "Did you pass a percentage?" in workflow["feedback"]["alee"]
    # cwong's 0.767 passes the visible checks and fails a hidden one.
    assert "a hidden test in this cell failed" in workflow["feedback"]["cwong"]


def test_export_has_one_row_per_student_with_the_total(workflow):
    rows = {r["student_id"]: r for r in workflow["csv"] if r["assignment"] == ID}
    assert len(rows) == len(workflow["csv"]) == len(EXPECTED_AUTO)
    expected = {**EXPECTED_AUTO, "jsmith": FULL + 1.5}
    assert {s: float(r["score"]) for s, r in rows.items()} == expected
    assert {float(r["max_score"]) for r in rows.values()} == {10.0}


def test_autograde_again_keeps_the_manual_grade_and_comment(workflow):
    after = workflow["after"]
    assert (after["manual_score"], after["comment"]) == (1.5, COMMENT)
    assert after["total"] == FULL + 1.5
    # nbgrader flags a manually graded cell for review after a new autograde.
    assert (workflow["before"]["needs_manual_grade"], after["needs_manual_grade"]) == (False, True)
