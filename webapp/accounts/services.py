"""Accounts logic: registering, finding and checking users, mailed links, the session's user."""

import hashlib
import re
import secrets
from datetime import timedelta
from functools import cache

import sqlalchemy as sa
from flask import current_app, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from webapp.extensions import db, login_manager
from webapp.mail import send_mail
from webapp.models import Invitation, LinkPurpose, MailedLink, Role, User, UserSession, record_audit, utcnow

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


# How long a mailed link may wait to be opened: a reset is urgent and sensitive, the others
# may sit in an inbox over a weekend.
LINK_LIFETIMES = {
    LinkPurpose.VERIFY: timedelta(days=3),
    LinkPurpose.RESET: timedelta(hours=1),
    LinkPurpose.WELCOME: timedelta(days=7),
}
# After its link is opened, the browser has this long to choose the password.
GRANT_LIFETIME = timedelta(minutes=30)
LINK_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
_GRANT = "link_grant"


class LinkExpired(Exception):
    """The link is genuine but too old, or already opened once."""


class LinkInvalid(Exception):
    """The link was not made by us: mistyped, truncated or tampered with."""


def make_link(user, purpose, email=None):
    """Add a single-use link for `user` to the session and return its URL; the caller commits.

    Only the token's hash is stored. `email` is where the link goes (a new address being
    verified), by default the account's own."""
    token = secrets.token_urlsafe(32)
    db.session.add(MailedLink(
        user=user, purpose=purpose, email=email or user.email, token_hash=_key_hash(token),
        expires_at=utcnow() + LINK_LIFETIMES[purpose],
    ))
    return url_for("accounts.open_link", token=token, _external=True)


def exchange_link(token):
    """The MailedLink behind `token`, now spent: its URL, which access logs may keep, works once.

    Raises LinkInvalid (not ours) or LinkExpired (too old, or opened before). Commits."""
    link = None
    if LINK_TOKEN.fullmatch(token):
        link = db.session.scalar(sa.select(MailedLink).where(MailedLink.token_hash == _key_hash(token)))
    if link is None:
        raise LinkInvalid
    # The same UPDATE for concurrent loads of one link: only one of them changes the row.
    spent = db.session.execute(
        sa.update(MailedLink)
        .where(MailedLink.id == link.id, MailedLink.used_at.is_(None), MailedLink.expires_at > utcnow())
        .values(used_at=utcnow())
    ).rowcount
    db.session.commit()
    if not spent:
        raise LinkExpired
    db.session.refresh(link)
    return link


def grant(link):
    """Let this browser finish what `link` was for (choose a password) for a short while."""
    session[_GRANT] = link.id


def granted_link(purposes):
    """The link this browser opened, if one of `purposes` and opened recently; else None."""
    link_id = session.get(_GRANT)
    link = db.session.get(MailedLink, link_id) if isinstance(link_id, int) else None
    if link is None or link.purpose not in purposes or utcnow() - link.used_at > GRANT_LIFETIME:
        return None
    return link


def end_grant():
    session.pop(_GRANT, None)


def verify_email(link):
    """Mark the address in a VERIFY link as proven; for a changed address, switch to it.

    Raises EmailTaken if another account took the new address since the link was sent."""
    user = link.user
    if normalise_email(link.email) != normalise_email(user.email):
        if find_user_by_email(link.email) is not None:
            raise EmailTaken
        record_audit("email_changed", actor=user, subject_user=user)
        send_mail(user.email, _("Alamat e-mail akun Jejaring Anda diganti"), _(
            "Halo %(name)s,\n\nAlamat e-mail akun Jejaring Anda baru saja diganti menjadi %(email)s. "
            "Jika bukan Anda yang menggantinya, balas e-mail ini secepatnya.\n\nSalam,\nJejaring",
            name=user.name, email=link.email,
        ))
        user.email = normalise_email(link.email)
    user.email_verified_at = utcnow()
    db.session.commit()
    return user


class EmailTaken(Exception):
    """Another account uses that address."""


def send_verification(user, email=None):
    """Queue a mail with a link that proves the person reads mail at `email` (default: theirs)."""
    link = make_link(user, LinkPurpose.VERIFY, email)
    db.session.commit()
    send_mail(email or user.email, _("Pastikan alamat e-mail Anda untuk Jejaring"), _(
        "Halo %(name)s,\n\nBuka tautan ini untuk memastikan alamat e-mail ini milik Anda:\n\n%(link)s\n\n"
        "Tautan berlaku 3 hari dan hanya bisa dibuka sekali. Jika Anda tidak mendaftar di Jejaring, "
        "abaikan e-mail ini.\n\nSalam,\nJejaring",
        name=user.name, link=link,
    ))


def _already_registered_notice(user):
    send_mail(user.email, _("Anda sudah punya akun Jejaring"), _(
        "Halo %(name)s,\n\nSeseorang (semoga Anda) mencoba mendaftar di Jejaring dengan alamat e-mail ini, "
        "padahal alamat ini sudah punya akun. Silakan masuk di %(login)s. Lupa kata sandi? Atur ulang di "
        "%(forgot)s.\n\nJika bukan Anda, abaikan e-mail ini; akun Anda tidak berubah.\n\nSalam,\nJejaring",
        name=user.name, login=url_for("accounts.login", _external=True),
        forgot=url_for("accounts.forgot_password", _external=True),
    ))


