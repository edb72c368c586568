"""Certificates: proof that a person completed a course, verifiable by code by anyone."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.accounts import User
from webapp.models.base import Status, utcnow
from webapp.models.learning import Course


class CertificateStatus(Status):
    VALID = "valid", _l("Berlaku")
    REVOKED = "revoked", _l("Dicabut")


class Certificate(db.Model):
    """Issued once per person and course; revoked (never deleted), so a code keeps answering."""

    __table_args__ = (sa.UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # 12 characters without look-alikes, the last a check character (webapp.certificates.codes).
    code: Mapped[str] = mapped_column(sa.String(12), unique=True)
    # Empty once the holder deleted their account: the certificate stays verifiable by its code.
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("course.id", ondelete="CASCADE"), index=True)
    # The name as the holder chose to have it printed (their account name to begin with).
    printed_name: Mapped[str] = mapped_column(sa.String(120))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str] = mapped_column(sa.Text, default="")
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    course: Mapped[Course] = relationship()
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])

    @property
    def status(self):
        return CertificateStatus.REVOKED if self.revoked_at else CertificateStatus.VALID
