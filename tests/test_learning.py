"""Courses and lessons: public pages, safe rendering, progress (offline-proof), the app shell."""

import hashlib
import json
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tests.conftest import picture_bytes
from webapp.assets import publish
from webapp.demo_courses import load_demo_courses
from webapp.extensions import db
from webapp.images import store_lesson_image
from webapp.assets import shell_bytes
from webapp.learning.services import offline_size, refresh_lesson_metrics
from webapp.models import Course, Lesson, LessonCompletion, Role, utcnow
from webapp.offline import KEEP_FROM, KEEP_STATUSES, keeps, scoped_key
from webapp.templating import human_size

LESSON_URL = "/belajar/dasar-kemitraan/tujuan-bersama"
LESSON_HTML_MIGRATION_PARENT = "perf_data_version"
API = "/api/kemajuan"
SAME_SITE = {"X-Jejaring": "1", "Sec-Fetch-Site": "same-origin"}


def png(width=900, height=500):
    return picture_bytes(size=(width, height), color=(200, 120, 40))


@pytest.fixture
def course(app):
    """A published course with two published lessons and one draft; returns the lesson ids."""
    with app.app_context():
        course = Course(slug="dasar-kemitraan", title="Dasar kemitraan", summary="Mulai di sini.", published=True)
        for position, (slug, published) in enumerate(
            [("apa-itu-kemitraan", True), ("tujuan-bersama", True), ("draf-rahasia", False)], start=1
        ):
            lesson = Lesson(slug=slug, position=position, title=slug.replace("-", " ").capitalize(),
                            summary="Ringkasan singkat.", body="## Bagian\n\nIsi pelajaran **penting**.",
                            published=published)
            course.lessons.append(lesson)
            refresh_lesson_metrics(lesson)
        db.session.add(course)
        db.session.commit()
        return {lesson.slug: lesson.id for lesson in course.lessons}


def completions(app):
    with app.app_context():
        return db.session.execute(
            sa.select(LessonCompletion.user_id, LessonCompletion.lesson_id, LessonCompletion.idempotency_key)
        ).all()


def mark(client, lesson_id, key=None, user=None, headers=SAME_SITE, **extra):
    body = {"lesson": lesson_id, "key": key or str(uuid.uuid4()), **extra}
    if user is not None:
        body["user"] = user
    return client.post(API, data=json.dumps(body), content_type="application/json", headers=headers)


# ---- Public pages ------------------------------------------------------------------------


def test_course_list_course_and_lesson_are_public(client, course):
    listing = client.get("/belajar").get_data(as_text=True)
    assert "Dasar kemitraan" in listing and "2 pelajaran" in listing

    page = client.get("/belajar/dasar-kemitraan").get_data(as_text=True)
    assert "Tujuan bersama" in page
    assert "Draf rahasia" not in page

    response = client.get(LESSON_URL)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>penting</strong>" in html
    assert "Pelajaran 2 dari 2" in html
    assert re.search(r"Simpan untuk dibaca offline \(± \d+&nbsp;KB di ponsel\)", html)
    assert 'rel="prev" href="/belajar/dasar-kemitraan/apa-itu-kemitraan"' in html


@pytest.mark.parametrize("url", [
    "/belajar/tidak-ada",
    "/belajar/dasar-kemitraan/tidak-ada",
    "/belajar/dasar-kemitraan/draf-rahasia",
    "/belajar/dasar-kemitraan/draf-rahasia/kemajuan",
])
def test_unknown_and_draft_lessons_are_not_found(client, course, url):
    assert client.get(url).status_code == 404


def test_unpublished_course_is_not_found(app, client, course):
    with app.app_context():
        db.session.execute(sa.update(Course).values(published=False))
        db.session.commit()
    assert client.get("/belajar/dasar-kemitraan").status_code == 404
    assert client.get(LESSON_URL).status_code == 404
    assert "Dasar kemitraan" not in client.get("/belajar").get_data(as_text=True)


def test_course_list_has_an_empty_state(client):
    assert "Belum ada kursus yang terbit" in client.get("/belajar").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/belajar", "/belajar/dasar-kemitraan", LESSON_URL, "/offline", "/tersimpan"])
