"""Volunteer offers on programs: "Saya mau membantu", and the coordinators' answer."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.accounts import User
from webapp.models.base import Status, utcnow
from webapp.models.programs import Program


class OfferStatus(Status):
    PENDING = "pending", _l("menunggu jawaban")
    ACCEPTED = "accepted", _l("diterima")
    DECLINED = "declined", _l("ditolak")
    WITHDRAWN = "withdrawn", _l("ditarik")


class VolunteerOffer(db.Model):
    """A relawan offers a program help: what they can do and when. Contacts on both sides stay
    hidden until the program's coordinators accept (webapp.contacts.services.may_see_contacts)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(sa.ForeignKey("program.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    offer: Mapped[str] = mapped_column(sa.String(500))
    availability: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[str] = mapped_column(sa.String(20), default=OfferStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    program: Mapped[Program] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    @property
    def state(self):
        return OfferStatus(self.status)
