"""``crmlab grade ASSIGNMENT [--jobs N]``: autograde a whole class in parallel.

Each of N workers (:mod:`crmlab.autograde.worker`) runs the course's own
nbgrader autograde (sandbox, tamper checks and all) on the students it
claims, one at a time, until none is left, so the workers finish together;
each writes a private copy of the gradebook and a private autograded folder,
so no two processes ever write one SQLite file. When the workers are done, this process alone copies
their results into the course: auto scores and automatic comments into the
gradebook (manual scores and comments are never touched), the autograded
notebooks into ``grading/autograded/`` and the flags into the flag reports.
The scores are those of one ``nbgrader autograde`` run: the same program
grades each notebook, only the gradebook it writes first differs.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path


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


def _worker(root: Path, assignment: str, students: list[str], claims: Path, scratch: Path):
    scratch.mkdir(parents=True)
    shutil.copy2(root / "grading" / "gradebook.db", scratch / "gradebook.db")
    cmd = [
        sys.executable,
        "-m",
        "crmlab.autograde.worker",
        assignment,
        str(claims),
        str(scratch / "graded.txt"),
        *students,
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
    path = scratch / "graded.txt"
    return path.read_text(encoding="utf-8").split() if path.exists() else []


def _merge(root: Path, assignment: str, scratch: Path) -> None:
    from nbgrader.api import Gradebook

    from crmlab.autograde import tamper

    url = "sqlite:///" + str(root / "grading" / "gradebook.db")
    # nbgrader's update_or_create_submission warns about its own autoflush.
    warnings.filterwarnings("ignore", message=".*not in session.*")
    with (
        Gradebook(str("sqlite:///" + str(scratch / "gradebook.db"))) as worker,
        Gradebook(url) as main,
    ):
        for student in _graded(scratch):
            try:
                done = worker.find_submission(assignment, student)
            except Exception:
                continue  # nbgrader could not grade it: its log says why
            main.update_or_create_student(student)
            main.update_or_create_submission(assignment, student, timestamp=done.timestamp)
            for notebook in done.notebooks:
                for grade in notebook.grades:
                    mine = main.find_grade(grade.name, notebook.name, assignment, student)
                    mine.auto_score = grade.auto_score
                    if mine.manual_score is not None or mine.auto_score is None:
                        mine.needs_manual_grade = True
                    else:
                        mine.needs_manual_grade = False
                for comment in notebook.comments:
                    main.find_comment(
                        comment.name, notebook.name, assignment, student
                    ).auto_comment = comment.auto_comment
                mine_nb = main.find_submission_notebook(notebook.name, assignment, student)
                mine_nb.late_submission_penalty = notebook.late_submission_penalty
            main.db.commit()
            source = scratch / "autograded" / student / assignment
            dest = root / "grading" / "autograded" / student / assignment
            if source.is_dir():
                shutil.rmtree(dest, ignore_errors=True)
                shutil.copytree(source, dest)
    report = scratch / "reports" / f"{assignment}-flags.csv"
    rows: dict[tuple[str, str], list[dict]] = {}
    if report.exists():
        with open(report, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                rows.setdefault((row["student"], row["notebook"]), []).append(row)
    path = str(root / "grading" / "reports" / f"{assignment}-flags.csv")
    for (student, notebook), found in rows.items():
        found = [{k: r[k] for k in ("cell", "reason", "tests_zeroed")} for r in found]
        tamper.write_report(path, student, notebook, found)


def grade(root: Path, assignment: str, jobs: int) -> int:
    """Autograde every submission of ``assignment`` with ``jobs`` workers; return an exit code."""
    students = _students(root, assignment)
    if not students:
        print(f"crmlab grade: no submissions of {assignment} in {root / 'grading' / 'submitted'}")
        return 1
    jobs = max(1, min(jobs, len(students)))
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="crmlab-grade-") as tmp:
        claims = Path(tmp) / "claims"
        claims.mkdir()
        workers = [
            (_worker(root, assignment, students, claims, Path(tmp) / f"w{k}"), Path(tmp) / f"w{k}")
            for k in range(jobs)
        ]
        failed = 0
        shown = -1
        pending = list(workers)
        while pending:
            time.sleep(0.5)
            for item in list(pending):
                (process, log), scratch = item
                if process.poll() is None:
                    continue
                log.close()
                pending.remove(item)
                if process.returncode:
                    failed += 1
                    print((scratch / "nbgrader.log").read_text(encoding="utf-8")[-3000:])
                _merge(root, assignment, scratch)
            done = sum(len(list((s / "autograded").glob(f"*/{assignment}"))) for _, s in workers)
            if done != shown:  # redraw on progress only, so a log shows one line per step
                shown = done
                bar = "#" * (30 * done // len(students))
                print(f"\r[{bar:<30}] {done}/{len(students)} graded", end="", flush=True)
    print(f"\n{len(students)} submissions in {time.perf_counter() - start:.1f} s with {jobs} jobs")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="crmlab", description="crmlab course tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    grading = commands.add_parser("grade", help="autograde every submission of an assignment")
    grading.add_argument("assignment", help="assignment id, e.g. a00-warmup")
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
    return grade(root, args.assignment, args.jobs)


if __name__ == "__main__":
    sys.exit(main())
