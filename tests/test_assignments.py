"""Every graded assignment: release in sync, conventions kept, tests that catch mistakes.

Parametrized over the folders of solutions/, so a new assignment is covered
as soon as its source notebook exists. For each assignment, one autograde run
grades the solution, the blank release and every known-wrong answer of
tests/known_wrong/ as separate students in a temporary copy of the course.
"""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass

import pytest

from tests import grading_tools as gt
from tests import known_wrong

pytestmark = pytest.mark.grading

course = gt.course

LEAKS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN", "BEGIN MARK SCHEME")
# Lower-case words, digits, "_" and "-"; not the random "cell-0123abcd..." ids
# that JupyterLab's assignment toolbar makes up, which say nothing in the gradebook.
STABLE_ID = re.compile(r"[a-z][a-z0-9_-]*")
RANDOM_ID = re.compile(r"cell-[0-9a-f]{16}")


@dataclass
class Batch:
    grades: dict[str, dict[str, dict]]
    wrong: dict[str, list[tuple[str, known_wrong.Wrong]]]


def pack(entries: list[tuple[str, known_wrong.Wrong]]) -> list[list[tuple[str, known_wrong.Wrong]]]:
    """Group known-wrong answers into as few submissions as possible.

    Every submission costs a full notebook run, so answers to different cells
    whose lost tests do not overlap share one submission: each still has to
    cost exactly its own tests, which stay distinguishable.
    """
    rounds: list[list[tuple[str, known_wrong.Wrong]]] = []
    for grade_id, entry in entries:
        for group in rounds:
            cells = {g for g, _ in group}
            lost = {t for _, w in group for t in w.loses}
            if grade_id not in cells and lost.isdisjoint(entry.loses):
                group.append((grade_id, entry))
                break
        else:
            rounds.append([(grade_id, entry)])
    return rounds


def graded(course: gt.Course, assignment_id: str) -> Batch:
    """Autograde solution, blank release and all known-wrong answers in one run (cached)."""
    key = ("batch", assignment_id)
    if key in course.cache:
        return course.cache[key]
    course.generate(assignment_id)
    names = [p.stem for p in gt.release_notebooks(assignment_id, course.root)]

    def filled(replacements=None):
        return {
            n: gt.filled_release(assignment_id, n, replacements, root=course.root) for n in names
        }

    course.submit("solution", assignment_id, filled())
    blank = {n: gt.read(course.root / "assignments" / assignment_id / f"{n}.ipynb") for n in names}
    course.submit("blank", assignment_id, blank)
    wrong = {}
    entries = [(g, w) for g, ws in known_wrong.load(assignment_id).items() for w in ws]
    for number, group in enumerate(pack(entries)):
        student = f"wrong{number:02d}"
        course.submit(student, assignment_id, filled({g: w.source for g, w in group}))
        wrong[student] = group
    course.nbgrader("autograde", assignment_id)
    course.cache[key] = Batch(course.grades(assignment_id), wrong)
    return course.cache[key]


ids = pytest.mark.parametrize("assignment_id", gt.ASSIGNMENT_IDS)


@ids
def test_release_is_what_nbgrader_generates_from_the_source(course, assignment_id):
    course.generate(assignment_id)
    fresh = course.root / "assignments" / assignment_id
    committed = gt.ROOT / "assignments" / assignment_id
    fresh_files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    committed_files = sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
    hint = "run `make assignments` (never edit assignments/ by hand)"
    assert committed_files == fresh_files, f"assignments/{assignment_id} has other files: {hint}"
    for name in fresh_files:
        if name.suffix == ".ipynb":
            expected = gt.release.normalize_notebook(gt.read(fresh / name))
            same = (committed / name).read_text(encoding="utf-8") == expected
        else:
            same = (committed / name).read_bytes() == (fresh / name).read_bytes()
        assert same, f"assignments/{assignment_id}/{name} is out of date: {hint}"


