"""The one queue of actions made offline, in real Chromium, through the app's real service worker:
what issue 11 saw go wrong on volunteers' phones, as the person would notice it.

- a queued action refused "for now" (401, 409, a proxy's 502) is tried again with a pause that
  grows, not 40 times a second;
- two people sharing one phone: each mark lands on the account that made it, exactly once,
  whatever the order of sign-ins, and a mark waiting for one account never holds up another's;
- a proxy's 502 shows the kept copy of a page, and a tap made then is kept and sent later.

The worker's retry pause starts at half a second here (OFFLINE_RETRY_BASE_SECONDS); in
production it is 30 s. Going offline cuts the page's and the worker's requests (test_offline).
"""

import json
import os
import re
import time

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from playwright.sync_api import expect

from tests.browser.chromium import PHONE, wait_for_worker
from tests import conftest
from tests.browser import helpers
from tests.browser.helpers import go_offline, go_online, new_course, new_person, serving
from tests.conftest import DEFAULT_PASSWORD
from webapp import create_app
from webapp.extensions import db, limiter
from webapp.models import Lesson, LessonCompletion, User

COURSE = "/belajar/dasar-kemitraan"
LESSONS = [f"{COURSE}/{slug}" for slug in ("apa-itu-kemitraan", "tujuan-bersama", "peran-mitra")]
PEOPLE = {"rina@contoh.id": "Rina", "budi@contoh.id": "Budi"}
RETRY_BASE_SECONDS = 0.5


@pytest.fixture(scope="module")
def queue_app(tmp_path_factory):
    """The app with CSRF on, one course of three lessons, and two members sharing a phone."""
    path = tmp_path_factory.mktemp("antrean") / "antrean.sqlite"
    app = create_app(conftest.test_config("sqlite:///" + str(path), WTF_CSRF_ENABLED=True, RELEASE="1",
                                          OFFLINE_RETRY_BASE_SECONDS=RETRY_BASE_SECONDS))
    with app.app_context():
        upgrade()
        slugs = [url.rsplit("/", 1)[1] for url in LESSONS]
        new_course("dasar-kemitraan", "Dasar kemitraan", "Mulai dari sini.",
                   {slug: f"## {slug}\n\nIsi pelajaran." for slug in slugs})
        for email, name in PEOPLE.items():
            new_person(email, name)
        db.session.commit()
        db.engine.dispose()
    return app


@pytest.fixture(scope="module")
def queue_server(queue_app):
    with serving(queue_app) as base_url:
        yield base_url


@pytest.fixture
def context(browser, queue_app):
    """One phone: a browser profile that every test starts afresh, on an empty database.

    The same two people sign in again in every test: their sign-in limits start afresh too
    (the limiter is shared by every app, so it is reset, never switched off).
    """
    with queue_app.app_context():
        db.session.execute(sa.delete(LessonCompletion))
        db.session.commit()
        db.session.remove()
    limiter.reset()
    context = browser.new_context(**PHONE)
    yield context
    context.close()


def ids(app):
    """{"rina": id, "budi": id, "apa-itu-kemitraan": id, ...}"""
    with app.app_context():
        people = {u.name.lower(): u.id for u in db.session.scalars(sa.select(User))}
        lessons = {lesson.slug: lesson.id for lesson in db.session.scalars(sa.select(Lesson))}
        db.session.remove()
    return people | lessons


def marks(app):
    """Every completion as (person, lesson slug), in the order they were stored."""
    with app.app_context():
        rows = db.session.execute(
            sa.select(User.name, Lesson.slug).join(LessonCompletion.user).join(LessonCompletion.lesson)
            .order_by(LessonCompletion.id)
        ).all()
        db.session.remove()
    return [tuple(row) for row in rows]


def marks_after_sending(app, expected, seconds=20):
    """The stored marks, sorted, once they are `expected` or `seconds` have passed.

    After signing in, the queue is sent in the background, and the badge is hidden on the new
    page before the script has even counted the queue: its hiding proves nothing yet.
    """
    deadline = time.monotonic() + seconds
    while (stored := sorted(marks(app))) != expected and time.monotonic() < deadline:
        time.sleep(0.1)
    return stored