def test_shared_pages_are_the_same_for_everyone(app, client, auth, make_user, course, url):
    """Nothing personal in a page the service worker may keep: byte for byte what a visitor gets."""
    anonymous = client.get(url)
    assert anonymous.headers["Cache-Control"] == "public, no-cache"
    make_user("admin@contoh.id", role=Role.ADMIN)
    auth.login("admin@contoh.id")
    client.get("/akun")  # the sign-in's own messages are shown there
    signed_in = client.get(url)
    assert signed_in.get_data() == anonymous.get_data()
    assert signed_in.headers["Cache-Control"] == "public, no-cache"
    # A message for this person is shown at once, and makes this one response personal.
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Pesan pribadi untuk admin")]
    with_message = client.get(url)
    assert "Pesan pribadi untuk admin" in with_message.get_data(as_text=True)
    assert with_message.headers["Cache-Control"] == "private, no-cache"
    assert client.get(url).get_data() == anonymous.get_data()


def test_pages_with_personal_parts_are_private(client, auth, make_user, make_community):
    make_user()
    make_community()
    auth.login()
    assert client.get("/akun").headers["Cache-Control"] == "no-store"
    # A profile is the same for everyone (readable offline); the reader's own buttons are not.
    assert client.get("/komunitas/rumah-baca-senja").headers["Cache-Control"] == "public, no-cache"
    assert client.get("/komunitas/rumah-baca-senja/untuk-anda").headers["Cache-Control"] == "private, no-store"


def test_lesson_text_is_sanitised_and_never_loads_other_hosts(app, client, course):
    with app.app_context():
        lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "tujuan-bersama"))
        lesson.body = (
            "# Judul\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
            "[klik](javascript:alert(1)) [aman](https://contoh.id)\n\n![foto luar](https://evil.example/x.png)"
        )
        db.session.commit()
    html = client.get(LESSON_URL).get_data(as_text=True)
    body = html.split('<div class="lesson-body">')[1].split("</div>")[0]
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "<img" not in body and "onerror" not in body.replace("onerror=alert(1)&gt;", "")
    assert 'href="javascript' not in body
    assert '<a href="https://contoh.id" rel="noopener noreferrer">aman</a>' in body
    assert "evil.example" not in body and "[gambar: foto luar]" in body
    assert "<h2>Judul</h2>" in body  # the page title is the only h1


def test_lesson_pictures_are_responsive_lazy_and_tap_to_load_in_data_saver(app, client, course):
    with app.app_context():
        picture = store_lesson_image(png())
        db.session.flush()
        lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "tujuan-bersama"))
        lesson.body = f"Lihat ini:\n\n![Siklus kemitraan](/media/{picture.sha256}-720.webp)"
        refresh_lesson_metrics(lesson)
        sha, size_720 = picture.sha256, picture.variants[-1].size
        db.session.commit()
    html = client.get(LESSON_URL).get_data(as_text=True)
    assert f'srcset="/media/{sha}-360.webp 360w, /media/{sha}-720.webp 720w"' in html
    assert 'width="720" height="400"' in html and 'loading="lazy"' in html
    assert 'alt="Siklus kemitraan"' in html
    assert client.get(f"/media/{sha}-720.webp").status_code == 200

    saver = client.get(LESSON_URL, headers={"Save-Data": "on"}).get_data(as_text=True)
    assert "<img" not in saver.split('<div class="lesson-body">')[1]
    assert 'class="tap-to-load lesson-image"' in saver and "ketuk untuk memuat" in saver
    with app.app_context():
        lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "tujuan-bersama"))
        assert lesson.download_size > size_720  # the picture is part of what saving costs


def stored_on_phone(client, url):
    """What savePages (static/js/app.js) keeps for a page at 360 px: the page as served,
    uncompressed, and the 720 px size of each lesson picture on it."""
    html = client.get(url).get_data()
    shas = set(re.findall(rb"/media/([0-9a-f]{64})-720\.webp", html))
    return len(html) + sum(len(client.get(f"/media/{sha.decode()}-720.webp").get_data()) for sha in shas)


