"""``crmlab grade ASSIGNMENT [ASSIGNMENT ...] [--jobs N]``: autograde a whole class in parallel.

Each of N workers (:mod:`crmlab.autograde.worker`) runs the course's own
nbgrader autograde (sandbox, tamper checks and all) on the submissions it
claims, one at a time, until none is left, so the workers finish together;
several assignments are one queue, so the workers start once and the run
ends once. Each writes a private copy of the gradebook, a private autograded
folder and flag report, and exports each submission's results to a file of
its own folder, so no two processes ever open one SQLite file. This process
alone copies the results into the course as submissions are finished, while
the others are still being graded: auto scores and automatic comments into
the gradebook (manual scores and comments are never touched), the autograded
notebooks into ``grading/autograded/`` and the flag rows into the flag
reports.
The scores are those of one ``nbgrader autograde`` run: the same program
grades each notebook, only the gradebook it writes first differs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import datetime
from pathlib import Path

from crmlab.autograde import tamper
from crmlab.autograde.worker import GRADED, import_nbgrader_lightly

RESULTS = "results"  # a worker's exports, beside its gradebook and autograded folder


def default_jobs() -> int:
    """Workers of ``crmlab grade`` by default: one more than the CPUs.

    A worker alternates between its own work and waiting for its student's
    kernel, so one worker per CPU leaves CPUs idle. On 2 cores, 3 workers
    graded the 800 submissions of ``benchmarks/bench_class.py`` in 606 s,
    2 workers in 635 s (one run each, on a machine whose speed varied by 10%).
    """
    return (os.cpu_count() or 1) + 1


def _students(root: Path, assignment: str) -> list[str]:
    submitted = root / "grading" / "submitted"
    return sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir())


def _worker(root: Path, items: list[str], claims: Path, scratch: Path):
    scratch.mkdir(parents=True)
    shutil.copy2(root / "grading" / "gradebook.db", scratch / "gradebook.db")
    cmd = [
        sys.executable,
        "-m",
        "crmlab.autograde.worker",
        str(claims),
        str(scratch / RESULTS),
        *items,
        "--",
        f"--CourseDirectory.db_url=sqlite:///{scratch / 'gradebook.db'}",
        f"--CourseDirectory.autograded_directory={scratch / 'autograded'}",
        f"--TamperCheck.report_directory={scratch / 'reports'}",
    ]
    env = dict(
        os.environ,
        PATH=os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]),
    )
    log = open(scratch / "nbgrader.log", "w")
    return subprocess.Popen(cmd, cwd=root, stdout=log, stderr=subprocess.STDOUT, env=env), log


def _graded(scratch: Path) -> list[str]:
    """The ``ASSIGNMENT/STUDENT`` items a worker has finished, in order.

    A line still being written is not one yet.
    """
    path = scratch / RESULTS / GRADED
    if not path.exists():
        return []
    return path.read_text(encoding="utf-8").split("\n")[:-1]


class _Merge:
    """This process's side: copy each graded submission's results into the course as they arrive.

    It is the only writer of the course's gradebook and flag reports. Auto
    scores, automatic comments, late penalties and flag rows come from the
    worker's export (:func:`crmlab.autograde.worker.export`); a clean notebook
    loses the flag rows of an earlier grading, as with ``nbgrader autograde``;
    manual scores and comments are never touched. Merging while the workers still grade keeps the end of
    the run short: only the last few submissions are left when they finish.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.merged: set[str] = set()
        self.main = None

    def _gradebook(self):
        if self.main is None:
            import_nbgrader_lightly()
            from nbgrader.api import Gradebook

            # nbgrader's update_or_create_submission warns about its own autoflush.
            warnings.filterwarnings("ignore", message=".*not in session.*")
            self.main = Gradebook("sqlite:///" + str(self.root / "grading" / "gradebook.db"))
        return self.main

    def pull(self, scratch: Path) -> None:
        """Merge the submissions ``scratch``'s worker has graded since the last call."""
        for item in _graded(scratch):
            if item in self.merged:
                continue
            assignment, student = item.split("/")
            exported = scratch / RESULTS / assignment / f"{student}.json"
            result = json.loads(exported.read_text(encoding="utf-8"))
            self._write(assignment, student, result)
            self.merged.add(item)
            source = scratch / "autograded" / student / assignment
            dest = self.root / "grading" / "autograded" / student / assignment
            if source.is_dir():
                shutil.rmtree(dest, ignore_errors=True)
                shutil.copytree(source, dest)

    def _write(self, assignment: str, student: str, result: dict) -> None:
        main = self._gradebook()
        stamp = result["timestamp"]
        main.update_or_create_student(student)
        submission = main.update_or_create_submission(
            assignment, student, timestamp=datetime.fromisoformat(stamp) if stamp else None
        )
        for notebook in submission.notebooks:
            done = result["notebooks"].get(notebook.name)
            if done is None:
                continue
            notebook.late_submission_penalty = done["late_submission_penalty"]
            for grade in notebook.grades:
                if grade.name not in done["grades"]:
                    continue
                grade.auto_score = done["grades"][grade.name]
                grade.needs_manual_grade = (
                    grade.manual_score is not None or grade.auto_score is None
                )
            for comment in notebook.comments:
                if comment.name in done["comments"]:
                    comment.auto_comment = done["comments"][comment.name]
        main.db.commit()
        report = str(self.root / "grading" / "reports" / f"{assignment}-flags.csv")
        for name, done in result["notebooks"].items():
            tamper.write_report(report, student, name, done["flags"])

    def close(self) -> None:
        if self.main is not None:
            self.main.close()


