"""The course folder that ``course grade`` works in, as nbgrader sees it: its
``nbgrader_config.py``, the class gradebook, ``source/``, ``submitted/``, ``autograded/``
and ``feedback/``. By default the repository root; ``--course-dir`` names another one."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config, PyFileConfigLoader

from .. import layout


def venv_on_path() -> None:
    """nbgrader calls ``alembic`` from PATH when it creates a gradebook: put our venv first."""
    import sys

    bindir = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if not path.startswith(bindir + os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + path


@dataclass(frozen=True)
class Course:
    root: Path

    @classmethod
    def at(cls, root: Path | None = None) -> Course:
        return cls(Path(root or layout.ROOT).resolve())

    @property
    def config_dir(self) -> Path:
        """Where ``nbgrader_config.py`` is read from: the course folder's own, else the repository's."""
        return self.root if (self.root / "nbgrader_config.py").is_file() else layout.ROOT

    def config(self, root: Path | None = None, db_url: str | None = None) -> Config:
        """The course's nbgrader configuration, optionally with another root or gradebook."""
        cfg = PyFileConfigLoader("nbgrader_config.py", path=str(self.config_dir)).load_config()
        cfg.CourseDirectory.root = str(root or self.root)
        cfg.CourseDirectory.db_url = db_url or self.db_url
        return cfg

    @property
    def db_url(self) -> str:
        """The class gradebook: the configured ``db_url`` when the course folder has its own
        configuration, else ``gradebook.db`` in the course folder."""
        if self.config_dir == self.root:
            cfg = PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()
            url = cfg.CourseDirectory.get("db_url")
            if url:
                if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
                    return "sqlite:///" + str(self.root / url[len("sqlite:///"):])
                return str(url)
        return f"sqlite:///{self.root / 'gradebook.db'}"

    def source(self, slug: str) -> Path:
        return self.root / "source" / slug

    def submitted(self, student: str = "", slug: str = "") -> Path:
        return self._under("submitted", student, slug)

    def autograded(self, student: str = "", slug: str = "") -> Path:
        return self._under("autograded", student, slug)

    def feedback(self, student: str = "", slug: str = "") -> Path:
        return self._under("feedback", student, slug)

    def _under(self, kind: str, student: str, slug: str) -> Path:
        p = self.root / kind
        return p / student / slug if student else p

    def grading(self, slug: str) -> Path:
        """Where ``course grade`` writes its tables and keeps its resume state (git-ignored)."""
        return self.root / "grading" / slug

    def api(self, cfg: Config | None = None):
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        venv_on_path()
        cfg = cfg or self.config()
        return NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg)