def test_size_promised_before_saving_is_what_the_phone_stores(app, client):
    with app.app_context():
        load_demo_courses()
        db.session.commit()
        courses = db.session.scalars(sa.select(Course)).all()
        shell = shell_bytes()
        promised = {
            f"/belajar/{c.slug}": (offline_size(c.published_lessons, c), [f"/belajar/{c.slug}/{l.slug}" for l in c.published_lessons])
            for c in courses
        }
        promised_lessons = {
            f"/belajar/{c.slug}/{l.slug}": offline_size([l]) for c in courses for l in c.published_lessons
        }
    for url, estimate in promised_lessons.items():
        actual = stored_on_phone(client, url) + shell
        assert abs(estimate - actual) <= actual * 0.03, (url, estimate, actual)
        assert f"± {human_size(estimate)} di ponsel" in client.get(url).get_data(as_text=True)
    for url, (estimate, lessons) in promised.items():
        actual = sum(stored_on_phone(client, page) for page in [url, *lessons]) + shell
        assert abs(estimate - actual) <= actual * 0.05, (url, estimate, actual)


def test_sizes_read_in_human_units_in_both_languages(app):
    for size, lang, text in [(25 * 1024, "id", "25&nbsp;KB"), (1_300_000, "id", "1,2&nbsp;MB"),
                             (1_300_000, "en", "1.2&nbsp;MB"), (10_486_055 * 1024, "id", "10&nbsp;GB")]:
        with app.test_request_context(headers={"Accept-Language": lang}):
            assert str(human_size(size)) == text


# ---- Progress: the personal fragment and the no-JS form ----------------------------------


def test_progress_asks_visitors_to_sign_in(client, course):
    response = client.get(LESSON_URL + "/kemajuan", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Masuk untuk mencatat kemajuan" in html and "<html" not in html


def test_mark_done_without_javascript_counts_once(app, client, auth, make_user, course):
    user = make_user()
    auth.login()
    page = client.get(LESSON_URL + "/kemajuan").get_data(as_text=True)
    key = re.search(r'name="key" type="hidden" value="([^"]+)"', page)[1]
    for _ in range(2):  # a double tap, or the form sent again with Back
        response = client.post(LESSON_URL + "/kemajuan", data={"key": key})
        assert response.status_code == 303
    assert completions(app) == [(user.id, course["tujuan-bersama"], scoped_key(user.id, key))]
    done = client.get(LESSON_URL + "/kemajuan").get_data(as_text=True)
    assert "Selesai pada" in done and "1 dari 2 pelajaran di kursus ini selesai" in done


def test_mark_done_form_without_key_is_refused_in_indonesian(app, client, auth, make_user, course):
    make_user()
    auth.login()
    response = client.post(LESSON_URL + "/kemajuan", data={"key": "<x>"})
    assert response.status_code == 400
    assert "Formulir ini tidak lengkap" in response.get_data(as_text=True)
    assert completions(app) == []


def test_mark_done_form_sends_visitors_to_sign_in(app, client, course):
    response = client.post(LESSON_URL + "/kemajuan", data={"key": str(uuid.uuid4())})
    assert response.status_code == 302 and "/akun/masuk" in response.headers["Location"]
    assert completions(app) == []


# ---- Progress: the endpoint the service worker replays into ------------------------------


def test_a_mark_delivered_twice_counts_once(app, client, auth, make_user, course):
    user = make_user()
    auth.login()
    key = str(uuid.uuid4())
    first = mark(client, course["tujuan-bersama"], key, user=user.id)
    again = mark(client, course["tujuan-bersama"], key, user=user.id)
    other_key = mark(client, course["tujuan-bersama"], user=user.id)
    assert first.status_code == again.status_code == other_key.status_code == 200
    assert first.json["new"] is True and again.json["new"] is False and other_key.json["new"] is False
    assert completions(app) == [(user.id, course["tujuan-bersama"], scoped_key(user.id, key))]
    assert first.headers["Cache-Control"] == "no-store"


def test_a_replayed_mark_needs_no_csrf_token(app, client, auth, make_user, course):
    """Hours later the page's token may be gone; the replay carries none and still counts."""
    user = make_user()
    auth.login()
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(LESSON_URL + "/kemajuan", data={"key": str(uuid.uuid4())}).status_code == 400
    assert mark(client, course["tujuan-bersama"], user=user.id).status_code == 200
    assert len(completions(app)) == 1


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "same-origin"},  # no X-Jejaring: a plain cross-site form can't add it
    {"X-Jejaring": "1", "Sec-Fetch-Site": "cross-site"},
    {"X-Jejaring": "1", "Sec-Fetch-Site": "same-site"},
    {"X-Jejaring": "1", "Origin": "https://evil.example"},
])
def test_forged_marks_from_other_sites_are_refused(app, client, auth, make_user, course, headers):
    make_user()
    auth.login()
    response = mark(client, course["tujuan-bersama"], headers=headers)
    assert response.status_code == 403
    assert completions(app) == []


