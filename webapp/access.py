"""Who may do what: the signed-in person, role checks, safe redirects and rate-limit keys.

One home for the access rules every area uses, so no area imports another area's routes.
"""

import ipaddress
import time
from functools import wraps
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import abort, redirect, render_template, request, session, url_for
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


def per_address():
    """Rate-limit key for the client's address (behind proxies, PROXY_COUNT makes it the client's)."""
    return f"address:{request.remote_addr or ''}"


def per_network():
    """Rate-limit key for the client's network: the /24 of an IPv4 address, the /64 of an IPv6
    one (what one household or one provider's customer usually holds), so hopping between
    neighbouring addresses buys no fresh allowance."""
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return "network:unknown"
    address = getattr(address, "ipv4_mapped", None) or address
    prefix = 24 if address.version == 4 else 64
    return f"network:{ipaddress.ip_network(f'{address}/{prefix}', strict=False)}"


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


def verified_required(view):
    """Only for people who proved their e-mail address: reaching other people (asking for
    contacts, partnerships, meetings, helping) is what mass-made accounts are made for.

    A visitor is sent to sign in; an unverified account gets the "Periksa e-mail Anda" page,
    which can send the link again."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_verified:
            return render_template("accounts/check_email.html", person=current_user), 403
        return view(*args, **kwargs)

    return wrapped


# How long a sign-in (or a typed password) counts as "just now" for sensitive changes (ASVS 3.7.1).
RECENT_AUTHENTICATION = 10 * 60  # seconds
_AUTHENTICATED = "authenticated"


def confirm_authentication(user):
    """Note that `user` just typed their password in this browser."""
    session[_AUTHENTICATED] = {"user": user.id, "at": int(time.time())}


def recently_authenticated():
    """True if the signed-in person typed their password here in the last ten minutes.

    A session restored from a remember-me cookie has not, whatever its age."""
    stamp = session.get(_AUTHENTICATED)
    return (
        isinstance(stamp, dict)
        and stamp.get("user") == current_user.id
        and isinstance(stamp.get("at"), int)
        and time.time() - stamp["at"] < RECENT_AUTHENTICATION
    )


def recent_auth_required(view):
    """Ask for the password again before a sensitive change (e-mail, deleting the account)
    unless it was typed in the last ten minutes; then come back to this page.

    A POST that arrives too late is not replayed: the person returns to the page (its GET)
    and sends it again, knowingly."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not recently_authenticated():
            return redirect(url_for("accounts.confirm_password", next=request.path), 303)
        return view(*args, **kwargs)

    return wrapped
