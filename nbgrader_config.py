"""nbgrader configuration of the crmlab course.

Everything nbgrader writes while grading (gradebook, exchange, submissions,
autograded copies, feedback) lives under ``grading/``, which git ignores, so
one clone of the repository is a complete course on one laptop. On a
JupyterHub, point ``Exchange.root`` at a shared folder instead (see
INSTRUCTORS.md).
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

COURSE_ROOT = os.path.dirname(os.path.abspath(__file__))
GRADING = os.path.join(COURSE_ROOT, "grading")

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

# Every cell of the course runs in well under a second; 30 s per cell leaves
# room for a slow machine and stops an endless loop without hanging a batch.
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True

# A submission whose test cells were deleted is graded with the original tests.
c.OverwriteCells.add_missing_cells = True
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
