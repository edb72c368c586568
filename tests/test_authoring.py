"""The lesson editor: facilitators and admins write courses and lessons; readers see what is published."""

import io
import os
import re
from functools import partial

import pytest
import sqlalchemy as sa

from tests.conftest import picture_bytes
from webapp.extensions import db
from webapp.images import store_lesson_image
from webapp.models import AuditEvent, Course, Image, Lesson, Role

FACILITATOR = "fasilitator@contoh.id"
ADMIN = "admin@contoh.id"
MEMBER = "relawan@contoh.id"
HTMX = {"HX-Request": "true"}
MB = 1024 * 1024
XSS = '<script>alert("x")</script> [klik](javascript:alert(1)) <img src=x onerror=alert(1)>'


@pytest.fixture
def people(make_user):
    return {
        "facilitator": make_user(FACILITATOR, name="Fasilitator Rina", role=Role.FACILITATOR),
        "admin": make_user(ADMIN, name="Admin Sari", role=Role.ADMIN),
        "member": make_user(MEMBER, name="Relawan Budi", role=Role.MEMBER),
    }


@pytest.fixture
def course(app):
    """A draft course with one draft lesson."""
    with app.app_context():
        course = Course(slug="dasar-kemitraan", title="Dasar Kemitraan", summary="Awal bermitra.", position=1)
        course.lessons.append(
            Lesson(slug="apa-itu-kemitraan", title="Apa itu kemitraan", summary="Pengantar.",
                   body="Kemitraan adalah **kerja bersama**.", position=1)
        )
        db.session.add(course)
        db.session.commit()
        return {"course": course.id, "lesson": course.lessons[0].id}


def course_url(ids, suffix=""):
    return f"/kelola-kursus/{ids['course']}{suffix}"


def lesson_url(ids, suffix=""):
    return f"/kelola-kursus/{ids['course']}/pelajaran/{ids['lesson']}{suffix}"


def lesson_data(**overrides):
    data = {
        "title": "Apa itu kemitraan",
        "summary": "Pengantar.",
        "body": "## Bermitra\n\nKemitraan adalah **kerja bersama**.",
        "position": "1",
        "version": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def stored_lesson(app, lesson_id):
    with app.app_context():
        lesson = db.session.get(Lesson, lesson_id)
        db.session.expunge(lesson)
        return lesson


png_bytes = partial(picture_bytes, size=(900, 600), color=(20, 120, 80))


# --- Who may use the editor ---------------------------------------------------------------------


def every_route(ids):
    return [
        ("GET", "/kelola-kursus", None),
        ("GET", "/kelola-kursus/kursus-baru", None),
        ("POST", "/kelola-kursus/kursus-baru", {"title": ""}),
        ("GET", course_url(ids), None),
        ("GET", course_url(ids, "/ubah"), None),
        ("POST", course_url(ids, "/ubah"), {"title": ""}),
        ("GET", course_url(ids, "/pelajaran-baru"), None),
        ("POST", course_url(ids, "/pelajaran-baru"), {"title": ""}),
        ("GET", lesson_url(ids), None),
        ("POST", lesson_url(ids), {"title": ""}),
        ("POST", "/kelola-kursus/pratinjau", {"body": "**tebal**"}),
        ("POST", lesson_url(ids, "/gambar"), {}),
    ]


def test_visitors_are_sent_to_sign_in_everywhere(client, course):
    for method, url, data in every_route(course):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 302, url
        assert "/akun/masuk" in response.headers["Location"], url


def test_members_get_403_everywhere(client, auth, people, course):
    auth.login(MEMBER)
    for method, url, data in every_route(course):
        assert client.open(url, method=method, data=data).status_code == 403, url


@pytest.mark.parametrize("email", [FACILITATOR, ADMIN])
def test_facilitators_and_admins_may_use_every_route(client, auth, people, course, email):
    auth.login(email)
    for method, url, data in every_route(course):
        response = client.open(url, method=method, data=data)
        # Forms sent empty come back with their errors; nothing is forbidden.
        assert response.status_code in (200, 422), (url, response.status_code)
        assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("email", "shown"), [(FACILITATOR, True), (ADMIN, True), (MEMBER, False)])
def test_the_dashboard_links_to_the_editor_for_facilitators_only(client, auth, people, email, shown):
    auth.login(email)
    page = client.get("/akun").get_data(as_text=True)
    assert ('href="/kelola-kursus"' in page) is shown


