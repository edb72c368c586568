"""Views of the directory area."""

from webapp.directory import bp  # noqa: F401