def test_marks_wait_for_the_right_person(app, client, auth, make_user, course):
    """401 and 409 tell the service worker to keep the mark: nothing is lost or misattributed."""
    owner = make_user("rina@contoh.id")
    make_user("budi@contoh.id")
    assert mark(client, course["tujuan-bersama"], user=owner.id).status_code == 401
    auth.login("budi@contoh.id")
    conflict = mark(client, course["tujuan-bersama"], user=owner.id)
    assert conflict.status_code == 409
    assert "akun lain" in conflict.json["error"]
    assert completions(app) == []


@pytest.mark.parametrize("body", [
    {"lesson": "1", "key": "abcdefgh-1234"},
    {"lesson": 1, "key": "pendek"},
    {"lesson": 1, "key": "<script>alert(1)</script>"},
    {"lesson": 1},
    [],
    "teks",
])
def test_malformed_marks_are_refused(app, client, auth, make_user, course, body):
    make_user()
    auth.login()
    response = client.post(API, data=json.dumps(body), content_type="application/json", headers=SAME_SITE)
    assert response.status_code == 400
    assert response.json["error"] == "Data kemajuan tidak lengkap."


def test_marks_for_missing_or_draft_lessons_are_not_found(app, client, auth, make_user, course):
    make_user()
    auth.login()
    assert mark(client, course["draf-rahasia"]).status_code == 404
    assert mark(client, 999_999).status_code == 404
    assert completions(app) == []


def test_an_idempotency_key_belongs_to_its_account(app, client, auth, make_user, course):
    """B sending the key A used (by accident or on purpose) is B's own mark, never lost."""
    rina = make_user("rina@contoh.id")
    budi = make_user("budi@contoh.id")
    key = str(uuid.uuid4())
    auth.login("rina@contoh.id")
    assert mark(client, course["tujuan-bersama"], key, user=rina.id).json["new"] is True
    auth.logout()
    auth.login("budi@contoh.id")
    second = mark(client, course["tujuan-bersama"], key, user=budi.id)
    assert second.status_code == 200 and second.json["new"] is True
    stored = {(user, lesson) for user, lesson, _ in completions(app)}
    assert stored == {(rina.id, course["tujuan-bersama"]), (budi.id, course["tujuan-bersama"])}


@pytest.mark.parametrize("lesson", [2**31, 2**63, 2**63 + 1, 10**30, -1, 0, True])
def test_lesson_ids_out_of_range_are_refused_not_a_server_error(app, client, auth, make_user, course, lesson):
    make_user()
    auth.login()
    response = mark(client, lesson)
    assert response.status_code == 400
    assert response.json["error"] == "Data kemajuan tidak lengkap."
    assert mark(client, 2**31 - 1).status_code == 404  # the largest id is merely not there
    assert completions(app) == []


@pytest.mark.parametrize("user", [True, "1", 2**31, 2**63, 1.0])
def test_an_action_made_as_a_malformed_account_is_refused(app, client, auth, make_user, course, user):
    make_user()
    auth.login()
    assert mark(client, course["tujuan-bersama"], user=user).status_code == 400
    assert completions(app) == []


def test_every_action_answer_is_kept_out_of_caches(app, client, auth, make_user, course):
    """Refusals too: a 401 kept by a cache would answer for the next person."""
    make_user()
    assert mark(client, course["tujuan-bersama"]).headers["Cache-Control"] == "no-store"
    assert mark(client, course["tujuan-bersama"], headers={}).headers["Cache-Control"] == "no-store"
    auth.login()
    assert mark(client, 999_999).headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("status, kept", [
    (200, False), (201, False), (400, False), (403, False), (404, False), (410, False),
    (401, True), (408, True), (409, True), (429, True), (500, True), (502, True), (503, True), (504, True),
])
def test_the_one_status_contract(status, kept):
    assert keeps(status) is kept


