"""Browser tests: the real app served by werkzeug in a thread, driven by Debian's Chromium.

They run on one SQLite database of their own (the search behaves the same on PostgreSQL, which
the Flask test client already covers). Without /usr/bin/chromium they skip on a developer's
machine and fail in CI (CI=true). No browser is ever downloaded.
"""

import contextlib
import os
import threading

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from werkzeug.serving import make_server

from benchmarks.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import DEFAULT_PASSWORD, test_config
from webapp import create_app
from webapp.demo import load_demo
from webapp.extensions import db
from webapp.models import Category, Community, User
from webapp.regions import load_regions
from webapp.taxonomy import load_default_categories

MEMBER_EMAIL = "relawan@contoh.id"

# name, headline, regency, categories
SEED_COMMUNITIES = [
    ("Rumah Baca Senja", "Taman baca untuk anak-anak kampung", "32.73", ["literasi"]),
    ("Kebun Warga Cibiru", "Kebun sayur bersama di lahan tidur", "32.04", ["pangan", "lingkungan"]),
    ("Literasi Anak Jakarta", "Kelas menulis di kolong jembatan", "31.71", ["literasi", "pendidikan"]),
    ("Pantai Bersih Sumbawa", "Bersih pantai setiap Minggu pagi", "52.04", ["lingkungan"]),
    ("Taman Baca Kupang", "Buku keliling dengan sepeda motor", "53.71", ["literasi"]),
]


def seed(app):
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
        member = User(email=MEMBER_EMAIL, name="Relawan Contoh")
        member.set_password(DEFAULT_PASSWORD)
        db.session.add(member)
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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app on 127.0.0.1 at a free port, on a migrated and seeded SQLite file."""
    path = tmp_path_factory.mktemp("browser") / "live.sqlite"
    app = create_app(test_config("sqlite:///" + str(path)))
    seed(app)
    with serving(app) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """The app with the demo content (38 communities, logos, programs), so pages have real sizes."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    app = create_app(test_config("sqlite:///" + str(path)))
    with app.app_context():
        upgrade()
        load_demo()
        db.engine.dispose()
    with serving(app) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium is not installed at {CHROMIUM}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _console_error(message, errors):
    # Browsers ask for /favicon.ico on their own; the app has none yet.
    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
        errors.append(message.text)


@pytest.fixture
def page(browser):
    """A fresh tab the size of a cheap Android phone."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: _console_error(message, errors))
    yield page
    context.close()
    assert errors == [], "the page logged errors (a CSP violation, a script error)"