def sign_in(page, base_url, email):
    helpers.sign_in(page, base_url, email)
    expect(page).to_have_url(re.compile(r"/akun$"))
    # The account page asks the server once who is signed in, for marks made offline later.
    name = PEOPLE[email]
    page.wait_for_function(f"() => (JSON.parse(localStorage.getItem('jejaring:pengguna')) || {{}}).name === {json.dumps(name)}")


def sign_out(page, base_url):
    page.goto(base_url + "/akun")
    page.locator('form[action="/akun/keluar"] button').click()
    expect(page.locator(".flash-info")).to_contain_text("Anda sudah keluar")


def save_course(page, base_url):
    """Save the whole course for offline reading, once the worker runs."""
    page.goto(base_url + COURSE)
    wait_for_worker(page)
    page.locator(".save-offline button").click()
    expect(page.locator(".save-offline .saved-state")).to_be_visible()


def badge(page):
    return page.locator("#antrean")


def mark_offline(page):
    page.locator("#kemajuan button.mark-done-offline").click()
    expect(page.locator("#kemajuan")).to_contain_text("Ditandai selesai · menunggu dikirim")


@pytest.mark.parametrize("status", [401, 409, 502])
def test_an_action_refused_for_now_is_tried_again_later_not_in_a_storm(queue_app, queue_server, context, status):
    """Before: 1,379 to 1,585 POSTs in 30 s. Now the pause doubles: 0.5 s, 1 s, 2 s, 4 s here."""
    page = context.new_page()
    sign_in(page, queue_server, "rina@contoh.id")
    wait_for_worker(page)
    page.goto(queue_server + LESSONS[0])  # read through the worker, so a copy is kept
    tries = []

    def refuse(route):
        tries.append(route.request.method)
        route.fulfill(status=status, content_type="application/json", body='{"error": "nanti"}')

    context.route("**/api/kemajuan", refuse)
    page.locator("#kemajuan form.mark-done button").click()
    expect(page.locator("#kemajuan")).to_contain_text("Ditandai selesai · menunggu dikirim")
    expect(badge(page)).to_have_text("1 perubahan menunggu dikirim")

    # Six seconds: at 40-50 a second that was about 250 requests; with the pause, a handful.
    page.wait_for_timeout(6_000)
    assert 2 <= len(tries) <= 6, tries
    assert marks(queue_app) == []

    # The server takes it again: the next page from the server sends the mark, once.
    context.unroute("**/api/kemajuan")
    page.reload()
    expect(page.locator("#kemajuan .done")).to_contain_text("Selesai", timeout=20_000)
    expect(badge(page)).to_be_hidden()
    assert marks(queue_app) == [("Rina", "apa-itu-kemitraan")]


