"""One worker of ``crmlab grade``: autograde the submissions it claims, one after the other.

Run by :mod:`crmlab.autograde.cli` in the course folder::

    python -m crmlab.autograde.worker CLAIMS RESULTS ASSIGNMENT/STUDENT ... -- NBGRADER OPTIONS

The options name the worker's private gradebook, autograded folder and flag
report folder (``--TamperCheck.report_directory``).

The workers of one run share the list of submissions (of one or more
assignments) and a folder of claims: each takes the next submission nobody
has claimed (a file created with ``O_EXCL``, so exactly one worker gets it),
grades it with nbgrader's own autograde (``NbGraderAPI.autograde``, what
formgrader calls: the course's configuration, sandbox and checks) into its
private gradebook and flag report, writes what they now hold for the
student to ``RESULTS/ASSIGNMENT/STUDENT.json`` (:func:`export`), and only then appends
``ASSIGNMENT/STUDENT`` to ``RESULTS/graded.txt``, the list that the parent
process merges from while the other submissions are still being graded. A
worker that drew quick submissions simply takes more, so the workers finish
together. nbgrader, the kernel template and the spare kernel stay loaded
from one submission to the next, across assignments too.
"""

from __future__ import annotations

import csv
import json
import os
import sys

from crmlab.autograde import tamper

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


def export(gradebook, assignment: str, student: str, report: str) -> dict:
    """What ``gradebook`` and the flag report ``report`` hold for the student's submission.

    Auto scores and automatic comments by notebook and cell, the late
    penalties, the submission's timestamp and each notebook's flag rows
    (none for a clean one): all that autograde writes, as plain data.
    """
    flagged: dict[str, list[dict]] = {}
    if os.path.exists(report):
        with open(report, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["student"] == student:
                    fields = {k: row[k] for k in ("cell", "reason", "tests_zeroed")}
                    flagged.setdefault(row["notebook"], []).append(fields)
    submission = gradebook.find_submission(assignment, student)
    return {
        "timestamp": submission.timestamp.isoformat() if submission.timestamp else None,
        "notebooks": {
            notebook.name: {
                "late_submission_penalty": notebook.late_submission_penalty,
                "grades": {grade.name: grade.auto_score for grade in notebook.grades},
                "comments": {comment.name: comment.auto_comment for comment in notebook.comments},
                "flags": flagged.get(notebook.name, []),
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
    reports = app.config.TamperCheck.get("report_directory", "")
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
        report = tamper.report_path(reports, api.coursedir.db_url, assignment)
        with api.gradebook as gradebook:
            done = export(gradebook, assignment, student, report)
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
