"""The audit trail: who did what to which community."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.accounts import User
from webapp.models.base import utcnow
from webapp.models.directory import Community


class AuditEvent(db.Model):
    """Who did what to which community, for coordinators' hand-overs and admins' decisions."""

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(sa.String(60))
    community_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("community.id", ondelete="SET NULL"), index=True
    )
    subject_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    subject_user: Mapped[User | None] = relationship(foreign_keys=[subject_user_id])
    community: Mapped[Community | None] = relationship()


def record_audit(action, actor=None, community=None, subject_user=None, **details):
    """Add an audit event to the session; the caller's commit saves it with the change."""
    event = AuditEvent(
        action=action,
        actor=actor,
        community=community,
        subject_user=subject_user,
        details=details,
    )
    db.session.add(event)
    return event
