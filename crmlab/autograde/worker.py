"""One worker of ``crmlab grade``: autograde the submissions it claims, one after the other.

Run by :mod:`crmlab.autograde.cli` in the course folder::

    python -m crmlab.autograde.worker ASSIGNMENT CLAIMS GRADED STUDENT ... -- NBGRADER OPTIONS

The workers of one run share the list of students and a folder of claims:
each takes the next student nobody has claimed (a file created with
``O_EXCL``, so exactly one worker gets it), grades that submission with
nbgrader's own autograde (``NbGraderAPI.autograde``, what formgrader calls:
the course's configuration, sandbox and checks), and writes the student's
name to ``GRADED`` once it is graded. A worker that drew quick submissions simply takes more,
so the workers finish together. nbgrader, the kernel template and the spare
kernel stay loaded from one submission to the next.
"""

from __future__ import annotations

import os
import sys


def claim(folder: str, student: str) -> bool:
    """Whether this process is the first to claim ``student`` in ``folder``."""
    try:
        os.close(os.open(os.path.join(folder, student), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def main(argv: list[str]) -> int:
    if "--" not in argv or len(argv[: argv.index("--")]) < 3:
        raise SystemExit(
            "usage: python -m crmlab.autograde.worker ASSIGNMENT CLAIMS GRADED STUDENT ... "
            "-- NBGRADER OPTIONS"
        )
    split = argv.index("--")
    (assignment, claims, graded, *students), options = argv[:split], argv[split + 1 :]
    from nbgrader.apps import NbGraderAPI
    from nbgrader.apps.baseapp import NbGrader

    app = NbGrader()
    app.initialize(options)
    api = NbGraderAPI(parent=app)
    failed = 0
    for student in students:
        if not claim(claims, student):
            continue
        result = api.autograde(assignment, student, force=True, create=True)
        print(result.get("log", ""), flush=True)
        if not result.get("success"):
            failed += 1
            print(f"crmlab grade: {student} was not graded:\n{result.get('error', '')}", flush=True)
            continue
        with open(graded, "a", encoding="utf-8") as handle:
            handle.write(student + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
