"""Courses, their lessons, and who completed which lesson."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.accounts import User
from webapp.models.base import Hideable, Versioned, utcnow


class Course(Hideable, Versioned, db.Model):
    """A course: ordered lessons on one theme of partnering. Only published ones are public."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(140), unique=True)
    title: Mapped[str] = mapped_column(sa.String(160))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    published: Mapped[bool] = mapped_column(default=False)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    lessons: Mapped[list["Lesson"]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="(Lesson.position, Lesson.id)"
    )
    updated_by: Mapped[User | None] = relationship()

    @property
    def published_lessons(self):
        return [lesson for lesson in self.lessons if lesson.published and not lesson.is_hidden]


class Lesson(Hideable, Versioned, db.Model):
    """A lesson: Markdown rendered on the server when saved, the same page for every reader."""

    __table_args__ = (sa.UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("course.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(140))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(160))
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    # The body as safe HTML, rendered on every save (webapp.learning.services), so a reader's
    # request never converts Markdown: per language (picture labels are translated), with
    # pictures and with data-saver mode's tap-to-load links. Keys: "id", "id-hemat", "en", ...
    body_html: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Worked out from the body on every save (webapp.markdown): minutes to read, and the bytes
    # the lesson's page and pictures take on the phone once saved for offline (the stylesheet
    # and script come on top: webapp.learning.services.offline_size).
    reading_minutes: Mapped[int] = mapped_column(default=1)
    download_size: Mapped[int] = mapped_column(default=0)
    published: Mapped[bool] = mapped_column(default=False)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    course: Mapped[Course] = relationship(back_populates="lessons")
    updated_by: Mapped[User | None] = relationship()

    def stored_html(self, locale, data_saver):
        """The body's HTML for this language and picture mode, as rendered when it was saved."""
        return (self.body_html or {}).get(html_key(locale, data_saver), "")


def html_key(locale, data_saver):
    return f"{locale}-hemat" if data_saver else str(locale)


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
