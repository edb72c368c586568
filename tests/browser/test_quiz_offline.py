"""Quizzes and certificates in real Chromium, through the app's real service worker (issue 13).

- A member saves a course, goes fully offline, takes its final quiz, closes the browser; when it
  is opened again with a connection, the attempt is graded once on the server, the certificate
  is issued once, and the page shows it.
- Anyone verifies that certificate at /v/<code> signed out, and offline with "Periksa
  sertifikat"; a tampered token and a revoked certificate are both reported as not valid.
- Online, practice gives its feedback at once; without JavaScript a quiz is one plain form per
  question, then a result page.

"Closing the browser" is closing a Chromium profile on disk and launching it again: the queued
attempt survives only in the worker's storage, as on a phone.
"""

import re

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from playwright.sync_api import expect

from tests import conftest
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, PHONE, wait_for_worker
from tests.browser.helpers import MEMBER_EMAIL, go_offline, go_online, new_course, new_person, serving, sign_in
from tests.conftest import DEFAULT_PASSWORD
from tests.test_quizzes import five_questions
from webapp import create_app
from webapp.certificates import services as certificates
from webapp.extensions import db
from webapp.models import Attempt, Certificate, LessonCompletion, Quiz, QuizVersion, User, utcnow
from webapp.notifications.models import Notification
from webapp.quizzes.services import submit_attempt

COURSE = "/belajar/dasar-kemitraan"


@pytest.fixture(scope="module")
def quiz_app(tmp_path_factory):
    """CSRF on, one course of two lessons the member has finished, and its final quiz."""
    path = tmp_path_factory.mktemp("kuis") / "kuis.sqlite"
    app = create_app(conftest.test_config("sqlite:///" + str(path), WTF_CSRF_ENABLED=True, RELEASE="1"))
    with app.app_context():
        upgrade()
        course = new_course("dasar-kemitraan", "Dasar kemitraan", "Mulai dari sini.", {
            "apa-itu-kemitraan": "## Bermitra\n\nKemitraan adalah kerja bersama yang setara.",
            "tujuan-bersama": "## Tujuan\n\nTanpa tujuan bersama, mitra berjalan sendiri-sendiri.",
        })
        member = new_person(MEMBER_EMAIL, "Relawan Contoh")
        quiz = Quiz(course=course, title="Kuis akhir dasar kemitraan")
        quiz.versions.append(QuizVersion(number=1, published_at=utcnow(), questions=five_questions()))
        practice = Quiz(course=course, lesson=course.lessons[0], title="Latihan kemitraan")
        practice.versions.append(QuizVersion(number=1, published_at=utcnow(), questions=five_questions()[:2]))
        db.session.add_all([quiz, practice])
        db.session.flush()
        for lesson in course.lessons:
            db.session.add(LessonCompletion(user_id=member.id, lesson_id=lesson.id, idempotency_key=f"k{lesson.id}"))
        db.session.commit()
        db.engine.dispose()
    return app


@pytest.fixture(scope="module")
def quiz_server(quiz_app):
    with serving(quiz_app) as base_url:
        yield base_url


def counts(app):
    with app.app_context():
        found = (
            db.session.scalar(sa.select(sa.func.count(Attempt.id))),
            db.session.scalar(sa.select(sa.func.count(Certificate.id))),
            db.session.scalar(sa.select(sa.func.count(Notification.id)).where(Notification.kind == "certificate_issued")),
        )
        db.session.remove()
    return found


def quiz_facts(app):
    """The quiz's URL and, per question id, the texts of its right choices."""
    with app.app_context():
        quiz = db.session.scalar(sa.select(Quiz).where(Quiz.lesson_id.is_(None)))
        right = {q.id: [c.text for c in q.choices if c.correct] for q in quiz.published_version.questions}
        url = f"/kuis/{quiz.id}"
        db.session.remove()
    return url, right


def open_phone(browser, profile):
    return browser.browser_type.launch_persistent_context(
        profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, **PHONE
    )


def test_final_quiz_taken_offline_is_graded_once_and_earns_one_certificate(quiz_app, quiz_server, browser, tmp_path):
    quiz_url, right = quiz_facts(quiz_app)
    phone = open_phone(browser, tmp_path / "profil")
    page = phone.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(quiz_server + "/akun/masuk")
    page.fill("#email", MEMBER_EMAIL)
    page.fill("#password", DEFAULT_PASSWORD)
    page.check("input[name=remember]")
    page.click("main button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/akun/masuk"))

    # Online: save the course; its final quiz is saved with it.
    page.goto(quiz_server + COURSE)
    wait_for_worker(page)
    page.locator(".save-offline button").click()
    expect(page.locator(".save-offline .saved-state")).to_be_visible()

    # Fully offline: the quiz opens from the saved copy, without its right answers, and is taken.
    go_offline(phone)
    page.goto(quiz_server + quiz_url)
    expect(page.locator("#salinan")).to_be_visible()
    expect(page.locator("#kuis")).to_be_visible()
    assert page.locator("[data-correct]").count() == 0
    for question, texts in right.items():
        for text in texts:
            page.locator(f'fieldset[data-question="{question}"] label', has_text=text).click()
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.locator(".quiz-status")).to_have_text("Jawaban tersimpan, dinilai saat online")
    expect(page.locator("#antrean")).to_have_text("1 perubahan menunggu dikirim")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert counts(quiz_app) == (0, 0, 0)
    assert errors == []

    # The browser is closed while the attempt waits.
    phone.close()

    # Opened again, with a connection: the worker delivers the attempt; it is graded once.
    phone = open_phone(browser, tmp_path / "profil")
    go_online(phone)
    page = phone.pages[0] if phone.pages else phone.new_page()
    page.goto(quiz_server + quiz_url)
    expect(page.locator("[data-personal]")).to_contain_text("Tuntas", timeout=20_000)
    expect(page.locator("[data-personal]")).to_contain_text("Lihat sertifikat Anda")
    assert counts(quiz_app) == (1, 1, 1)

    # The course page shows the certificate; asked to send again, nothing more arrives.
    page.goto(quiz_server + COURSE)
    expect(page.locator("#kemajuan-kursus")).to_contain_text("Sertifikat Anda")
    page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'replay'})")
    page.wait_for_timeout(500)
    assert counts(quiz_app) == (1, 1, 1)
    page.locator("#kemajuan-kursus a", has_text="Sertifikat Anda").click()
    expect(page.locator(".certificate .holder")).to_have_text("Relawan Contoh")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    phone.close()