def test_two_people_on_one_phone_each_mark_lands_on_their_own_account_once(queue_app, queue_server, context):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Rina saves the course, then marks its first lesson with no connection.
    sign_in(page, queue_server, "rina@contoh.id")
    save_course(page, queue_server)
    go_offline(context)
    page.goto(queue_server + LESSONS[0])
    mark_offline(page)
    expect(badge(page)).to_have_text("1 perubahan menunggu dikirim")

    # Her session ends while the phone is offline. Back online, her mark waits for her, and
    # the phone says so; nobody signed in is offered to sign in, not a button.
    context.clear_cookies(name="session")
    go_online(context)
    page.reload()
    expect(page.locator("#kemajuan")).to_contain_text("Masuk untuk mencatat kemajuan belajar Anda")
    expect(badge(page)).to_have_text("1 perubahan menunggu: masuk sebagai Rina untuk mengirim")

    # Budi signs in on the same phone and, offline, marks two lessons without opening any
    # lesson online first. He does not see Rina's tick: his first lesson has a button.
    sign_in(page, queue_server, "budi@contoh.id")
    go_offline(context)
    page.goto(queue_server + LESSONS[1])
    mark_offline(page)
    page.goto(queue_server + LESSONS[0])
    expect(page.locator("#kemajuan button.mark-done-offline")).to_be_visible()
    mark_offline(page)
    expect(badge(page)).to_have_text("2 perubahan menunggu dikirim · 1 perubahan menunggu: masuk sebagai Rina untuk mengirim")

    # Online: Budi's marks go, although Rina's waits in front of them; hers stays hers.
    go_online(context)
    page.reload()
    expect(page.locator("#kemajuan .done")).to_contain_text("Selesai", timeout=20_000)
    expect(badge(page)).to_have_text("1 perubahan menunggu: masuk sebagai Rina untuk mengirim")
    assert sorted(marks(queue_app)) == [("Budi", "apa-itu-kemitraan"), ("Budi", "tujuan-bersama")]

    # The library says the same, with the button to send now.
    page.goto(queue_server + "/tersimpan")
    expect(page.locator("#antrean-ringkas")).to_have_text("1 perubahan menunggu: masuk sebagai Rina untuk mengirim")
    expect(page.locator("#kirim-sekarang")).to_be_visible()

    # Budi signs out and Rina signs in again: her mark goes, as hers.
    sign_out(page, queue_server)
    sign_in(page, queue_server, "rina@contoh.id")
    expected = [("Budi", "apa-itu-kemitraan"), ("Budi", "tujuan-bersama"), ("Rina", "apa-itu-kemitraan")]
    assert marks_after_sending(queue_app, expected) == expected
    expect(badge(page)).to_be_hidden(timeout=20_000)

    # Rina signs out; offline, a visitor is invited to sign in and gets no button.
    sign_out(page, queue_server)
    go_offline(context)
    page.goto(queue_server + LESSONS[2])
    expect(page.locator("#kemajuan a")).to_have_text("Masuk untuk mencatat kemajuan belajar Anda")
    expect(page.locator("#kemajuan button")).to_have_count(0)
    go_online(context)

    # Asked to send again, nothing more arrives.
    page.goto(queue_server + COURSE)
    page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'send-now'})")
    page.wait_for_timeout(500)
    assert sorted(marks(queue_app)) == expected
    assert errors == []


def test_marks_of_two_ended_sessions_each_wait_for_their_own_person(queue_app, queue_server, context):
    """The other order: Budi's mark waits in front; both sessions end; each person signing in
    gets their own marks sent, and only theirs."""
    page = context.new_page()
    sign_in(page, queue_server, "budi@contoh.id")
    save_course(page, queue_server)
    go_offline(context)
    page.goto(queue_server + LESSONS[1])
    mark_offline(page)
    context.clear_cookies(name="session")
    go_online(context)
    page.goto(queue_server + COURSE)
    expect(badge(page)).to_have_text("1 perubahan menunggu: masuk sebagai Budi untuk mengirim")

    sign_in(page, queue_server, "rina@contoh.id")
    go_offline(context)
    for lesson in LESSONS[:2]:
        page.goto(queue_server + lesson)
        mark_offline(page)
    context.clear_cookies(name="session")
    go_online(context)
    page.goto(queue_server + COURSE)
    expect(badge(page)).to_have_text(
        "1 perubahan menunggu: masuk sebagai Budi untuk mengirim · 2 perubahan menunggu: masuk sebagai Rina untuk mengirim"
    )
    assert marks(queue_app) == []

    sign_in(page, queue_server, "rina@contoh.id")
    expect(badge(page)).to_have_text("1 perubahan menunggu: masuk sebagai Budi untuk mengirim", timeout=20_000)
    rinas = [("Rina", "apa-itu-kemitraan"), ("Rina", "tujuan-bersama")]
    assert marks_after_sending(queue_app, rinas) == rinas

    sign_out(page, queue_server)
    sign_in(page, queue_server, "budi@contoh.id")
    expected = [("Budi", "tujuan-bersama"), ("Rina", "apa-itu-kemitraan"), ("Rina", "tujuan-bersama")]
    assert marks_after_sending(queue_app, expected) == expected
    expect(badge(page)).to_be_hidden(timeout=20_000)


