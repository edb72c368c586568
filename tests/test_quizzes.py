"""Quizzes: grading per kind, mastery, versions, taking a quiz without JavaScript, offline attempts."""

import json
import re
import uuid

import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.learning.services import refresh_lesson_metrics
from webapp.models import (
    Answer, Attempt, Choice, Course, Lesson, MasteryRule, Question, QuestionKind, Quiz, QuizVersion, User, utcnow,
)
from webapp.quizzes import services
from webapp.quizzes.services import QuizRefused

SAME_SITE = {"X-Jejaring": "1", "Sec-Fetch-Site": "same-origin"}
API = "/api/kuis"


def question(kind, text, choices, position=0):
    """A question from [(text, correct)], each choice with its own feedback."""
    q = Question(kind=kind, text=text, explanation=f"Penjelasan: {text}", position=position)
    for i, (label, correct) in enumerate(choices):
        q.choices.append(Choice(text=label, correct=correct, position=i, feedback=f"Umpan balik {label}"))
    return q


def five_questions():
    return [
        question(QuestionKind.SINGLE, "Apa arti **mitra**?", [("Rekan setara", True), ("Atasan", False), ("Donor", False)], 1),
        question(QuestionKind.MULTIPLE, "Mana prinsip kemitraan?", [("Kesetaraan", True), ("Keterbukaan", True), ("Paksaan", False)], 2),
        question(QuestionKind.TRUE_FALSE, "Mitra harus punya tujuan bersama.", [("Benar", True), ("Salah", False)], 3),
        question(QuestionKind.SINGLE, "Siapa yang memutuskan?", [("Bersama", True), ("Donor", False)], 4),
        question(QuestionKind.TRUE_FALSE, "Risiko ditanggung satu pihak saja.", [("Benar", False), ("Salah", True)], 5),
    ]


@pytest.fixture
def quiz_course(app):
    """A published course with two lessons, a practice quiz on the first, a published final quiz."""
    with app.app_context():
        course = Course(slug="dasar-kemitraan", title="Dasar kemitraan", summary="Mulai.", published=True)
        for position, slug in enumerate(["apa-itu-kemitraan", "tujuan-bersama"], start=1):
            lesson = Lesson(slug=slug, position=position, title=slug.replace("-", " ").capitalize(),
                            summary="", body="Isi pelajaran.", published=True)
            course.lessons.append(lesson)
            refresh_lesson_metrics(lesson)
        final = Quiz(course=course, title="Kuis akhir dasar kemitraan")
        final.versions.append(QuizVersion(number=1, published_at=utcnow(), questions=five_questions()))
        practice = Quiz(course=course, lesson=course.lessons[0], title="Latihan", rule=MasteryRule.ALL)
        practice.versions.append(QuizVersion(number=1, published_at=utcnow(), questions=[
            question(QuestionKind.TRUE_FALSE, "Kemitraan itu setara.", [("Benar", True), ("Salah", False)])
        ]))
        db.session.add_all([course, final, practice])
        db.session.commit()
        return {"course": course.id, "final": final.id, "practice": practice.id,
                "lessons": [lesson.id for lesson in course.lessons]}


def right_answers(version):
    return {q.id: [c.id for c in q.choices if c.correct] for q in version.questions}


def wrong_answers(version):
    return {q.id: [next(c.id for c in q.choices if not c.correct)] for q in version.questions}


# ---- Grading per kind ----------------------------------------------------------------------


def test_single_choice_needs_the_one_right_choice(app, quiz_course):
    with app.app_context():
        q = db.session.get(Quiz, quiz_course["final"]).published_version.questions[0]
        right, wrong, other = [c.id for c in q.choices]
        assert services.grade(q, [right]) is True
        assert services.grade(q, [wrong]) is False
        with pytest.raises(QuizRefused, match="satu"):
            services.grade(q, [right, wrong])