def test_the_worker_is_given_the_contract_and_every_action_url(app, client):
    """The statuses meaning "keep" and the action URLs are rendered from the app, not copied."""
    script = client.get("/sw.js").get_data(as_text=True)
    contract = json.loads(re.search(r"const CONTRACT = (\{.*?\});", script)[1])
    assert contract["keep"] == list(KEEP_STATUSES) and contract["keepFrom"] == KEEP_FROM
    assert API in contract["actions"]
    assert contract["retryBase"] == 30 and contract["retryCap"] == 15 * 60
    app.config["OFFLINE_RETRY_BASE_SECONDS"] = 1
    assert '"retryBase": 1' in client.get("/sw.js").get_data(as_text=True)
    with open(app.static_folder + "/js/app.js") as script_file:
        assert API not in script_file.read()


def test_who_is_signed_in_answers_privately(app, client, auth, make_user):
    nobody = client.get("/api/saya")
    assert nobody.json == {"user": None, "name": None}
    assert nobody.headers["Cache-Control"] == "private, no-store"
    rina = make_user("rina@contoh.id", name="Rina")
    auth.login("rina@contoh.id")
    assert client.get("/api/saya").json == {"user": rina.id, "name": "Rina"}


def test_the_time_a_mark_was_made_is_kept_within_reason(app, client, auth, make_user, course):
    make_user()
    auth.login()
    earlier = utcnow() - timedelta(hours=5)
    mark(client, course["tujuan-bersama"], at=earlier.isoformat() + "Z")
    mark(client, course["apa-itu-kemitraan"], at="3000-01-01T00:00:00Z")
    with app.app_context():
        stored = dict(db.session.execute(sa.select(LessonCompletion.lesson_id, LessonCompletion.completed_at)).all())
    assert abs(stored[course["tujuan-bersama"]] - earlier) < timedelta(seconds=1)
    assert stored[course["apa-itu-kemitraan"]] <= utcnow()  # the future is taken as now


# ---- The installable app -----------------------------------------------------------------


def test_service_worker_is_served_from_the_root_and_never_cached(app, client):
    response = client.get("/sw.js")
    script = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.mimetype == "text/javascript"
    # Workbox comes from our own static files, never a CDN.
    imports = re.findall(r'"(/static/vendor/workbox/workbox-[a-z-]+\.prod\.[0-9a-f]{10}\.js)"', script)
    assert len(imports) == 6
    assert "https://" not in script and "http://" not in script
    for url in imports:
        assert client.get(url).status_code == 200


def test_service_worker_precaches_the_shell_with_revisions(app, client):
    script = client.get("/sw.js").get_data(as_text=True)
    precache = json.loads(re.search(r"precacheAndRoute\((\[.*?\])\)", script)[1])
    urls = {entry["url"]: entry["revision"] for entry in precache}
    for shell in ("css/app", "js/app", "vendor/htmx/htmx.min", "icons/icon-192", "icons/icon-512", "icons/maskable-512"):
        url = next(u for u in urls if u.startswith(f"/static/{shell}."))
        assert urls[url] == url.rsplit(".", 2)[-2]  # the content hash in the name
        assert client.get(url).status_code == 200
    assert re.fullmatch(r"[0-9a-f]{10}", urls["/offline"])
    assert re.fullmatch(r"[0-9a-f]{10}", urls["/tersimpan"])
    # Every page links the manifest: offline, it comes from the shell instead of failing.
    assert re.fullmatch(r"[0-9a-f]{10}", urls["/manifest.webmanifest"])


def precache_of(client):
    """The service worker's precache list, {url: revision}, and the worker itself."""
    script = client.get("/sw.js").get_data(as_text=True)
    entries = json.loads(re.search(r"precacheAndRoute\((\[.*?\])\)", script)[1])
    return {entry["url"]: entry["revision"] for entry in entries}, script


