"""The unread badge in real Chromium at 360 px: on a shared page and on a personal one, then
gone once the coordinator has opened the notification from the inbox."""

import re

import pytest
from flask_migrate import upgrade
from playwright.sync_api import expect

from tests import conftest
from tests.browser.helpers import PHONE_WIDTH, new_person, page_width, serving
from webapp import create_app
from webapp.extensions import db
from webapp.models import Community, Coordinatorship
from webapp.notifications import notify_coordinators
from webapp.regions import load_regions

COORDINATOR = "budi@contoh.id"


@pytest.fixture(scope="module")
def notified_server(tmp_path_factory):
    """A community whose coordinator has one unread notification: the community was verified."""
    path = tmp_path_factory.mktemp("notifications") / "notifications.sqlite"
    app = create_app(conftest.test_config("sqlite:///" + str(path), WTF_CSRF_ENABLED=True))
    with app.app_context():
        upgrade()
        load_regions()
        budi = new_person(COORDINATOR, "Budi Koordinator")
        community = Community(name="Bank Sampah Hijau", slug="bank-sampah-hijau", headline="Menabung sampah",
                              province_code="32", regency_code="32.73")
        community.coordinatorships.append(Coordinatorship(user=budi))
        db.session.add(community)
        db.session.commit()
        with app.test_request_context():
            notify_coordinators(community, "community_verified", link="/komunitas/bank-sampah-hijau",
                                community=community.name)
            db.session.commit()
        db.engine.dispose()
    with serving(app) as base_url:
        yield base_url


def counted(page, action):
    """Do `action` (which loads a page) and wait until the page has asked for the unread count."""
    with page.expect_response(re.compile(r"/kotak-masuk/jumlah$")) as answer:
        action()
    return answer.value.json()["unread"]


def fits_the_screen(page):
    assert page_width(page) <= PHONE_WIDTH


def test_the_badge_shows_until_the_notification_is_opened(notified_server, page):
    page.goto(notified_server + "/akun/masuk")
    page.fill("#email", COORDINATOR)
    page.fill("#password", conftest.DEFAULT_PASSWORD)
    assert counted(page, lambda: page.click("main button[type=submit]")) == 1
    expect(page).to_have_url(re.compile(r"/akun$"))
    badge = page.locator("#belum-dibaca")

    # A personal page: the badge, and the same news in the page itself (works without JavaScript).
    expect(badge).to_be_visible()
    expect(badge).to_have_text("1")
    expect(badge).to_have_attribute("aria-label", "1 pemberitahuan baru")
    expect(page.locator("main").get_by_role("link", name="1 pemberitahuan baru")).to_be_visible()

    # A shared page, the same HTML for everyone: the badge still comes, fetched for this person.
    responses = []
    assert counted(page, lambda: responses.append(page.goto(notified_server + "/belajar"))) == 1
    assert responses[0].headers["cache-control"].startswith("public")
    expect(badge).to_be_visible()
    expect(badge).to_have_text("1")
    fits_the_screen(page)

    badge.click()
    expect(page).to_have_url(re.compile(r"/kotak-masuk$"))
    item = page.get_by_role("link", name=re.compile("Bank Sampah Hijau sudah diverifikasi"))
    expect(page.locator("li.unread")).to_have_count(1)
    fits_the_screen(page)

    assert counted(page, item.click) == 0
    expect(page).to_have_url(re.compile(r"/komunitas/bank-sampah-hijau$"))
    expect(page.locator("h1")).to_have_text(re.compile("Bank Sampah Hijau"))
    expect(badge).to_be_hidden()

    assert counted(page, lambda: page.goto(notified_server + "/belajar")) == 0
    expect(badge).to_be_hidden()
    page.goto(notified_server + "/kotak-masuk")
    expect(page.locator("li.unread")).to_have_count(0)
    expect(page.locator("li.card")).to_have_count(1)
