"""Partnerships, the audit log and the programs matrix on a 360 px phone, in real Chromium:
withdrawing a request (with and without JavaScript), a stale accept, the hint that a request
already exists, the audit log's filters, the matrix as a list, and no page wider than the screen
even with long contact values and picture hashes in the log."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.chromium import PHONE, wait_for_worker
from tests.browser.helpers import cookies_after_sign_in, new_person, page_width, seed, serving
from tests.conftest import test_config as app_config
from webapp import create_app
from webapp.extensions import db
from webapp.models import (
    Category,
    Community,
    Coordinatorship,
    PartnershipRequest,
    PartnershipStatus,
    Program,
    Role,
    record_audit,
)

RINA = "rina@contoh.id"  # coordinates Rumah Baca Senja
BUDI = "budi.santoso.koordinator.kebun.warga.cibiru@organisasi-masyarakat.or.id"  # Kebun Warga Cibiru
SARI = "sari@contoh.id"  # Literasi Anak Jakarta
ADMIN = "admin@contoh.id"
LONG_CONTACTS = {
    "email": "sekretariat.kebun.warga.cibiru.bandung.timur@organisasi-masyarakat-sipil.or.id",
    "website": "https://www.kebun-warga-cibiru-bandung-timur.example.org/tentang-kami/sejarah-dan-visi",
    "instagram": "https://www.instagram.com/kebunwargacibirubandungtimur_official_account_2026/",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The seeded app with two coordinators, an admin, an accepted partnership with long contact
    values, logo changes in the audit log and programs in Jawa Barat. Yields (base URL, app)."""
    path = tmp_path_factory.mktemp("partnerships") / "site.sqlite"
    app = create_app(app_config("sqlite:///" + str(path)))
    seed(app)
    with app.app_context():
        people = {}
        for email, name, role in ((RINA, "Rina Wulandari", Role.MEMBER), (BUDI, "Budi Santoso", Role.MEMBER),
                                  (SARI, "Sari Pertiwi", Role.MEMBER), (ADMIN, "Ratna Admin", Role.ADMIN)):
            people[email] = new_person(email, name, role)
        senja, kebun, jakarta = (db.session.scalar(sa.select(Community).where(Community.slug == slug))
                                 for slug in ("rumah-baca-senja", "kebun-warga-cibiru", "literasi-anak-jakarta"))
        senja.coordinatorships.append(Coordinatorship(user=people[RINA]))
        kebun.coordinatorships.append(Coordinatorship(user=people[BUDI]))
        jakarta.coordinatorships.append(Coordinatorship(user=people[SARI]))
        for name, value in LONG_CONTACTS.items():
            setattr(kebun, name, value)
        db.session.add(PartnershipRequest(
            sender=senja, receiver=kebun, sent_by=people[RINA], goal="Kebun baca untuk anak-anak Cibiru",
            status=PartnershipStatus.ACCEPTED, answered_by=people[BUDI],
        ))
        for number in range(3):
            record_audit("community.logo_changed", actor=people[RINA], community=senja, image=f"{number}" * 64)
        literacy = db.session.scalar(sa.select(Category).where(Category.slug == "literasi"))
        senja.programs.append(Program(title="Kelas Mendongeng", category=literacy, regency_code="32.73"))
        db.session.commit()
        db.engine.dispose()
    with serving(app) as base_url:
        yield base_url, app


@pytest.fixture(scope="module")
def signed_in(site, browser):
    """signed_in(email): that person's cookies, signing in once per module (sign-ins are rate limited)."""
    base_url, _app = site
    cookies = {}

    def cookies_of(email):
        if email not in cookies:
            cookies[email] = cookies_after_sign_in(browser, base_url, email)
        return cookies[email]

    return cookies_of


def as_person(page, signed_in, email):
    page.context.add_cookies(signed_in(email))