def test_a_new_release_precaches_the_new_release_files(app, client, tmp_path):
    """A release that changes the stylesheet is a new worker that precaches the new stylesheet
    (by its new name, revised by its content) instead of the old one, and pages that link it."""
    before, _ = precache_of(client)
    old_stylesheet = next(url for url in before if url.startswith("/static/css/app."))
    # The next release: one rule more in the stylesheet, published as the app publishes it.
    source, build = tmp_path / "static", tmp_path / "build"
    (source / "css").mkdir(parents=True)
    stylesheet = (Path(app.static_folder) / "css" / "app.css").read_bytes() + b"\n.next-release{color:red}\n"
    (source / "css" / "app.css").write_bytes(stylesheet)
    published = publish(str(source), str(build))
    app.extensions["assets"] = {**app.extensions["assets"], **published}
    app.config["RELEASE"] = "2026.11.22"

    after, script = precache_of(client)
    new_stylesheet = "/static/" + published["css/app.css"]
    new_file = (build / published["css/app.css"]).read_bytes()
    assert b".next-release" in new_file
    assert '// Release: "2026.11.22"' in script
    assert old_stylesheet not in after
    assert after[new_stylesheet] == hashlib.sha256(new_file).hexdigest()[:10]  # revised by its content
    # The other shell files are this release's unchanged files, served under the same names.
    files = {url: revision for url, revision in after.items() if url.startswith("/static/")}
    assert {url: revision for url, revision in files.items() if url != new_stylesheet} == {
        url: revision for url, revision in before.items() if url.startswith("/static/") and url != old_stylesheet
    }
    # The shell pages link the new stylesheet now, so they are revised: fetched again too.
    for url in ("/offline", "/tersimpan"):
        page = client.get(url).get_data(as_text=True)
        assert new_stylesheet in page and old_stylesheet not in page
        assert re.fullmatch(r"[0-9a-f]{10}", after[url]) and after[url] != before[url]


def test_manifest_describes_an_installable_app(client):
    response = client.get("/manifest.webmanifest")
    manifest = response.json
    assert response.mimetype == "application/manifest+json"
    assert manifest["name"] == manifest["short_name"] == "Jejaring"
    assert manifest["lang"] == "id" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert {icon["purpose"] for icon in manifest["icons"]} == {"any", "maskable"}
    assert 'rel="manifest" href="/manifest.webmanifest"' in client.get("/").get_data(as_text=True)


def test_offline_pages_explain_themselves(client):
    assert "belum tersimpan di perangkat Anda" in client.get("/offline").get_data(as_text=True)
    saved = client.get("/tersimpan").get_data(as_text=True)
    assert "Bacaan tersimpan" in saved and "memerlukan JavaScript" in saved


# ---- Demo content ------------------------------------------------------------------------


def test_demo_courses_load_once_with_their_pictures(app, client):
    with app.app_context():
        assert load_demo_courses() >= 3
        db.session.commit()
        assert load_demo_courses() == 0
        courses = db.session.scalars(sa.select(Course)).all()
        assert all(len(course.published_lessons) >= 4 for course in courses)
        bodies = " ".join(lesson.body for course in courses for lesson in course.lessons)
    assert len(re.findall(r"!\[[^\]]+\]\(/media/[0-9a-f]{64}-720\.webp\)", bodies)) >= 2
    lesson = re.search(r'href="(/belajar/[^"/]+/[^"/]+)"', client.get(f"/belajar/{courses[0].slug}").get_data(as_text=True))[1]
    assert client.get(lesson).status_code == 200


@pytest.mark.parametrize("text, levels", [
    ("## Bagian\n\n### Rincian\n\n## Bagian lain", ["h2", "h3", "h2"]),
    ("# Judul\n\n## Bagian", ["h2", "h3"]),
    ("### Rincian saja\n\n#### Lebih rinci", ["h2", "h3"]),
])
def test_lesson_headings_start_below_the_title_without_skipping_levels(app, text, levels):
    from webapp.markdown import render

    with app.test_request_context():
        html = render(text)
    assert re.findall(r"<(h\d)>", html) == levels


# ---- Progress on a course: a personal fragment, never in the shared course page --------------


