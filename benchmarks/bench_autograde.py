"""Autograde time per submission, for every assignment, with the real nbgrader.

For each assignment, in a temporary copy of the course: autograde one
submission (the solution), then four more in one batch. The marginal cost of
a submission is (t5 - t1) / 4; the rest of t1 is nbgrader's fixed start-up.
Run it on a quiet machine. Name assignments to time only those::

    .venv/bin/python benchmarks/bench_autograde.py a00-warmup a01-value
"""

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import grading_tools as gt  # noqa: E402


def batch_seconds(course: gt.Course, assignment_id: str, students: list[str]) -> float:
    names = [p.stem for p in gt.release_notebooks(assignment_id, course.root)]
    for student in students:
        filled = {n: gt.filled_release(assignment_id, n, root=course.root) for n in names}
        course.submit(student, assignment_id, filled)
    start = time.perf_counter()
    course.nbgrader("autograde", assignment_id, "--force")
    return time.perf_counter() - start


def main() -> None:
    print(f"{'assignment':<20}{'1 submission (s)':>18}{'per extra submission (s)':>27}")
    for assignment_id in sys.argv[1:] or gt.ASSIGNMENT_IDS:
        with tempfile.TemporaryDirectory() as tmp:
            course = gt.copy_course(Path(tmp))
            course.generate(assignment_id)
            one = batch_seconds(course, assignment_id, ["s0"])
            five = batch_seconds(course, assignment_id, [f"s{i}" for i in range(5)])
        print(f"{assignment_id:<20}{one:>18.1f}{(five - one) / 4:>27.1f}")


if __name__ == "__main__":
    main()
