"""Offline reading and progress in real Chromium, through the app's real service worker.

The scenario of issue 3: the worker installs; a member saves a lesson; the connection goes;
the saved lesson still opens and is marked done; a new worker version is deployed while the
mark waits; the connection returns; the server then holds exactly one completion and the saved
lesson is still there.

Going offline takes two steps: `context.set_offline(True)` stops the page's own requests, but
in Chromium not the service worker's, so a context route aborts those.
"""

import re

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from playwright.sync_api import expect

from tests.browser.chromium import wait_for_worker
from tests import conftest
from tests.browser.helpers import MEMBER_EMAIL, go_offline, go_online, new_course, new_person, serving, sign_in
from tests.conftest import picture_bytes
from webapp import create_app
from webapp.extensions import db
from webapp.images import store_lesson_image
from webapp.models import Lesson, LessonCompletion, User

LESSON = "/belajar/dasar-kemitraan/tujuan-bersama"
SAVED_CACHE = "jejaring-tersimpan"


@pytest.fixture(scope="module")
def offline_app(tmp_path_factory):
    """The app with CSRF on (as in production), one course of two lessons, and a member."""
    path = tmp_path_factory.mktemp("offline") / "offline.sqlite"
    app = create_app(conftest.test_config("sqlite:///" + str(path), WTF_CSRF_ENABLED=True, RELEASE="1"))
    with app.app_context():
        upgrade()
        picture = store_lesson_image(picture_bytes(size=(900, 500), color=(11, 110, 79)))
        db.session.flush()
        new_course("dasar-kemitraan", "Dasar kemitraan", "Mulai dari sini.", {
            "apa-itu-kemitraan": "## Bermitra\n\nKemitraan adalah kerja bersama yang setara.",
            "tujuan-bersama": (
                "## Mengapa tujuan bersama\n\nTanpa tujuan bersama, mitra berjalan sendiri-sendiri.\n\n"
                f"![Siklus kemitraan](/media/{picture.sha256}-720.webp)\n\nLalu sepakati peran."
            ),
        })
        new_person(MEMBER_EMAIL, "Relawan Contoh")
        db.session.commit()
        db.engine.dispose()
    return app


@pytest.fixture(scope="module")
def offline_server(offline_app):
    with serving(offline_app) as base_url:
        yield base_url


def completions(app):
    with app.app_context():
        rows = db.session.execute(sa.select(LessonCompletion.user_id, LessonCompletion.lesson_id)).all()
        db.session.remove()
        return rows


def saved_urls(page):
    return page.evaluate(
        f"caches.open('{SAVED_CACHE}').then(c => c.keys()).then(keys => keys.map(k => new URL(k.url).pathname))"
    )


