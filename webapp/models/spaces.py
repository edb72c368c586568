"""Partnership spaces: what an accepted "Ajak bermitra" becomes. The partners write an agreement
together (numbered versions, each acknowledged by every partner), check the partnership's health
now and then, and talk in one thread; a facilitator may accompany them as broker.

A partnership belongs to its partner communities, not to people: whoever coordinates a partner
community now acts for it, so a handover of coordination hands the partnership over too.
Every partner is equal: there is no donor and no recipient, each says what it brings and wants.
"""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.accounts import User
from webapp.models.base import Status, Versioned, utcnow
from webapp.models.directory import Community


class SpaceStatus(Status):
    ACTIVE = "active", _l("berjalan")
    ENDED = "ended", _l("selesai")


class Colour(Status):
    """A health-check answer, as traffic lights."""

    GREEN = "green", _l("hijau: berjalan baik")
    AMBER = "amber", _l("kuning: perlu perhatian")
    RED = "red", _l("merah: bermasalah")


class Partnership(Versioned, db.Model):
    """A partnership space. `version` guards the agreement: every agreement save claims it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # The accepted request it grew from; it stays if the request's row goes.
    request_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("partnership_request.id", ondelete="SET NULL"), unique=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(sa.String(20), default=SpaceStatus.ACTIVE)
    ended_at: Mapped[datetime | None]
    ended_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    # The scorecard: {ingredient: rating}, see webapp.spaces.agreement.INGREDIENTS.
    scorecard: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # When the coordinators were last reminded of a health check (the periodic job).
    reminded_at: Mapped[datetime | None]

    members: Mapped[list["PartnershipMember"]] = relationship(
        back_populates="partnership", cascade="all, delete-orphan", order_by="PartnershipMember.id"
    )
    versions: Mapped[list["AgreementVersion"]] = relationship(
        back_populates="partnership", cascade="all, delete-orphan", order_by="AgreementVersion.number"
    )
    rounds: Mapped[list["HealthCheckRound"]] = relationship(
        back_populates="partnership", cascade="all, delete-orphan", order_by="HealthCheckRound.number"
    )
    broker_invitations: Mapped[list["BrokerInvitation"]] = relationship(
        back_populates="partnership", cascade="all, delete-orphan", order_by="BrokerInvitation.id"
    )

    @property
    def state(self):
        return SpaceStatus(self.status)

    @property
    def is_ended(self):
        return self.status == SpaceStatus.ENDED

    @property
    def partners(self):
        """The member rows of the communities in the partnership now (joined, not left)."""
        return [m for m in self.members if m.is_partner]

    @property
    def latest_version(self):
        return self.versions[-1] if self.versions else None

    def brokers(self):
        """The facilitators every current partner has invited: only they accompany it."""
        partner_ids = {m.community_id for m in self.partners}
        invited = {}
        for invitation in self.broker_invitations:
            invited.setdefault(invitation.broker_id, (invitation.broker, set()))[1].add(invitation.community_id)
        return [user for user, communities in invited.values() if partner_ids and partner_ids <= communities]


class PartnershipMember(db.Model):
    """A community in a partnership: invited, joined (a partner), perhaps left later."""

    __table_args__ = (sa.UniqueConstraint("partnership_id", "community_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(sa.ForeignKey("partnership.id", ondelete="CASCADE"))
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id", ondelete="CASCADE"), index=True)
    brings: Mapped[str] = mapped_column(sa.Text, default="")
    wants: Mapped[str] = mapped_column(sa.Text, default="")
    representative: Mapped[str] = mapped_column(sa.String(120), default="")
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    joined_at: Mapped[datetime | None]
    left_at: Mapped[datetime | None]
    # What this partner writes when the partnership ends ("selesai").
    closing_note: Mapped[str] = mapped_column(sa.Text, default="")

    partnership: Mapped[Partnership] = relationship(back_populates="members")
    community: Mapped[Community] = relationship()

    @property
    def is_partner(self):
        return self.joined_at is not None and self.left_at is None

    @property
    def is_invited(self):
        return self.joined_at is None and self.left_at is None


class BrokerInvitation(db.Model):
    """One partner invites a facilitator to accompany the partnership. The facilitator sees the
    space only once every current partner has invited them (Partnership.brokers)."""

    __table_args__ = (sa.UniqueConstraint("partnership_id", "broker_id", "community_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(sa.ForeignKey("partnership.id", ondelete="CASCADE"))
    broker_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id", ondelete="CASCADE"))
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    partnership: Mapped[Partnership] = relationship(back_populates="broker_invitations")
    broker: Mapped[User] = relationship(foreign_keys=[broker_id])


class AgreementVersion(db.Model):
    """One saved state of the partnering agreement: the whole text of its four parts, numbered.

    WHO is kept as the text the partners saw (partners, representatives, what each brings and
    wants) so an older version reads as it was, whoever joins or leaves later.
    """

    __table_args__ = (sa.UniqueConstraint("partnership_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(sa.ForeignKey("partnership.id", ondelete="CASCADE"))
    number: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Which part was changed ("who", "why", "what", "how") and, for WHO, what happened.
    part: Mapped[str] = mapped_column(sa.String(10))
    who: Mapped[str] = mapped_column(sa.Text, default="")
    shared_goal: Mapped[str] = mapped_column(sa.Text, default="")
    objectives: Mapped[str] = mapped_column(sa.Text, default="")
    principles: Mapped[str] = mapped_column(sa.Text, default="")
    activities: Mapped[str] = mapped_column(sa.Text, default="")
    # Ids of registry programs the activities belong to.
    program_ids: Mapped[list] = mapped_column(sa.JSON, default=list)
    work_plan: Mapped[str] = mapped_column(sa.Text, default="")
    resources: Mapped[str] = mapped_column(sa.Text, default="")
    roles: Mapped[str] = mapped_column(sa.Text, default="")
    indicators: Mapped[str] = mapped_column(sa.Text, default="")
    decisions: Mapped[str] = mapped_column(sa.Text, default="")
    communication: Mapped[str] = mapped_column(sa.Text, default="")
    disagreements: Mapped[str] = mapped_column(sa.Text, default="")
    confidentiality: Mapped[str] = mapped_column(sa.Text, default="")
    review_on: Mapped[date | None]
    leaving: Mapped[str] = mapped_column(sa.Text, default="")

    partnership: Mapped[Partnership] = relationship(back_populates="versions")
    author: Mapped[User | None] = relationship()
    acknowledgements: Mapped[list["Acknowledgement"]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="Acknowledgement.id"
    )


class Acknowledgement(db.Model):
    """A partner community has read and agrees with one version of the agreement."""

    __table_args__ = (sa.UniqueConstraint("version_id", "community_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("agreement_version.id", ondelete="CASCADE"))
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    version: Mapped[AgreementVersion] = relationship(back_populates="acknowledgements")
    community: Mapped[Community] = relationship()
    user: Mapped[User | None] = relationship()


class HealthCheckRound(db.Model):
    """One health check: every partner rates the statements; answers open to all partners once
    every partner has answered or seven days have passed."""

    __table_args__ = (sa.UniqueConstraint("partnership_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(sa.ForeignKey("partnership.id", ondelete="CASCADE"))
    number: Mapped[int]
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    partnership: Mapped[Partnership] = relationship(back_populates="rounds")
    answers: Mapped[list["HealthCheckAnswer"]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="HealthCheckAnswer.id"
    )
    improvements: Mapped[list["Improvement"]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Improvement.id"
    )


class HealthCheckAnswer(db.Model):
    """One partner's colour (and optional comment) for one statement of a round."""

    __table_args__ = (sa.UniqueConstraint("round_id", "community_id", "statement"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("health_check_round.id", ondelete="CASCADE"))
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id", ondelete="CASCADE"))
    statement: Mapped[str] = mapped_column(sa.String(30))
    colour: Mapped[str] = mapped_column(sa.String(10))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    round: Mapped[HealthCheckRound] = relationship(back_populates="answers")
    community: Mapped[Community] = relationship()


class Improvement(db.Model):
    """What the partners will do better after a health check: one task, an owner and a date."""

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("health_check_round.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(sa.String(300))
    owner: Mapped[str] = mapped_column(sa.String(120))
    due_on: Mapped[date]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    round: Mapped[HealthCheckRound] = relationship(back_populates="improvements")


class Message(db.Model):
    """A message in the partnership's thread, written for a partner community (or as broker).

    `key` is the sender's idempotency key (webapp.offline.scoped_key): a message queued offline
    and sent twice is stored once.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(sa.ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    # None when a broker wrote it.
    community_id: Mapped[int | None] = mapped_column(sa.ForeignKey("community.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
    community: Mapped[Community | None] = relationship()
