"""One worker of ``crmlab grade``: autograde the submissions it claims, one after the other.

Run by :mod:`crmlab.autograde.cli` in the course folder::

    python -m crmlab.autograde.worker CLAIMS RESULTS ASSIGNMENT/STUDENT ... -- NBGRADER OPTIONS

The workers of one run share the list of submissions (of one or more
assignments) and a folder of claims: each takes the next submission nobody
has claimed (a file created with ``O_EXCL``, so exactly one worker gets it),
grades it with nbgrader's own autograde (``NbGraderAPI.autograde``, what
formgrader calls: the course's configuration, sandbox and checks) into its
private gradebook, writes what that gradebook now holds for the student to
``RESULTS/ASSIGNMENT/STUDENT.json`` (:func:`export`), and only then appends
``ASSIGNMENT/STUDENT`` to ``RESULTS/graded.txt``, the list that the parent
process merges from while the other submissions are still being graded. A
worker that drew quick submissions simply takes more, so the workers finish
together. nbgrader, the kernel template and the spare kernel stay loaded
from one submission to the next, across assignments too.
"""

from __future__ import annotations

import json
import os
import sys

GRADED = "graded.txt"
# jsonschema imports this optional IRI checker when it is installed, and it
# builds two Lark grammars on import: 1.4 of the 2.5 CPU seconds that importing
# nbgrader costs. No schema the grading processes check uses the "iri"
# formats (a test reads nbformat's schemas), so they go without it.
UNUSED_ON_IMPORT = ("rfc3987_syntax",)


def import_nbgrader_lightly() -> None:
    """Keep the optional modules no grading process uses from loading with nbgrader.

    Call before the first import of nbgrader: it only blocks modules that are
    not imported yet, and jsonschema treats a blocked one as not installed.
    """
    for name in UNUSED_ON_IMPORT:
        sys.modules.setdefault(name, None)


def claim(folder: str, item: str) -> bool:
    """Whether this process is the first to claim ``item`` (``ASSIGNMENT/STUDENT``) in ``folder``."""
    path = os.path.join(folder, item)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def export(gradebook, assignment: str, student: str) -> dict:
    """What ``gradebook`` holds for the student's graded submission, as plain data.

    Auto scores and automatic comments by notebook and cell, the late
    penalties and the submission's timestamp: all that autograde writes.
    """
    submission = gradebook.find_submission(assignment, student)
    return {
        "timestamp": submission.timestamp.isoformat() if submission.timestamp else None,
        "notebooks": {
            notebook.name: {
                "late_submission_penalty": notebook.late_submission_penalty,
                "grades": {grade.name: grade.auto_score for grade in notebook.grades},
                "comments": {comment.name: comment.auto_comment for comment in notebook.comments},
            }
            for notebook in submission.notebooks
        },
    }


def main(argv: list[str]) -> int:
    if "--" not in argv or len(argv[: argv.index("--")]) < 3:
        raise SystemExit(
            "usage: python -m crmlab.autograde.worker CLAIMS RESULTS ASSIGNMENT/STUDENT ... "
            "-- NBGRADER OPTIONS"
        )
    split = argv.index("--")
    (claims, results, *items), options = argv[:split], argv[split + 1 :]
    import_nbgrader_lightly()
    from nbgrader.apps import NbGraderAPI
    from nbgrader.apps.baseapp import NbGrader

    app = NbGrader()
    app.initialize(options)
    api = NbGraderAPI(parent=app)
    failed = 0
    for item in items:
        if not claim(claims, item):
            continue
        assignment, student = item.split("/")
        result = api.autograde(assignment, student, force=True, create=True)
        print(result.get("log", ""), flush=True)
        if not result.get("success"):
            failed += 1
            print(f"crmlab grade: {item} was not graded:\n{result.get('error', '')}", flush=True)
            continue
        with api.gradebook as gradebook:
            done = export(gradebook, assignment, student)
        os.makedirs(os.path.join(results, assignment), exist_ok=True)
        with open(
            os.path.join(results, assignment, f"{student}.json"), "w", encoding="utf-8"
        ) as out:
            json.dump(done, out)
        with open(os.path.join(results, GRADED), "a", encoding="utf-8") as handle:
            handle.write(item + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
