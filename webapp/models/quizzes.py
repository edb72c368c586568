"""Quizzes: practice on a lesson or a final quiz for a course, in immutable published versions,
and each person's attempts and answers."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.accounts import User
from webapp.models.base import Status, utcnow
from webapp.models.learning import Course, Lesson


class QuestionKind(Status):
    SINGLE = "single", _l("Pilih satu")
    MULTIPLE = "multiple", _l("Pilih semua yang benar")
    TRUE_FALSE = "true_false", _l("Benar atau salah")


class MasteryRule(Status):
    # "m correct of the last n first answers", as Kolibri counts mastery.
    RECENT = "recent", _l("Benar sekian dari jawaban terakhir")
    ALL = "all", _l("Semua benar")


class Quiz(db.Model):
    """A quiz: practice when it belongs to a lesson, the course's final quiz when it does not.

    Its questions live in versions: a published version never changes, so an attempt pinned to
    it is graded against exactly the questions the person saw. Editing works on a draft version
    that becomes the next published one.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("course.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int | None] = mapped_column(sa.ForeignKey("lesson.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(160))
    rule: Mapped[str] = mapped_column(sa.String(10), default=MasteryRule.RECENT)
    needed: Mapped[int] = mapped_column(default=3)
    window: Mapped[int] = mapped_column(default=5)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    course: Mapped[Course] = relationship()
    lesson: Mapped[Lesson | None] = relationship()
    versions: Mapped[list["QuizVersion"]] = relationship(
        back_populates="quiz", cascade="all, delete-orphan", order_by="QuizVersion.number"
    )

    @property
    def is_final(self):
        return self.lesson_id is None

    @property
    def published_version(self):
        """The newest published version, or None while the quiz is still a draft."""
        published = [v for v in self.versions if v.published_at is not None]
        return published[-1] if published else None

    @property
    def draft(self):
        """The version being edited (not yet published), or None."""
        return next((v for v in self.versions if v.published_at is None), None)


class QuizVersion(db.Model):
    __table_args__ = (sa.UniqueConstraint("quiz_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(sa.ForeignKey("quiz.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    quiz: Mapped[Quiz] = relationship(back_populates="versions")
    questions: Mapped[list["Question"]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="(Question.position, Question.id)"
    )


class Question(db.Model):
    """A question in Markdown, with an explanation shown once it is answered."""

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("quiz_version.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(sa.String(12), default=QuestionKind.SINGLE)
    text: Mapped[str] = mapped_column(sa.Text)
    explanation: Mapped[str] = mapped_column(sa.Text, default="")

    version: Mapped[QuizVersion] = relationship(back_populates="questions")
    choices: Mapped[list["Choice"]] = relationship(
        back_populates="question", cascade="all, delete-orphan", order_by="(Choice.position, Choice.id)"
    )

    @property
    def kind_label(self):
        return QuestionKind(self.kind).label


class Choice(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.String(500))
    correct: Mapped[bool] = mapped_column(default=False)
    # What the learner reads after picking this choice.
    feedback: Mapped[str] = mapped_column(sa.String(500), default="")

    question: Mapped[Question] = relationship(back_populates="choices")


class Attempt(db.Model):
    """One go at a quiz by one account, pinned to the version it started on.

    `seed` fixes the shuffled order of the questions for this attempt. An attempt sent whole from
    a phone (made offline) carries the phone's idempotency key, so a replay is no second attempt.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("quiz_version.id", ondelete="CASCADE"), index=True)
    seed: Mapped[int] = mapped_column(default=0)
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
    version: Mapped[QuizVersion] = relationship()
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="Answer.id"
    )


class Answer(db.Model):
    """The first answer to a question in an attempt: the only one that counts (unique)."""

    __table_args__ = (sa.UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("attempt.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id", ondelete="CASCADE"), index=True)
    # The chosen choices' ids, sorted, comma-separated.
    chosen: Mapped[str] = mapped_column(sa.String(200))
    correct: Mapped[bool]
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
