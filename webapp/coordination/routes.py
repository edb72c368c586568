"""Views of the coordination area."""

from webapp.coordination import bp  # noqa: F401