@pytest.fixture
def phone(browser):
    """A signed-out phone (Chromium's mobile emulation at 360 px) with JavaScript on."""
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def send_request(page, base_url, receiver_slug, goal):
    page.goto(f"{base_url}/kemitraan/ajak/{receiver_slug}")
    page.fill("#goal", goal)
    page.click("text=Kirim ajakan")
    expect(page.locator("h1")).to_have_text("Ajakan bermitra")
    expect(page.locator("main")).to_contain_text("menunggu jawaban")


@pytest.mark.parametrize("javascript", [True, False])
def test_the_sender_withdraws_a_request_after_confirming(site, browser, signed_in, javascript):
    base_url, _app = site
    context = browser.new_context(**PHONE, java_script_enabled=javascript)
    page = context.new_page()
    try:
        as_person(page, signed_in, RINA)
        goal = f"Buku keliling bersama ({'dengan' if javascript else 'tanpa'} JavaScript)"
        send_request(page, base_url, "taman-baca-kupang", goal)
        detail = page.url

        page.get_by_role("link", name="Tarik permintaan").click()
        expect(page.locator("h1")).to_have_text("Tarik permintaan?")
        expect(page.locator("main")).to_contain_text(goal)
        assert page_width(page) <= 360
        page.get_by_role("button", name="Ya, tarik permintaan").click()

        expect(page).to_have_url(detail)
        expect(page.locator("main [role=status]")).to_contain_text("Ajakan ditarik. Taman Baca Kupang diberi tahu.")
        expect(page.locator("dl.facts .badge")).to_have_text("ditarik")
        expect(page.get_by_role("link", name="Tarik permintaan")).to_have_count(0)
        # The list shows it as withdrawn, and a new request may be sent again.
        page.goto(base_url + "/kemitraan")
        expect(page.locator("li.card", has_text=goal).locator(".badge")).to_have_text("ditarik")
        page.goto(base_url + "/kemitraan/ajak/taman-baca-kupang")
        expect(page.get_by_role("button", name="Kirim ajakan")).to_be_visible()
        expect(page.locator("main")).not_to_contain_text("Sudah ada ajakan")
    finally:
        context.close()


