"""Quizzes: finding a published one, grading, attempts and mastery.

Grading happens here and nowhere else: a final quiz's page never carries its right answers, so
whatever a phone sends (one answer from the plain form, or a whole attempt made offline) is
graded against the version the attempt is pinned to. Only the first answer to a question in an
attempt counts; mastery looks at a person's most recent counted answers.
"""

import random
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.learning.services import when_marked
from webapp.models import (
    Answer, Attempt, Choice, MasteryRule, Question, QuestionKind, Quiz, QuizVersion, record_audit, utcnow,
)
from webapp.offline import scoped_key


class QuizRefused(Exception):
    """An answer the server will not take; `message` tells the learner why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


class OtherVersion(QuizRefused):
    """Answers made for a version of the quiz other than the attempt's (or one never published)."""

    def __init__(self):
        super().__init__(_(
            "Kuis ini sudah diperbarui sejak Anda mulai. Jawaban untuk versi lain tidak dinilai; "
            "mulai lagi dengan versi terbaru."
        ))


# ---- Grading ------------------------------------------------------------------------------


def grade(question, chosen_ids):
    """True when `chosen_ids` answer `question` right: single choice and true/false need the one
    right choice alone; multiple choice needs exactly the set of right choices."""
    chosen = set(chosen_ids)
    if not chosen:
        raise QuizRefused(_("Pilih jawaban terlebih dahulu."))
    if not chosen <= {choice.id for choice in question.choices}:
        raise QuizRefused(_("Pilihan itu bukan bagian dari soal ini."))
    right = {choice.id for choice in question.choices if choice.correct}
    if question.kind != QuestionKind.MULTIPLE and len(chosen) != 1:
        raise QuizRefused(_("Soal ini hanya punya satu jawaban; pilih satu."))
    return chosen == right


def in_order(questions, seed):
    """The questions shuffled the same way every time for one seed (one attempt, one person)."""
    shuffled = list(questions)
    random.Random(seed).shuffle(shuffled)
    return shuffled


# ---- Finding quizzes ----------------------------------------------------------------------


def is_open(quiz):
    """A quiz people may take: published, on a published course (and lesson, for practice)."""
    if quiz.published_version is None or not quiz.course.published:
        return False
    return quiz.lesson is None or quiz.lesson.published


def find_quiz(quiz_id):
    quiz = db.session.get(Quiz, quiz_id)
    return quiz if quiz is not None and is_open(quiz) else None


def editable_quizzes(course):
    """Every quiz of the course, drafts included, as (final quiz or None, {lesson id: practice})."""
    quizzes = db.session.scalars(
        sa.select(Quiz).where(Quiz.course_id == course.id).order_by(Quiz.id).options(selectinload(Quiz.versions))
    ).all()
    final = next((quiz for quiz in quizzes if quiz.is_final), None)
    return final, {quiz.lesson_id: quiz for quiz in quizzes if not quiz.is_final}


def course_quizzes(course):
    """The course's open quizzes as (final quiz or None, {lesson id: practice quiz})."""
    final, practice = editable_quizzes(course)
    open_final = final if final is not None and is_open(final) else None
    return open_final, {lesson_id: quiz for lesson_id, quiz in practice.items() if is_open(quiz)}


# ---- Attempts and answers -------------------------------------------------------------------


def start_attempt(user, quiz):
    attempt = Attempt(user_id=user.id, version=quiz.published_version, seed=secrets.randbelow(2**31))
    db.session.add(attempt)
    db.session.commit()
    return attempt


def next_question(attempt):
    """The first question, in this attempt's order, that has no answer yet (None when done)."""
    answered = {answer.question_id for answer in attempt.answers}
    return next(
        (q for q in in_order(attempt.version.questions, attempt.seed) if q.id not in answered), None
    )


def answer_question(attempt, version_id, question_id, chosen_ids):
    """Record the first answer to a question of `attempt`. Returns (answer, created): a second
    answer to the same question (a resent form, a double tap) changes nothing."""
    if version_id != attempt.version_id:
        raise OtherVersion()
    question = next((q for q in attempt.version.questions if q.id == question_id), None)
    if question is None:
        raise QuizRefused(_("Soal itu bukan bagian dari kuis ini."))
    existing = _answer_to(attempt, question_id)
    if existing is not None:
        return existing, False
    answer = Answer(attempt=attempt, question_id=question.id, chosen=_stored(chosen_ids),
                    correct=grade(question, chosen_ids))
    db.session.add(answer)
    if len(attempt.answers) == len(attempt.version.questions):
        attempt.finished_at = utcnow()
    try:
        db.session.commit()
    except IntegrityError:  # the same answer, delivered twice at once
        db.session.rollback()
        return _answer_to(attempt, question_id), False
    return answer, True


