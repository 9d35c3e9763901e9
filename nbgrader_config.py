"""nbgrader configuration for the course.

An instructor runs nbgrader from the repository root: the masters live in
``source/``, student versions go to ``release/`` and executed solutions to
``solutions/``; the class gradebook is ``gradebook.db`` and the student folders
(``submitted/``, ``autograded/``, ``feedback/``) sit beside it (all git-ignored).
``make course`` loads this file with a temporary gradebook; ``course grade`` uses
it as it is (``--course-dir`` points it at another course folder).
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "dl-course"
# Absolute, so that nbgrader does not warn "root '.' is not absolute" on every command.
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.solution_directory = "solutions"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
# The class gradebook: formgrader, `nbgrader db student add`, `nbgrader export` and `course grade`.
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")
# Data files shipped beside a notebook travel with it; caches never do.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# Solution and hidden-test markers, as written in source/.
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\nraise NotImplementedError()",
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"

# `nbgrader generate_assignment NN` registers the assignment in the gradebook even
# though release/ is committed (nbgrader otherwise skips an existing release folder
# and `autograde` then finds no assignment). It rewrites release/NN exactly as
# `make course` does: nbgrader's own steps, then the course's clean-up (the
# notebook's metadata names its master; nothing that changes between runs).
c.GenerateAssignment.force = True
c.GenerateAssignment.preprocessors = [
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "nbgrader.preprocessors.ClearSolutions",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.SaveCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.CheckCellMetadata",
    "course.build.CleanGenerated",
]

# Feedback never shows the hidden tests, whichever tool makes it: `nbgrader
# generate_feedback`, formgrader's "Generate feedback" button (and so
# `release_feedback` / `fetch_feedback`), and `course grade` / `course feedback`.
# HideHiddenTests removes the hidden block of every test cell, reduces a test
# cell's traceback to its message and scrubs copies of hidden lines from outputs.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "course.grading.preprocessors.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
c.HTMLExporter.sanitize_html = True

# Execution while grading: the slowest solution cell takes a few seconds on a
# 2-core CPU; a cell that runs 120 s is a loop that will not end.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True
c.Execute.raise_on_iopub_timeout = True
c.Execute.iopub_timeout = 30
c.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:"]

# A deleted test cell is put back instead of leaving a submission waiting for
# manual grading forever (plain nbgrader then runs it; `course grade` scores a
# test cell the student deleted as 0, see GRADING.md).
c.OverwriteCells.add_missing_cells = True
# Cell types and metadata come from the gradebook, not from the submission.
c.CheckCellMetadata.enabled = True

# A flood of output must not blow up the gradebook or the feedback pages.
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100