def test_a_request_withdrawn_while_the_receiver_reads_it_cannot_be_accepted(site, browser, page, signed_in):
    base_url, _app = site
    sender_context = browser.new_context(**PHONE)
    try:
        sender = sender_context.new_page()
        as_person(sender, signed_in, SARI)
        send_request(sender, base_url, "rumah-baca-senja", "Kelas menulis bersama")
        detail = sender.url

        # Rina opens the request: she could accept it...
        as_person(page, signed_in, RINA)
        page.goto(detail)
        # The worker's first install fetches shell pages with her cookies; one of them landing
        # between her answer and its page would show the message there instead.
        wait_for_worker(page)
        expect(page.get_by_role("button", name="Terima ajakan")).to_be_visible()
        # ...but meanwhile Sari takes it back.
        sender.get_by_role("link", name="Tarik permintaan").click()
        sender.get_by_role("button", name="Ya, tarik permintaan").click()
        expect(sender.locator("dl.facts .badge")).to_have_text("ditarik")
    finally:
        sender_context.close()

    page.get_by_role("button", name="Terima ajakan").click()
    expect(page.locator("main [role=status]")).to_contain_text(
        "Ajakan ini sudah ditarik oleh pengirimnya, jadi tidak bisa dijawab lagi.")
    expect(page.locator("dl.facts .badge")).to_have_text("ditarik")
    expect(page.locator("main")).to_contain_text("Literasi Anak Jakarta menarik ajakan ini sebelum dijawab")
    expect(page.get_by_role("button", name="Terima ajakan")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Kontak kedua pihak")


def test_the_form_points_to_an_existing_request_instead_of_offering_a_second(site, phone, signed_in):
    base_url, _app = site
    as_person(phone, signed_in, RINA)
    phone.goto(base_url + "/komunitas/kebun-warga-cibiru")
    phone.get_by_role("link", name="Ajak bermitra").click()
    notice = phone.locator("section.flash")
    expect(notice).to_contain_text("Sudah ada ajakan")
    expect(notice).to_contain_text("Rumah Baca Senja → Kebun Warga Cibiru diterima")
    expect(phone.get_by_role("button", name="Kirim ajakan")).to_have_count(0)
    notice.get_by_role("link", name="Lihat ajakan").click()
    expect(phone.locator("main")).to_contain_text("Kebun baca untuk anak-anak Cibiru")
    expect(phone.locator("main")).to_contain_text("Kontak kedua pihak")


def test_the_admin_filters_the_audit_log_by_person_action_and_date(site, phone, signed_in):
    base_url, _app = site
    as_person(phone, signed_in, ADMIN)
    phone.goto(base_url + "/admin/audit")
    events = phone.locator("ol.audit > li")
    expect(events.filter(has_text="Rina Wulandari mengganti logo Rumah Baca Senja.")).to_have_count(3)
    expect(phone.locator("ol.audit")).not_to_contain_text("0000000000")

    phone.fill("#orang", "ratna")
    phone.click("text=Saring")
    expect(phone).to_have_url(re.compile(r"orang=ratna"))
    expect(phone.locator("main")).to_contain_text("Tidak ada aktivitas yang cocok.")

    phone.fill("#orang", "RINA")
    phone.select_option("#aksi", "community.logo_changed")
    phone.fill("#dari", "2026-01-01")
    phone.click("text=Saring")
    expect(events).to_have_count(3)
    expect(phone.locator("#aksi")).to_have_value("community.logo_changed")
    expect(phone.locator("#orang")).to_have_value("RINA")

    phone.fill("#sampai", "2025-12-31")
    phone.click("text=Saring")
    expect(phone.locator(".error")).to_have_text("Tanggal akhir tidak boleh sebelum tanggal awal.")
    expect(events).to_have_count(0)
    assert page_width(phone) <= 360


def test_the_matrix_is_a_list_on_a_phone_and_a_table_on_a_wide_screen(site, browser, phone):
    base_url, _app = site
    phone.goto(base_url + "/program/32")
    expect(phone.locator("table.matrix")).to_be_hidden()
    card = phone.locator(".matrix-narrow li.card")
    expect(card).to_have_count(1)
    expect(card.locator("h3")).to_have_text("Kota Bandung (1)")
    expect(phone.locator(".matrix-narrow")).to_contain_text("Belum ada program di Kabupaten Bandung,")
    card.get_by_role("link", name="Literasi 1").click()
    expect(phone.locator("h1")).to_have_text("Program Literasi di Kota Bandung")
    expect(phone.locator("main")).to_contain_text("Kelas Mendongeng")

    wide = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    try:
        page = wide.new_page()
        page.goto(base_url + "/program/32")
        expect(page.locator("table.matrix caption")).to_be_visible()
        expect(page.locator(".matrix-narrow")).to_be_hidden()
        assert page_width(page) <= 1280
    finally:
        wide.close()


@pytest.mark.parametrize("who, path", [
    (RINA, "/kemitraan"),
    (RINA, "/kemitraan/1"),  # accepted, with Kebun Warga Cibiru's long contacts
    (BUDI, "/kemitraan/1"),
    (ADMIN, "/admin/audit"),  # logo changes carry 64-character picture hashes
    (None, "/program/32"),
    (None, "/program/35"),
])
def test_no_page_is_wider_than_the_phone(site, phone, signed_in, who, path):
    base_url, _app = site
    if who:
        as_person(phone, signed_in, who)
    response = phone.goto(base_url + path)
    assert response.status == 200
    if path == "/kemitraan/1":
        expect(phone.locator("main")).to_contain_text(LONG_CONTACTS["email"])
        expect(phone.locator("main")).to_contain_text(BUDI)
    assert page_width(phone) <= 360
