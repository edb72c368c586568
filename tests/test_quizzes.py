"""Quizzes: grading per kind, mastery, versions, taking a quiz without JavaScript, offline attempts."""

import json
import re
import uuid

import pytest
import sqlalchemy as sa

from webapp.certificates.services import own_certificates, unmet_requirements
from webapp.extensions import db
from webapp.learning.services import refresh_lesson_metrics
from webapp.models import (
    Answer, Attempt, Choice, Course, Lesson, MasteryRule, Question, QuestionKind, Quiz, QuizVersion, Role, User,
    utcnow,
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
        newer = QuizVersion(number=2, published_at=utcnow(), questions=five_questions())
        quiz.versions.append(newer)
        db.session.commit()
        with pytest.raises(services.OtherVersion, match="versi lain"):
            services.answer_question(attempt, newer.id, newer.questions[0].id, [newer.questions[0].choices[0].id])


# ---- Taking a quiz without JavaScript ------------------------------------------------------


def version_of(app, quiz_id):
    with app.app_context():
        version = db.session.get(Quiz, quiz_id).published_version
        return {"id": version.id, "number": version.number, "right": right_answers(version),
                "wrong": wrong_answers(version), "questions": [q.id for q in version.questions]}


def start(client, quiz_id):
    response = client.post(f"/kuis/{quiz_id}/mulai")
    assert response.status_code == 303
    return response.headers["Location"]


def current_question(client, attempt_url):
    html = client.get(attempt_url).get_data(as_text=True)
    found = re.search(r'name="question" value="(\d+)"', html)
    return int(found.group(1)) if found else None


def first_question(client, app, quiz_id):
    """Start an attempt: its URL, the question it asks first, and the quiz's version."""
    url = start(client, quiz_id)
    return url, current_question(client, url), version_of(app, quiz_id)


def answer(client, url, question, facts, right=True, **changes):
    """Answer `question` right or wrong with the plain form; `changes` alter the form's fields."""
    data = {"question": question, "version": facts["id"],
            "pilihan": (facts["right"] if right else facts["wrong"])[question], **changes}
    return client.post(url, data=data)


def take(client, app, quiz_id, pattern=None):
    """Take the quiz through the plain forms, right or wrong per question id (all right by default)."""
    version = version_of(app, quiz_id)
    url = start(client, quiz_id)
    seen = []
    while (question := current_question(client, url)) is not None:
        response = answer(client, url, question, version, right=pattern is None or pattern(question))
        assert response.status_code == 303
        seen.append(question)
    return url, seen


def test_the_final_quiz_page_never_contains_the_right_answers(client, app, quiz_course):
    html = client.get(f"/kuis/{quiz_course['final']}").get_data(as_text=True)
    assert "Apa arti <strong>mitra</strong>?" in html  # the questions are there, for offline use
    assert "Rekan setara" in html and "Atasan" in html
    assert "data-correct" not in html and "Umpan balik" not in html and "Penjelasan" not in html
    practice = client.get(f"/kuis/{quiz_course['practice']}").get_data(as_text=True)
    assert 'data-correct="1"' in practice and "Umpan balik Benar" in practice


def test_quiz_page_is_shared_and_says_the_rule(client, quiz_course):
    response = client.get(f"/kuis/{quiz_course['final']}")
    assert response.headers["Cache-Control"].startswith("public")
    html = response.get_data(as_text=True)
    assert "Tuntas bila 3 dari 5 jawaban pertama terakhir Anda benar." in html
    assert "csrf_token" not in html


def test_take_a_quiz_one_question_per_page(client, app, auth, make_user, quiz_course):
    make_user()
    auth.login()
    final = quiz_course["final"]
    url, seen = take(client, app, final, pattern=lambda q: q in version_of(app, final)["questions"][:2])
    assert sorted(seen) == sorted(version_of(app, final)["questions"])
    response = client.get(url)
    assert response.headers["Cache-Control"] == "private, no-store"
    result = response.get_data(as_text=True)
    assert "Benar 2 dari 5." in result
    assert "Benar 2 dari 5 terakhir; perlu 3" in result
    assert "Rekan setara" not in result  # a final quiz's result does not reveal the right choice
    status = client.get(f"/kuis/{final}/kemajuan").get_data(as_text=True)
    assert "Benar 2 dari 5 terakhir; perlu 3" in status


def test_each_attempt_has_its_own_stable_order(client, app, auth, make_user, quiz_course):
    make_user()
    auth.login()
    orders = set()
    for _ in range(6):
        url = start(client, quiz_course["final"])
        first = current_question(client, url)
        assert current_question(client, url) == first  # stable within the attempt
        orders.add(first)
    assert len(orders) > 1


def test_an_answer_for_another_version_is_refused_with_a_message(client, app, auth, make_user, quiz_course):
    make_user()
    auth.login()
    url, question, version = first_question(client, app, quiz_course["final"])
    response = answer(client, url, question, version, version=version["id"] + 999)
    assert response.status_code == 409
    assert "Kuis ini sudah diperbarui sejak Anda mulai" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 0


def test_a_resent_answer_counts_once(client, app, auth, make_user, quiz_course):
    make_user()
    auth.login()
    url, question, version = first_question(client, app, quiz_course["final"])
    answer(client, url, question, version, right=False)
    answer(client, url, question, version)
    assert "jawaban pertama yang dihitung" in client.get(url).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(sa.select(Answer.correct)).all() == [False]


def test_another_account_cannot_see_or_answer_my_attempt(client, app, auth, make_user, quiz_course):
    make_user()
    make_user(email="lain@contoh.id", name="Orang Lain")
    auth.login()
    url, question, version = first_question(client, app, quiz_course["final"])
    auth.logout()
    auth.login(email="lain@contoh.id")
    assert client.get(url).status_code == 404
    assert answer(client, url, question, version).status_code == 404


@pytest.mark.parametrize("path", ["/kuis/999999", "/kuis/99999999999999999999", "/kuis/percobaan/999999"])
def test_unknown_quizzes_and_attempts_are_not_found(client, auth, make_user, quiz_course, path):
    make_user()
    auth.login()
    assert client.get(path).status_code == 404


def test_bad_answer_forms_come_back_with_a_message(client, app, auth, make_user, quiz_course):
    make_user()
    auth.login()
    url, question, version = first_question(client, app, quiz_course["final"])
    nothing = client.post(url, data={"question": question, "version": version["id"]})
    assert nothing.status_code == 422 and "Pilih jawaban terlebih dahulu." in nothing.get_data(as_text=True)
    foreign = client.post(url, data={"question": question, "version": version["id"], "pilihan": [2**40, "x\x00"]})
    assert foreign.status_code == 422 and "Invalid" not in foreign.get_data(as_text=True)
    other = answer(client, url, question, version, pilihan=[2**40])
    assert other.status_code == 422 and "Pilihan itu bukan bagian dari soal ini." in other.get_data(as_text=True)
    garbled = client.post(url, data={"question": "satu", "version": version["id"], "pilihan": 1})
    assert garbled.status_code == 422 and "Formulir ini tidak lengkap" in garbled.get_data(as_text=True)


def test_practice_shows_feedback_after_each_answer(client, app, auth, make_user, quiz_course):
    make_user()
    auth.login()
    url, question, version = first_question(client, app, quiz_course["practice"])
    answer(client, url, question, version, right=False)
    result = client.get(url).get_data(as_text=True)
    assert "Belum tepat" in result and "Umpan balik Salah" in result and "Penjelasan:" in result


# ---- A whole attempt from a phone (the offline action) ---------------------------------------


def send(client, quiz_id, version_number, answers, key=None, headers=SAME_SITE, **extra):
    body = {"quiz": quiz_id, "version": version_number, "key": key or str(uuid.uuid4()),
            "answers": {str(q): c for q, c in answers.items()}, **extra}
    return client.post(API, data=json.dumps(body), content_type="application/json", headers=headers)


def test_an_offline_attempt_is_graded_once(client, app, auth, make_user, quiz_course):
    make_user()
    auth.login()
    version = version_of(app, quiz_course["final"])
    first = send(client, quiz_course["final"], version["number"], version["right"], key="kunci-percobaan-1")
    assert first.status_code == 200
    assert first.json["new"] is True and first.json["correct"] == 5 and first.json["mastered"] is True
    again = send(client, quiz_course["final"], version["number"], version["wrong"], key="kunci-percobaan-1")
    assert again.json["new"] is False and again.json["correct"] == 5
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Attempt.id))) == 1