def test_a_lesson_is_found_only_under_its_own_course(app, client, auth, people, course):
    with app.app_context():
        other = Course(slug="lain", title="Kursus lain")
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    auth.login(FACILITATOR)
    assert client.get(f"/kelola-kursus/{other_id}/pelajaran/{course['lesson']}").status_code == 404
    assert client.get("/kelola-kursus/99999999999/pelajaran/1").status_code == 404


# --- Courses ----------------------------------------------------------------------------------


def test_the_list_shows_drafts_with_their_lesson_counts(client, auth, people, course):
    auth.login(FACILITATOR)
    page = client.get("/kelola-kursus").get_data(as_text=True)
    assert "Dasar Kemitraan" in page
    assert "Draf" in page
    assert "0 pelajaran terbit" in page and "1 draf" in page
    # A draft has no public page to link to.
    assert 'href="/belajar/dasar-kemitraan"' not in page


def test_creating_a_course_makes_its_slug_from_the_title(app, client, auth, people):
    auth.login(FACILITATOR)
    response = client.post(
        "/kelola-kursus/kursus-baru",
        data={"title": "Membangun Jejaring Kampung!", "summary": "Untuk relawan baru.", "position": ""},
    )
    assert response.status_code == 303
    with app.app_context():
        course = db.session.scalar(sa.select(Course))
        assert response.headers["Location"].endswith(f"/kelola-kursus/{course.id}")
        assert (course.slug, course.summary, course.published, course.position) == (
            "membangun-jejaring-kampung", "Untuk relawan baru.", False, 1,
        )
        assert course.updated_by.email == FACILITATOR
        assert db.session.scalar(sa.select(AuditEvent.action)) == "course.saved"


def test_a_title_whose_slug_is_taken_is_refused(app, client, auth, people, course):
    auth.login(FACILITATOR)
    response = client.post("/kelola-kursus/kursus-baru", data={"title": "Dasar  kemitraan"})
    assert response.status_code == 422
    assert "Sudah ada kursus dengan alamat /belajar/dasar-kemitraan. Pilih judul lain." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Course.id))) == 1


@pytest.mark.parametrize("kind", ["course", "lesson"])
def test_a_slug_taken_after_the_check_is_a_form_error_not_a_500(app, client, auth, people, course, monkeypatch, kind):
    """Two facilitators creating the same title at once: the second insert hits the unique constraint."""
    from webapp.authoring import forms

    form = forms.CourseForm if kind == "course" else forms.LessonForm
    monkeypatch.setattr(form, "validate_title", lambda self, field: None)
    auth.login(FACILITATOR)
    if kind == "course":
        response = client.post("/kelola-kursus/kursus-baru", data={"title": "Dasar Kemitraan"})
    else:
        response = client.post(course_url(course, "/pelajaran-baru"), data=lesson_data(version=None))
    assert response.status_code == 422
    assert "baru saja dipakai" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Course.id))) == 1
        assert db.session.scalar(sa.select(sa.func.count(Lesson.id))) == 1
        assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 0


def test_editing_a_course_keeps_its_slug_and_bumps_the_version(app, client, auth, people, course):
    auth.login(ADMIN)
    page = client.get(course_url(course, "/ubah")).get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page
    response = client.post(
        course_url(course, "/ubah"),
        data={"title": "Dasar-dasar Bermitra", "summary": "Baru.", "position": "2", "published": "y", "version": "1"},
    )
    assert response.status_code == 303
    with app.app_context():
        saved = db.session.get(Course, course["course"])
        assert (saved.slug, saved.title, saved.published, saved.position, saved.version) == (
            "dasar-kemitraan", "Dasar-dasar Bermitra", True, 2, 2,
        )
        assert saved.updated_by.email == ADMIN


