"""A whole class, graded: `crmlab grade` (parallel) against one-at-a-time `nbgrader autograde`.

Generates a class in a temporary copy of the course: STUDENTS students for
each of the chosen assignments, a realistic mix of submissions: right (60%),
partly wrong (20%, answers from tests/known_wrong), blank (10%) and hostile
(10%, hooks and sandbox attacks). Then, on the same submissions in the same
run, it times

- `crmlab grade ASSIGNMENT ... --jobs JOBS` on every submission of every
  chosen assignment (one run, as an instructor grades a whole course), and
- plain `nbgrader autograde ASSIGNMENT` (one process, one student after the
  other) on the first SERIAL students of each assignment, extrapolated to the
  class (say so in the output; --serial all runs the whole class serially).

--each also runs `crmlab grade ASSIGNMENT` once per assignment, as an
instructor grades one assignment at a time, and prints those times.

Usage (full size: 100 students x 8 assignments; shrink for a quick look)::

    .venv/bin/python benchmarks/bench_class.py --students 100 --serial 2
    .venv/bin/python benchmarks/bench_class.py --students 8 --assignments a00-warmup a01-value --serial 2 --each
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crmlab.autograde import cli  # noqa: E402
from tests import grading_tools as gt  # noqa: E402
from tests import known_wrong  # noqa: E402

HOSTILE = [
    "get_ipython().ast_transformers.append(None)",
    "import sys\nsys.settrace(lambda *a: None)",
    "import numpy as np\nnp.testing.assert_allclose = print",
    "while True:\n    pass",
    "import numpy as np\nhog = np.ones(2**31)",
]


def submissions(course: gt.Course, assignment_id: str, students: int, rng: random.Random):
    names = [p.stem for p in gt.release_notebooks(assignment_id, course.root)]
    wrong = [(g, w) for g, ws in known_wrong.load(assignment_id).items() for w in ws]
    first_answer = next(
        gt.nbgrader_meta(c)["grade_id"]
        for c in gt.read(gt.release_notebooks(assignment_id, course.root)[0]).cells
        if gt.is_answer_cell(c)
    )
    for number in range(students):
        kind = rng.choices(["right", "wrong", "blank", "hostile"], [6, 2, 1, 1])[0]
        if kind == "blank":
            nbs = {
                n: gt.read(course.root / "assignments" / assignment_id / f"{n}.ipynb")
                for n in names
            }
        else:
            replace = {}
            if kind == "wrong" and wrong:
                grade_id, entry = rng.choice(wrong)
                replace = {grade_id: entry.source}
            elif kind == "hostile":
                replace = {first_answer: rng.choice(HOSTILE)}
            nbs = {n: gt.filled_release(assignment_id, n, replace, root=course.root) for n in names}
        course.submit(f"s{number:03d}", assignment_id, nbs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--assignments", nargs="*", default=gt.ASSIGNMENT_IDS)
    parser.add_argument("--jobs", type=int, default=cli.default_jobs())
    parser.add_argument(
        "--serial", default="10", help="students graded serially per assignment, or 'all'"
    )
    parser.add_argument(
        "--each", action="store_true", help="also time one crmlab grade run per assignment"
    )
    args = parser.parse_args()
    rng = random.Random(2026)
    serial_n = args.students if args.serial == "all" else min(int(args.serial), args.students)
    total_serial = 0.0
    mismatches = 0
    serial_grades = {}
    with tempfile.TemporaryDirectory() as tmp:
        par = gt.copy_course(Path(tmp) / "parallel")
        for assignment_id in args.assignments:
            par.generate(assignment_id)
            submissions(par, assignment_id, args.students, rng)
            ser = gt.copy_course(Path(tmp) / assignment_id / "serial")
            ser.generate(assignment_id)
            submitted = par.root / "grading" / "submitted"
            for student in sorted(p.name for p in submitted.iterdir())[:serial_n]:
                shutil.copytree(
                    submitted / student / assignment_id,
                    ser.root / "grading" / "submitted" / student / assignment_id,
                )
            start = time.perf_counter()
            ser.nbgrader("autograde", assignment_id, timeout=10**5)
            serial_s = (time.perf_counter() - start) * args.students / serial_n
            total_serial += serial_s
            serial_grades[assignment_id] = ser.grades(assignment_id)
            print(f"{assignment_id:<18} nbgrader autograde, one at a time: {serial_s:8.1f} s")
        each = {}
        if args.each:
            for assignment_id in args.assignments:
                one = gt.copy_course(Path(tmp) / assignment_id / "each")
                one.generate(assignment_id)
                shutil.copytree(
                    par.root / "grading" / "submitted",
                    one.root / "grading" / "submitted",
                    dirs_exist_ok=True,
                )
                start = time.perf_counter()
                cli.main(
                    ["grade", assignment_id, "--jobs", str(args.jobs), "--course", str(one.root)]
                )
                each[assignment_id] = time.perf_counter() - start
        start = time.perf_counter()
        cli.main(["grade", *args.assignments, "--jobs", str(args.jobs), "--course", str(par.root)])
        total_parallel = time.perf_counter() - start
        for assignment_id in args.assignments:
            parallel_grades = par.grades(assignment_id)
            graded_both = serial_grades[assignment_id]
            same = all(parallel_grades.get(s) == g for s, g in graded_both.items())
            mismatches += not same
            timing = f"   crmlab grade alone {each[assignment_id]:6.1f} s" if each else ""
            print(
                f"{assignment_id:<18} same scores on the {len(graded_both)} graded both ways: "
                f"{'yes' if same else 'NO'}{timing}"
            )
    count = args.students * len(args.assignments)
    note = (
        "measured" if serial_n == args.students else f"extrapolated from {serial_n} per assignment"
    )
    print(f"\n{count} submissions ({args.students} students x {len(args.assignments)} assignments)")
    print(
        f"nbgrader autograde, one at a time: {total_serial:8.1f} s  {count / total_serial:6.2f}/s  ({note})"
    )
    print(
        f"crmlab grade --jobs {args.jobs}, one run:   {total_parallel:8.1f} s  {count / total_parallel:6.2f}/s"
    )
    if each:
        print(
            f"crmlab grade --jobs {args.jobs}, one run per assignment: {sum(each.values()):8.1f} s  "
            f"{count / sum(each.values()):6.2f}/s"
        )
    print(f"assignments where crmlab grade and nbgrader autograde disagree: {mismatches}")
    print(
        f"load average (1, 5, 15 min) at the end: {os.getloadavg()}; the machine's cores: {os.cpu_count()}"
    )


if __name__ == "__main__":
    main()