def test_course_progress_says_how_many_lessons_are_done_and_which(app, client, auth, make_user, course):
    user = make_user()
    with app.app_context():
        db.session.add(LessonCompletion(user_id=user.id, lesson_id=course["tujuan-bersama"], idempotency_key="kunci-satu"))
        db.session.commit()
    auth.login()
    response = client.get("/kemajuan/dasar-kemitraan", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "<html" not in html and "1 dari 2 selesai" in html
    assert f'data-done="{course["tujuan-bersama"]}"' in html
    # Without JavaScript the same as a page, with a tick by the lesson done.
    page = client.get("/kemajuan/dasar-kemitraan").get_data(as_text=True)
    assert re.search(r'✓ Selesai</span> <a href="/belajar/dasar-kemitraan/tujuan-bersama"', page)
    assert "✓ Selesai</span> <a href=\"/belajar/dasar-kemitraan/apa-itu-kemitraan\"" not in page


def test_the_shared_course_page_loads_progress_and_holds_nothing_personal(app, client, auth, make_user, course):
    user = make_user()
    with app.app_context():
        db.session.add(LessonCompletion(user_id=user.id, lesson_id=course["tujuan-bersama"], idempotency_key="kunci-dua"))
        db.session.commit()
    signed_out = client.get("/belajar/dasar-kemitraan")
    auth.login()
    signed_in = client.get("/belajar/dasar-kemitraan")
    assert "public" in signed_in.headers["Cache-Control"]
    html = signed_in.get_data(as_text=True)
    assert 'id="kemajuan-kursus" data-progress="/kemajuan/dasar-kemitraan"' in html
    assert "dari 2 selesai" not in html and "✓ Selesai" not in html
    assert html == signed_out.get_data(as_text=True)


def test_course_progress_asks_visitors_to_sign_in_and_404s_for_unknown_courses(client, course):
    html = client.get("/kemajuan/dasar-kemitraan", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Masuk untuk mencatat kemajuan" in html
    assert client.get("/kemajuan/tidak-ada").status_code == 404


def test_a_lesson_page_converts_no_markdown(app, client, course, monkeypatch):
    # The HTML was rendered when the lesson was saved; a reader's request only sends it.
    def no_markdown(*args, **kwargs):
        raise AssertionError("Markdown converted during a request")

    monkeypatch.setattr("webapp.markdown.render", no_markdown)
    for headers in ({}, {"Save-Data": "on"}, {"Accept-Language": "en"}):
        html = client.get(LESSON_URL, headers=headers).get_data(as_text=True)
        assert "Isi pelajaran <strong>penting</strong>." in html


def test_migration_renders_the_lessons_saved_before_it(app, client, course):
    with app.app_context():
        picture = store_lesson_image(png())
        db.session.flush()
        lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "tujuan-bersama"))
        lesson.body = f"Lihat ini:\n\n![Siklus kemitraan](/media/{picture.sha256}-720.webp)"
        db.session.commit()
        saved, sha = dict(lesson.body_html), picture.sha256
        db.session.remove()
        downgrade(revision=LESSON_HTML_MIGRATION_PARENT)
        upgrade()
        migrated = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "tujuan-bersama")).body_html
    assert migrated == saved and set(saved) == {"id", "id-hemat", "en", "en-hemat"}
    assert "ketuk untuk memuat" in saved["id-hemat"] and "tap to load" in saved["en-hemat"].lower()
    assert f"/media/{sha}-720.webp 720w" in client.get(LESSON_URL).get_data(as_text=True)


def test_lesson_tables_scroll_in_a_focusable_named_box(app, client, course):
    with app.app_context():
        lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "tujuan-bersama"))
        lesson.body = "| Peran | Tugas |\n|---|---|\n| Koordinator | Rapat |\n\n<div tabindex=\"0\">x</div>"
        db.session.commit()
    html = client.get(LESSON_URL).get_data(as_text=True)
    assert re.search(r'<div class="scroll-x" tabindex="0" role="region" aria-label="[^"]+"><table>', html)
    assert '<div tabindex' not in html  # typed HTML stays text
    assert "</table></div>" in html


def test_the_offline_page_offers_to_try_again(client):
    html = client.get("/offline").get_data(as_text=True)
    assert '<a class="button" href="" id="coba-lagi">Coba lagi</a>' in html


def test_every_page_carries_the_hidden_install_hint(client):
    html = client.get("/").get_data(as_text=True)
    assert '<div class="install" id="pasang" hidden>' in html and "Nanti saja" in html


def test_the_workers_shell_fetch_leaves_a_waiting_message_for_the_page_opened(client):
    """The service worker fetches its shell pages with the person's cookies while they use the
    site; such a fetch between a form's answer and the page it leads to took the message
    ("Tersimpan") meant for that page."""
    worker = client.get("/sw.js").get_data(as_text=True)
    assert '"X-Jejaring-Shell", "1"' in worker
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Permintaan diterima.")]
    shell = client.get("/offline", headers={"X-Jejaring-Shell": "1"})
    assert shell.status_code == 200 and "Permintaan diterima." not in shell.get_data(as_text=True)
    assert "Permintaan diterima." in client.get("/").get_data(as_text=True)