def test_multiple_choice_needs_exactly_the_right_set(app, quiz_course):
    with app.app_context():
        q = db.session.get(Quiz, quiz_course["final"]).published_version.questions[1]
        a, b, c = [choice.id for choice in q.choices]
        assert services.grade(q, [a, b]) is True
        assert services.grade(q, [b, a]) is True
        assert services.grade(q, [a]) is False  # half right is wrong
        assert services.grade(q, [a, b, c]) is False  # ticking everything is wrong


def test_true_false_and_refused_choices(app, quiz_course):
    with app.app_context():
        version = db.session.get(Quiz, quiz_course["final"]).published_version
        q = version.questions[4]
        benar, salah = [c.id for c in q.choices]
        assert services.grade(q, [salah]) is True
        assert services.grade(q, [benar]) is False
        with pytest.raises(QuizRefused, match="Pilih jawaban"):
            services.grade(q, [])
        with pytest.raises(QuizRefused, match="bukan bagian"):
            services.grade(q, [version.questions[0].choices[0].id])


def test_order_is_shuffled_per_seed_and_stable(app, quiz_course):
    with app.app_context():
        questions = db.session.get(Quiz, quiz_course["final"]).published_version.questions
        orders = {tuple(q.id for q in services.in_order(questions, seed)) for seed in range(20)}
        assert len(orders) > 1
        assert services.in_order(questions, 7) == services.in_order(questions, 7)


# ---- Mastery -----------------------------------------------------------------------------


def answer_all(user, quiz, pattern):
    """One attempt answered in the version's order, right or wrong as `pattern` says."""
    version = quiz.published_version
    attempt = services.start_attempt(user, quiz)
    right, wrong = right_answers(version), wrong_answers(version)
    for q, ok in zip(version.questions, pattern):
        services.answer_question(attempt, version.id, q.id, right[q.id] if ok else wrong[q.id])
    return attempt


def test_mastery_counts_m_of_the_last_n_first_answers(app, quiz_course, make_user):
    make_user()
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        quiz = db.session.get(Quiz, quiz_course["final"])
        assert services.mastery(user, quiz).mastered is False
        answer_all(user, quiz, [True, True, False, False, False])
        standing = services.mastery(user, quiz)
        assert (standing.correct, standing.mastered) == (2, False)
        assert services.progress_sentence(standing) == "Benar 2 dari 5 terakhir; perlu 3"
        answer_all(user, quiz, [False, False, True, True, True])
        assert services.mastery(user, quiz).mastered is True
        # Older answers fall out of the window: five wrong ones undo it.
        answer_all(user, quiz, [False] * 5)
        assert services.mastery(user, quiz).correct == 0


def test_only_the_first_answer_to_a_question_counts(app, quiz_course, make_user):
    make_user()
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        quiz = db.session.get(Quiz, quiz_course["final"])
        version = quiz.published_version
        attempt = services.start_attempt(user, quiz)
        q = version.questions[0]
        first, created = services.answer_question(attempt, version.id, q.id, wrong_answers(version)[q.id])
        again, created_again = services.answer_question(attempt, version.id, q.id, right_answers(version)[q.id])
        assert created and not created_again
        assert again.id == first.id and again.correct is False
        assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 1


def test_all_correct_rule_needs_one_perfect_attempt(app, quiz_course, make_user):
    make_user()
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        quiz = db.session.get(Quiz, quiz_course["final"])
        quiz.rule = MasteryRule.ALL
        answer_all(user, quiz, [True, True, True, True, False])
        assert services.mastery(user, quiz).mastered is False
        answer_all(user, quiz, [True] * 5)
        assert services.mastery(user, quiz).mastered is True


def test_answers_for_another_version_are_refused(app, quiz_course, make_user):
    make_user()
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        quiz = db.session.get(Quiz, quiz_course["final"])
        attempt = services.start_attempt(user, quiz)
        newer = QuizVersion(quiz=quiz, number=2, published_at=utcnow(), questions=five_questions())
        db.session.commit()
        with pytest.raises(services.OtherVersion, match="versi lain"):
            services.answer_question(attempt, newer.id, newer.questions[0].id, [newer.questions[0].choices[0].id])
