"""The data model: accounts, the directory, coordination, lessons, and the audit trail.

Timestamps are naive UTC everywhere (`utcnow`), because SQLite drops time zones and
comparing aware with naive values fails; the templates show them in Asia/Jakarta.
"""

from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.extensions import db
from webapp.text import fold


def utcnow():
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Role:
    MEMBER = "member"
    FACILITATOR = "facilitator"
    ADMIN = "admin"
    ALL = (MEMBER, FACILITATOR, ADMIN)


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(20), default=Role.MEMBER)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    coordinatorships: Mapped[list["Coordinatorship"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def set_password(self, password):
        # scrypt, a memory-hard KDF; the test suite alone picks a faster method.
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    # The key of the sign-in this request runs under (see accounts.services.start_session);
    # it names a UserSession row, so signing out ends the session on the server too.
    session_key = ""

    def get_id(self):
        return f"{self.id}.{self.session_key}"

    @property
    def is_admin(self):
        return self.role == Role.ADMIN

    @property
    def is_facilitator(self):
        return self.role in (Role.FACILITATOR, Role.ADMIN)

    def coordinates(self, community):
        return any(c.community_id == community.id for c in self.coordinatorships)


class UserSession(db.Model):
    """One sign-in on one device: it ends at sign-out, after idling or at its absolute limit.

    Only a hash of the key is stored; the key itself travels in the session (and remember)
    cookie, so a database leak does not hand out sessions.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


community_category = sa.Table(
    "community_category",
    db.metadata,
    sa.Column("community_id", sa.ForeignKey("community.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("category_id", sa.ForeignKey("category.id", ondelete="CASCADE"), primary_key=True),
)


class Category(db.Model):
    """A focus category from the agreed taxonomy that admins manage."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    name_en: Mapped[str] = mapped_column(sa.String(80))
    position: Mapped[int] = mapped_column(default=0)

    def label(self, locale):
        return self.name_en if locale == "en" else self.name


class Province(db.Model):
    """A province with its Kemendagri code, e.g. 32 Jawa Barat."""

    code: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80))

    regencies: Mapped[list["Regency"]] = relationship(
        back_populates="province", order_by="Regency.name"
    )


class Regency(db.Model):
    """A kabupaten or kota with its Kemendagri code, e.g. 32.73 Kota Bandung."""

    code: Mapped[str] = mapped_column(sa.String(5), primary_key=True)
    province_code: Mapped[str] = mapped_column(sa.ForeignKey("province.code"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))

    province: Mapped[Province] = relationship(back_populates="regencies")


class District(db.Model):
    """A kecamatan with its Kemendagri code, e.g. 32.73.01 Sukasari; programs are placed down to it."""

    code: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    regency_code: Mapped[str] = mapped_column(sa.ForeignKey("regency.code"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))

    regency: Mapped[Regency] = relationship()


