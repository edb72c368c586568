"""Accounts: people, their roles, and their sign-ins on each device."""

from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.extensions import db
from webapp.models.base import Status, utcnow


class Role(Status):
    MEMBER = "member", _l("Relawan")
    FACILITATOR = "facilitator", _l("Fasilitator")
    ADMIN = "admin", _l("Admin")


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(20), default=Role.MEMBER)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the person proved they read mail at `email` (a followed link); until then they
    # cannot reach other people (contacts, partnerships, meetings), so accounts can't be mass-made.
    email_verified_at: Mapped[datetime | None]
    # Set by a moderator (webapp.moderation): the account cannot sign in until it is lifted.
    suspended_at: Mapped[datetime | None]

    coordinatorships: Mapped[list["Coordinatorship"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def set_password(self, password):
        # scrypt, a memory-hard KDF; the test suite alone picks a faster method.
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    # The key of the sign-in this request runs under (see accounts.services.start_session);
    # it names a UserSession row, so signing out ends the session on the server too.
    session_key = ""

    def get_id(self):
        return f"{self.id}.{self.session_key}"

    @property
    def is_verified(self):
        return self.email_verified_at is not None

    @property
    def is_active(self):
        """Flask-Login signs in only active accounts: a suspended one is not."""
        return self.suspended_at is None

    @property
    def role_label(self):
        return Role(self.role).label

    @property
    def is_admin(self):
        return self.role == Role.ADMIN

    @property
    def is_facilitator(self):
        return self.role in (Role.FACILITATOR, Role.ADMIN)

    def coordinates(self, community):
        return any(c.community_id == community.id for c in self.coordinatorships)


class UserSession(db.Model):
    """One sign-in on one device: it ends at sign-out, after idling or at its absolute limit.

    Only a hash of the key is stored; the key itself travels in the session (and remember)
    cookie, so a database leak does not hand out sessions.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class LinkPurpose(Status):
    VERIFY = "verify", _l("Verifikasi e-mail")
    RESET = "reset", _l("Atur ulang kata sandi")
    WELCOME = "welcome", _l("Undangan mendaftar")


class MailedLink(db.Model):
    """A link mailed to someone: verify an address (a new account or a changed e-mail), reset a
    password, or set the first password of an account a facilitator registered.

    Only the token's hash is stored. A link is exchanged once, on first load, for a short grant
    in the browser's session; its URL, which access logs keep, is worthless after that.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(sa.String(20))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # The address the link was sent to: for a changed e-mail, the new one.
    email: Mapped[str] = mapped_column(sa.String(254))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
