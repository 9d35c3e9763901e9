"""Instructor tooling for the course: build, check, grade and benchmark the notebooks.

The command line is ``course`` (:mod:`course.cli`); the package itself imports nothing.
"""
