"""Lessons that travel without a network (issue 17), in real Chromium with the real worker.

One phone makes a course file; the file reads in a browser with scripts off; a second phone,
new to Jejaring, goes fully offline, opens the file in the app, reads every lesson from the
library, marks one done, and once back online the mark arrives exactly once. A file that was
altered, or signed with a key the app does not ship, is refused and nothing is kept.
"""

import base64
import re

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from playwright.sync_api import expect

from tests import conftest
from tests.browser.chromium import wait_for_worker
from tests.browser.helpers import MEMBER_EMAIL, PHONE_WIDTH, go_offline, go_online, new_course, new_person, page_width, serving, sign_in
from tests.conftest import picture_bytes
from webapp import create_app
from webapp.extensions import db
from webapp.images import store_lesson_image
from webapp.models import Course, LessonCompletion, utcnow
from webapp.models.quizzes import Choice, Question, Quiz, QuizVersion

COURSE = "/belajar/kursus-berbagi"
LESSONS = {
    "/belajar/kursus-berbagi/mengenal-mitra": ("Mengenal Mitra", "Kenali dulu siapa calon mitra Anda."),
    "/belajar/kursus-berbagi/peran-yang-jelas": ("Peran Yang Jelas", "Tulis siapa mengerjakan apa."),
}
SAVED_CACHE = "jejaring-tersimpan"


@pytest.fixture(scope="module")
def pack_app(tmp_path_factory):
    """CSRF on, as in production; a course of two lessons (one with a picture) and a member."""
    path = tmp_path_factory.mktemp("packs") / "packs.sqlite"
    app = create_app(conftest.test_config("sqlite:///" + str(path), WTF_CSRF_ENABLED=True))
    with app.app_context():
        upgrade()
        picture = store_lesson_image(picture_bytes(size=(900, 500), color=(11, 110, 79)))
        db.session.flush()
        new_course("kursus-berbagi", "Kursus Berbagi", "Dua pelajaran untuk dibagikan.", {
            "mengenal-mitra": f"## Mulai\n\nKenali dulu siapa calon mitra Anda.\n\n![Peta mitra](/media/{picture.sha256}-720.webp)",
            "peran-yang-jelas": "## Peran\n\nTulis siapa mengerjakan apa.",
        })
        course = db.session.scalar(sa.select(Course).where(Course.slug == "kursus-berbagi"))
        question = Question(position=1, kind="single", text="Apa langkah pertama bermitra?",
                            explanation="Kenali dulu calon mitra.")
        question.choices = [Choice(position=0, text="Mengenal calon mitra", correct=True, feedback="Tepat."),
                            Choice(position=1, text="Langsung menandatangani", feedback="Belum: kenali dulu.")]
        version = QuizVersion(number=1, published_at=utcnow())
        version.questions.append(question)
        quiz = Quiz(course=course, lesson=course.lessons[0], title="Latihan mengenal mitra")
        quiz.versions.append(version)
        db.session.add(quiz)
        new_person(MEMBER_EMAIL, "Relawan Contoh")
        db.session.commit()
        db.engine.dispose()
    return app


@pytest.fixture(scope="module")
def pack_server(pack_app):
    with serving(pack_app) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def course_file(browser, pack_server, tmp_path_factory):
    """The course file as the maker's phone downloads it from the share page."""
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740}, accept_downloads=True, locale="id-ID")
    page = context.new_page()
    page.goto(pack_server + COURSE)
    page.get_by_role("link", name="Bagikan kursus sebagai file").click()
    expect(page.locator("h1")).to_have_text("Bagikan sebagai file")
    size = page.locator(".card .muted").inner_text()
    assert re.fullmatch(r"Ukuran: \d+\sKB", size), size
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Unduh berkas")).click()
    path = tmp_path_factory.mktemp("file") / download.value.suggested_filename
    download.value.save_as(path)
    context.close()
    return path


def open_file(page, path):
    page.set_input_files("#berkas", str(path))