def _answer_to(attempt, question_id):
    return db.session.scalar(
        sa.select(Answer).where(Answer.attempt_id == attempt.id, Answer.question_id == question_id)
    )


def _stored(chosen_ids):
    return ",".join(str(i) for i in sorted(set(chosen_ids)))


def submit_attempt(user, quiz, version_number, answers, key, made_at=None):
    """A whole attempt sent at once (answered on a phone, perhaps offline), graded once.

    `answers` maps question ids to lists of choice ids, for every question of the version the
    phone had. The attempt is pinned to that version if it was published; the phone's key makes
    a replay return the attempt already graded. Returns (attempt, created).
    """
    stored_key = scoped_key(user.id, key)
    existing = _attempt_with_key(stored_key)
    if existing is not None:
        return existing, False
    version = next((v for v in quiz.versions if v.number == version_number and v.published_at), None)
    if version is None:
        raise OtherVersion()
    if set(answers) != {q.id for q in version.questions}:
        raise QuizRefused(_("Jawaban belum lengkap: setiap soal perlu dijawab."))
    moment = when_marked(made_at)
    attempt = Attempt(user_id=user.id, version=version, seed=0, idempotency_key=stored_key,
                      started_at=moment, finished_at=moment)
    for question in version.questions:
        chosen = answers[question.id]
        attempt.answers.append(Answer(question_id=question.id, chosen=_stored(chosen),
                                      correct=grade(question, chosen), answered_at=moment))
    db.session.add(attempt)
    try:
        db.session.commit()
    except IntegrityError:  # the same attempt delivered twice at once
        db.session.rollback()
        return _attempt_with_key(stored_key), False
    return attempt, True


def _attempt_with_key(stored_key):
    return db.session.scalar(sa.select(Attempt).where(Attempt.idempotency_key == stored_key))


def own_attempt(user, attempt_id):
    """The attempt if it is `user`'s; another account's attempt is not found."""
    attempt = db.session.get(Attempt, attempt_id)
    return attempt if attempt is not None and attempt.user_id == user.id else None


# ---- Mastery ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mastery:
    rule: str
    correct: int  # right answers among those counted
    counted: int  # answers counted (the last `window`, or the last finished attempt's)
    needed: int
    window: int
    mastered: bool


def mastery(user, quiz):
    """How `user` stands on `quiz` under its rule.

    RECENT: the last `window` first answers (any attempt, any version), `needed` of them right.
    ALL: some finished attempt answered every question right; progress shows the latest one.
    """
    counted = sa.select(Answer.correct).join(Attempt).join(QuizVersion).where(
        Attempt.user_id == user.id, QuizVersion.quiz_id == quiz.id
    )
    if quiz.rule == MasteryRule.ALL:
        attempts = db.session.scalars(
            sa.select(Attempt).join(QuizVersion).where(
                Attempt.user_id == user.id, QuizVersion.quiz_id == quiz.id, Attempt.finished_at.is_not(None)
            ).order_by(Attempt.finished_at.desc(), Attempt.id.desc())
        ).all()
        perfect = any(all(a.correct for a in attempt.answers) for attempt in attempts)
        latest = attempts[0].answers if attempts else []
        total = len(latest)
        return Mastery(quiz.rule, sum(a.correct for a in latest), total, total, total, perfect)
    recent = db.session.scalars(
        counted.order_by(Answer.answered_at.desc(), Answer.id.desc()).limit(quiz.window)
    ).all()
    right = sum(recent)
    return Mastery(quiz.rule, right, len(recent), quiz.needed, quiz.window, right >= quiz.needed)


def rule_sentence(quiz):
    """The rule in plain words, next to the progress."""
    if quiz.rule == MasteryRule.ALL:
        return _("Tuntas bila semua soal dijawab benar pada satu percobaan.")
    return _(
        "Tuntas bila %(needed)s dari %(window)s jawaban pertama terakhir Anda benar.",
        needed=quiz.needed, window=quiz.window,
    )


def progress_sentence(standing):
    """"Benar 2 dari 5 terakhir; perlu 3"."""
    if standing.rule == MasteryRule.ALL:
        return _("Benar %(correct)s dari %(counted)s pada percobaan terakhir; perlu semua",
                 correct=standing.correct, counted=standing.counted)
    return _("Benar %(correct)s dari %(window)s terakhir; perlu %(needed)s",
             correct=standing.correct, window=standing.window, needed=standing.needed)


# ---- Writing quizzes (the lesson editor) --------------------------------------------------------


@dataclass(frozen=True)
class ChoiceText:
    text: str
    correct: bool
    feedback: str = ""


