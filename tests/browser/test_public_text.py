"""What a coordinator sees on a 360 px phone when a public text holds a phone number spelled
out in words, and when choosing how their name appears on the public profile (issue 12,
items 2 and 3). On the demo site: Cut Nurul Aini coordinates Rumah Baca Lentera Pesisir."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PHONE_WIDTH, page_width, sign_in
from webapp.demo import DEMO_PASSWORD

NURUL = "nurul.aini@jejaring.test"
SLUG = "rumah-baca-lentera-pesisir"


@pytest.fixture
def nurul(browser, demo_server):
    """Nurul's 360 px tab, signed in. A refused form answers 422, which Chromium logs as a
    failed resource; any other console error (a CSP violation, a script error) fails the test."""
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740}, locale="id-ID")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and "status of 422" not in message.text
            and errors.append(message.text))
    sign_in(page, demo_server, NURUL, DEMO_PASSWORD)
    yield page
    context.close()
    assert errors == []


def test_a_number_spelled_out_in_the_headline_is_refused_on_the_field(nurul, demo_server):
    page = nurul
    page.goto(demo_server + f"/kelola/{SLUG}/profil")
    saved = page.locator("#headline").input_value()
    typed = "Taman baca pesisir, WA nol delapan satu dua tiga empat lima enam tujuh delapan"
    page.fill("#headline", typed)
    page.get_by_role("button", name="Simpan profil").click()

    error = page.locator("#headline-error")
    expect(error).to_contain_text("Jangan tulis nomor telepon atau alamat e-mail di sini")
    expect(error).to_be_visible()
    expect(page.locator("#headline")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#headline")).to_have_value(typed)  # kept, to correct rather than retype
    expect(page.get_by_role("alert")).to_have_text("Periksa lagi isian yang ditandai.")
    assert page_width(page) <= PHONE_WIDTH

    # Nothing reached the public profile.
    page.goto(demo_server + f"/komunitas/{SLUG}")
    expect(page.get_by_text(saved)).to_be_visible()
    expect(page.get_by_text("nol delapan")).to_have_count(0)


def coordinators_on_profile(page, base):
    page.goto(base + f"/komunitas/{SLUG}")
    return page.locator("dl.facts dt:text-is('Koordinator') + dd")


def test_a_coordinator_chooses_how_their_name_appears(nurul, demo_server):
    page = nurul
    expect(coordinators_on_profile(page, demo_server)).to_have_text("Nurul")

    page.goto(demo_server + f"/kelola/{SLUG}/koordinator")
    choices = page.locator("fieldset", has_text="Di profil publik, tampilkan saya sebagai")
    expect(choices.get_by_label("Nama depan saja: Nurul")).to_be_checked()
    assert page_width(page) <= PHONE_WIDTH
    try:
        choices.get_by_label("Nama lengkap: Cut Nurul Aini").check()
        page.get_by_role("button", name="Simpan pilihan").click()
        expect(page.get_by_text("Tersimpan. Di profil publik Anda tampil sebagai “Cut Nurul Aini”.")).to_be_visible()
        expect(page.locator("main .card", has_text="Cut Nurul Aini")).to_contain_text("Di profil publik: Cut Nurul Aini")
        expect(coordinators_on_profile(page, demo_server)).to_have_text("Cut Nurul Aini")

        page.goto(demo_server + f"/kelola/{SLUG}/koordinator")
        page.get_by_label("Hanya “Koordinator”, tanpa nama").check()
        page.get_by_role("button", name="Simpan pilihan").click()
        expect(page.get_by_text("Tersimpan. Di profil publik nama Anda tidak ditampilkan.")).to_be_visible()
        expect(coordinators_on_profile(page, demo_server)).to_have_text("1 orang")
        expect(page.get_by_text("Nurul")).to_have_count(0)
    finally:
        # The demo site is shared by other browser tests: leave the default as it was.
        page.goto(demo_server + f"/kelola/{SLUG}/koordinator")
        page.get_by_label("Nama depan saja: Nurul").check()
        page.get_by_role("button", name="Simpan pilihan").click()