class Image(db.Model):
    """An uploaded picture, kept in the database so any app server can serve it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    width: Mapped[int]
    height: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    variants: Mapped[list["ImageVariant"]] = relationship(
        back_populates="image", cascade="all, delete-orphan", order_by="ImageVariant.width"
    )


class ImageVariant(db.Model):
    """One WebP size of an image; its bytes never change, so it is cached for a year."""

    __table_args__ = (sa.UniqueConstraint("image_id", "width"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    image_id: Mapped[int] = mapped_column(sa.ForeignKey("image.id", ondelete="CASCADE"))
    width: Mapped[int]
    height: Mapped[int]
    # Shown on data-saver placeholders ("Gambar, 3 KB"); the bytes load only when served.
    size: Mapped[int] = mapped_column(default=0)
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)

    image: Mapped[Image] = relationship(back_populates="variants")


# The short forms people type for provinces, by Kemendagri code; a search for one finds the
# province's communities as its full name does.
PROVINCE_SHORT_NAMES = {
    "11": ("NAD",),
    "12": ("Sumut",),
    "13": ("Sumbar",),
    "16": ("Sumsel",),
    "19": ("Babel",),
    "21": ("Kepri",),
    "31": ("DKI",),
    "32": ("Jabar",),
    "33": ("Jateng",),
    "34": ("DIY", "Jogja"),
    "35": ("Jatim",),
    "52": ("NTB",),
    "53": ("NTT",),
    "61": ("Kalbar",),
    "62": ("Kalteng",),
    "63": ("Kalsel",),
    "64": ("Kaltim",),
    "65": ("Kaltara",),
    "71": ("Sulut",),
    "72": ("Sulteng",),
    "73": ("Sulsel",),
    "74": ("Sultra",),
    "76": ("Sulbar",),
    "82": ("Malut",),
    "92": ("Pabar",),
    "96": ("PBD",),
}


class Community(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(140), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    headline: Mapped[str] = mapped_column(sa.String(160))
    vision: Mapped[str] = mapped_column(sa.Text, default="")
    mission: Mapped[str] = mapped_column(sa.Text, default="")
    founded_year: Mapped[int | None]
    member_count: Mapped[int | None]
    province_code: Mapped[str] = mapped_column(sa.ForeignKey("province.code"), index=True)
    regency_code: Mapped[str] = mapped_column(sa.ForeignKey("regency.code"), index=True)
    # Contact details: shown to signed-in members only, never in public HTML.
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(30))
    website: Mapped[str | None] = mapped_column(sa.String(255))
    instagram: Mapped[str | None] = mapped_column(sa.String(255))
    facebook: Mapped[str | None] = mapped_column(sa.String(255))
    logo_id: Mapped[int | None] = mapped_column(sa.ForeignKey("image.id"))
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    # Bumped on every profile save; a form carrying an older number is a stale edit.
    version: Mapped[int] = mapped_column(default=1)
    # Folded text of everything a search word may match (see refresh_search_text).
    search_text: Mapped[str] = mapped_column(sa.Text, default="")

    province: Mapped[Province] = relationship()
    regency: Mapped[Regency] = relationship()
    logo: Mapped[Image | None] = relationship()
    categories: Mapped[list[Category]] = relationship(
        secondary=community_category, order_by="Category.position"
    )
    coordinatorships: Mapped[list["Coordinatorship"]] = relationship(
        back_populates="community", cascade="all, delete-orphan", order_by="Coordinatorship.id"
    )
    programs: Mapped[list["Program"]] = relationship(
        back_populates="community", cascade="all, delete-orphan", order_by="Program.id"
    )
    campaigns: Mapped[list["Campaign"]] = relationship(
        back_populates="community", cascade="all, delete-orphan", order_by="Campaign.id"
    )
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])

    @property
    def is_verified(self):
        return self.verified_at is not None

    @property
    def coordinators(self):
        return [c.user for c in self.coordinatorships]

    def active_campaigns(self, today=None):
        today = today or date.today()
        return [c for c in self.campaigns if c.is_active(today)]

    def refresh_search_text(self):
        """Recompute the folded search text that the directory's words are matched against.

        Call after changing the profile, its focus, programs or campaigns, or a category's names.
        It holds the community's own text, its kabupaten/kota and province (with the short forms
        people type, "NTT", "Jabar"), its focus names in both languages, its programs and
        campaigns: so 'Kupang', 'literacy' or 'NTT' find what a person means.
        """
        # By code, not through the relationships: those still hold the old place until a flush.
        regency = db.session.get(Regency, self.regency_code)
        province = db.session.get(Province, self.province_code)
        parts = [self.name, self.headline, self.vision]
        parts += [regency.name if regency else "", province.name if province else ""]
        parts += PROVINCE_SHORT_NAMES.get(self.province_code, ())
        parts += [name for c in self.categories for name in (c.name, c.name_en)]
        parts += [text for p in self.programs for text in (p.title, p.description)]
        parts += [c.title for c in self.campaigns]
        self.search_text = fold(" ".join(p for p in parts if p))


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


class ProgramStatus:
    PLANNED = "planned"
    RUNNING = "running"
    FINISHED = "finished"


# A program nobody has confirmed for this long is shown as stale and ranked lower.
STALE_AFTER = timedelta(days=183)


class Program(db.Model):
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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    community: Mapped[Community] = relationship(back_populates="programs")
    category: Mapped[Category | None] = relationship()
    regency: Mapped[Regency] = relationship()
    district: Mapped[District | None] = relationship()

    @property
    def is_finished(self):
        return self.status == ProgramStatus.FINISHED

    def is_stale(self, now=None):
        """Not finished, and not confirmed for six months: perhaps it quietly stopped."""
        return not self.is_finished and self.last_confirmed_at < (now or utcnow()) - STALE_AFTER


class Campaign(db.Model):
    """A campaign (kampanye): a public call with a period; active until it ends."""

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(
        sa.ForeignKey("community.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    community: Mapped[Community] = relationship(back_populates="campaigns")

    def is_active(self, today):
        started = self.starts_on is None or self.starts_on <= today
        not_ended = self.ends_on is None or self.ends_on >= today
        return started and not_ended


class PartnershipStatus:
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # by the sender, before an answer


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
    def is_accepted(self):
        return self.status == PartnershipStatus.ACCEPTED

    @property
    def is_pending(self):
        return self.status == PartnershipStatus.PENDING


class Course(db.Model):
    """A course: ordered lessons on one theme of partnering. Only published ones are public."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(140), unique=True)
    title: Mapped[str] = mapped_column(sa.String(160))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    published: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    # Bumped on every save; a form carrying an older number is a stale edit.
    version: Mapped[int] = mapped_column(default=1)

    lessons: Mapped[list["Lesson"]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="(Lesson.position, Lesson.id)"
    )
    updated_by: Mapped[User | None] = relationship()

    @property
    def published_lessons(self):
        return [lesson for lesson in self.lessons if lesson.published]


class Lesson(db.Model):
    """A lesson: Markdown rendered on the server, the same page for every reader."""

    __table_args__ = (sa.UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("course.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(140))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(160))
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    # Worked out from the body on every save (webapp.markdown): minutes to read, and the bytes
    # the lesson's page and pictures take on the phone once saved for offline (the stylesheet
    # and script come on top: webapp.learning.services.offline_size).
    reading_minutes: Mapped[int] = mapped_column(default=1)
    download_size: Mapped[int] = mapped_column(default=0)
    published: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    course: Mapped[Course] = relationship(back_populates="lessons")
    updated_by: Mapped[User | None] = relationship()


class LessonCompletion(db.Model):
    """A member marked a lesson done. Marks made offline arrive later, perhaps more than once:
    the idempotency key of the action makes a repeat a no-op, and a member completes a lesson once."""

    __table_args__ = (sa.UniqueConstraint("user_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(sa.ForeignKey("lesson.id", ondelete="CASCADE"), index=True)
    idempotency_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # When the member tapped "done" (which may be hours before it reached us), and when it arrived.
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    lesson: Mapped[Lesson] = relationship()


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