def test_an_offline_attempt_replayed_by_another_account_is_its_own(client, app, auth, make_user, quiz_course):
    make_user()
    make_user(email="lain@contoh.id", name="Orang Lain")
    version = version_of(app, quiz_course["final"])
    auth.login()
    send(client, quiz_course["final"], version["number"], version["right"], key="kunci-percobaan-1")
    auth.logout()
    auth.login(email="lain@contoh.id")
    other = send(client, quiz_course["final"], version["number"], version["wrong"], key="kunci-percobaan-1")
    assert other.json["new"] is True and other.json["correct"] == 0 and other.json["mastered"] is False


def test_offline_attempts_for_an_unknown_version_or_incomplete_are_refused(client, app, auth, make_user, quiz_course):
    make_user()
    auth.login()
    version = version_of(app, quiz_course["final"])
    other = send(client, quiz_course["final"], version["number"] + 1, version["right"])
    assert other.status_code == 422 and "versi lain" in other.json["error"]
    partial = dict(list(version["right"].items())[:2])
    assert send(client, quiz_course["final"], version["number"], partial).status_code == 422
    assert send(client, quiz_course["final"], version["number"], {"x": 1}).status_code == 400
    assert send(client, quiz_course["final"], version["number"], {"²": [1]}).status_code == 400
    assert send(client, 2**40, 1, version["right"]).status_code == 400
    assert send(client, quiz_course["final"], version["number"], version["right"],
                headers={"X-Jejaring": "1", "Sec-Fetch-Site": "cross-site"}).status_code == 403
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Attempt.id))) == 0