def test_a_stale_course_edit_is_refused(app, client, auth, people, course):
    auth.login(FACILITATOR)
    client.post(course_url(course, "/ubah"), data={"title": "Judul dari Rina", "position": "1", "version": "1"})
    response = client.post(course_url(course, "/ubah"), data={"title": "Judul lama", "position": "1", "version": "1"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    # The same person saved it (in another tab): they are told so, not given their own name.
    assert "Anda sendiri menyimpan perubahan di tab atau perangkat lain" in page
    assert 'value="Judul lama"' in page
    with app.app_context():
        assert db.session.get(Course, course["course"]).title == "Judul dari Rina"


# --- Lessons ----------------------------------------------------------------------------------


def test_creating_a_lesson_computes_its_slug_place_and_metrics(app, client, auth, people, course):
    auth.login(FACILITATOR)
    body = "## Langkah\n\n" + "kata " * 450
    response = client.post(
        course_url(course, "/pelajaran-baru"),
        data={"title": "Memetakan Mitra", "summary": "Siapa saja?", "body": body, "position": ""},
    )
    assert response.status_code == 303
    with app.app_context():
        lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "memetakan-mitra"))
        assert response.headers["Location"].endswith(f"/pelajaran/{lesson.id}")
        assert lesson.course_id == course["course"]
        assert lesson.position == 2  # after the course's first lesson
        assert lesson.reading_minutes == 3
        assert lesson.download_size > 0
        assert lesson.published is False
        assert lesson.updated_by.email == FACILITATOR


def test_a_lesson_title_taken_in_the_same_course_is_refused(client, auth, people, course):
    auth.login(FACILITATOR)
    response = client.post(course_url(course, "/pelajaran-baru"), data=lesson_data(version=None))
    assert response.status_code == 422
    assert "Kursus ini sudah punya pelajaran dengan alamat …/apa-itu-kemitraan." in response.get_data(as_text=True)


def test_editing_a_lesson_saves_it_and_refreshes_its_metrics(app, client, auth, people, course):
    auth.login(FACILITATOR)
    before = stored_lesson(app, course["lesson"])
    page = client.get(lesson_url(course)).get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page
    long_body = "Paragraf panjang. " * 800
    response = client.post(lesson_url(course), data=lesson_data(title="Kemitraan itu apa", body=long_body, published="y"))
    assert response.status_code == 303
    after = stored_lesson(app, course["lesson"])
    assert (after.title, after.slug, after.published, after.version) == ("Kemitraan itu apa", "apa-itu-kemitraan", True, 2)
    assert after.reading_minutes > before.reading_minutes
    assert after.download_size > before.download_size
    assert after.updated_by_id == people["facilitator"].id
    assert after.updated_at > before.updated_at
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "lesson.saved"))
        assert set(event.details["fields"]) == {"title", "body", "published"}
    auth.logout()
    auth.login(ADMIN)
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "<strong>Fasilitator Rina</strong> mengubah pelajaran “Kemitraan itu apa”." in audit


def test_lessons_are_listed_in_their_order_with_links_to_published_ones(app, client, auth, people, course):
    with app.app_context():
        saved = db.session.get(Course, course["course"])
        saved.published = True
        saved.lessons[0].published = True
        saved.lessons.append(Lesson(slug="kedua", title="Pelajaran kedua", position=0))
        db.session.commit()
    auth.login(FACILITATOR)
    page = client.get(course_url(course)).get_data(as_text=True)
    assert page.index("Pelajaran kedua") < page.index("Apa itu kemitraan")
    assert 'href="/belajar/dasar-kemitraan/apa-itu-kemitraan"' in page
    assert 'href="/belajar/dasar-kemitraan/kedua"' not in page  # still a draft


def test_a_stale_lesson_edit_is_refused_and_keeps_what_was_typed(app, client, auth, people, course):
    auth.login(ADMIN)
    client.post(lesson_url(course), data=lesson_data(body="Versi dari Sari."))
    auth.logout()
    auth.login(FACILITATOR)
    mine = "Versi Rina yang panjang,\nditulis sebelum Sari menyimpan."
    response = client.post(lesson_url(course), data=lesson_data(body=mine))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Admin Sari menyimpan perubahan pada" in page
    assert mine in page  # still in the text area
    assert "Versi dari Sari." in page  # what is saved now, to compare
    assert 'name="version" type="hidden" value="2"' in page
    assert stored_lesson(app, course["lesson"]).body == "Versi dari Sari."
    # Saving again, now based on the saved version, goes through.
    assert client.post(lesson_url(course), data=lesson_data(body=mine, version="2")).status_code == 303
    assert stored_lesson(app, course["lesson"]).body == mine