def test_release_shows_no_solutions_or_hidden_tests():
    leaks = [
        f"{path.relative_to(gt.ROOT)}: {marker}"
        for path in sorted((gt.ROOT / "assignments").rglob("*"))
        if path.is_file()
        for marker in LEAKS
        if marker in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert not leaks, "the student release contains instructor text:\n" + "\n".join(leaks)


def _part_problems(nb, name: str) -> list[str]:
    """Each "## Part X (N points)" heading: N equals the points of its graded cells,
    and a part with test cells has hidden tests."""
    problems, parts, current = [], [], None
    for cell in nb.cells:
        match = gt.PART_HEADING.search(cell.source) if cell.cell_type == "markdown" else None
        if match:
            current = {"title": f"Part {match.group(1)}", "points": float(match.group(2))}
            current.update(graded=0.0, tests=0, hidden=False)
            parts.append(current)
        meta = gt.nbgrader_meta(cell)
        if not meta.get("grade"):
            continue
        if current is None:
            problems.append(f"{name}: graded cell {meta['grade_id']!r} comes before any Part")
            continue
        current["graded"] += float(meta.get("points", 0))
        if gt.is_test_cell(cell):
            current["tests"] += 1
            current["hidden"] |= gt.HIDDEN_BEGIN in cell.source
    for part in parts:
        if part["graded"] != part["points"]:
            problems.append(
                f"{name}: {part['title']} says {part['points']:g} points, "
                f"its graded cells give {part['graded']:g}"
            )
        if part["tests"] and not part["hidden"]:
            problems.append(f"{name}: {part['title']} has no hidden tests")
    return problems


def _cell_problems(cell, name: str) -> list[str]:
    meta = gt.nbgrader_meta(cell)
    grade_id = meta.get("grade_id", "")
    where = f"{name} cell {grade_id!r}"
    problems = []
    if not STABLE_ID.fullmatch(grade_id) or RANDOM_ID.fullmatch(grade_id):
        problems.append(f"{where}: use a descriptive grade_id (lower case, digits, _ or -)")
    if gt.is_test_cell(cell):
        if cell.cell_type != "code":
            problems.append(f"{where}: a test cell must be a code cell")
            return problems
        if not float(meta.get("points") or 0) > 0:
            problems.append(f"{where}: a test cell needs points > 0")
        if not cell.source.startswith("# Test"):
            problems.append(f"{where}: start a test cell with a '# Test: ...' comment")
        for statement in gt.bare_asserts(cell.source):
            problems.append(
                f"{where}: `{statement}` has no message; use a crmlab.grading helper "
                "or add a message students can act on"
            )
        if gt.ends_with_a_value(cell.source):
            problems.append(f"{where}: ends with a value, which nbgrader reads as partial credit")
    if gt.is_manual_cell(cell) and not float(meta.get("points") or 0) > 0:
        problems.append(f"{where}: a manually graded answer needs points > 0")
    return problems


@ids
def test_source_notebooks_follow_the_conventions(assignment_id):
    problems, seen, manual = [], set(), 0
    paths = gt.source_notebooks(assignment_id)
    assert paths, f"solutions/{assignment_id} has no notebook"
    for path in paths:
        nb, name = gt.read(path), path.name
        kernel = nb.metadata.get("kernelspec", {})
        if kernel.get("name") != "python3" or kernel.get("language") != "python":
            problems.append(f"{name}: kernelspec must be python3 (scripts/strip_notebooks.py)")
        if re.search(r"-\d+$", path.stem):
            problems.append(f"{name}: a name ending in -<digits> breaks zip_collect")
        first = nb.cells[0] if nb.cells else None
        header_ok = (
            first is not None
            and first.cell_type == "markdown"
            and first.source.startswith("# ")
            and gt.nbgrader_meta(first).get("locked")
            and not gt.nbgrader_meta(first).get("grade")
        )
        if not header_ok:
            problems.append(f"{name}: the first cell must be a read-only markdown header '# ...'")
        if not any(
            c.cell_type == "code" and 'NAME = ""' in c.source and 'COLLABORATORS = ""' in c.source
            for c in nb.cells[:3]
        ):
            problems.append(f'{name}: a NAME = "" / COLLABORATORS = "" cell must follow the header')
        for cell in nb.cells:
            meta = gt.nbgrader_meta(cell)
            if not meta:
                continue
            grade_id = meta.get("grade_id", "")
            if grade_id in seen:
                problems.append(f"{name}: grade_id {grade_id!r} is used twice")
            seen.add(grade_id)
            problems += _cell_problems(cell, name)
            manual += gt.is_manual_cell(cell)
        problems += _part_problems(nb, name)
    if not manual:
        problems.append(f"{assignment_id} needs at least one manually graded written answer")
    assert not problems, "\n".join(problems)


_CHINESE_MARK = re.compile(r"^\*\*中文\*\*[ \t]*$", re.M)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _bilingual_problems(cell, where: str) -> list[str]:
    """English, then a **中文** line and the Chinese; headings carry both on one line."""
    if _HAN.search(cell.source) is None:
        return [f"{where}: no Chinese; add a **中文** block after the English (INSTRUCTORS.md)"]
    headings = [line for line in cell.source.splitlines() if line.startswith("#")]
    problems = [f"{where}: heading {h!r} has no Chinese" for h in headings if not _HAN.search(h)]
    body = "\n".join(line for line in cell.source.splitlines() if not line.startswith("#"))
    if not body.strip():
        return problems
    blocks = _CHINESE_MARK.split(body)
    if len(blocks) != 2:
        return [*problems, f"{where}: needs exactly one **中文** line between English and Chinese"]
    english, chinese = blocks
    missing = sorted(set(_NUMBER.findall(english)) - set(_NUMBER.findall(chinese)))
    if missing:
        problems.append(f"{where}: the Chinese lacks the numbers {missing}: is it out of date?")
    return problems


@ids
def test_task_text_is_in_english_then_chinese(assignment_id):
    """Every markdown cell a student reads is bilingual, and the Chinese keeps up.

    A changed English number that the Chinese does not show is the usual sign
    of a translation left behind.
    """
    problems = []
    for path in gt.source_notebooks(assignment_id):
        for cell in gt.read(path).cells:
            if cell.cell_type == "markdown" and not gt.nbgrader_meta(cell).get("solution"):
                problems += _bilingual_problems(cell, f"{path.name} cell {cell.get('id')}")
    assert not problems, "\n".join(problems)


@ids
def test_every_answer_cell_has_known_wrong_answers(assignment_id):
    answers, tests = set(), set()
    for path in gt.source_notebooks(assignment_id):
        for cell in gt.read(path).cells:
            if gt.is_answer_cell(cell):
                answers.add(gt.nbgrader_meta(cell)["grade_id"])
            elif gt.is_test_cell(cell):
                tests.add(gt.nbgrader_meta(cell)["grade_id"])
    wrong = known_wrong.load(assignment_id)
    module = f"tests/known_wrong/{known_wrong.module_name(assignment_id)}.py"
    missing = sorted(a for a in answers if not wrong.get(a))
    assert not missing, f"{module} has no known-wrong answer for {', '.join(missing)}"
    unknown = sorted(set(wrong) - answers)
    assert not unknown, f"{module} names cells that are not answer cells: {', '.join(unknown)}"
    for entries in wrong.values():
        for entry in entries:
            assert entry.loses, f"{module}: {entry.description!r} loses no test"
            strange = sorted(set(entry.loses) - tests)
            assert not strange, f"{module}: {entry.description!r} names unknown tests {strange}"


@ids
def test_solution_earns_full_marks(course, assignment_id):
    rows = graded(course, assignment_id).grades["solution"]
    lost = [g for g in gt.autograded_ids(rows) if rows[g]["score"] != rows[g]["max_score"]]
    assert not lost, f"the solution loses points in {lost}"
    assert gt.auto_scores(rows)[1] > 0


@ids
def test_blank_release_earns_zero(course, assignment_id):
    rows = graded(course, assignment_id).grades["blank"]
    assert gt.auto_scores(rows)[0] == 0, {g: r["score"] for g, r in rows.items() if r["score"]}
    unanswered = [g for g, r in rows.items() if r["manual"] and r["auto_score"] != 0]
    assert not unanswered, f"unanswered written cells not scored 0: {unanswered}"


@ids
def test_known_wrong_answers_lose_exactly_their_tests(course, assignment_id):
    batch = graded(course, assignment_id)
    failures = []
    for student, group in sorted(batch.wrong.items()):
        rows = batch.grades[student]
        lost = {g for g in gt.autograded_ids(rows) if rows[g]["score"] < rows[g]["max_score"]}
        for grade_id, entry in group:
            mine = lost & set(entry.loses)
            if mine != set(entry.loses):
                failures.append(
                    f"{grade_id}: {entry.description!r} kept full marks in "
                    f"{sorted(set(entry.loses) - mine)}"
                )
        expected = {t for _, entry in group for t in entry.loses}
        if lost - expected:
            culprits = ", ".join(repr(entry.description) for _, entry in group)
            failures.append(
                f"{student} ({culprits}) also lost {sorted(lost - expected)}, "
                "which no known-wrong answer declares"
            )
    assert not failures, "\n".join(failures)


def _comments_and_stamps(course: gt.Course, assignment_id: str) -> dict[str, dict]:
    with course.gradebook() as gb:
        return {
            s.student.id: {
                "timestamp": s.timestamp,
                "comments": {
                    (nb.name, c.name): (c.auto_comment, c.manual_comment)
                    for nb in s.notebooks
                    for c in nb.comments
                },
                "late": {nb.name: nb.late_submission_penalty for nb in s.notebooks},
            }
            for s in gb.find_assignment(assignment_id).submissions
        }


def test_crmlab_grade_in_parallel_gives_the_results_of_nbgrader_autograde(course, tmp_path):
    """`crmlab grade a00 a01 --jobs 2` on the batches (solution, blank, known-wrong) = autograde.

    Same scores, automatic comments, timestamps and autograded notebooks for
    both assignments, graded in one run; a hostile submission in the class is
    flagged in the course's report; a second run keeps the manual grade and
    comment an instructor gave between, and unflags the hostile student who
    resubmitted a clean notebook.
    """
    from crmlab.autograde import cli

    assignment_id, other = "a00-warmup", "a01-value"
    serial = graded(course, assignment_id)
    serial_other = graded(course, other)
    copy = gt.copy_course(tmp_path / "parallel")
    copy.generate(assignment_id)
    copy.generate(other)
    shutil.copytree(course.root / "grading" / "submitted", copy.root / "grading" / "submitted")
    names = [p.stem for p in gt.release_notebooks(assignment_id, copy.root)]
    answer = next(
        gt.nbgrader_meta(c)["grade_id"]
        for c in gt.read(gt.release_notebooks(assignment_id, copy.root)[0]).cells
        if gt.is_answer_cell(c)
    )
    hook = {answer: "import sys\nsys.settrace(lambda *a: None)"}
    copy.submit(
        "hooker",
        assignment_id,
        {n: gt.filled_release(assignment_id, n, hook, root=copy.root) for n in names},
    )
    run = ["grade", assignment_id, other, "--jobs", "2", "--course", str(copy.root)]
    assert cli.main(run) == 0
    assert copy.grades(other) == serial_other.grades
    assert _comments_and_stamps(copy, other) == _comments_and_stamps(course, other)
    grades = copy.grades(assignment_id)
    assert {s: g for s, g in grades.items() if s != "hooker"} == serial.grades
    assert sum(row["score"] for row in grades["hooker"].values()) < sum(
        row["score"] for row in serial.grades["solution"].values()
    )
    theirs = _comments_and_stamps(course, assignment_id)
    mine = _comments_and_stamps(copy, assignment_id)
    assert {s: v for s, v in mine.items() if s != "hooker"} == theirs
    assert any(auto for auto, _ in theirs["blank"]["comments"].values())
    autograded = copy.root / "grading" / "autograded"
    assert sorted(p.parent.name for p in autograded.glob(f"*/{assignment_id}")) == sorted(
        [*serial.grades, "hooker"]
    )
    report = copy.root / "grading" / "reports" / f"{assignment_id}-flags.csv"
    assert {row["student"] for row in csv.DictReader(report.open(encoding="utf-8"))} == {"hooker"}

    manual_id = next(
        grade_id
        for grade_id, row in serial.grades["solution"].items()
        if row["manual"] and row["max_score"]
    )
    with copy.gradebook() as gb:
        notebook = next(
            nb.name
            for nb in gb.find_submission(assignment_id, "solution").notebooks
            if any(g.name == manual_id for g in nb.grades)
        )
        gb.find_grade(manual_id, notebook, assignment_id, "solution").manual_score = 0.5
        gb.find_comment(manual_id, notebook, assignment_id, "solution").manual_comment = "see me"
        gb.db.commit()
    copy.submit(
        "hooker",
        assignment_id,
        {n: gt.filled_release(assignment_id, n, root=copy.root) for n in names},
    )
    assert cli.main([word for word in run if word != other]) == 0
    assert not list(csv.DictReader(report.open(encoding="utf-8"))), "a clean regrade is unflagged"
    again = copy.grades(assignment_id)
    assert again.pop("hooker") == serial.grades["solution"]
    del grades["hooker"]
    assert again["solution"][manual_id]["manual_score"] == 0.5
    assert again["solution"][manual_id]["score"] == 0.5
    kept = _comments_and_stamps(copy, assignment_id)["solution"]["comments"][(notebook, manual_id)]
    assert kept[1] == "see me"
    del again["solution"][manual_id], grades["solution"][manual_id]
    assert again == grades


def test_a_line_still_being_written_is_not_a_graded_student(tmp_path):
    from crmlab.autograde import cli, worker

    (tmp_path / cli.RESULTS).mkdir()
    (tmp_path / cli.RESULTS / worker.GRADED).write_text(
        "a00/s001\na01/s001\na01/s00", encoding="utf-8"
    )
    assert cli._graded(tmp_path) == ["a00/s001", "a01/s001"]
    assert cli._graded(tmp_path / "nothing-yet") == []


def test_each_submission_is_claimed_by_one_worker(tmp_path):
    """Workers of `crmlab grade` share the submissions: the first to claim one grades it."""
    from crmlab.autograde import worker

    assert worker.claim(str(tmp_path), "a00-warmup/s001")
    assert not worker.claim(str(tmp_path), "a00-warmup/s001")
    assert worker.claim(str(tmp_path), "a00-warmup/s002")
    assert worker.claim(str(tmp_path), "a01-value/s001")
    with pytest.raises(SystemExit, match="usage"):
        worker.main([str(tmp_path), str(tmp_path)])
