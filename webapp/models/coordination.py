"""Who coordinates which community, and the invitations to co-coordinate."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.accounts import User
from webapp.models.base import utcnow
from webapp.models.directory import Community


class Coordinatorship(db.Model):
    """A user coordinates a community. A community always keeps at least one."""

    __table_args__ = (sa.UniqueConstraint("community_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    community: Mapped[Community] = relationship(back_populates="coordinatorships")
    user: Mapped[User] = relationship(back_populates="coordinatorships")


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
