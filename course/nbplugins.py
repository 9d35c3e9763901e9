"""The earlier name of :mod:`course.grading.preprocessors`, kept so that an nbgrader configuration
that names ``course.nbplugins.HideHiddenTests`` keeps hiding hidden tests."""

from .grading.preprocessors import GuardedExecute, HideHiddenTests, SandboxKernelManager

__all__ = ["GuardedExecute", "HideHiddenTests", "SandboxKernelManager"]
