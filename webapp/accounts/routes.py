"""Views of the accounts area."""

from webapp.accounts import bp  # noqa: F401