def test_a_proxy_502_shows_the_kept_copy_and_keeps_the_tap(queue_app, queue_server, context):
    """The app is down behind its proxy: every request answers "502 Bad Gateway"."""
    page = context.new_page()
    sign_in(page, queue_server, "rina@contoh.id")
    wait_for_worker(page)
    page.goto(queue_server + LESSONS[0])  # read through the worker, so a copy is kept
    expect(page.locator("#kemajuan form.mark-done button")).to_be_visible()

    context.route("**/*", lambda route: route.fulfill(status=502, content_type="text/html", body="<h1>502 Bad Gateway</h1>"))
    page.reload()
    expect(page.locator("h1")).to_have_text("Apa Itu Kemitraan")
    expect(page.locator("#salinan")).to_contain_text("Anda membaca salinan tersimpan dari")
    expect(page.locator("#salinan")).not_to_contain_text("dari .")  # a date, not an empty one
    page.locator("#kemajuan button.mark-done-offline").click()
    expect(page.locator("#kemajuan")).to_contain_text("Ditandai selesai · menunggu dikirim")
    expect(badge(page)).to_have_text("1 perubahan menunggu dikirim")
    # A page never read has no copy: the offline page, not the proxy's error.
    page.goto(queue_server + "/komunitas?q=belum-pernah-dibuka")
    expect(page.locator("h1")).to_have_text("Sedang offline")
    assert marks(queue_app) == []

    # The app is back: the tap made during the outage arrives, once.
    context.unroute("**/*")
    page.goto(queue_server + LESSONS[0])
    expect(page.locator("#kemajuan .done")).to_contain_text("Selesai", timeout=20_000)
    expect(badge(page)).to_be_hidden()
    assert marks(queue_app) == [("Rina", "apa-itu-kemitraan")]


def test_a_saved_lesson_answers_when_the_network_is_too_slow(queue_server, context):
    """After the 4 s wait for the network, a lesson saved (not read since) opens from the phone."""
    page = context.new_page()
    save_course(page, queue_server)
    held = []
    context.route("**/belajar/**", lambda route: held.append(route))  # the server never answers
    page.goto(queue_server + LESSONS[2])
    expect(page.locator("h1")).to_have_text("Peran Mitra", timeout=15_000)
    expect(page.locator("#salinan")).to_contain_text("Anda membaca salinan tersimpan dari")
    assert held  # the network was asked first
    context.unroute("**/belajar/**")  # lets the held requests go on


def test_an_action_that_can_never_be_delivered_is_dropped_and_explained(queue_app, queue_server, context):
    """The lesson was withdrawn while the mark waited: the phone says so, and the person clears it."""
    page = context.new_page()
    sign_in(page, queue_server, "rina@contoh.id")
    wait_for_worker(page)
    page.goto(queue_server + LESSONS[2])  # read through the worker, so a copy is kept
    go_offline(context)
    page.reload()
    mark_offline(page)
    withdrawn = ids(queue_app)["peran-mitra"]
    with queue_app.app_context():
        db.session.get(Lesson, withdrawn).published = False
        db.session.commit()
    try:
        go_online(context)
        page.goto(queue_server + "/tersimpan")
        expect(badge(page)).to_have_text("1 perubahan tidak bisa dikirim", timeout=20_000)
        expect(page.locator("#antrean-ditolak li")).to_contain_text("Pelajaran ini tidak ada lagi.")
        expect(page.locator("#kirim-sekarang")).to_be_hidden()
        page.locator("#hapus-ditolak").click()
        expect(badge(page)).to_be_hidden()
        expect(page.locator("#antrean-tindakan")).to_be_hidden()
        assert marks(queue_app) == []
    finally:
        with queue_app.app_context():
            db.session.get(Lesson, withdrawn).published = True
            db.session.commit()
            db.session.remove()


def test_the_shell_pages_speak_the_readers_language_and_the_offline_page_comes_back(queue_server, context):
    page = context.new_page()
    page.goto(queue_server + "/belajar")
    wait_for_worker(page)
    # An English reader's library is in English, though the worker keeps an Indonesian copy.
    context.add_cookies([{"name": "lang", "value": "en", "url": queue_server}])
    page.goto(queue_server + "/tersimpan")
    expect(page.locator("h1")).to_have_text("Saved reading")
    context.clear_cookies(name="lang")

    # Offline, a page never read gives the offline page; when the connection returns, the page
    # asked for appears by itself.
    go_offline(context)
    page.goto(queue_server + "/belajar/dasar-kemitraan")
    expect(page.locator("h1")).to_have_text("Sedang offline")
    go_online(context)
    expect(page.locator("h1")).to_have_text("Dasar kemitraan")


