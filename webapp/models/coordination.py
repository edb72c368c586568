"""Who coordinates which community, and the invitations to co-coordinate."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.accounts import User
from webapp.models.base import Status, utcnow
from webapp.models.directory import Community
from webapp.text import first_name


class PublicName(Status):
    """How a coordinator appears on the community's public profile (their own choice)."""

    FULL = "full", _l("Nama lengkap")
    FIRST = "first", _l("Nama depan saja")
    ROLE = "role", _l("Hanya “Koordinator”, tanpa nama")


class Coordinatorship(db.Model):
    """A user coordinates a community. A community always keeps at least one."""

    __table_args__ = (sa.UniqueConstraint("community_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Chosen per community: a person may front one organisation by name and not another.
    public_name: Mapped[str] = mapped_column(
        sa.String(10), default=PublicName.FIRST, server_default=PublicName.FIRST.value
    )

    community: Mapped[Community] = relationship(back_populates="coordinatorships")
    user: Mapped[User] = relationship(back_populates="coordinatorships")

    def name_in_public(self, choice=None):
        """The name shown on public pages under `choice` (the saved one by default); None when
        the coordinator chose to appear only as "Koordinator"."""
        choice = choice or self.public_name
        if choice == PublicName.FULL:
            return self.user.name
        if choice == PublicName.FIRST:
            return first_name(self.user.name)
        return None


class Invitation(db.Model):
    """An invitation by e-mail to co-coordinate a community; only the token's hash is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(sa.String(254))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    community: Mapped[Community] = relationship()
    invited_by: Mapped[User] = relationship(foreign_keys=[invited_by_id])
