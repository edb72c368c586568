"""Live search in a real browser: results update in place, the URL follows, Back restores."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import MEMBER_EMAIL
from tests.conftest import DEFAULT_PASSWORD


def result_names(page):
    return page.locator("#hasil h2")


def test_live_search_filters_in_place_and_back_restores(live_server, page):
    page.goto(live_server + "/komunitas")
    expect(result_names(page)).to_have_count(5)
    # Survives only if the page is never reloaded: htmx swaps the results in place.
    page.evaluate("window.stillTheSamePage = true")

    search = page.locator("#q")
    search.click()
    search.press_sequentially("baca", delay=60)
    expect(page).to_have_url(re.compile(r"/komunitas\?q=baca(&|$)"), timeout=10_000)
    expect(result_names(page)).to_have_text(["Rumah Baca Senja", "Taman Baca Kupang"])
    expect(search).to_be_focused()
    expect(search).to_have_value("baca")
    expect(page.locator("#kabupaten")).to_be_disabled()

    page.select_option("#provinsi", "32")
    expect(page).to_have_url(re.compile(r"provinsi=32"))
    expect(result_names(page)).to_have_text(["Rumah Baca Senja"])
    kabupaten = page.locator("#kabupaten")
    expect(kabupaten).to_be_enabled()
    expect(kabupaten.locator("option[value='32.73']")).to_have_text("Kota Bandung")
    expect(kabupaten.locator("option[value='31.71']")).to_have_count(0)

    page.select_option("#kabupaten", "32.04")
    expect(page).to_have_url(re.compile(r"kabupaten=32\.04"))
    expect(page.locator("#hasil")).to_contain_text("Tidak ada komunitas yang cocok")
    assert page.evaluate("window.stillTheSamePage") is True

    page.go_back()
    expect(page).to_have_url(re.compile(r"provinsi=32(&|$)"))
    expect(page).not_to_have_url(re.compile(r"kabupaten=32"))
    expect(result_names(page)).to_have_text(["Rumah Baca Senja"])
    expect(page.locator("#kabupaten")).to_have_value("")

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"provinsi=32"))
    expect(result_names(page)).to_have_text(["Rumah Baca Senja", "Taman Baca Kupang"])
    expect(page.locator("#q")).to_have_value("baca")
    expect(page.locator("#provinsi")).to_have_value("")
    assert page.evaluate("window.stillTheSamePage") is True


def test_search_works_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(live_server + "/komunitas")
        page.fill("#q", "pantai")
        page.click("button[type=submit]")
        expect(page).to_have_url(re.compile(r"q=pantai"))
        expect(result_names(page)).to_have_text(["Pantai Bersih Sumbawa"])
        expect(page.locator("#kabupaten")).to_be_disabled()

        page.select_option("#provinsi", "53")
        page.click("button[type=submit]")
        expect(page.locator("#kabupaten option[value='53.71']")).to_have_text("Kota Kupang")
    finally:
        context.close()


def test_a_member_signs_in_to_ask_for_contacts_and_sees_none_before_consent(live_server, page):
    """Contacts by consent: signing in opens the form to ask, never the contacts themselves."""
    profile = live_server + "/komunitas/rumah-baca-senja"
    page.goto(profile)
    expect(page.locator("#kontak")).not_to_contain_text("rahasia@contoh.id")
    page.click("text=Lihat atau minta kontak")
    page.fill("#email", MEMBER_EMAIL)
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(profile + "/kontak")
    expect(page.get_by_label("Mengapa Anda ingin menghubungi komunitas ini?")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("rahasia@contoh.id")


def type_at_end(page, text):
    """Type into the search box after what is already there, as a person would."""
    search = page.locator("#q")
    search.click()
    search.press("End")
    search.press_sequentially(text, delay=60)


def kabupaten_shown(page):
    """What the kabupaten select reads on screen: the text of its selected option."""
    return page.locator("#kabupaten option:checked")


def test_kabupaten_stays_what_the_person_chose_through_live_updates(live_server, page):
    page.goto(live_server + "/komunitas")
    kabupaten = page.locator("#kabupaten")

    page.select_option("#provinsi", "32")
    expect(result_names(page)).to_have_text(["Kebun Warga Cibiru", "Rumah Baca Senja"])
    expect(kabupaten).to_be_enabled()
    expect(kabupaten).to_have_value("")
    expect(kabupaten_shown(page)).to_have_text("Semua kabupaten/kota")

    page.locator("#q").press_sequentially("baca", delay=60)
    expect(page).to_have_url(re.compile(r"q=baca"))
    expect(result_names(page)).to_have_text(["Rumah Baca Senja"])
    expect(kabupaten).to_have_value("")
    expect(page).not_to_have_url(re.compile(r"kabupaten=\d"))

    kabupaten.focus()
    page.select_option("#kabupaten", "32.73")
    expect(page).to_have_url(re.compile(r"kabupaten=32\.73"))
    expect(result_names(page)).to_have_text(["Rumah Baca Senja"])
    expect(kabupaten).to_have_value("32.73")
    expect(kabupaten_shown(page)).to_have_text("Kota Bandung")
    # A keyboard user stays on the select the update replaced.
    expect(kabupaten).to_be_focused()

    type_at_end(page, " senja")
    expect(page).to_have_url(re.compile(r"q=baca\+senja"))
    expect(result_names(page)).to_have_text(["Rumah Baca Senja"])
    expect(kabupaten).to_have_value("32.73")
    expect(kabupaten_shown(page)).to_have_text("Kota Bandung")

    # "Cari" sends what the form shows; nothing has changed it behind the person's back.
    page.click("button[type=submit]")
    expect(result_names(page)).to_have_text(["Rumah Baca Senja"])
    expect(kabupaten).to_have_value("32.73")

    # A new province empties the kabupaten: the old one is not in its list.
    page.select_option("#provinsi", "53")
    expect(result_names(page)).to_have_count(0)
    expect(kabupaten).to_have_value("")
    expect(kabupaten_shown(page)).to_have_text("Semua kabupaten/kota")
    page.locator("#q").fill("")
    page.locator("#q").press_sequentially("kupang", delay=60)
    expect(result_names(page)).to_have_text(["Taman Baca Kupang"])
    expect(kabupaten).to_have_value("")


def test_a_link_with_a_kabupaten_keeps_it_on_the_first_live_update(live_server, page):
    page.goto(live_server + "/komunitas?provinsi=32&kabupaten=32.04")
    kabupaten = page.locator("#kabupaten")
    expect(kabupaten).to_have_value("32.04")
    expect(result_names(page)).to_have_text(["Kebun Warga Cibiru"])

    page.locator("#q").press_sequentially("kebun", delay=60)
    expect(page).to_have_url(re.compile(r"q=kebun"))
    expect(page).to_have_url(re.compile(r"kabupaten=32\.04"))
    expect(result_names(page)).to_have_text(["Kebun Warga Cibiru"])
    expect(kabupaten).to_have_value("32.04")
    expect(kabupaten_shown(page)).to_have_text("Kabupaten Bandung")

    type_at_end(page, " warga")
    expect(result_names(page)).to_have_text(["Kebun Warga Cibiru"])
    expect(kabupaten).to_have_value("32.04")


def test_kabupaten_filter_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(live_server + "/komunitas")
        page.select_option("#provinsi", "32")
        page.click("button[type=submit]")
        expect(result_names(page)).to_have_text(["Kebun Warga Cibiru", "Rumah Baca Senja"])
        expect(page.locator("#kabupaten")).to_have_value("")

        page.fill("#q", "baca")
        page.click("button[type=submit]")
        expect(result_names(page)).to_have_text(["Rumah Baca Senja"])
        expect(page.locator("#kabupaten")).to_have_value("")

        page.select_option("#kabupaten", "32.73")
        page.click("button[type=submit]")
        expect(page).to_have_url(re.compile(r"kabupaten=32\.73"))
        expect(result_names(page)).to_have_text(["Rumah Baca Senja"])

        page.fill("#q", "senja")
        page.click("button[type=submit]")
        expect(result_names(page)).to_have_text(["Rumah Baca Senja"])
        expect(page.locator("#kabupaten")).to_have_value("32.73")
        expect(page.locator("#kabupaten option:checked")).to_have_text("Kota Bandung")
    finally:
        context.close()
