"""``course grade``: grade a whole class with real nbgrader, into the course's own gradebook,
robustly, in isolation, in parallel.

    course grade 01                       # submitted/<student>/01_.../ of the repository's course
    course grade 01 --submissions export.zip --workers 4
    course feedback 01                    # after hand grading in formgrader

The modules follow the run, and import only downwards:

* :mod:`.collect` finds the submissions (nbgrader's layout, folders, flat files, a zip) and copies
  any other shape into ``submitted/<student>/<assignment>/``;
* :mod:`.template` generates the assignment once (template gradebook, release, hidden lines) and
  registers it in the class gradebook;
* :mod:`.worker` runs a pool of worker processes; each grades one student at a time with
  :mod:`.student`: pre-screening (:mod:`.screen`), nbgrader's ``autograde`` in a private course
  folder with the kernel in the sandbox (:mod:`.sandbox`, started by :mod:`.preprocessors`);
* :mod:`.classbook` merges each result into the class gradebook (the main process is its only
  writer), keeping hand grades, and applies nbgrader's late-submission penalties;
* :mod:`.outputs` writes ``grades.csv``, ``cells.csv``, nbgrader's export and the feedback pages
  (nbgrader's ``generate_feedback`` from the class gradebook, hidden tests removed).

:mod:`.records` holds the dataclasses that travel between them. See GRADING.md.
"""

from .records import STATUSES, Limits, StudentResult
from .run import ClassRun, feedback, grade_class

__all__ = ["STATUSES", "ClassRun", "Limits", "StudentResult", "feedback", "grade_class"]
