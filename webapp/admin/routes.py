"""Views of the admin area."""

from webapp.admin import bp  # noqa: F401
