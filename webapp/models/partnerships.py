"""Partnership requests between communities."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.accounts import User
from webapp.models.base import Status, utcnow
from webapp.models.directory import Community


class PartnershipStatus(Status):
    PENDING = "pending", _l("menunggu jawaban")
    ACCEPTED = "accepted", _l("diterima")
    DECLINED = "declined", _l("ditolak")
    WITHDRAWN = "withdrawn", _l("ditarik")  # by the sender, before an answer


class PartnershipRequest(db.Model):
    """"Ajak bermitra": one community asks another to work together towards a shared goal.

    Neither side sees the other's e-mail or phone until the receiver accepts; then both do.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id", ondelete="CASCADE"), index=True)
    receiver_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id", ondelete="CASCADE"), index=True)
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    goal: Mapped[str] = mapped_column(sa.String(200))
    message: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(20), default=PartnershipStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When and by whom it was answered, or withdrawn by the sender.
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    sender: Mapped[Community] = relationship(foreign_keys=[sender_id])
    receiver: Mapped[Community] = relationship(foreign_keys=[receiver_id])
    sent_by: Mapped[User | None] = relationship(foreign_keys=[sent_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    @property
    def state(self):
        return PartnershipStatus(self.status)

    @property
    def is_accepted(self):
        return self.status == PartnershipStatus.ACCEPTED

    @property
    def is_pending(self):
        return self.status == PartnershipStatus.PENDING
