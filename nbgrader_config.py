"""nbgrader configuration of the crmlab course.

Everything nbgrader writes while grading (gradebook, exchange, submissions,
LMS downloads, autograded copies, feedback) lives under ``grading/``, which
git ignores, so one clone of the repository is a complete course on one
laptop. Paths are relative to this file's folder, so a copy of the course
(nbgrader_config.py, solutions/, assignments/) is self-contained: the tests
grade in such copies. On a JupyterHub, point ``Exchange.root`` at a shared
folder instead (see INSTRUCTORS.md).
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

COURSE_ROOT = os.path.dirname(os.path.abspath(__file__))
GRADING = os.path.join(COURSE_ROOT, "grading")
# SQLite cannot create the gradebook in a missing folder (a fresh clone).
os.makedirs(GRADING, exist_ok=True)

c.CourseDirectory.root = COURSE_ROOT
c.CourseDirectory.course_id = "crm-analytics"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "assignments"
c.CourseDirectory.submitted_directory = os.path.join("grading", "submitted")
c.CourseDirectory.autograded_directory = os.path.join("grading", "autograded")
c.CourseDirectory.feedback_directory = os.path.join("grading", "feedback")
c.CourseDirectory.solution_directory = os.path.join("grading", "solution")
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(GRADING, "gradebook.db")
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

c.Exchange.root = os.path.join(GRADING, "exchange")
# Students fetch into a folder named after the course, as on a JupyterHub.
c.Exchange.path_includes_course = True

# Per cell. The slowest cell of the course's solutions (fitting the churn
# model in a05, the OLS test in a04) took 1.5 s on a loaded 2-core machine;
# 10 s leaves more than 6 times that and ends an endless loop three times
# sooner than nbgrader's 30 s. Raise it for slower answers of your own.
c.Execute.timeout = 10
c.Execute.interrupt_on_timeout = True

# A submission whose test cells were deleted is graded with the original tests.
c.OverwriteCells.add_missing_cells = True
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograde, first pass (sanitize): nbgrader's stock list with DeduplicateIds
# fixed. A student who copies a test or solution cell would otherwise crash
# the grading of their submission: nbgrader empties the metadata of the extra
# copy, and OverwriteCells (with add_missing_cells) then fails on it. In both
# passes, CheckCellMetadata is nbgrader's check with its JSON schema checked
# once per notebook instead of once per cell (same verdicts, faster).
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "crmlab.autograde.SafeDeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "crmlab.autograde.FastCheckCellMetadata",
]

# Autograde, second pass: nbgrader's stock list (converters/autograde.py) with Execute
# replaced by crmlab's GradingExecute, which starts every student kernel in a
# bubblewrap sandbox (no network, no view of the course, grading/ or other
# students, an unprivileged uid, limits on memory, CPU, processes, open files
# and disk), runs test cells in a trusted checker in this process (student
# values and calls cross as data, crmlab/autograde/checker.py), and flags
# submissions that hook or patch their kernel; TamperCheck reports them. Past the memory cap an allocation raises MemoryError in the
# student's cell (the cell loses its points, the batch goes on). Grading
# without the sandbox needs c.GradingKernelManager.sandbox = False: student
# code then runs with your rights (INSTRUCTORS.md). nbgrader ignores c.Execute.kernel_manager_class (its
# Execute passes the class as a keyword argument), hence the subclass. Every
# Execute option above still applies. Grading kernels also silence warnings:
# nbgrader gives zero to a test cell that writes anything to stderr.
c.Autograde.autograde_preprocessors = [
    "crmlab.autograde.GradingExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "crmlab.autograde.TamperCheck",
    "nbgrader.preprocessors.AssignLatePenalties",
    "crmlab.autograde.FastCheckCellMetadata",
]
# Address-space cap of a grading kernel, in bytes (0: no cap). A kernel with
# pandas, scipy, statsmodels and scikit-learn loaded reserves about 0.6 GB.
c.GradingKernelManager.memory_limit = 3 * 1024**3
c.GradingKernelManager.ignore_warnings = True
# Flagged submissions (tampering with the kernel) are listed here, one CSV per
# assignment: grading/reports/<assignment>-flags.csv (see INSTRUCTORS.md).
c.TamperCheck.report_directory = os.path.join(GRADING, "reports")

# Feedback: nbgrader's stock list (converters/generate_feedback.py) plus
# HideHiddenTests after GetGrades, so that the HTML returned to students never
# shows the code of hidden tests or the values they expect.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "crmlab.autograde.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Collecting from an LMS (nbgrader zip_collect ASSIGNMENT). Put the files
# downloaded from the LMS, notebooks or zip files, in
#     grading/downloaded/<assignment id>/archive/
# zip_collect extracts them to .../extracted/ and copies each notebook to
# grading/submitted/<student id>/<assignment id>/<notebook>.ipynb.
# File names (zip files: the name of the zip, holding the notebook inside):
#     <student>_attempt_<YYYY-MM-DD-HH-MM-SS>_<notebook>.ipynb   (Blackboard)
#     <student>_<user id>_<submission id>_<notebook>.ipynb       (Canvas)
#     <student>_LATE_<user id>_<submission id>_<notebook>.ipynb  (Canvas, late)
# e.g. jsmith_attempt_2026-11-20-10-00-00_a00-warmup.ipynb or
# jsmith_12345_67890_a00-warmup.ipynb. Student ids contain no "_". A "-1",
# "-2" the LMS appends to a resubmitted file name is dropped. The Blackboard
# timestamp (read as UTC) becomes the submission time, and of two files of one
# student the later wins; Canvas names carry no time. crmlab's collector
# rewrites that timestamp before nbgrader parses it: nbgrader's own collector
# reads the trailing "-MM-SS" as a UTC offset, so "2026-11-20-15-30-05" comes
# out as 20:00 and "2026-11-20-15-30-45" stops the collection.
c.ZipCollectApp.downloaded_directory = os.path.join("grading", "downloaded")
c.ZipCollectApp.collector_plugin = "crmlab.autograde.LMSFileNameCollector"
c.FileNameCollectorPlugin.named_regexp = (
    r".*/(?P<student_id>[^/_]+)_"
    r"(?:attempt_(?P<timestamp>\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d)|(?:LATE_)?\d+_\d+)_"
    r"(?:[^/]*/)?(?P<file_id>[^/]+?)(?:-\d+)?\.ipynb$"
)