def certificate_token(app):
    with app.test_request_context():
        certificate = db.session.scalar(sa.select(Certificate))
        found = certificate.code, certificates.token(certificate)
        db.session.remove()
    return found


def check(page, token):
    page.fill("#token", token)
    page.get_by_role("button", name="Periksa").click()
    return page.locator(".check-result")


def test_a_certificate_is_verified_signed_out_and_offline_and_tampering_or_revoking_shows(
    quiz_app, quiz_server, browser, context
):
    with quiz_app.test_request_context():
        if db.session.scalar(sa.select(Certificate)) is None:  # this test alone: earn it here
            member = db.session.scalar(sa.select(User).where(User.email == MEMBER_EMAIL))
            quiz = db.session.scalar(sa.select(Quiz).where(Quiz.lesson_id.is_(None)))
            version = quiz.published_version
            answers = {q.id: [c.id for c in q.choices if c.correct] for q in version.questions}
            submit_attempt(member, quiz, version.number, answers, "kunci-percobaan-1")
            certificates.issue_if_earned(member, quiz.course)
        db.session.remove()
    code, token = certificate_token(quiz_app)

    # Signed out, by code, as typed from paper.
    page = context.new_page()
    page.goto(quiz_server + "/v")
    page.fill("#kode", f"{code[:4]} {code[4:8]} {code[8:]}".lower())
    page.get_by_role("button", name="Periksa").click()
    expect(page.locator(".verified")).to_contain_text("Berlaku")
    expect(page.locator(".verified")).to_contain_text("Relawan Contoh")

    # Offline, with the app's checker: genuine, then tampered.
    page.goto(quiz_server + "/periksa")
    wait_for_worker(page)
    expect(page.locator(".revocation-date")).to_contain_text("Daftar sertifikat yang dicabut: per")
    go_offline(context)
    page.reload()
    expect(check(page, token)).to_contain_text("Asli: ditandatangani Jejaring. Relawan Contoh")
    kid, body, signature = token.split(".")
    forged = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    expect(check(page, f"{kid}.{forged}.{signature}")).to_contain_text("Tidak sah")
    expect(check(page, "bukan-token")).to_contain_text("Tidak sah")
    go_online(context)

    # Revoked: the list the checker fetches when online says so, offline too.
    with quiz_app.test_request_context():
        admin = new_person("admin@contoh.id", "Admin")
        db.session.commit()
        certificates.revoke(db.session.scalar(sa.select(Certificate)), "Data keliru.", admin)
        db.session.remove()
    page.reload()
    expect(page.locator(".revocation-date")).to_contain_text("per")
    go_offline(context)
    page.reload()
    expect(check(page, token)).to_contain_text("Tidak berlaku")
    go_online(context)
    page.goto(quiz_server + f"/v/{code}")
    expect(page.locator(".verified")).to_contain_text("Dicabut pada")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_practice_online_gives_feedback_at_once(quiz_app, quiz_server, context):
    page = context.new_page()
    sign_in(page, quiz_server)
    page.goto(quiz_server + "/belajar/dasar-kemitraan/apa-itu-kemitraan")
    page.get_by_role("link", name="Latihan: Latihan kemitraan").click()
    expect(page.locator("#kuis")).to_be_visible()
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.locator(".quiz-status")).to_have_text("Jawab setiap soal terlebih dahulu.")
    page.locator("label", has_text="Atasan").click()  # wrong
    page.locator("label", has_text="Kesetaraan").click()
    page.locator("label", has_text="Keterbukaan").click()  # right
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.locator(".quiz-status")).to_contain_text("Benar 1 dari 2. Benar 1 dari 5 terakhir; perlu 3")
    expect(page.locator(".feedback", has_text="Umpan balik Atasan")).to_be_visible()
    expect(page.locator(".feedback", has_text="Umpan balik Rekan setara")).to_be_hidden()
    expect(page.locator(".answered-wrong")).to_have_count(1)
    expect(page.locator(".answered-right")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_without_javascript_a_quiz_is_one_form_per_question_then_a_result(quiz_app, quiz_server, browser):
    context = browser.new_context(java_script_enabled=False, **PHONE)
    page = context.new_page()
    sign_in(page, quiz_server)
    quiz_url, right = quiz_facts(quiz_app)
    page.goto(quiz_server + quiz_url)
    expect(page.locator("#kuis")).to_be_hidden()
    page.get_by_role("link", name="Mulai kuis atau lihat kemajuan Anda").click()
    page.get_by_role("button", name="Mulai kuis (satu soal per halaman)").click()
    for number in range(1, 6):
        expect(page.locator("h1")).to_have_text(f"Soal {number} dari 5")
        question = int(page.locator("input[name=question]").get_attribute("value"))
        page.locator("label", has_text=right[question][0]).click()  # one right choice: a multiple one is wrong
        page.get_by_role("button", name="Jawab").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(page.locator(".result")).to_have_text("Benar 4 dari 5.")
    expect(page.locator("main")).to_contain_text("Tuntas")
    context.close()
