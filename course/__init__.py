"""Instructor tooling for the course: build, check, grade and benchmark the notebooks."""

from .cli import main

__all__ = ["main"]