@pytest.mark.parametrize("version", ["", "abc", "0", "-1", "99999999999999999999"])
def test_a_missing_or_forged_version_never_saves(app, client, auth, people, course, version):
    auth.login(FACILITATOR)
    response = client.post(lesson_url(course), data=lesson_data(body="Ditimpa?", version=version))
    assert response.status_code == 409
    assert stored_lesson(app, course["lesson"]).body == "Kemitraan adalah **kerja bersama**."


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Judul pelajaran wajib diisi."),
        ({"title": "j" * 161}, "Judul paling panjang 160 karakter."),
        ({"summary": "r" * 301}, "Ringkasan paling panjang 300 karakter."),
        ({"body": "  "}, "Isi pelajaran wajib diisi."),
        ({"body": "x" * 60_001}, "Isi pelajaran paling panjang 60.000 karakter."),
        ({"position": "tiga"}, "Urutan ditulis dengan angka bulat, mis. 3."),
        ({"position": "0"}, "Urutan antara 1 dan 9999."),
        ({"position": "99999999999999999999"}, "Urutan antara 1 dan 9999."),
    ],
)
def test_lesson_validation_speaks_indonesian(app, client, auth, people, course, overrides, message):
    auth.login(FACILITATOR)
    response = client.post(lesson_url(course), data=lesson_data(**overrides))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert page.count(message) == 1
    assert stored_lesson(app, course["lesson"]).version == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "Judul kursus wajib diisi."),
        ({"title": "k" * 161}, "Judul paling panjang 160 karakter."),
        ({"title": "Kursus", "summary": "s" * 1001}, "Ringkasan paling panjang 1000 karakter."),
        ({"title": "Kursus", "position": "10000"}, "Urutan antara 1 dan 9999."),
    ],
)
def test_course_validation_speaks_indonesian(client, auth, people, data, message):
    auth.login(FACILITATOR)
    response = client.post("/kelola-kursus/kursus-baru", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_control_characters_are_dropped_not_a_server_error(app, client, auth, people, course):
    auth.login(FACILITATOR)
    response = client.post(lesson_url(course), data=lesson_data(title="Judul\x00 baru", body="Isi\x00 baru\x1b."))
    assert response.status_code == 303
    saved = stored_lesson(app, course["lesson"])
    assert (saved.title, saved.body) == ("Judul baru", "Isi baru.")


# --- Preview ----------------------------------------------------------------------------------


def test_the_edit_page_asks_htmx_for_a_debounced_preview(client, auth, people, course):
    auth.login(FACILITATOR)
    page = client.get(lesson_url(course)).get_data(as_text=True)
    assert 'hx-post="/kelola-kursus/pratinjau"' in page
    assert 'hx-trigger="input changed delay:800ms target:textarea"' in page
    assert 'hx-target="#pratinjau"' in page
    assert 'id="pratinjau"' in page
    assert 'name="preview"' in page  # the button that works without JavaScript


def test_the_htmx_preview_is_only_the_rendered_fragment(client, auth, people):
    auth.login(FACILITATOR)
    response = client.post("/kelola-kursus/pratinjau", data={"body": "## Subjudul\n\nTeks **tebal**."}, headers=HTMX)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h2>Subjudul</h2>" in html and "<strong>tebal</strong>" in html
    assert "<html" not in html and "<nav" not in html
    assert "HX-Request" in response.headers["Vary"]


def test_the_preview_refuses_a_body_too_long(client, auth, people):
    auth.login(FACILITATOR)
    response = client.post("/kelola-kursus/pratinjau", data={"body": "x" * 60_001}, headers=HTMX)
    assert response.status_code == 422
    assert "Isi pelajaran paling panjang 60.000 karakter." in response.get_data(as_text=True)


def test_the_preview_without_htmx_is_a_whole_page(client, auth, people):
    auth.login(FACILITATOR)
    html = client.post("/kelola-kursus/pratinjau", data={"body": "*miring*"}).get_data(as_text=True)
    assert "<em>miring</em>" in html and "<html" in html


def test_the_preview_button_without_javascript_shows_the_form_again_and_saves_nothing(app, client, auth, people, course):
    auth.login(FACILITATOR)
    typed = "## Belum disimpan\n\nTeks **baru**."
    response = client.post(lesson_url(course), data=lesson_data(body=typed, title="Judul baru", preview="1"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h2>Belum disimpan</h2>" in page and "<strong>baru</strong>" in page
    assert "## Belum disimpan" in page  # the text area keeps what was typed
    assert 'value="Judul baru"' in page
    saved = stored_lesson(app, course["lesson"])
    assert (saved.title, saved.version) == ("Apa itu kemitraan", 1)


def test_the_preview_button_on_a_new_lesson_creates_nothing(app, client, auth, people, course):
    auth.login(FACILITATOR)
    response = client.post(
        course_url(course, "/pelajaran-baru"), data={"title": "Baru", "body": "> kutipan", "preview": "1"}
    )
    assert response.status_code == 200
    assert "<blockquote>" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Lesson.id))) == 1


