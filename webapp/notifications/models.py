"""The inbox: one row per thing a person was told, their e-mail choices, and which stale
programs their coordinators were already told about."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models import User, utcnow


class Notification(db.Model):
    """Something that happened for `user`: rendered from its kind and parameters when read, in the
    reader's language (webapp.notifications.kinds), linking to the thing it is about."""

    __table_args__ = (sa.Index("ix_notification_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    # Names and titles as they were at the time, e.g. {"community": "Rumah Baca Senja"}.
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    link: Mapped[str] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def is_read(self):
        return self.read_at is not None


class NotificationPreference(db.Model):
    """A person's own choice of e-mail for one kind; without a row the kind's default holds."""

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    email: Mapped[bool]


class StaleProgramNotice(db.Model):
    """The coordinators were told that this program went stale, as last confirmed at `confirmed_at`.

    A program confirmed again and forgotten again crosses the line anew, and is told again once.
    """

    program_id: Mapped[int] = mapped_column(sa.ForeignKey("program.id", ondelete="CASCADE"), primary_key=True)
    confirmed_at: Mapped[datetime]
    notified_at: Mapped[datetime] = mapped_column(default=utcnow)
