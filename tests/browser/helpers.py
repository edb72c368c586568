"""What the browser tests share, one home each: serving an app in a thread, the seed of the
common site, people to sign in as, signing in through the form, the screen's width and going
offline. Chromium itself and the network logs are in chromium.py beside this file."""

import contextlib
import re
import threading

import sqlalchemy as sa
from flask_migrate import upgrade
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.conftest import DEFAULT_PASSWORD
from webapp.extensions import db
from webapp.learning.services import refresh_lesson_metrics
from webapp.models import Category, Community, Course, Lesson, Role, User, utcnow
from webapp.regions import load_regions
from webapp.taxonomy import load_default_categories

MEMBER_EMAIL = "relawan@contoh.id"
# The phone the app is designed for; nothing may be wider.
PHONE_WIDTH = 360

# name, headline, regency, categories
SEED_COMMUNITIES = [
    ("Rumah Baca Senja", "Taman baca untuk anak-anak kampung", "32.73", ["literasi"]),
    ("Kebun Warga Cibiru", "Kebun sayur bersama di lahan tidur", "32.04", ["pangan", "lingkungan"]),
    ("Literasi Anak Jakarta", "Kelas menulis di kolong jembatan", "31.71", ["literasi", "pendidikan"]),
    ("Pantai Bersih Sumbawa", "Bersih pantai setiap Minggu pagi", "52.04", ["lingkungan"]),
    ("Taman Baca Kupang", "Buku keliling dengan sepeda motor", "53.71", ["literasi"]),
]


def new_person(email, name, role=Role.MEMBER, password=DEFAULT_PASSWORD):
    """A user added to the session (inside an app context), who signs in with `password`; their
    e-mail address is verified."""
    person = User(email=email, name=name, role=role, email_verified_at=utcnow())
    person.set_password(password)
    db.session.add(person)
    return person


def new_course(slug, title, summary, bodies):
    """A published course added to the session, with a published lesson per (slug, Markdown body)."""
    course = Course(slug=slug, title=title, summary=summary, published=True)
    for position, (lesson_slug, body) in enumerate(bodies.items(), start=1):
        lesson = Lesson(slug=lesson_slug, position=position, title=lesson_slug.replace("-", " ").title(),
                        summary="Ringkasan.", body=body, published=True)
        course.lessons.append(lesson)
        refresh_lesson_metrics(lesson)
    db.session.add(course)
    return course


def seed(app):
    """Migrate, load the regions and categories, five communities and one member (MEMBER_EMAIL)."""
    with app.app_context():
        upgrade()
        load_regions()
        load_default_categories()
        for name, headline, regency, categories in SEED_COMMUNITIES:
            community = Community(
                name=name,
                slug=name.lower().replace(" ", "-"),
                headline=headline,
                province_code=regency[:2],
                regency_code=regency,
                email="rahasia@contoh.id",
            )
            community.categories = list(
                db.session.scalars(sa.select(Category).where(Category.slug.in_(categories)))
            )
            community.refresh_search_text()
            db.session.add(community)
        new_person(MEMBER_EMAIL, "Relawan Contoh")
        db.session.commit()
        db.engine.dispose()


@contextlib.contextmanager
def serving(app):
    """Serve `app` on 127.0.0.1 at a free port in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def sign_in(page, base_url, email=MEMBER_EMAIL, password=DEFAULT_PASSWORD):
    """Sign in through the form, as a person would; fails unless the sign-in page is left."""
    page.goto(base_url + "/akun/masuk")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/akun/masuk"))


def page_width(page):
    """How wide the page is laid out, in CSS pixels (more than the screen means sideways scrolling)."""
    return page.evaluate("() => document.documentElement.scrollWidth")


def go_offline(context):
    context.set_offline(True)
    context.route("**/*", lambda route: route.abort("internetdisconnected"))


def go_online(context):
    context.unroute("**/*")
    context.set_offline(False)


def cookies_after_sign_in(browser, base_url, email, password=DEFAULT_PASSWORD):
    """The cookies of `email` signed in once in a context of its own, for tabs to reuse (sign-ins
    are rate limited, so a module signs each person in once)."""
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740}, locale="id-ID")
    try:
        sign_in(context.new_page(), base_url, email, password)
        return context.cookies()
    finally:
        context.close()


# A demo community, and the longest contact values a coordinator might type for it.
LONG = "penjaga-mangrove-teluk-balikpapan"
LONG_CONTACTS = {
    "email": "sekretariat.penjagamangroveteluk.balikpapan@komunitas-contoh.or.id",
    "website": "https://www.penjagamangroveteluk-balikpapan.contoh.or.id/tentang-kami/kontak",
    "instagram": "https://www.instagram.com/penjagamangroveteluk_balikpapan_official/",
    "facebook": "https://www.facebook.com/profile.php?id=100087654321098765",
}
