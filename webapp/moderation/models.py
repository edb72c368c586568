"""Reports of what breaks the network's rules, gathered per reported item into a case."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models import User, utcnow
from webapp.models.base import Status


class Rule(Status):
    """The five rules of /aturan, as a report names the one broken."""

    SINCERE = "tulus", _l("1. Datang dengan niat yang tulus")
    NOT_FOR_SALE = "tidak-dijual", _l("2. Jejaring tidak untuk dijual")
    SHARE_KNOWLEDGE = "berbagi-ilmu", _l("3. Berbagi ilmu")
    HONESTY = "jujur", _l("4. Jujur dan dapat dipercaya")
    KEEP_IN_TOUCH = "jaga-hubungan", _l("5. Jaga hubungan")


class Decision(Status):
    """What a moderator decided about an item, or that a person affected answered."""

    HIDE = "hide", _l("Disembunyikan")
    ASK_CHANGES = "ask_changes", _l("Diminta perbaikan")
    WARN = "warn", _l("Diberi peringatan")
    SUSPEND = "suspend", _l("Akun ditangguhkan")
    DISMISS = "dismiss", _l("Laporan ditutup tanpa tindakan")
    RESTORE = "restore", _l("Dipulihkan")
    REPLY = "reply", _l("Jawaban")


class ModerationCase(db.Model):
    """Everything reported about one item (a profile, a program, a lesson, an account...).

    `item_kind` is a key of webapp.moderation.items.ITEM_KINDS; the item may have been deleted
    since, and the case stays as the record of what was decided.
    """

    __table_args__ = (sa.UniqueConstraint("item_kind", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_kind: Mapped[str] = mapped_column(sa.String(20))
    item_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    reports: Mapped[list["Report"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Report.id"
    )
    events: Mapped[list["CaseEvent"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseEvent.id"
    )

    @property
    def open_reports(self):
        return [report for report in self.reports if report.is_open]


class Report(db.Model):
    """One person's report: the rule broken and a short reason, open until a moderator decides."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("moderation_case.id", ondelete="CASCADE"), index=True)
    # The reporter; the report stays (without them) when their account is deleted.
    reporter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    rule: Mapped[str] = mapped_column(sa.String(20))
    reason: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    case: Mapped[ModerationCase] = relationship(back_populates="reports")
    reporter: Mapped[User | None] = relationship()

    @property
    def is_open(self):
        return self.closed_at is None

    @property
    def broken_rule(self):
        return Rule(self.rule)


class CaseEvent(db.Model):
    """A moderator's decision on a case with the reason given to those affected, or one of
    their answers: the case's history, read by moderators."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("moderation_case.id", ondelete="CASCADE"), index=True)
    # The moderator who decided, or the person who answered.
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    decision: Mapped[str] = mapped_column(sa.String(20))
    message: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[ModerationCase] = relationship(back_populates="events")
    author: Mapped[User | None] = relationship()

    @property
    def state(self):
        return Decision(self.decision)