def test_the_preview_needs_a_csrf_token(app, client, auth, people):
    auth.login(FACILITATOR)
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/kelola-kursus/pratinjau", data={"body": "teks"}, headers=HTMX)
    assert response.status_code == 400
    assert "Formulir kedaluwarsa" in response.get_data(as_text=True)


def test_script_in_a_lesson_is_text_in_the_preview_and_on_the_public_page(app, client, auth, people, course):
    auth.login(FACILITATOR)
    preview = client.post("/kelola-kursus/pratinjau", data={"body": XSS}, headers=HTMX).get_data(as_text=True)
    assert "<script>" not in preview and "&lt;script&gt;" in preview
    assert 'href="javascript:' not in preview and "<img src=x" not in preview
    client.post(course_url(course, "/ubah"), data={"title": "Dasar Kemitraan", "position": "1", "published": "y", "version": "1"})
    client.post(lesson_url(course), data=lesson_data(body=XSS, published="y"))
    public = client.get("/belajar/dasar-kemitraan/apa-itu-kemitraan")
    assert public.status_code == 200
    html = public.get_data(as_text=True)
    assert '<script>alert("x")</script>' not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert "<img src=x" not in html


# --- Publishing -------------------------------------------------------------------------------


def test_only_published_courses_and_lessons_are_public(app, client, auth, people, course):
    assert client.get("/belajar/dasar-kemitraan").status_code == 404
    assert client.get("/belajar/dasar-kemitraan/apa-itu-kemitraan").status_code == 404
    auth.login(FACILITATOR)
    client.post(course_url(course, "/ubah"), data={"title": "Dasar Kemitraan", "position": "1", "published": "y", "version": "1"})
    # A published course whose only lesson is a draft is not public yet.
    assert client.get("/belajar/dasar-kemitraan").status_code == 404
    client.post(lesson_url(course), data=lesson_data(published="y"))
    assert client.get("/belajar/dasar-kemitraan").status_code == 200
    assert client.get("/belajar/dasar-kemitraan/apa-itu-kemitraan").status_code == 200
    # Unpublishing takes it off the public pages again; nothing is deleted.
    client.post(lesson_url(course), data=lesson_data(version="2"))
    assert client.get("/belajar/dasar-kemitraan/apa-itu-kemitraan").status_code == 404
    assert stored_lesson(app, course["lesson"]).title == "Apa itu kemitraan"


# --- Pictures ---------------------------------------------------------------------------------


def upload(client, ids, data, name="foto.png", **kwargs):
    return client.post(lesson_url(ids, "/gambar"), data={"gambar": (io.BytesIO(data), name)}, **kwargs)


def test_an_uploaded_picture_gives_the_markdown_line_that_shows_it(app, client, auth, people, course):
    auth.login(FACILITATOR)
    response = upload(client, course, png_bytes())
    assert response.status_code == 303
    with app.app_context():
        image = db.session.scalar(sa.select(Image))
        line = f"![keterangan gambar](/media/{image.sha256}-720.webp)"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert line in page
    # Pasted into the body and published, the picture is sent in its sizes.
    client.post(course_url(course, "/ubah"), data={"title": "Dasar Kemitraan", "position": "1", "published": "y", "version": "1"})
    client.post(lesson_url(course), data=lesson_data(body=f"Lihat:\n\n{line}", published="y"))
    html = client.get("/belajar/dasar-kemitraan/apa-itu-kemitraan").get_data(as_text=True)
    img = re.search(r"<img class=\"lesson-image\"[^>]*>", html).group(0)
    assert f"/media/{image.sha256}-360.webp 360w" in img and f"/media/{image.sha256}-720.webp 720w" in img
    assert 'alt="keterangan gambar"' in img


def test_an_upload_with_htmx_answers_with_the_picture_section_only(app, client, auth, people, course):
    auth.login(FACILITATOR)
    response = upload(client, course, png_bytes(), headers=HTMX)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(r"!\[keterangan gambar\]\(/media/[0-9a-f]{64}-720\.webp\)", html)
    assert html.lstrip().startswith("<section id=\"gambar-pelajaran\">") and "<html" not in html


