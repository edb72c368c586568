"""Who may do what: the signed-in person, role checks, safe redirects and rate-limit keys.

One home for the access rules every area uses, so no area imports another area's routes.
"""

from functools import wraps
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from webapp.extensions import db, login_manager
from webapp.models import Community


def current_person():
    """The signed-in User itself (not Flask-Login's proxy), to store as actor, editor or owner."""
    return current_user._get_current_object()


def per_account():
    """Rate-limit key for the signed-in person.

    Keyed by the account's id: `get_id()` carries the session key, which changes with every
    sign-in and password change, and would hand out a fresh allowance each time.
    """
    return f"user:{current_user.id}"


def is_safe_next(target):
    """Only same-site paths: '/komunitas' yes, '//evil.example' or 'https://evil.example' no."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    if not target.isprintable():  # CR/LF would split the Location header
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def role_required(allowed):
    """A visitor is sent to sign in first; a signed-in person for whom `allowed(user)` is false gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not allowed(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


admin_required = role_required(lambda user: user.is_admin)
# Verifying communities and writing lessons is also the facilitators' work (they know the
# communities in the field): the same people, the same check.
verifier_required = role_required(lambda user: user.is_facilitator)


def managed_community(slug, admins=True):
    """The community at `slug`, if the signed-in person may manage it: its coordinators, and
    admins unless `admins` is False (answering contact requests is the coordinators' own
    consent). Anyone else gets 403; an unknown slug is a 404."""
    community = db.first_or_404(sa.select(Community).where(Community.slug == slug))
    if not ((admins and current_user.is_admin) or current_user.coordinates(community)):
        abort(403)
    return community