def test_save_read_offline_mark_done_update_worker_then_sync_once(offline_app, offline_server, context):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, offline_server)

    # Online: the worker installs; the personal progress box loads into the shared page.
    page.goto(offline_server + LESSON)
    wait_for_worker(page)
    expect(page.locator("#kemajuan form.mark-done button")).to_have_text("Tandai selesai")

    # Save for offline: the page, its stylesheet and script, and its picture.
    save = page.locator(".save-offline button")
    expect(save).to_contain_text(re.compile(r"Simpan untuk dibaca offline \(± \d+\sKB di ponsel\)"))
    save.click()
    expect(page.locator(".save-offline .saved-state")).to_be_visible()
    stored = saved_urls(page)
    assert LESSON in stored
    assert any(re.fullmatch(r"/static/css/app\.[0-9a-f]{10}\.css", url) for url in stored)
    assert any(re.fullmatch(r"/media/[0-9a-f]{64}-720\.webp", url) for url in stored)

    # Offline: reload, and the lesson is there, from the saved copy, saying so.
    go_offline(context)
    page.reload()
    expect(page.locator("h1")).to_have_text("Tujuan Bersama")
    expect(page.locator(".lesson-body")).to_contain_text("Tanpa tujuan bersama")
    expect(page.locator("#salinan")).to_be_visible()
    expect(page.locator("#salinan")).to_contain_text("Anda membaca salinan tersimpan dari")
    expect(page.locator("#offline")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
    picture = page.locator(".lesson-body img")
    picture.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.lesson-body img').complete")
    # Offline, the picture came from the saved copy: the size this phone asks for, loaded.
    assert picture.evaluate("img => img.naturalWidth") > 0
    assert picture.evaluate("img => img.currentSrc").endswith("-720.webp")

    # Mark it done offline: the worker queues it, the badge counts it.
    page.locator("#kemajuan button.mark-done-offline").click()
    expect(page.locator("#kemajuan")).to_contain_text("menunggu dikirim")
    expect(page.locator("#antrean")).to_have_text("1 perubahan menunggu dikirim")
    assert completions(offline_app) == []

    # A new release while the mark waits. The connection returns, but the server is busy at
    # first, so the mark is still queued when the new worker takes over.
    offline_app.config["RELEASE"] = "2"
    context.route("**/api/kemajuan", lambda route: route.fulfill(status=503, body="sibuk"))
    go_online(context)
    page.evaluate("window.workerChanged = new Promise(r => navigator.serviceWorker.addEventListener('controllerchange', () => r(true)))")
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    assert page.evaluate("window.workerChanged") is True
    assert completions(offline_app) == []
    assert page.evaluate("fetch('/sw.js').then(r => r.text()).then(t => t.includes('Release: \"2\"'))")

    # The server answers again: the page sees the connection and asks the new worker to send.
    context.unroute("**/api/kemajuan")
    page.reload()
    expect(page.locator("#kemajuan .done")).to_contain_text("Selesai", timeout=20_000)
    expect(page.locator("#antrean")).to_be_hidden()
    with offline_app.app_context():
        member = db.session.scalar(sa.select(User).where(User.email == MEMBER_EMAIL))
        lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "tujuan-bersama"))
        expected = [(member.id, lesson.id)]
        db.session.remove()
    assert completions(offline_app) == expected

    # Asked again to send, nothing more arrives; and the update kept the saved lesson.
    page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'replay'})")
    page.wait_for_timeout(500)
    assert completions(offline_app) == expected
    assert LESSON in saved_urls(page)
    assert errors == []


def test_library_lists_a_saved_course_with_sizes_and_removes_it(offline_server, context):
    page = context.new_page()
    page.goto(offline_server + "/belajar/dasar-kemitraan")
    wait_for_worker(page)
    page.locator(".save-offline button").click()
    expect(page.locator(".save-offline .saved-state")).to_be_visible()
    # A course saves its own page and every lesson in it.
    stored = saved_urls(page)
    assert {"/belajar/dasar-kemitraan", LESSON, "/belajar/dasar-kemitraan/apa-itu-kemitraan"} <= set(stored)

    page.goto(offline_server + "/tersimpan")
    item = page.locator("#daftar-tersimpan li.card")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Dasar kemitraan")
    expect(item.locator("p.muted")).to_contain_text(re.compile(r"^\d+\sKB · disimpan "))
    expect(page.locator("#total-tersimpan")).to_contain_text(re.compile(r"Total: \d+\sKB"))
    expect(page.locator("#penyimpanan")).to_contain_text("Penyimpanan terpakai di perangkat ini")

    # Offline, the library itself opens (it is part of the app shell) and so does the course.
    go_offline(context)
    page.reload()
    expect(item).to_have_count(1)
    page.goto(offline_server + "/belajar/dasar-kemitraan/apa-itu-kemitraan")
    expect(page.locator("h1")).to_have_text("Apa Itu Kemitraan")
    go_online(context)

    page.goto(offline_server + "/tersimpan")
    page.locator("#daftar-tersimpan button").click()
    expect(page.locator("#daftar-tersimpan li.empty")).to_contain_text("Belum ada bacaan tersimpan")
    assert saved_urls(page) == []


def test_recently_read_lessons_open_offline_and_other_pages_get_the_offline_page(offline_server, context):
    page = context.new_page()
    page.goto(offline_server + "/belajar")
    wait_for_worker(page)
    page.goto(offline_server + "/belajar/dasar-kemitraan/apa-itu-kemitraan")  # read, not saved
    go_offline(context)
    page.reload()
    expect(page.locator("h1")).to_have_text("Apa Itu Kemitraan")
    expect(page.locator("#salinan")).to_contain_text("salinan tersimpan")
    page.goto(offline_server + "/komunitas?q=belum-pernah-dibuka")
    expect(page.locator("h1")).to_have_text("Sedang offline")
    expect(page.locator("#offline")).to_be_visible()