def test_the_edit_page_uploads_pictures_with_htmx_into_their_own_section(client, auth, people, course):
    auth.login(FACILITATOR)
    page = client.get(lesson_url(course)).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert f'hx-post="{lesson_url(course, "/gambar")}" hx-target="#gambar-pelajaran" hx-swap="outerHTML"' in page


def test_a_file_that_is_not_a_picture_is_refused_in_indonesian(app, client, auth, people, course):
    auth.login(FACILITATOR)
    response = upload(client, course, b"%PDF-1.4 bukan gambar", name="foto.png")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Berkas ini bukan gambar JPEG, PNG, WebP atau GIF yang bisa dibaca." in page
    assert "Apa itu kemitraan" in page  # the edit page, with the lesson form
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Image.id))) == 0


def test_an_upload_without_a_file_asks_for_one(client, auth, people, course):
    auth.login(FACILITATOR)
    response = client.post(lesson_url(course, "/gambar"), data={}, headers=HTMX)
    assert response.status_code == 422
    assert "Pilih berkas gambar terlebih dahulu." in response.get_data(as_text=True)


def test_an_oversize_picture_gets_413(app, client, auth, people, course):
    auth.login(FACILITATOR)
    picture = png_bytes(size=(40, 30))
    response = upload(client, course, picture + os.urandom(5 * MB + 1 - len(picture)))
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Image.id))) == 0


def test_a_new_lesson_says_pictures_come_after_the_first_save(client, auth, people, course):
    auth.login(FACILITATOR)
    page = client.get(course_url(course, "/pelajaran-baru")).get_data(as_text=True)
    assert "Gambar bisa ditambahkan setelah pelajaran ini disimpan pertama kali." in page
    assert "unggah di bawah" not in page and 'id="gambar-pelajaran"' not in page
    edit = client.get(lesson_url(course)).get_data(as_text=True)
    assert "Gambar: unggah di bawah" in edit


def test_the_file_input_alone_has_the_id_its_label_points_to(client, auth, people, course):
    auth.login(FACILITATOR)
    page = client.get(lesson_url(course)).get_data(as_text=True)
    assert page.count('id="gambar"') == 1
    assert re.search(r'<input[^>]*id="gambar"[^>]*type="file"|<input[^>]*type="file"[^>]*id="gambar"', page)
    assert '<label for="gambar"' in page


def test_the_lessons_pictures_are_listed_with_thumbnail_and_line_after_every_reload(app, client, auth, people, course):
    auth.login(FACILITATOR)
    upload(client, course, png_bytes())
    upload(client, course, png_bytes(color=(200, 30, 30)))
    with app.app_context():
        shas = [image.sha256 for image in db.session.scalars(sa.select(Image).order_by(Image.id))]
    for _ in range(2):  # the page right after the upload, and any later visit
        page = client.get(lesson_url(course)).get_data(as_text=True)
        items = re.findall(r"<li>.*?</li>", page.split('class="pictures"')[1], re.S)
        assert len(items) == 2
        for sha, item in zip(shas, items):
            assert f'src="/media/{sha}-360.webp"' in item  # the thumbnail
            line = f"![keterangan gambar](/media/{sha}-720.webp)"
            assert re.search(rf'<input[^>]*readonly value="{re.escape(line)}"', item)
            assert ">Salin</button>" in item
    # Another lesson of the course has its own (empty) list.
    other = client.post(course_url(course, "/pelajaran-baru"), data=lesson_data(title="Lain", version=""))
    assert 'class="pictures"' not in client.get(other.headers["Location"]).get_data(as_text=True)


def test_an_upload_with_htmx_lists_the_new_picture_with_the_others(app, client, auth, people, course):
    auth.login(FACILITATOR)
    upload(client, course, png_bytes())
    html = upload(client, course, png_bytes(color=(1, 2, 3)), headers=HTMX).get_data(as_text=True)
    assert "Gambar tersimpan" in html
    assert html.count('class="markdown-line"') == 2


def test_pictures_the_text_shows_are_listed_too(app, client, auth, people, course):
    with app.app_context():
        image = store_lesson_image(png_bytes())
        lesson = db.session.get(Lesson, course["lesson"])
        lesson.body += f"\n\n![Peta](/media/{image.sha256}-720.webp)"
        db.session.commit()
        sha = image.sha256
    auth.login(FACILITATOR)
    page = client.get(lesson_url(course)).get_data(as_text=True)
    assert f'src="/media/{sha}-360.webp"' in page.split('class="pictures"')[1]