def register(name, email, password):
    """Create an unverified member account and mail the verification link.

    If the address already has an account, its owner is mailed a notice instead. Both ways hash
    the password and queue one mail, so neither the answer nor its time tells which it was."""
    existing = find_user_by_email(email)
    user = User(name=name, email=email, role=Role.MEMBER)
    user.set_password(password)
    if existing is None:
        db.session.add(user)
        try:
            db.session.commit()
        except sa.exc.IntegrityError:
            # The same address was registered an instant ago.
            db.session.rollback()
            existing = find_user_by_email(email)
    if existing is not None:
        _already_registered_notice(existing)
        return None
    send_verification(user)
    return user


def send_password_reset(email):
    """Queue a mail for `email`: a one-hour reset link if it has an account, else a note saying
    it has none. The same work and one queued mail either way (the answer reveals nothing)."""
    user = find_user_by_email(email)
    if user is None:
        send_mail(email, _("Atur ulang kata sandi Jejaring"), _(
            "Halo,\n\nSeseorang (semoga Anda) meminta untuk mengatur ulang kata sandi Jejaring untuk "
            "alamat ini, tetapi alamat ini belum punya akun. Ingin bergabung? Daftar di %(register)s.\n\n"
            "Jika bukan Anda yang meminta, abaikan e-mail ini.\n\nSalam,\nJejaring",
            register=url_for("accounts.register", _external=True),
        ))
        return
    link = make_link(user, LinkPurpose.RESET)
    db.session.commit()
    body = _(
        "Halo %(name)s,\n\n"
        "Seseorang (semoga Anda) meminta untuk mengatur ulang kata sandi akun Jejaring Anda. "
        "Buka tautan ini untuk memilih kata sandi baru:\n\n%(link)s\n\n"
        "Tautan ini berlaku 1 jam dan hanya bisa dibuka sekali. Jika Anda tidak memintanya, "
        "abaikan email ini; kata sandi Anda tidak berubah.\n\nSalam,\nJejaring",
        name=user.name,
        link=link,
    )
    send_mail(user.email, _("Atur ulang kata sandi Jejaring"), body)


def spend_reset_links(user):
    """A changed password makes every reset link still in the mailbox useless; caller commits."""
    db.session.execute(
        sa.update(MailedLink)
        .where(MailedLink.user_id == user.id, MailedLink.purpose == LinkPurpose.RESET, MailedLink.used_at.is_(None))
        .values(used_at=utcnow())
    )


def set_password_from_link(link, password):
    """Set the password through a reset or welcome link; it also proves the address."""
    user = link.user
    user.set_password(password)
    spend_reset_links(user)
    if normalise_email(link.email) == normalise_email(user.email) and user.email_verified_at is None:
        user.email_verified_at = utcnow()
    end_sessions(user)
    record_audit("password_reset" if link.purpose == LinkPurpose.RESET else "welcome_password_set",
                 actor=user, subject_user=user)
    db.session.commit()
    end_grant()


def request_email_change(user, email):
    """Mail a link to the new address; the account's address changes once it is opened.

    A new address that already has an account gets a notice instead, so the page answers the
    same and reveals nobody; the current address is told either way."""
    owner = find_user_by_email(email)
    if owner is None:
        send_verification(user, email)
    else:
        send_mail(email, _("Permintaan memakai alamat e-mail ini di Jejaring"), _(
            "Halo,\n\nSeseorang meminta memakai alamat ini untuk akun Jejaring lain, padahal alamat ini "
            "sudah dipakai. Tidak ada yang berubah. Jika itu Anda, pakai akun Anda yang sudah ada."
            "\n\nSalam,\nJejaring",
        ))
    send_mail(user.email, _("Permintaan mengganti alamat e-mail Jejaring"), _(
        "Halo %(name)s,\n\nAda permintaan mengganti alamat e-mail akun Jejaring Anda menjadi %(email)s. "
        "Alamat berganti setelah tautan yang kami kirim ke sana dibuka. Jika bukan Anda yang meminta, "
        "ganti kata sandi Anda.\n\nSalam,\nJejaring",
        name=user.name, email=email,
    ))


def register_group(facilitator, people):
    """Create accounts for (name, email) pairs a facilitator typed at a meeting, each mailed a
    link to choose their password (which also proves the address). Someone who already has an
    account is mailed a note instead."""
    for name, email in people:
        existing = find_user_by_email(email)
        if existing is not None:
            send_mail(existing.email, _("Anda sudah punya akun Jejaring"), _(
                "Halo %(name)s,\n\n%(facilitator)s mencoba mendaftarkan Anda di Jejaring, padahal alamat ini "
                "sudah punya akun. Silakan masuk di %(login)s.\n\nSalam,\nJejaring",
                name=existing.name, facilitator=facilitator.name, login=url_for("accounts.login", _external=True),
            ))
            continue
        user = User(name=name, email=email, role=Role.MEMBER)
        # Nobody knows this password; the person chooses theirs through the welcome link.
        user.set_password(secrets.token_urlsafe(32))
        db.session.add(user)
        link = make_link(user, LinkPurpose.WELCOME)
        record_audit("registered_by_facilitator", actor=facilitator, subject_user=user)
        try:
            db.session.commit()
        except sa.exc.IntegrityError:
            db.session.rollback()  # they registered themselves a moment ago
            continue
        send_mail(email, _("Undangan bergabung di Jejaring"), _(
            "Halo %(name)s,\n\n%(facilitator)s mendaftarkan Anda di Jejaring, jaringan komunitas. Buka tautan "
            "ini untuk memilih kata sandi Anda:\n\n%(link)s\n\nTautan berlaku 7 hari dan hanya bisa dibuka "
            "sekali. Jika Anda tidak ingin bergabung, abaikan e-mail ini.\n\nSalam,\nJejaring",
            name=name, facilitator=facilitator.name, link=link,
        ))