def test_a_course_file_reads_anywhere_and_opens_offline_in_a_new_app(pack_app, pack_server, course_file, browser, context):
    assert course_file.name == "kursus-berbagi.html"
    assert course_file.stat().st_size < 2_000_000
    html = course_file.read_text()
    assert "<script src" not in html and "data:image/webp;base64," in html

    # Read as a plain file with scripts off: the course, both lessons and the picture are there.
    reader = browser.new_context(java_script_enabled=False, viewport={"width": PHONE_WIDTH, "height": 740}, locale="id-ID")
    plain = reader.new_page()
    plain.goto(course_file.as_uri())
    expect(plain.locator("h1")).to_have_text("Kursus Berbagi")
    expect(plain.locator("header")).to_contain_text(re.compile(r"Versi 1 · dibuat \d+ \w+ \d{4}"))
    for title, text in LESSONS.values():
        expect(plain.get_by_role("heading", name=re.compile(title))).to_be_visible()
        expect(plain.get_by_text(text)).to_be_visible()
    picture = plain.locator("article img")
    picture.scroll_into_view_if_needed()
    assert picture.evaluate("img => img.complete && img.naturalWidth") > 0
    assert page_width(plain) <= PHONE_WIDTH
    reader.close()

    # A phone new to Jejaring: signed in once, the app installed, then no network at all.
    page = context.new_page()
    sign_in(page, pack_server)
    page.goto(pack_server + "/")
    wait_for_worker(page)
    go_offline(context)
    page.goto(pack_server + "/buka-berkas")
    expect(page.locator("h1")).to_have_text("Buka file pelajaran")
    open_file(page, course_file)
    expect(page.locator(".open-status")).to_have_text("Tersimpan dari file: Kursus Berbagi (versi 1).")

    # Every lesson opens from the library, offline, with its picture.
    for url, (title, text) in LESSONS.items():
        page.goto(pack_server + url)
        expect(page.locator("h1")).to_have_text(title)
        expect(page.locator(".lesson-body")).to_contain_text(text)
    page.goto(pack_server + "/belajar/kursus-berbagi/mengenal-mitra")
    picture = page.locator(".lesson-body img")
    picture.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.lesson-body img').complete")
    assert picture.evaluate("img => img.naturalWidth") > 0
    # The lesson's practice quiz came in the file too, with its script from this app's shell.
    page.goto(pack_server + "/belajar/kursus-berbagi/mengenal-mitra")
    page.get_by_role("link", name="Latihan: Latihan mengenal mitra").click()
    expect(page.locator("h1")).to_have_text("Latihan mengenal mitra")
    expect(page.locator(".question-text")).to_contain_text("Apa langkah pertama bermitra?")
    expect(page.locator("form.quiz")).to_be_visible()
    page.get_by_label("Langsung menandatangani").check()
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_text("Belum: kenali dulu.")).to_be_visible()

    page.goto(pack_server + "/tersimpan")
    expect(page.locator("#daftar-tersimpan")).to_contain_text("Kursus Berbagi")
    expect(page.locator("#daftar-tersimpan")).to_contain_text("dari file, versi 1")

    # The same file again changes nothing: a file never replaces a copy as new as its own.
    page.goto(pack_server + "/buka-berkas")
    open_file(page, course_file)
    expect(page.locator(".open-status")).to_have_text(
        "Anda sudah punya versi yang sama atau lebih baru dari Kursus Berbagi; salinan itu tetap dipakai.")

    # Marked done offline; back online, the mark arrives once.
    page.goto(pack_server + "/belajar/kursus-berbagi/peran-yang-jelas")
    page.locator("#kemajuan button.mark-done-offline").click()
    expect(page.locator("#kemajuan")).to_contain_text("menunggu dikirim")
    go_online(context)
    page.reload()
    expect(page.locator("#kemajuan .done")).to_contain_text("Selesai", timeout=20_000)
    page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'replay'})")
    page.reload()
    expect(page.locator("#kemajuan .done")).to_contain_text("Selesai")
    with pack_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonCompletion)) == 1
        db.session.remove()


def test_an_altered_file_or_a_stranger_key_is_refused(pack_app, pack_server, course_file, context, tmp_path):
    page = context.new_page()
    page.goto(pack_server + "/")
    wait_for_worker(page)
    page.goto(pack_server + "/buka-berkas")

    # One word changed inside the app's copy of a lesson: the hashes no longer match.
    html = course_file.read_text()
    altered = tmp_path / "diubah.html"
    altered.write_text(html.replace("Tulis siapa mengerjakan apa.\\u003c", "Kirim uang ke rekening ini.\\u003c", 1))
    assert altered.read_text() != html
    open_file(page, altered)
    expect(page.locator(".open-status")).to_have_text("File ini sudah diubah atau tidak dibuat oleh Jejaring, jadi tidak disimpan.")

    # The same course made by a server with another key.
    stranger = create_app(conftest.test_config(pack_app.config["SQLALCHEMY_DATABASE_URI"],
                                               SIGNING_KEY=base64.urlsafe_b64encode(bytes(range(32))).decode()))
    other = tmp_path / "kunci-lain.html"
    other.write_bytes(stranger.test_client().get("/bagikan/kursus-berbagi?unduh=1").data)
    open_file(page, other)
    expect(page.locator(".open-status")).to_have_text(
        "File ini ditandatangani dengan kunci yang tidak dikenal aplikasi ini, jadi tidak disimpan.")

    # Any other web page is not a lesson file.
    stray = tmp_path / "halaman.html"
    stray.write_text("<!doctype html><title>x</title><script>document.title='run'</script><p>Halo</p>")
    open_file(page, stray)
    expect(page.locator(".open-status")).to_have_text("Ini bukan file pelajaran Jejaring.")

    # Nothing was kept.
    assert page.evaluate(f"caches.open('{SAVED_CACHE}').then(c => c.keys()).then(k => k.length)") == 0
    # And the file's own script never ran.
    assert page.title() != "run"
