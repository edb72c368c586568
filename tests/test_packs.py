"""Lesson packs through the test client: what the file holds and what it never holds."""

import json
import re

import pytest
import sqlalchemy as sa

from tests.conftest import picture_bytes
from webapp import signing
from webapp.extensions import db
from webapp.images import store_lesson_image
from webapp.models import Course, Lesson, utcnow
from webapp.models.quizzes import Choice, Question, Quiz, QuizVersion
from webapp.templating import human_size


@pytest.fixture
def course(app):
    with app.app_context():
        picture = store_lesson_image(picture_bytes(size=(1200, 800)))
        db.session.flush()
        course = Course(slug="dasar", title="Dasar kemitraan", summary="Mulai di sini.", published=True)
        course.lessons.append(Lesson(slug="apa-itu", position=1, title="Apa itu kemitraan", summary="",
                                     body=f"## Bermitra\n\nKerja bersama.\n\n![Siklus](/media/{picture.sha256}-720.webp)",
                                     published=True))
        course.lessons.append(Lesson(slug="draf", position=2, title="Draf rahasia", summary="", body="Belum siap.",
                                     published=False))
        db.session.add(course)
        db.session.commit()
        return picture.sha256


def pack_of(client, path):
    response = client.get(path + "?unduh=1")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/json" id="jejaring-paket">(.*?)</script>', html, re.S)[1])
    return response, html, data


def test_a_lesson_file_is_one_signed_self_contained_page(app, client, course):
    response, html, data = pack_of(client, "/bagikan/dasar/apa-itu")
    assert response.headers["Content-Disposition"] == 'attachment; filename="dasar--apa-itu.html"'
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert len(response.data) < 300_000
    # Readable alone: inline styles, the picture inside, no script to run, no address to fetch.
    assert "<style>" in html and 'src="data:image/webp;base64,' in html
    assert not re.search(r"<script(?![^>]*application/json)", html)
    assert not re.search(r'(src|href)="/static/', html.split('id="jejaring-paket"')[0])
    with app.app_context():
        payload = signing.verify(data["token"])
    assert payload["kind"] == "lesson" and [p["url"] for p in payload["pages"]] == ["/belajar/dasar/apa-itu"]
    assert payload["pages"][0]["version"] == 1
    assert len(payload["pictures"]) == 1
    # The app's copy is the shared lesson page, its picture at the one size the file carries.
    page = data["pages"]["/belajar/dasar/apa-itu"]
    assert "<h1>Apa itu kemitraan</h1>" in page and "srcset" not in page
    assert list(payload["pictures"])[0] in page


def test_a_course_file_holds_the_course_page_and_only_published_lessons(app, client, course):
    _, html, data = pack_of(client, "/bagikan/dasar")
    assert list(data["pages"]) == ["/belajar/dasar", "/belajar/dasar/apa-itu"]
    assert "Draf rahasia" not in html and "Belum siap" not in html
    assert 'href="#pelajaran-1"' in html


def test_a_file_made_by_someone_signed_in_holds_nothing_of_theirs(app, client, auth, make_user, course):
    make_user("rina@contoh.id", name="Rina Pembuat")
    auth.login("rina@contoh.id")
    _, html, _ = pack_of(client, "/bagikan/dasar")
    assert "Rina" not in html and "rina@contoh.id" not in html


@pytest.mark.parametrize("path", ["/bagikan/tidak-ada", "/bagikan/dasar/draf", "/bagikan/dasar/tidak-ada",
                                  "/bagikan/" + "9" * 30])
def test_missing_or_unpublished_lessons_have_no_file(client, course, path):
    assert client.get(path).status_code == 404
    assert client.get(path + "?unduh=1").status_code == 404


def test_the_share_page_says_the_size_and_the_open_page_ships_the_keys(app, client, course):
    page = client.get("/bagikan/dasar/apa-itu").get_data(as_text=True)
    size = len(client.get("/bagikan/dasar/apa-itu?unduh=1").data)
    with app.test_request_context():
        assert f"Ukuran: {human_size(size)}" in page
    opener = client.get("/buka-berkas")
    with app.app_context():
        keys = signing.public_keys()
    assert json.dumps(keys).replace('"', "&#34;") in opener.get_data(as_text=True)
    assert "private" not in opener.headers.get("Cache-Control", "")


def test_the_lesson_and_course_pages_link_to_their_files(client, course):
    assert 'href="/bagikan/dasar/apa-itu"' in client.get("/belajar/dasar/apa-itu").get_data(as_text=True)
    assert 'href="/bagikan/dasar"' in client.get("/belajar/dasar").get_data(as_text=True)


def test_the_installed_app_takes_files_shared_to_it(client):
    manifest = client.get("/manifest.webmanifest").get_json()
    assert manifest["share_target"]["action"] == "/buka-berkas"
    assert manifest["share_target"]["params"]["files"][0]["name"] == "berkas"
    worker = client.get("/sw.js").get_data(as_text=True)
    assert '"/buka-berkas"' in worker and "/static/js/packs." in worker


def test_a_file_carries_the_practice_and_final_quizzes_without_the_final_answers(app, client, course):
    with app.app_context():
        stored = db.session.scalar(sa.select(Course).where(Course.slug == "dasar"))
        for lesson, title in ((stored.lessons[0], "Latihan bermitra"), (None, "Kuis akhir dasar")):
            question = Question(position=1, kind="single", text="Apa itu kemitraan?", explanation="Kerja bersama.")
            question.choices = [Choice(position=0, text="Kerja bersama yang setara", correct=True, feedback="Tepat."),
                                Choice(position=1, text="Sumbangan", feedback="Bukan.")]
            version = QuizVersion(number=1, published_at=utcnow())
            version.questions.append(question)
            quiz = Quiz(course=stored, lesson=lesson, title=title)
            quiz.versions.append(version)
            db.session.add(quiz)
        db.session.commit()
        practice, final = (db.session.scalar(sa.select(Quiz.id).where(Quiz.title == t))
                           for t in ("Latihan bermitra", "Kuis akhir dasar"))
    _, _, lesson_file = pack_of(client, "/bagikan/dasar/apa-itu")
    assert f"/kuis/{practice}" in lesson_file["pages"] and f"/kuis/{final}" not in lesson_file["pages"]
    assert 'data-correct="1"' in lesson_file["pages"][f"/kuis/{practice}"]  # practice: feedback offline
    _, _, course_file = pack_of(client, "/bagikan/dasar")
    assert {f"/kuis/{practice}", f"/kuis/{final}"} <= set(course_file["pages"])
    assert "data-correct" not in course_file["pages"][f"/kuis/{final}"] and "Tepat." not in course_file["pages"][f"/kuis/{final}"]