def new_quiz(course, lesson, title, editor):
    """A quiz with an empty draft: practice on `lesson`, or the course's final quiz (one only)."""
    final, practice = editable_quizzes(course)
    if lesson is None and final is not None:
        raise QuizRefused(_("Kursus ini sudah punya kuis akhir."))
    if lesson is not None and lesson.id in practice:
        raise QuizRefused(_("Pelajaran ini sudah punya latihan."))
    quiz = Quiz(course=course, lesson=lesson, title=title)
    quiz.versions.append(QuizVersion(number=1))
    db.session.add(quiz)
    db.session.flush()
    record_audit("quiz.created", actor=editor, quiz_id=quiz.id, title=title)
    db.session.commit()
    return quiz


def draft_of(quiz):
    """The version to edit: the draft, or a new draft copied from the published version (which
    itself never changes: attempts are pinned to it)."""
    if quiz.draft is not None:
        return quiz.draft
    published = quiz.published_version
    draft = QuizVersion(number=published.number + 1)
    for question in published.questions:
        copy = Question(position=question.position, kind=question.kind, text=question.text,
                        explanation=question.explanation)
        copy.choices = [Choice(position=c.position, text=c.text, correct=c.correct, feedback=c.feedback)
                        for c in question.choices]
        draft.questions.append(copy)
    quiz.versions.append(draft)
    db.session.commit()
    return draft


def check_choices(kind, choices):
    """Raise QuizRefused unless `choices` suit a question of `kind`."""
    right = sum(choice.correct for choice in choices)
    if len(choices) < 2:
        raise QuizRefused(_("Tulis paling sedikit dua pilihan."))
    if kind == QuestionKind.TRUE_FALSE and len(choices) != 2:
        raise QuizRefused(_("Soal benar/salah punya tepat dua pilihan, mis. “Benar” dan “Salah”."))
    if kind == QuestionKind.MULTIPLE and right < 1:
        raise QuizRefused(_("Tandai paling sedikit satu pilihan yang benar."))
    if kind != QuestionKind.MULTIPLE and right != 1:
        raise QuizRefused(_("Tandai tepat satu pilihan yang benar."))


def save_question(version, question, kind, text, explanation, choices):
    """Add (question None) or change a question of a draft version."""
    if version.published_at is not None:
        raise QuizRefused(_("Versi yang sudah terbit tidak bisa diubah."))
    check_choices(kind, choices)
    if question is None:
        question = Question(position=len(version.questions) + 1)
        version.questions.append(question)
    question.kind, question.text, question.explanation = kind, text, explanation
    question.choices = [Choice(position=i, text=c.text, correct=c.correct, feedback=c.feedback)
                        for i, c in enumerate(choices)]
    db.session.commit()
    return question


def delete_question(question):
    if question.version.published_at is not None:
        raise QuizRefused(_("Versi yang sudah terbit tidak bisa diubah."))
    db.session.delete(question)
    db.session.commit()


def publish(quiz, editor):
    """Publish the draft as the quiz's new version; earlier attempts stay on theirs."""
    draft = quiz.draft
    if draft is None or not draft.questions:
        raise QuizRefused(_("Tambahkan paling sedikit satu soal sebelum menerbitkan."))
    draft.published_at = utcnow()
    record_audit("quiz.published", actor=editor, quiz_id=quiz.id, title=quiz.title, version=draft.number)
    db.session.commit()


def save_settings(quiz, title, rule, needed, window):
    """The quiz's title and mastery rule (not versioned: it is how attempts are counted)."""
    quiz.title, quiz.rule, quiz.needed, quiz.window = title, rule, needed, window
    db.session.commit()


# ---- What facilitators see: aggregates only -------------------------------------------------------

# A question's figures show only once this many people answered it, so no one's answer can be
# read off a small count.
MIN_ANSWERS = 3


@dataclass(frozen=True)
class Missed:
    quiz: Quiz
    question: Question
    answered: int
    wrong: int

    @property
    def percent_wrong(self):
        return round(100 * self.wrong / self.answered)


def most_missed(course, limit=5):
    """The course's questions most often answered wrong (first answers, every version), most
    missed first: where a lesson may need a better explanation. Counts only, never who."""
    rows = db.session.execute(
        sa.select(Question, sa.func.count(Answer.id), sa.func.sum(sa.case((Answer.correct.is_(False), 1), else_=0)))
        .join(Answer, Answer.question_id == Question.id)
        .join(QuizVersion, QuizVersion.id == Question.version_id)
        .join(Quiz, Quiz.id == QuizVersion.quiz_id)
        .where(Quiz.course_id == course.id)
        .group_by(Question.id)
        .having(sa.func.count(Answer.id) >= MIN_ANSWERS)
    ).all()
    missed = [Missed(q.version.quiz, q, answered, int(wrong)) for q, answered, wrong in rows if wrong]
    missed.sort(key=lambda m: (-m.wrong / m.answered, -m.answered, m.question.id))
    return missed[:limit]
