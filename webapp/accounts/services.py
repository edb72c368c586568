"""Accounts logic: finding and checking users, password-reset tokens, the session's user."""

import hashlib
import hmac
import secrets
from datetime import timedelta
from functools import cache

import sqlalchemy as sa
from flask import current_app, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from webapp.extensions import db, login_manager
from webapp.mail import send_mail
from webapp.models import Invitation, User, UserSession, utcnow

RESET_TOKEN_MAX_AGE = 3600  # seconds: a reset link is valid for one hour

# ASVS 2.1: length, and no common or breached passwords; no rules about symbols or digits.
PASSWORD_MIN = 12
PASSWORD_MAX = 128
# zxcvbn's estimate needs guesses worth at least this score (3: about 10^8 guesses).
PASSWORD_MIN_SCORE = 3
# What Indonesian passwords are commonly built from, which zxcvbn's English lists miss.
COMMON_INDONESIAN_WORDS = (
    "sayang", "sayangku", "sayangkamu", "akusayangkamu", "kamu", "cinta", "cintaku", "rahasia", "bismillah", "alhamdulillah",
    "indonesia", "merdeka", "garuda", "jakarta", "bandung", "surabaya", "medan", "bali", "persib",
    "persija", "arema", "bola", "ganteng", "cantik", "mamah", "bapak", "ibu", "anak", "keluarga",
    "jejaring", "relawan", "komunitas", "sandi", "katasandi", "kata", "masuk", "admin",
)


def password_problem(password, *personal):
    """Why `password` is too easy to guess, or None if it will do.

    `personal` are the person's own name and address, which a guesser would try first.
    """
    if len(password) < PASSWORD_MIN:
        return _("Kata sandi minimal %(n)s karakter.", n=PASSWORD_MIN)
    # The estimate slows down on very long input; the first 64 characters tell enough.
    estimate = zxcvbn(password[:64], user_inputs=[*filter(None, personal), *COMMON_INDONESIAN_WORDS])
    if estimate["score"] < PASSWORD_MIN_SCORE:
        return _(
            "Kata sandi ini mudah ditebak: terlalu umum atau mirip nama dan email Anda. "
            "Coba gabungan tiga atau empat kata yang hanya Anda tahu."
        )
    return None


def normalise_email(value):
    """The form in which e-mail addresses are stored and compared: stripped, lower-case."""
    return value.strip().lower() if isinstance(value, str) else value


def _key_hash(key):
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(user, user_agent=""):
    """Record a new sign-in for `user` and make it the one `login_user` will remember."""
    key = secrets.token_urlsafe(32)
    db.session.add(UserSession(user=user, key_hash=_key_hash(key), user_agent=(user_agent or "")[:200]))
    db.session.commit()
    user.session_key = key
    # A new sign-in gets a new CSRF token: one planted before sign-in is worth nothing after.
    session.pop("csrf_token", None)
    return user


def end_session(record):
    """End one sign-in (signing out on this device)."""
    if record is not None and record.ended_at is None:
        record.ended_at = utcnow()
        db.session.commit()


def end_sessions(user, keep=None):
    """End the user's sessions on every device (all but `keep`, a UserSession); caller commits."""
    db.session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None), UserSession.id != (keep.id if keep else -1))
        .values(ended_at=utcnow())
    )


def current_session():
    """The UserSession this request is signed in under, or None."""
    key = getattr(current_user, "session_key", "")
    if not key:
        return None
    return db.session.scalar(sa.select(UserSession).where(UserSession.key_hash == _key_hash(key)))


def active_sessions(user):
    """The user's sessions still open, most recently used first."""
    config = current_app.config
    now = utcnow()
    return db.session.scalars(
        sa.select(UserSession)
        .where(
            UserSession.user_id == user.id,
            UserSession.ended_at.is_(None),
            UserSession.last_seen_at > now - config["SESSION_IDLE_TIMEOUT"],
            UserSession.created_at > now - config["SESSION_MAX_AGE"],
        )
        .order_by(UserSession.last_seen_at.desc())
    ).all()


_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
            ("Mac OS", "Mac"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))
_BROWSERS = (("Firefox/", "Firefox"), ("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari"))


def device_label(user_agent):
    """'Chrome, Android' from a User-Agent header: enough to recognise one's own phone."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), None)
    return ", ".join(part for part in (browser, system) if part) or _("Perangkat tidak dikenal")


# Writing "last seen" on every request would make every page a database write.
LAST_SEEN_PRECISION = timedelta(minutes=10)


@login_manager.user_loader
def load_user(session_id):
    """The session's user while that sign-in is open: not signed out, not idle, not too old."""
    user_id, _dot, key = str(session_id).partition(".")
    if not user_id.isdigit() or not key:
        return None
    record = db.session.scalar(
        sa.select(UserSession).where(UserSession.key_hash == _key_hash(key), UserSession.user_id == int(user_id))
    )
    now = utcnow()
    config = current_app.config
    if (
        record is None
        or record.ended_at is not None
        or now - record.last_seen_at > config["SESSION_IDLE_TIMEOUT"]
        or now - record.created_at > config["SESSION_MAX_AGE"]
        or not record.user.is_active  # suspended by a moderator
    ):
        return None
    if now - record.last_seen_at > LAST_SEEN_PRECISION:
        # Its own short transaction: the request's own changes commit (or not) on their own.
        with db.engine.begin() as connection:
            connection.execute(sa.update(UserSession).where(UserSession.id == record.id).values(last_seen_at=now))
    user = record.user
    user.session_key = key
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
