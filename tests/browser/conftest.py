"""Browser tests: the real app served by werkzeug in a thread, driven by Debian's Chromium.

They run on one SQLite database of their own (the search behaves the same on PostgreSQL, which
the Flask test client already covers). Without /usr/bin/chromium they skip on a developer's
machine and fail in CI (CI=true). No browser is ever downloaded.
"""

import os

import pytest
from flask_migrate import upgrade

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.browser.helpers import seed, serving
from tests.conftest import test_config
from webapp import create_app
from webapp.demo import load_demo
from webapp.extensions import db


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


@pytest.fixture
def context(browser):
    """A phone (Chromium's mobile emulation at 360 px) with a profile of its own."""
    context = browser.new_context(**PHONE)
    yield context
    context.close()