# ---- Writing quizzes (the lesson editor) ---------------------------------------------------------


def question_form(text="Apa itu **kemitraan**?", kind="single", choices=(("Kerja sama setara", True), ("Sumbangan", False))):
    data = {"kind": kind, "text": text, "explanation": "Karena setara."}
    for i, (label, correct) in enumerate(choices):
        data[f"choices-{i}-text"] = label
        data[f"choices-{i}-feedback"] = f"Umpan balik {label}"
        if correct:
            data[f"choices-{i}-correct"] = "y"
    return data


@pytest.fixture
def facilitator(auth, make_user):
    make_user("fasilitator@contoh.id", name="Fasilitator Rina", role=Role.FACILITATOR)
    auth.login("fasilitator@contoh.id")


def test_facilitators_write_and_publish_a_final_quiz(client, app, facilitator, quiz_course):
    with app.app_context():
        db.session.delete(db.session.get(Quiz, quiz_course["final"]))
        db.session.commit()
    base = f"/kelola-kursus/{quiz_course['course']}"
    response = client.post(f"{base}/kuis-baru")
    assert response.status_code == 303
    quiz_url = response.headers["Location"]
    assert client.post(f"{quiz_url}/terbitkan", follow_redirects=True).get_data(as_text=True).count(
        "Tambahkan paling sedikit satu soal") == 1
    assert client.post(f"{quiz_url}/soal-baru", data=question_form()).status_code == 303
    client.post(f"{quiz_url}/soal-baru", data=question_form("Pilih dua", "multiple",
                                                             [("A", True), ("B", True), ("C", False)]))
    client.post(quiz_url, data={"title": "Kuis akhir", "rule": "all", "needed": 2, "window": 2})
    client.post(f"{quiz_url}/terbitkan")
    with app.app_context():
        quiz = db.session.scalar(sa.select(Quiz).where(Quiz.lesson_id.is_(None)))
        assert quiz.rule == "all" and quiz.title == "Kuis akhir"
        version = quiz.published_version
        assert version.number == 1 and [q.kind for q in version.questions] == ["single", "multiple"]
    assert "Apa itu <strong>kemitraan</strong>?" in client.get(f"/kuis/{quiz.id}").get_data(as_text=True)
    assert client.post(f"{base}/kuis-baru", follow_redirects=True).get_data(as_text=True).count(
        "sudah punya kuis akhir") == 1


def test_editing_a_published_quiz_makes_a_new_version(client, app, facilitator, quiz_course, make_user):
    quiz_url = f"/kelola-kursus/{quiz_course['course']}/kuis/{quiz_course['final']}"
    # A published version is not edited in place.
    with app.app_context():
        first = db.session.get(Quiz, quiz_course["final"]).published_version
        first_id, first_question = first.id, first.questions[0].id
    assert client.get(f"{quiz_url}/soal/{first_question}").status_code == 303
    client.post(f"{quiz_url}/ubah")
    with app.app_context():
        draft = db.session.get(Quiz, quiz_course["final"]).draft
        draft_question = draft.questions[0].id
        assert draft.number == 2 and len(draft.questions) == 5
    client.post(f"{quiz_url}/soal/{draft_question}", data=question_form("Soal yang diperbaiki"))
    client.post(f"{quiz_url}/terbitkan")
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_course["final"])
        assert quiz.published_version.number == 2
        assert quiz.published_version.questions[0].text == "Soal yang diperbaiki"
        assert db.session.get(QuizVersion, first_id).questions[0].text == "Apa arti **mitra**?"