def grade(root: Path, assignments: list[str], jobs: int) -> int:
    """Autograde every submission of ``assignments`` with ``jobs`` workers; return an exit code."""
    items = []
    for assignment in dict.fromkeys(assignments):  # each once, in the order given
        students = _students(root, assignment)
        if not students:
            print(
                f"crmlab grade: no submissions of {assignment} in {root / 'grading' / 'submitted'}"
            )
            return 1
        items += [f"{assignment}/{student}" for student in students]
    jobs = max(1, min(jobs, len(items)))
    start = time.perf_counter()
    merge = _Merge(root)
    with tempfile.TemporaryDirectory(prefix="crmlab-grade-") as tmp:
        claims = Path(tmp) / "claims"
        claims.mkdir()
        workers = [
            (_worker(root, items, claims, Path(tmp) / f"w{k}"), Path(tmp) / f"w{k}")
            for k in range(jobs)
        ]
        failed = 0
        shown = -1
        pending = list(workers)
        try:
            while pending:
                time.sleep(0.5)
                for item in list(pending):
                    (process, log), scratch = item
                    finished = process.poll() is not None
                    merge.pull(scratch)
                    if not finished:
                        continue
                    log.close()
                    pending.remove(item)
                    if process.returncode:
                        failed += 1
                        print((scratch / "nbgrader.log").read_text(encoding="utf-8")[-3000:])
                done = len(merge.merged)
                if done != shown:  # redraw on progress only, so a log shows one line per step
                    shown = done
                    bar = "#" * (30 * done // len(items))
                    print(f"\r[{bar:<30}] {done}/{len(items)} graded", end="", flush=True)
        finally:
            merge.close()
    print(f"\n{len(items)} submissions in {time.perf_counter() - start:.1f} s with {jobs} jobs")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="crmlab", description="crmlab course tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    grading = commands.add_parser(
        "grade", help="autograde every submission of one or more assignments"
    )
    grading.add_argument(
        "assignments", nargs="+", metavar="assignment", help="assignment id, e.g. a00-warmup"
    )
    grading.add_argument(
        "--jobs", type=int, default=default_jobs(), help="parallel workers (default: CPUs + 1)"
    )
    grading.add_argument("--course", type=Path, default=Path.cwd(), help="course folder")
    args = parser.parse_args(argv)
    root = args.course.resolve()
    if not (root / "nbgrader_config.py").exists():
        parser.error(
            f"{root} has no nbgrader_config.py: run from the course folder or pass --course"
        )
    return grade(root, args.assignments, args.jobs)


if __name__ == "__main__":
    sys.exit(main())
