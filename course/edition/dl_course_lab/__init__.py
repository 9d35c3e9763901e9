"""The course's Jupyter server extension for students: nbgrader's Validate button without
freezing the server, and a check that the installed ``helpers`` are the ones the notebook
was built for.

nbgrader 0.9.6 answers ``POST /assignments/validate`` in a synchronous handler: it runs the
whole notebook in a fresh kernel inside the server's event loop, so every other request
(saving, outputs, the file browser) waits until Validate is done. This extension serves the
same two routes as nbgrader's ``validate_assignment`` server extension (which the student
edition disables) with nbgrader's own handler code, but runs the validation in a worker
thread, one at a time, and answers the page when it is finished.

Validate runs the notebook from the top in a fresh kernel, as nbgrader does, but without the
code cells tagged ``experiment``: the lectures' longer training runs and plots, which hold no
answer and no check, and on which no graded cell depends (the course's own tests grade every
solution with them left out). Validate then answers in seconds on every assignment; running
the whole notebook in JupyterLab still shows every experiment.

It is enabled by ``etc/jupyter/jupyter_server_config.d/zz-dl-course-student.json``, which
installing the student edition puts in the environment.
"""

from __future__ import annotations

import asyncio
import json
import re
import traceback
from concurrent.futures import ThreadPoolExecutor
from importlib.util import find_spec
from pathlib import Path

from jupyter_server.utils import url_path_join
from nbconvert.preprocessors import Preprocessor
from nbgrader.nbgraderformat import SchemaTooNewError, SchemaTooOldError
from nbgrader.preprocessors import CheckCellMetadata, ClearOutput, Execute
from nbgrader.server_extensions.validate_assignment.handlers import (
    NbGraderVersionHandler,
    ValidateAssignmentHandler,
)
from nbgrader.validator import Validator
from tornado import web
from traitlets import List

# Notebook metadata written by the course's publisher: {"helpers_version": "1.0.0", ...}
METADATA_KEY = "dl_course"

# The tag of the experiment cells (course.cells.EXPERIMENT_TAG on the instructor's side).
EXPERIMENT_TAG = "experiment"

# One validation at a time: a second press waits for the first instead of doubling the load.
_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="validate")


def installed_helpers_version() -> str | None:
    """``helpers.__version__`` of the installed package, read from its source so that the
    server does not import torch; None when ``helpers`` is not installed."""
    spec = find_spec("helpers")
    if spec is None or not spec.origin:
        return None
    text = Path(spec.origin).read_text(encoding="utf-8")
    m = re.search(r"^__version__\s*=\s*[\"']([^\"']+)[\"']", text, re.MULTILINE)
    return m.group(1) if m else None


def version_problem(notebook: Path) -> str | None:
    """A message for the student when the notebook was built for other ``helpers`` than the
    installed ones; None when they match or the notebook does not say."""
    try:
        nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # nbgrader reports unreadable notebooks itself
    wanted = (nb.get("metadata", {}).get(METADATA_KEY) or {}).get("helpers_version")
    if not wanted:
        return None
    have = installed_helpers_version()
    if have == wanted:
        return None
    return (
        f"This notebook was made for the course's helpers {wanted}, but this environment has "
        f"{'no helpers package' if have is None else 'helpers ' + have}.\n"
        "Install the edition this notebook came with: in its folder, run\n\n"
        "    pip install -e .\n\n"
        "then restart JupyterLab. Your answers are safe: nothing was run."
    )


class SkipExperiments(Preprocessor):
    """Leaves out the code cells tagged ``experiment`` before the notebook is executed."""

    def preprocess(self, nb, resources):
        nb.cells = [c for c in nb.cells
                    if not (c.cell_type == "code" and EXPERIMENT_TAG in c.metadata.get("tags", []))]
        return nb, resources


class CourseValidator(Validator):
    """nbgrader's ``Validator`` (same checks, same messages) without the experiment cells."""

    preprocessors = List([CheckCellMetadata, ClearOutput, SkipExperiments, Execute])


class ValidateHandler(ValidateAssignmentHandler):
    """nbgrader's handler, run off the event loop, after the helpers version check, with
    ``CourseValidator``."""

    def validate_notebook(self, path):
        root = Path(self.root_dir).resolve()
        target = (root / path).resolve()
        if not target.is_relative_to(root):
            raise web.HTTPError(403, "Access denied: path outside allowed directory")
        if target.is_file():
            problem = version_problem(target)
            if problem:
                return {"success": False, "value": problem}
        try:
            result = CourseValidator(config=self.load_config()).validate(str(target))
        except (SchemaTooOldError, SchemaTooNewError) as exc:
            self.log.error(traceback.format_exc())
            return {"success": False, "value": f"The notebook's nbgrader metadata does not match this nbgrader: "
                                               f"{exc}. Install the edition this notebook came with "
                                               "(`pip install -e .` in its folder)."}
        except Exception:
            self.log.error(traceback.format_exc())
            return {"success": False, "value": traceback.format_exc()}
        return {"success": True, "value": result}

    @web.authenticated
    async def post(self):
        try:
            path = self.get_argument("path")
        except web.MissingArgumentError:
            path = (self.get_json_body() or {}).get("path")
        if not path:
            raise web.HTTPError(400, "no notebook path")
        loop = asyncio.get_running_loop()
        output = await loop.run_in_executor(_EXECUTOR, self.validate_notebook, path)
        self.finish(json.dumps(output))


def _jupyter_server_extension_points():
    return [{"module": "dl_course_lab"}]


def _load_jupyter_server_extension(serverapp):
    webapp = serverapp.web_app
    base_url = webapp.settings["base_url"]
    webapp.settings["root_dir"] = serverapp.root_dir  # what nbgrader's handler reads
    webapp.add_handlers(
        ".*$",
        [
            (url_path_join(base_url, "/assignments/validate"), ValidateHandler),
            (url_path_join(base_url, "/nbgrader_version"), NbGraderVersionHandler),
        ],
    )
    serverapp.log.info("dl_course_lab: Validate runs in a worker thread")
