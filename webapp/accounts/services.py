"""Accounts logic: finding and checking users, password-reset tokens, the session's user."""

import hashlib
import hmac
from functools import cache

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.extensions import db, login_manager
from webapp.mail import send_mail
from webapp.models import Invitation, User, utcnow

RESET_TOKEN_MAX_AGE = 3600  # seconds: a reset link is valid for one hour


def normalise_email(value):
    """The form in which e-mail addresses are stored and compared: stripped, lower-case."""
    return value.strip().lower() if isinstance(value, str) else value


@login_manager.user_loader
def load_user(session_id):
    """The session's user, if it still exists and its password has not changed since sign-in."""
    user_id, _dot, fingerprint = str(session_id).partition(".")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(user.password_fingerprint, fingerprint):
        return None
    return user


def find_user_by_email(email):
    """The user with this address, in any letter case; None for anything that is not one."""
    email = normalise_email(email)
    # PostgreSQL refuses NUL and friends in a query parameter; no stored address contains them.
    if not email or not email.isprintable():
        return None
    return db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email))


@cache
def _dummy_password_hash():
    return generate_password_hash("jejaring-dummy-password")


def authenticate(email, password):
    """The user if the password matches, else None; equally slow whether the email exists or not."""
    user = find_user_by_email(email)
    if user is None:
        # Spend the same scrypt time, so the response time does not reveal unknown addresses.
        check_password_hash(_dummy_password_hash(), password)
        return None
    return user if user.check_password(password) else None


def pending_invitations(user):
    """Open invitations to co-coordinate a community, addressed to this user's e-mail."""
    return db.session.scalars(
        sa.select(Invitation)
        .where(
            sa.func.lower(Invitation.email) == normalise_email(user.email),
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .order_by(Invitation.expires_at)
    ).all()


def _reset_serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _password_fingerprint(user):
    # A new password gets a new salted hash, so an old link stops matching: links are single-use.
    # Only a digest travels in the (readable, signed) token, never the hash itself.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def make_reset_token(user):
    """A signed token naming the user and their current password, for a one-hour reset link."""
    return _reset_serializer().dumps({"user": user.id, "fp": _password_fingerprint(user)})


class ResetTokenExpired(Exception):
    """The link is genuine but too old, or already used (the password has changed since)."""


class ResetTokenInvalid(Exception):
    """The link was not made by us: mistyped, truncated or tampered with."""


def user_for_reset_token(token):
    """The user a reset token is for; raises ResetTokenExpired or ResetTokenInvalid."""
    try:
        data = _reset_serializer().loads(token, max_age=RESET_TOKEN_MAX_AGE)
    except SignatureExpired as error:
        raise ResetTokenExpired from error
    except BadData as error:
        raise ResetTokenInvalid from error
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        raise ResetTokenInvalid
    user = db.session.get(User, data["user"])
    if user is None or not hmac.compare_digest(str(data.get("fp")), _password_fingerprint(user)):
        raise ResetTokenExpired
    return user


def send_password_reset(user):
    """Queue a mail with a one-hour reset link; the mail job retries and logs failures, never shown
    (an error page would only appear for registered addresses, and so reveal them)."""
    link = url_for("accounts.reset_password", token=make_reset_token(user), _external=True)
    body = _(
        "Halo %(name)s,\n\n"
        "Seseorang (semoga Anda) meminta untuk mengatur ulang kata sandi akun Jejaring Anda. "
        "Buka tautan ini untuk memilih kata sandi baru:\n\n%(link)s\n\n"
        "Tautan ini berlaku 1 jam dan hanya bisa dipakai sekali. Jika Anda tidak memintanya, "
        "abaikan email ini; kata sandi Anda tidak berubah.\n\nSalam,\nJejaring",
        name=user.name,
        link=link,
    )
    send_mail(user.email, _("Atur ulang kata sandi Jejaring"), body)
