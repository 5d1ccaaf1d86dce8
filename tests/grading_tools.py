"""Shared helpers for the tests that run nbgrader for real.

Everything runs in a temporary copy of the course (nbgrader_config.py,
solutions/, assignments/): the config takes its own folder as the course
root, so nbgrader in the copy writes its gradebook and submissions under the
copy's grading/ and never touches the repository. nbgrader runs as a
subprocess with the venv's bin folder first on PATH (it calls ``alembic``).

Use the ``course`` fixture (module scope) in a test module by binding it at
module level: ``course = grading_tools.course``.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


release = _load_script("release_assignments")

ASSIGNMENT_IDS = release.assignment_ids(ROOT)
SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


# ---------------------------------------------------------------------------
# Reading nbgrader metadata
# ---------------------------------------------------------------------------
def nbgrader_meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def is_test_cell(cell) -> bool:
    """An autograded test cell: graded, not a student's answer."""
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution")


def is_manual_cell(cell) -> bool:
    """A manually graded answer: graded and written by the student."""
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and bool(meta.get("solution"))


def is_answer_cell(cell) -> bool:
    """A code solution cell checked by test cells (not graded by hand)."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("solution")) and not meta.get("grade")


def source_notebooks(assignment_id: str, root: Path = ROOT) -> list[Path]:
    return sorted((root / "solutions" / assignment_id).glob("*.ipynb"))


def release_notebooks(assignment_id: str, root: Path = ROOT) -> list[Path]:
    return sorted((root / "assignments" / assignment_id).glob("*.ipynb"))


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def without_solution_markers(source: str) -> str:
    """The solution code of a source cell: its marker lines removed, the rest kept."""
    return "\n".join(
        line for line in source.split("\n") if not any(m in line for m in SOLUTION_MARKERS)
    )


def visible_part(source: str) -> str:
    """What students see of a test cell: the source without its hidden-test regions."""
    from crmlab.autograde.checker import visible_part as without_hidden_tests

    return without_hidden_tests(source, HIDDEN_BEGIN, HIDDEN_END)


def bare_asserts(source: str) -> list[str]:
    """`assert` statements without a message in a test cell (students would see a bare error)."""
    tree = ast.parse(source)
    return [
        ast.get_source_segment(source, node) or "assert ..."
        for node in ast.walk(tree)
        if isinstance(node, ast.Assert) and node.msg is None
    ]


def ends_with_a_value(source: str) -> bool:
    """True if a test cell ends with an expression other than an assert_* call.

    nbgrader reads a number shown by the last line of a test cell as partial
    credit, so a test cell must not end with a bare value.
    """
    body = ast.parse(source).body
    if not body or not isinstance(body[-1], ast.Expr):
        return False
    value = body[-1].value
    if isinstance(value, ast.Call):
        func = value.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        return not name.startswith("assert_")
    return not isinstance(value, ast.Constant) or value.value is not None


# ---------------------------------------------------------------------------
# Building submissions
# ---------------------------------------------------------------------------
def filled_release(
    assignment_id: str,
    notebook: str,
    replacements: dict[str, str] | None = None,
    root: Path = ROOT,
) -> nbformat.NotebookNode:
    """The release notebook filled in as a student would: every answer cell gets the
    solution (markers removed), except the grade_ids in ``replacements``, which get
    the given source instead.
    """
    replacements = replacements or {}
    source_nb = read(root / "solutions" / assignment_id / f"{notebook}.ipynb")
    answers = {
        nbgrader_meta(c)["grade_id"]: without_solution_markers(c.source)
        for c in source_nb.cells
        if nbgrader_meta(c).get("solution")
    }
    nb = read(root / "assignments" / assignment_id / f"{notebook}.ipynb")
    for cell in nb.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if nbgrader_meta(cell).get("solution"):
            cell.source = replacements.get(grade_id, answers[grade_id])
        elif cell.cell_type == "code" and cell.source.startswith('NAME = ""'):
            cell.source = 'NAME = "A Student"\nCOLLABORATORS = ""'
    return nb


# ---------------------------------------------------------------------------
# A temporary course
# ---------------------------------------------------------------------------
@dataclass
class Course:
    """A copy of the course in a temporary folder, graded with the real nbgrader."""

    root: Path
    generated: set[str] = field(default_factory=set)
    cache: dict = field(default_factory=dict)

    @property
    def db_url(self) -> str:
        return "sqlite:///" + str(self.root / "grading" / "gradebook.db")

    def nbgrader(self, *args: str, timeout: float = 900):
        """Run ``nbgrader ARGS`` in the course; fail the test with nbgrader's log on error."""
        try:
            return release.run_nbgrader(list(args), cwd=self.root, timeout=timeout)
        except RuntimeError as error:
            pytest.fail(str(error), pytrace=False)

    def generate(self, assignment_id: str) -> None:
        """``nbgrader generate_assignment`` once per assignment (records it in the gradebook)."""
        if assignment_id not in self.generated:
            self.nbgrader("generate_assignment", assignment_id, "--force")
            self.generated.add(assignment_id)

    def submit(
        self,
        student: str,
        assignment_id: str,
        notebooks: dict[str, nbformat.NotebookNode],
        timestamp: str | None = None,
    ) -> Path:
        """Place a submission where ``nbgrader collect``/``zip_collect`` would."""
        folder = self.root / "grading" / "submitted" / student / assignment_id
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for name, nb in notebooks.items():
            nbformat.write(nb, folder / f"{name}.ipynb")
        if timestamp:
            (folder / "timestamp.txt").write_text(timestamp)
        return folder

    def gradebook(self):
        from nbgrader.api import Gradebook

        return Gradebook(self.db_url, "crm-analytics")

    def grades(self, assignment_id: str) -> dict[str, dict[str, dict]]:
        """student -> grade_id -> {score, auto_score, manual_score, max_score, manual}."""
        out: dict[str, dict[str, dict]] = {}
        with self.gradebook() as gb:
            for submission in gb.find_assignment(assignment_id).submissions:
                rows = out.setdefault(submission.student.id, {})
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        rows[grade.cell.name] = {
                            "score": grade.score,
                            "auto_score": grade.auto_score,
                            "manual_score": grade.manual_score,
                            "max_score": grade.max_score,
                            "manual": grade.cell.name in _manual_ids(notebook),
                        }
        return out


def _manual_ids(submission_notebook) -> set[str]:
    return {c.name for c in submission_notebook.notebook.solution_cells}


def copy_course(dest: Path) -> Course:
    """Copy nbgrader_config.py, solutions/ and assignments/ to ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    for folder in ("solutions", "assignments"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, dest / folder, ignore=release.SKIP)
    return Course(dest)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    """A fresh temporary copy of the course, shared by the tests of one module."""
    return copy_course(tmp_path_factory.mktemp("course"))


def auto_scores(rows: dict[str, dict]) -> tuple[float, float]:
    """(score, max) over the autograded test cells of one student."""
    auto = [r for r in rows.values() if not r["manual"]]
    return sum(r["score"] for r in auto), sum(r["max_score"] for r in auto)


def autograded_ids(rows: dict[str, dict]) -> list[str]:
    return sorted(g for g, r in rows.items() if not r["manual"])


PART_HEADING = re.compile(r"^## Part (\w+) \((\d+(?:\.\d+)?) points?\)", re.MULTILINE)