@pytest.mark.parametrize("kind, choices, message", [
    ("single", [("A", True), ("B", True)], "tepat satu pilihan yang benar"),
    ("multiple", [("A", False), ("B", False)], "paling sedikit satu pilihan yang benar"),
    ("true_false", [("Benar", True), ("Salah", False), ("Mungkin", False)], "tepat dua pilihan"),
    ("single", [("A", True)], "paling sedikit dua pilihan"),
])
def test_questions_that_cannot_be_graded_are_refused(client, facilitator, quiz_course, kind, choices, message):
    quiz_url = f"/kelola-kursus/{quiz_course['course']}/kuis/{quiz_course['final']}"
    client.post(f"{quiz_url}/ubah")
    response = client.post(f"{quiz_url}/soal-baru", data=question_form("Soal", kind, choices))
    assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_members_cannot_write_quizzes(client, auth, make_user, quiz_course):
    make_user()
    auth.login()
    assert client.post(f"/kelola-kursus/{quiz_course['course']}/kuis-baru").status_code == 403
    assert client.get(f"/kelola-kursus/{quiz_course['course']}/kuis/{quiz_course['final']}").status_code == 403


def test_another_courses_quiz_is_not_found_in_the_editor(client, app, facilitator, quiz_course):
    with app.app_context():
        other = Course(slug="lain", title="Lain", published=True)
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    assert client.get(f"/kelola-kursus/{other_id}/kuis/{quiz_course['final']}").status_code == 404


# ---- Demo content ---------------------------------------------------------------------------


def test_demo_courses_have_quizzes_and_one_member_holds_a_certificate(app, runner):
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    with app.app_context():
        for course in db.session.scalars(sa.select(Course)):
            final, practice = services.course_quizzes(course)
            assert final is not None and len(final.published_version.questions) >= 5
            assert len(practice) >= 1
            for quiz in [final, *practice.values()]:
                for q in quiz.published_version.questions:
                    services.check_choices(q.kind, q.choices)  # every demo question can be graded
        holder = db.session.scalar(sa.select(User).where(User.email == "nurul.aini@jejaring.test"))
        [certificate] = own_certificates(holder)
        assert unmet_requirements(holder, certificate.course) == []
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Quiz.id))) == 9


def test_facilitators_see_completion_and_most_missed_questions_without_names(client, app, auth, make_user, quiz_course):
    version = version_of(app, quiz_course["final"])
    first_question = version["questions"][0]
    for number in range(3):
        make_user(f"peserta{number}@contoh.id", name=f"Peserta Rahasia {number}")
        auth.login(f"peserta{number}@contoh.id")
        answers = {q: (version["wrong"] if q == first_question else version["right"])[q] for q in version["questions"]}
        send(client, quiz_course["final"], version["number"], answers)
        client.post("/api/kemajuan", json={"lesson": quiz_course["lessons"][0], "key": f"selesai-{number}-abcdef"},
                    headers=SAME_SITE)
        auth.logout()
    make_user("fasilitator@contoh.id", name="Fasilitator Rina", role=Role.FACILITATOR)
    auth.login("fasilitator@contoh.id")
    html = client.get(f"/kelola-kursus/{quiz_course['course']}").get_data(as_text=True)
    assert re.search(r"Mulai belajar</dt><dd>3<", html)
    assert re.search(r"Menyelesaikan semua pelajaran</dt><dd>0<", html)
    missed = html.split("Soal yang paling sering salah")[1]
    assert "Apa arti **mitra**?" in missed and "100% salah dari 3 jawaban" in missed
    assert "Mana prinsip kemitraan?" not in missed  # never missed: not listed
    assert "Peserta Rahasia" not in html


def test_most_missed_waits_for_enough_answers(client, app, auth, make_user, quiz_course):
    make_user()
    auth.login()
    version = version_of(app, quiz_course["final"])
    send(client, quiz_course["final"], version["number"], version["wrong"])
    with app.app_context():
        assert services.most_missed(db.session.get(Course, quiz_course["course"])) == []


@pytest.mark.parametrize("field, value", [
    ("text", "Hubungi fasilitator di 0812 3456 7890 bila ragu."),
    ("explanation", "Tanya lewat nol delapan satu dua tiga empat lima enam tujuh delapan."),
    ("choices-0-text", "Tulis ke fasilitator@gmail.com"),
    ("choices-1-feedback", "Kirim WA ke 081234567890"),
])
def test_questions_refuse_contact_details_like_every_public_text(client, facilitator, quiz_course, field, value):
    quiz_url = f"/kelola-kursus/{quiz_course['course']}/kuis/{quiz_course['final']}"
    client.post(f"{quiz_url}/ubah")
    response = client.post(f"{quiz_url}/soal-baru", data=question_form() | {field: value})
    assert response.status_code == 422
    assert "Jangan tulis nomor telepon atau alamat e-mail di sini" in response.get_data(as_text=True)
