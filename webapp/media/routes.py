"""Views of the media area."""

from webapp.media import bp  # noqa: F401
