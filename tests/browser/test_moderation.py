"""Moderation on a 360 px phone (issue 12): a volunteer reports a profile from its "Laporkan"
link, an admin hides it from the queue, and the profile is gone: from the directory, from the
network, and from the copy the volunteer's phone kept for offline reading."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import PHONE, wait_for_worker
from tests.browser.helpers import MEMBER_EMAIL, go_offline, go_online, new_person, page_width, seed, serving, sign_in
from tests.conftest import DEFAULT_PASSWORD
from tests.conftest import test_config as app_config
from webapp import create_app
from webapp.extensions import db
from webapp.models import Role

ADMIN = "admin@contoh.id"
PROFILE = "/komunitas/taman-baca-kupang"
NAME = "Taman Baca Kupang"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A site of its own: hiding a community here touches no other module's pages."""
    path = tmp_path_factory.mktemp("moderation") / "moderation.sqlite"
    app = create_app(app_config("sqlite:///" + str(path)))
    seed(app)
    with app.app_context():
        new_person(ADMIN, "Ayu Admin", role=Role.ADMIN)
        db.session.commit()
        db.engine.dispose()
    with serving(app) as base_url:
        yield base_url


def test_a_volunteer_reports_a_profile_and_an_admin_hides_it(site, browser):
    volunteer = browser.new_context(**PHONE)
    page = volunteer.new_page()
    page.goto(site + PROFILE)
    wait_for_worker(page)
    page.get_by_role("link", name="Laporkan profil ini").click()
    expect(page).to_have_url(re.compile(r"/akun/masuk\?next="))  # a visitor signs in first
    page.fill("#email", MEMBER_EMAIL)
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")

    expect(page.locator("h1")).to_have_text("Laporkan profil komunitas")
    form = page.locator("main form")
    form.get_by_role("button", name="Kirim laporan").click()  # nothing chosen yet
    expect(form).to_contain_text("Pilih satu aturan.")
    form.get_by_label("2. Jejaring tidak untuk dijual").check()
    form.get_by_label("Apa yang terjadi?").fill("Profil ini menawarkan daftar kontak komunitas untuk dijual.")
    assert page_width(page) <= 360
    form.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator("h1")).to_have_text("Laporan terkirim")
    expect(page.locator(".flash[role=status]")).to_contain_text(NAME)
    assert page_width(page) <= 360
    page.goto(site + PROFILE)  # read once more: the phone keeps this copy
    expect(page.locator("h1")).to_have_text(NAME)

    admin = browser.new_context(**PHONE)
    queue = admin.new_page()
    sign_in(queue, site, ADMIN)
    queue.goto(site + "/moderasi")
    card = queue.locator(".card", has_text=NAME)
    expect(card).to_contain_text("Jejaring tidak untuk dijual")
    expect(card).to_contain_text("Relawan Contoh")
    assert page_width(queue) <= 360
    card.get_by_label("Alasan untuk yang dilaporkan").fill("Menawarkan kontak untuk dijual melanggar aturan 2.")
    card.get_by_role("button", name="Sembunyikan").click()
    expect(queue.locator(".flash[role=status]")).to_have_text("Tersimpan: Disembunyikan.")
    expect(queue.locator("main")).to_contain_text("Tidak ada laporan yang menunggu.")
    assert page_width(queue) <= 360
    admin.close()

    response = page.goto(site + PROFILE)
    assert response.status == 404
    page.goto(site + "/komunitas?q=kupang")
    expect(page.locator("main")).not_to_contain_text(NAME)
    go_offline(volunteer)
    page.goto(site + PROFILE)
    expect(page.locator("h1")).not_to_have_text(NAME)  # the kept copy left the phone too
    go_online(volunteer)
    volunteer.close()
