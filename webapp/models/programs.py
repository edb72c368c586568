"""Programs (program kerja) and campaigns of a community."""

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.base import Hideable, Status, Versioned, utcnow
from webapp.models.directory import Category, Community
from webapp.models.regions import District, Regency


class ProgramStatus(Status):
    PLANNED = "planned", _l("Direncanakan")
    RUNNING = "running", _l("Berjalan")
    FINISHED = "finished", _l("Selesai")


# A program nobody has confirmed for this long is shown as stale and ranked lower.
STALE_AFTER = timedelta(days=183)


class Program(Hideable, Versioned, db.Model):
    """A work program (program kerja) of a community: who does what, where and when (a "3W" entry).

    Finished programs stay, as the community's history. `last_confirmed_at` moves whenever a
    coordinator saves or confirms the program, so the registry can tell current from forgotten.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(
        sa.ForeignKey("community.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Null only for programs recorded before focus and area were asked; the form requires both.
    category_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("category.id", ondelete="SET NULL"), index=True
    )
    target_group: Mapped[str] = mapped_column(sa.String(160), default="")
    regency_code: Mapped[str] = mapped_column(sa.ForeignKey("regency.code"), index=True)
    district_code: Mapped[str | None] = mapped_column(sa.ForeignKey("district.code"))
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]  # None: ongoing
    status: Mapped[str] = mapped_column(sa.String(20), default=ProgramStatus.RUNNING)
    # Keys of webapp.programs.labels.RESOURCE_LABELS: what the program needs, and can give.
    seeks: Mapped[list] = mapped_column(sa.JSON, default=list)
    offers: Mapped[list] = mapped_column(sa.JSON, default=list)
    last_confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)

    community: Mapped[Community] = relationship(back_populates="programs")
    category: Mapped[Category | None] = relationship()
    regency: Mapped[Regency] = relationship()
    district: Mapped[District | None] = relationship()

    @property
    def state(self):
        return ProgramStatus(self.status)

    @property
    def is_finished(self):
        return self.status == ProgramStatus.FINISHED

    def is_stale(self, now=None):
        """Not finished, and not confirmed for six months: perhaps it quietly stopped."""
        return not self.is_finished and self.last_confirmed_at < (now or utcnow()) - STALE_AFTER


class Campaign(Hideable, Versioned, db.Model):
    """A campaign (kampanye): a public call with a period; active until it ends."""

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(
        sa.ForeignKey("community.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]

    community: Mapped[Community] = relationship(back_populates="campaigns")

    def is_active(self, today):
        started = self.starts_on is None or self.starts_on <= today
        not_ended = self.ends_on is None or self.ends_on >= today
        return started and not_ended