def test_a_page_read_before_an_update_keeps_its_stylesheet_offline(queue_app, queue_server, context):
    """Release 2 changes the stylesheet; a lesson read (not saved) under release 1 still looks
    right offline, when the browser's own cache has lost release 1's file."""
    page = context.new_page()
    page.goto(queue_server + COURSE)
    wait_for_worker(page)
    page.goto(queue_server + LESSONS[1])  # read through the worker, not saved
    old_stylesheet = page.locator('link[rel="stylesheet"]').get_attribute("href")

    assets = queue_app.extensions["assets"]
    build_dir = os.path.join(queue_app.instance_path, "static")
    with open(os.path.join(build_dir, assets["css/app.css"])) as f:
        changed = f.read() + "\n.rilis-dua{}"
    published = "css/app.0123456789.css"
    with open(os.path.join(build_dir, published), "w") as f:
        f.write(changed)
    queue_app.wsgi_app.add_files(build_dir, prefix="static/")
    before = assets["css/app.css"]
    assets["css/app.css"] = published
    queue_app.config["RELEASE"] = "2"
    try:
        page.evaluate("window.workerChanged = new Promise(r => navigator.serviceWorker.addEventListener('controllerchange', () => r(true)))")
        page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
        assert page.evaluate("window.workerChanged") is True
        # The update's clean-up removes release 1's stylesheet from the shell.
        page.wait_for_function(
            "(old) => caches.keys().then(names => Promise.all(names.filter(n => n.startsWith('workbox-precache'))"
            ".map(n => caches.open(n).then(c => c.keys())))).then(lists => !lists.flat().some(k => k.url.includes(old)))",
            arg=old_stylesheet,
        )

        context.new_cdp_session(page).send("Network.clearBrowserCache")
        go_offline(context)
        page.reload()
        expect(page.locator("h1")).to_have_text("Tujuan Bersama")
        assert page.locator('link[rel="stylesheet"]').get_attribute("href") == old_stylesheet
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
        go_online(context)
    finally:
        assets["css/app.css"] = before
        queue_app.config["RELEASE"] = "1"
        os.remove(os.path.join(build_dir, published))


def test_a_form_sent_offline_keeps_what_was_typed_and_sends_it_later(queue_server, context):
    """Not the browser's "no internet" page: the phone keeps the form and sends it when asked."""
    page = context.new_page()
    page.goto(queue_server + "/akun/lupa-sandi")
    wait_for_worker(page)
    page.fill("#email", "rina@contoh.id")
    go_offline(context)
    page.click("form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Sedang offline")
    expect(page.locator("#formulir-tertunda")).to_contain_text("Formulir Anda belum terkirim. Isinya tersimpan di perangkat ini")

    go_online(context)
    page.locator("#kirim-formulir").click()
    expect(page).to_have_url(re.compile(r"/akun/masuk$"))
    expect(page.locator(".flash-info")).to_contain_text("Jika alamat itu terdaftar")
    assert page.evaluate("caches.open('jejaring-formulir').then(c => c.keys()).then(k => k.length)") == 0


def test_a_sign_in_sent_offline_is_not_kept(queue_server, context):
    """A password never stays on the phone: the page says the form was not sent."""
    page = context.new_page()
    page.goto(queue_server + "/akun/masuk")
    wait_for_worker(page)
    page.fill("#email", "rina@contoh.id")
    page.fill("#password", DEFAULT_PASSWORD)
    go_offline(context)
    page.click("form button[type=submit]")
    expect(page.locator("#formulir-tertunda")).to_have_text("Formulir Anda belum terkirim. Kirim lagi setelah tersambung.")
    assert page.evaluate("caches.open('jejaring-formulir').then(c => c.keys()).then(k => k.length)") == 0
    go_online(context)
