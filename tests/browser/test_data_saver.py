"""Data-saver mode in a real browser: the footer switch turns logos into tap-to-load links of the
same size, and a tap loads the picture in place, under the strict CSP."""


import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.helpers import seed, serving
from tests.conftest import picture_bytes
from tests.conftest import test_config as app_config
from webapp import create_app
from webapp.extensions import db
from webapp.images import store_image
from webapp.models import Community

PROFILE = "/komunitas/rumah-baca-senja"


@pytest.fixture(scope="module")
def server_with_logo(tmp_path_factory):
    """The seeded app of the other browser tests, with a logo for Rumah Baca Senja.

    A server of its own, so the pages the other browser tests measure stay as they are.
    """
    path = tmp_path_factory.mktemp("browser-logo") / "live.sqlite"
    app = create_app(app_config("sqlite:///" + str(path)))
    seed(app)
    with app.test_request_context():
        community = db.session.scalar(sa.select(Community).where(Community.slug == "rumah-baca-senja"))
        community.logo = store_image(picture_bytes(size=(300, 300), color=(11, 110, 79)))
        db.session.commit()
        db.engine.dispose()
    with serving(app) as base_url:
        yield base_url


def test_tap_loads_the_logo_in_place_without_moving_anything(server_with_logo, page):
    page.goto(server_with_logo + PROFILE)
    logo = page.locator(".profile-head img.logo")
    expect(logo).to_be_visible()

    page.locator("footer").get_by_role("link", name="Nyala").click()
    expect(page).to_have_url(server_with_logo + PROFILE)
    placeholder = page.locator(".profile-head a.tap-to-load")
    expect(placeholder).to_contain_text("ketuk untuk memuat")
    expect(page.locator(".profile-head img")).to_have_count(0)
    box = placeholder.bounding_box()
    assert (box["width"], box["height"]) == (96, 96)
    page.evaluate("window.stillTheSamePage = true")

    placeholder.click()
    loaded = page.locator(".profile-head img.logo.logo-large")
    expect(loaded).to_be_visible()
    expect(page.locator(".profile-head a.tap-to-load")).to_have_count(0)
    page.wait_for_function("() => document.querySelector('.profile-head img').naturalWidth > 0")
    box = loaded.bounding_box()
    assert (box["width"], box["height"]) == (96, 96)
    # The tap did not follow the link: the picture came into this page.
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page).to_have_url(server_with_logo + PROFILE)


def test_save_data_header_works_in_the_directory_list(server_with_logo, page):
    page.set_extra_http_headers({"Save-Data": "on"})
    page.goto(server_with_logo + "/komunitas")
    placeholder = page.locator("#hasil a.tap-to-load")
    expect(placeholder).to_have_count(1)
    box = placeholder.bounding_box()
    assert (box["width"], box["height"]) == (64, 64)
    placeholder.click()
    expect(page.locator("#hasil img.logo")).to_have_count(1)
    page.wait_for_function("() => document.querySelector('#hasil img.logo').naturalWidth > 0")
