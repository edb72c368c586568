"""The duplication radar in a real browser, on the demo content: a coordinator writing a new
program sees who already runs one like it nearby, before saving, with and without JavaScript."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.browser import helpers
from tests.browser.chromium import PHONE, NetworkLog
from tests.browser.helpers import PHONE_WIDTH, page_width
from webapp.demo import DEMO_PASSWORD

COORDINATOR = "asep.saepuloh@jejaring.test"  # Kader Sehat Remaja Cianjur, Jawa Barat
NEW_PROGRAM = "/kelola/kader-sehat-remaja-cianjur/program"


def sign_in(page, base_url):
    helpers.sign_in(page, base_url, COORDINATOR, DEMO_PASSWORD)


def test_the_radar_shows_the_kabupatens_literacy_program_while_typing(demo_server, page):
    sign_in(page, demo_server)
    page.goto(demo_server + NEW_PROGRAM)
    page.get_by_text("Tambah program", exact=True).first.click()  # unfold the add form
    page.evaluate("window.stillTheSamePage = true")

    # Kota Bandung, where Lapak Baca Alun-Alun already runs literacy programs. The kecamatan
    # list follows the kabupaten in place, and the select keeps the focus.
    page.focus("#kabupaten")
    page.select_option("#kabupaten", "32.73")
    expect(page.locator("#kecamatan option", has_text="Sukasari")).to_have_count(1)
    expect(page.locator("#kabupaten")).to_be_focused()
    expect(page.locator("#kabupaten")).to_have_value("32.73")

    title = page.locator("#title")
    title.click()
    title.press_sequentially("Kelas literasi anak", delay=40)
    radar = page.locator("#radar")
    expect(radar).to_contain_text("Program Literasi yang sudah ada", timeout=10_000)
    expect(radar).to_contain_text("Di Kota Bandung")
    expect(radar).to_contain_text("Minggu Membaca")
    expect(radar.get_by_role("link", name="Ajak bermitra").first).to_have_attribute(
        "href", "/kemitraan/ajak/lapak-baca-alun-alun?dari=kader-sehat-remaja-cianjur"
    )
    expect(title).to_be_focused()
    expect(title).to_have_value("Kelas literasi anak")
    assert page.evaluate("window.stillTheSamePage") is True
    # Nothing was saved: the community's program list above the form is unchanged.
    expect(page.locator("ul.cards")).not_to_contain_text("Kelas literasi anak")


def test_the_radar_works_without_javascript(demo_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740}, locale="id-ID")
    page = context.new_page()
    try:
        sign_in(page, demo_server)
        page.goto(demo_server + NEW_PROGRAM)
        page.get_by_text("Tambah program", exact=True).first.click()  # unfold the add form
        page.fill("#title", "Kelas literasi anak")
        page.select_option("#kabupaten", "32.73")
        page.click("text=Cek program serupa")
        expect(page.locator("#radar")).to_contain_text("Minggu Membaca")
        expect(page.locator("#title")).to_have_value("Kelas literasi anak")
        expect(page.locator("#kecamatan option", has_text="Sukasari")).to_have_count(1)
        expect(page.locator("ul.cards")).not_to_contain_text("Kelas literasi anak")
    finally:
        context.close()


def test_the_matrix_page_fits_one_round_trip(demo_server, browser):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        log = NetworkLog(context, page)
        page.goto(demo_server + "/program/35")
        log.settle(page)
        spent = log.summary(urlsplit(demo_server).netloc)
        # A phone gets the list of what exists, not the wide table, and nothing sideways.
        expect(page.get_by_role("heading", name="Per kabupaten/kota")).to_be_visible()
        expect(page.locator("table.matrix")).to_be_hidden()
        assert page_width(page) <= PHONE_WIDTH
        assert spent["html_bytes"] <= 14 * 1024
        assert spent["other_hosts"] == []
    finally:
        context.close()
