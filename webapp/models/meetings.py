"""Meetings in person (kopi darat, belajar bersama), who comes, and who was there."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.accounts import User
from webapp.models.base import Status, Versioned, utcnow
from webapp.models.directory import Community
from webapp.models.learning import Course
from webapp.models.regions import District, Province, Regency


class Meeting(Versioned, db.Model):
    """A meeting organised by a community (its coordinators) or by the network (a facilitator).

    Times are naive UTC like every time here; they are shown in the place's own zone (WIB,
    WITA or WIT, from `province_code`). The version moves on every change, and a change of
    time or place tells every registrant; calendars see it as a higher SEQUENCE.
    `seats_taken` is the registered count, moved only by one guarded UPDATE, so capacity holds
    however many people press "Saya ikut" at once.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int | None] = mapped_column(sa.ForeignKey("community.id", ondelete="CASCADE"), index=True)
    organiser_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    course_id: Mapped[int | None] = mapped_column(sa.ForeignKey("course.id", ondelete="SET NULL"), index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    province_code: Mapped[str] = mapped_column(sa.ForeignKey("province.code"), index=True)
    regency_code: Mapped[str | None] = mapped_column(sa.ForeignKey("regency.code"), index=True)
    district_code: Mapped[str | None] = mapped_column(sa.ForeignKey("district.code"))
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    online_url: Mapped[str] = mapped_column(sa.String(500), default="")
    capacity: Mapped[int] = mapped_column(default=20)
    seats_taken: Mapped[int] = mapped_column(default=0)
    registration_closes_at: Mapped[datetime | None]
    counts_toward_certificate: Mapped[bool] = mapped_column(default=False)
    # Written by the organisers after the meeting.
    report: Mapped[str] = mapped_column(sa.Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    community: Mapped[Community | None] = relationship()
    organiser: Mapped[User | None] = relationship(foreign_keys=[organiser_id])
    course: Mapped[Course | None] = relationship()
    province: Mapped[Province] = relationship()
    regency: Mapped[Regency | None] = relationship()
    district: Mapped[District | None] = relationship()
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])

    @property
    def is_full(self):
        return self.seats_taken >= self.capacity

    @property
    def places_left(self):
        return max(0, self.capacity - self.seats_taken)


class RegistrationStatus(Status):
    REGISTERED = "registered", _l("terdaftar")
    WAITING = "waiting", _l("daftar tunggu")
    CANCELLED = "cancelled", _l("batal")


class Registration(db.Model):
    """"Saya ikut": a place at a meeting, or a place in its waiting line.

    The ticket code is 8 characters without look-alikes (no 0/O, 1/I/L), easy to read out.
    The waiting line is ordered by `queued_at`; a person promoted from it holds the place until
    `offer_expires_at` and confirms, or the place goes to the next in line.
    """

    __table_args__ = (sa.UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=RegistrationStatus.REGISTERED)
    code: Mapped[str] = mapped_column(sa.String(8), unique=True)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    offer_expires_at: Mapped[datetime | None]
    # Whether other participants may see this person's name on the meeting (organisers always do).
    name_visible: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting] = relationship()
    user: Mapped[User] = relationship()

    @property
    def state(self):
        return RegistrationStatus(self.status)


class CheckIn(db.Model):
    """One scan (or typed code, or walk-in by name) at the door, perhaps recorded offline.

    Every scan is kept, the repeats too (for the report); the first scan of a ticket, by its
    real scan time, is the one that counts. `idempotency_key` makes a scan delivered twice by
    the offline queue one row.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int | None] = mapped_column(sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    walk_in_name: Mapped[str | None] = mapped_column(sa.String(120))
    idempotency_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    scanned_at: Mapped[datetime] = mapped_column(default=utcnow)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    device: Mapped[str] = mapped_column(sa.String(80), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship()
    registration: Mapped[Registration | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class CalendarFeed(db.Model):
    """A person's private calendar feed: only the hash of its secret is stored; a new secret
    (or none) revokes the old address."""

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    secret_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
