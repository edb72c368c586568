"""Coordinating a community on a 360 px phone, in real Chromium: the flows a newcomer tried end
to end (logo and profile, adding programs and categories, handing over, invitations), checked
by what the person sees at each step, with JavaScript on and, where it matters, off."""

import re

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from PIL import Image as Picture
from playwright.sync_api import expect

from tests.browser.helpers import PHONE_WIDTH, cookies_after_sign_in, new_person, page_width, serving
from tests import conftest
from tests.conftest import DEFAULT_PASSWORD
from webapp import create_app
from webapp.coordination import services
from webapp.extensions import db
from webapp.models import Category, Community, Coordinatorship, Role, User
from webapp.regions import load_regions
from webapp.taxonomy import load_default_categories

RINA = "rina@contoh.id"
SARI = "sari@contoh.id"
ADMIN = "admin@contoh.id"
PHONE_SIZE = {"viewport": {"width": 360, "height": 740}, "locale": "id-ID"}


def png_file(path):
    Picture.new("RGB", (64, 64), (20, 120, 80)).save(path, "PNG")
    return str(path)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A site of its own: Rina and Sari coordinate Rumah Baca Senja (Kota Bandung), plus an admin."""
    path = tmp_path_factory.mktemp("coordination") / "site.sqlite"
    app = create_app(conftest.test_config("sqlite:///" + str(path)))
    with app.app_context():
        upgrade()
        load_regions()
        load_default_categories()
        people = {}
        for email, name, role in ((RINA, "Rina Koordinator", Role.MEMBER), (SARI, "Sari Kolega", Role.MEMBER),
                                  (ADMIN, "Admin Jejaring", Role.ADMIN)):
            people[email] = new_person(email, name, role)
        for name in ("Rumah Baca Senja", "Kebun Warga Cibiru"):
            community = Community(
                name=name, slug=name.lower().replace(" ", "-"), headline="Taman baca untuk anak-anak",
                vision="Setiap anak punya akses ke buku.", province_code="32", regency_code="32.73",
            )
            community.categories = list(db.session.scalars(sa.select(Category).where(Category.slug == "literasi")))
            community.coordinatorships = [Coordinatorship(user=people[RINA]), Coordinatorship(user=people[SARI])]
            db.session.add(community)  # before refresh_search_text's queries flush the coordinatorships
            community.refresh_search_text()
        db.session.commit()
        db.engine.dispose()
    with serving(app) as base_url:
        yield app, base_url


@pytest.fixture
def base(site):
    return site[1]


@pytest.fixture
def page(browser):
    """A 360 px tab that fails the test on a script error or CSP violation; unlike the shared
    fixture it lets a refused form's 422 through, which Chromium logs as a failed resource."""
    context = browser.new_context(**PHONE_SIZE)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and "status of 422" not in message.text
            and errors.append(message.text))
    yield page
    context.close()
    assert errors == [], "the page logged errors (a CSP violation, a script error)"


@pytest.fixture(scope="module")
def sessions(site, browser):
    """Each person signs in once (sign-in is limited to 10 a minute); tabs reuse the cookies."""
    return {email: cookies_after_sign_in(browser, site[1], email) for email in (RINA, ADMIN)}


def sign_in(page, sessions, email=RINA):
    page.context.add_cookies(sessions[email])


def open_add_form(page):
    """The add form is folded under its summary once there is a list; unfold it if it is."""
    if page.locator("details#tambah").get_attribute("open") is None:
        page.locator("details#tambah > summary").click()
    expect(page.locator("details#tambah form")).to_be_visible()


def fits_the_screen(page):
    assert page_width(page) <= PHONE_WIDTH


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_uploading_a_logo_keeps_what_was_typed_in_the_profile(base, browser, tmp_path, javascript, sessions):
    context = browser.new_context(java_script_enabled=javascript, **PHONE_SIZE)
    page = context.new_page()
    try:
        sign_in(page, sessions)
        page.goto(base + "/kelola/rumah-baca-senja/profil")
        vision = f"Visi yang belum disimpan ({'dengan' if javascript else 'tanpa'} JavaScript)"
        page.fill("#vision", vision)
        page.fill("#website", "rumahbaca.id")
        page.fill("#instagram", "@rumah.baca")
        # The label opens the file picker: it names the one element with id="logo".
        with page.expect_file_chooser() as chooser:
            page.click("label[for=logo]")
        chooser.value.set_files(png_file(tmp_path / "logo.png"))
        page.click("text=Unggah logo")

        expect(page.get_by_text("Logo tersimpan. Perubahan lain di formulir ini belum disimpan")).to_be_visible()
        expect(page.get_by_alt_text("Logo saat ini")).to_be_visible()
        expect(page.locator("#vision")).to_have_value(vision)
        expect(page.locator("#website")).to_have_value("https://rumahbaca.id")
        fits_the_screen(page)

        page.get_by_role("button", name="Simpan profil").click()
        expect(page.get_by_text("Profil tersimpan.")).to_be_visible()
        expect(page.locator("#vision")).to_have_value(vision)
        # The hints promised it: the address is completed, the handle kept as its link.
        expect(page.locator("#website")).to_have_value("https://rumahbaca.id")
        expect(page.locator("#instagram")).to_have_value("https://www.instagram.com/rumah.baca")
    finally:
        context.close()


def test_the_kabupaten_comes_back_when_the_province_does(base, page, sessions):
    sign_in(page, sessions)
    page.goto(base + "/kelola/rumah-baca-senja/profil")
    expect(page.locator("#kabupaten")).to_have_value("32.73")
    page.select_option("#provinsi", "31")
    expect(page.locator("#kabupaten option", has_text="Jakarta Pusat")).to_have_count(1)
    expect(page.locator("#kabupaten")).to_have_value("")
    page.select_option("#provinsi", "32")
    expect(page.locator("#kabupaten option", has_text="Kota Bandung")).to_have_count(1)
    expect(page.locator("#kabupaten")).to_have_value("32.73")
    expect(page.locator("#kabupaten option:checked")).to_have_text("Kota Bandung")

    # The program form's area does the same.
    page.goto(base + "/kelola/rumah-baca-senja/program")
    open_add_form(page)
    page.select_option("#kabupaten", "32.04")
    expect(page.locator("#kecamatan option", has_text="Cileunyi")).to_have_count(1)
    page.select_option("#provinsi", "31")
    expect(page.locator("#kabupaten option", has_text="Jakarta Pusat")).to_have_count(1)
    page.select_option("#provinsi", "32")
    expect(page.locator("#kabupaten option[value='32.04']")).to_have_count(1)
    expect(page.locator("#kabupaten")).to_have_value("32.04")
    expect(page.locator("#kabupaten option:checked")).to_have_text("Kabupaten Bandung")


def test_after_adding_a_program_the_person_sees_it_and_the_message(base, page, sessions):
    sign_in(page, sessions)
    page.goto(base + "/kelola/rumah-baca-senja/program")
    open_add_form(page)
    page.fill("#title", "Perpustakaan Perahu")
    page.select_option("#fokus", label="Literasi")
    page.fill("#target_group", "anak nelayan")
    page.select_option("#status", "running")
    # Running, but starting next year: the form says what does not fit, next to the date.
    page.fill("#starts_on", "2099-03-01")
    page.click("main form button:has-text('Tambah program')")
    error = page.locator("#starts_on-error")
    expect(error).to_contain_text("Program yang berjalan sudah dimulai")
    expect(error).to_be_visible()
    expect(page.get_by_role("alert")).to_have_text("Periksa lagi isian yang ditandai.")
    expect(page.get_by_role("alert")).to_be_in_viewport()

    page.fill("#starts_on", "2024-03-01")
    page.click("main form button:has-text('Tambah program')")
    expect(page).to_have_url(re.compile(r"/program\?baru=\d+#program-\d+$"))
    card = page.locator("li.card.added")
    expect(card).to_contain_text("Perpustakaan Perahu")
    message = card.get_by_text("Program ditambahkan.")
    expect(message).to_be_visible()
    expect(message).to_be_in_viewport()
    # The add form is folded away below, not an empty form in view inviting a second copy.
    expect(page.locator("#title")).to_be_hidden()
    expect(page.locator("summary", has_text="Tambah program")).to_be_visible()
    fits_the_screen(page)


def test_after_adding_a_category_the_admin_sees_it_and_the_message(base, page, sessions):
    sign_in(page, sessions, ADMIN)
    page.goto(base + "/admin/kategori")
    open_add_form(page)
    # A second "Literasi" is refused, whatever its letter case.
    page.fill("#name", " literasi ")
    page.fill("#name_en", "Reading")
    page.fill("#slug", "literasi-lagi")
    page.click("main form button:has-text('Tambah kategori')")
    expect(page.locator("#name-error")).to_have_text("Sudah ada kategori bernama literasi. Pakai nama lain.")

    page.fill("#name", "Air bersih")
    page.fill("#name_en", "Clean water")
    page.fill("#slug", "air-bersih")
    page.click("main form button:has-text('Tambah kategori')")
    card = page.locator("li.card.added")
    expect(card.get_by_role("heading")).to_have_text("Air bersih")
    message = card.get_by_text("Kategori Air bersih sudah ditambahkan.")
    expect(message).to_be_in_viewport()
    expect(page.locator("#name")).to_be_hidden()
    fits_the_screen(page)


def test_the_coordination_tabs_are_one_line_and_mark_the_current_one(base, page, sessions):
    sign_in(page, sessions)
    page.goto(base + "/kelola/rumah-baca-senja/program")
    tabs = page.get_by_role("navigation", name="Kelola komunitas")
    expect(tabs.locator("[aria-current=page]")).to_have_text("Program")
    box = tabs.bounding_box()
    assert box["height"] < 60, "the tabs wrap onto more than one line"
    # The last tab is reached by scrolling the tabs sideways, not the page.
    tabs.get_by_role("link", name="Profil publik").scroll_into_view_if_needed()
    expect(tabs.get_by_role("link", name="Profil publik")).to_be_in_viewport()
    fits_the_screen(page)
    heading = page.get_by_role("heading", level=1)
    assert heading.bounding_box()["y"] < box["y"] + box["height"] + 40


def test_the_same_person_saving_in_two_tabs_is_told_it_was_them(base, browser, sessions):
    context = browser.new_context(**PHONE_SIZE)
    try:
        first = context.new_page()
        sign_in(first, sessions)
        first.goto(base + "/kelola/kebun-warga-cibiru/profil")
        second = context.new_page()
        second.goto(base + "/kelola/kebun-warga-cibiru/profil")
        first.fill("#headline", "Kebun sayur bersama")
        first.get_by_role("button", name="Simpan profil").click()
        expect(first.get_by_text("Profil tersimpan.")).to_be_visible()
        second.fill("#headline", "Kebun sayur warga")
        second.get_by_role("button", name="Simpan profil").click()
        expect(second.get_by_role("alert")).to_contain_text(
            "Anda sendiri menyimpan perubahan di tab atau perangkat lain"
        )
        expect(second.locator("#headline")).to_have_value("Kebun sayur warga")
    finally:
        context.close()


def test_an_invitee_signed_out_is_told_where_and_with_which_address(site, browser):
    app, base_url = site
    with app.app_context():
        community = db.session.scalar(sa.select(Community).where(Community.slug == "rumah-baca-senja"))
        inviter = db.session.scalar(sa.select(User).where(User.email == RINA))
        token = services.create_invitation(community, "dewi.kartika@jejaring.test", inviter)
        db.session.commit()
    context = browser.new_context(**PHONE_SIZE)
    page = context.new_page()
    try:
        page.goto(f"{base_url}/kelola/undangan/{token}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Undangan menjadi koordinator Rumah Baca Senja")
        expect(page.get_by_text("Rina Koordinator mengundang Anda")).to_be_visible()
        expect(page.locator("main strong")).to_have_text("dewi.kartika@jejaring.test")
        # Registering with the demo address works, and signing in leads back to the invitation.
        page.get_by_role("link", name="Daftar akun baru").click()
        page.fill("#name", "Dewi Kartika")
        page.fill("#email", "dewi.kartika@jejaring.test")
        page.fill("#password", DEFAULT_PASSWORD)
        page.fill("#password_confirm", DEFAULT_PASSWORD)
        page.check("#accept_rules")
        page.check("#accept_privacy")
        page.click("main button[type=submit]")
        expect(page.get_by_role("heading", level=1)).to_have_text("Periksa e-mail Anda")
        page.get_by_role("link", name="Masuk").last.click()
        page.fill("#email", "dewi.kartika@jejaring.test")
        page.fill("#password", DEFAULT_PASSWORD)
        page.click("main button[type=submit]")
        page.get_by_role("button", name="Terima undangan").click()
        expect(page.get_by_text("Selamat datang! Anda sekarang koordinator Rumah Baca Senja.")).to_be_visible()
    finally:
        context.close()
    # Without the token, nothing about any invitation is shown.
    other = browser.new_context(**PHONE_SIZE)
    try:
        stranger = other.new_page()
        response = stranger.goto(f"{base_url}/kelola/undangan/{'x' * 43}")
        assert response.status == 404
        expect(stranger.locator("main")).not_to_contain_text("Rumah Baca Senja")
    finally:
        other.close()


def test_registering_a_taken_demo_address_reveals_nothing(site, page):
    """The same "Periksa e-mail Anda" as for a new address (the owner is mailed a notice), and
    the reserved demo domain is not refused as malformed."""
    app, base_url = site
    with app.app_context():
        new_person("andi.saputra@jejaring.test", "Andi")
        db.session.commit()
    page.goto(base_url + "/akun/daftar")
    page.fill("#name", "Andi Lagi")
    page.fill("#email", "andi.saputra@jejaring.test")
    page.fill("#password", DEFAULT_PASSWORD)
    page.fill("#password_confirm", DEFAULT_PASSWORD)
    page.check("#accept_rules")
    page.check("#accept_privacy")
    page.click("main button[type=submit]")
    expect(page.get_by_role("heading", level=1)).to_have_text("Periksa e-mail Anda")
    expect(page.locator("main")).not_to_contain_text("Masukkan alamat email yang benar")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_handing_over_asks_first_and_names_the_successor(site, browser, javascript, sessions):
    app, base_url = site
    slug = "serah-" + ("js" if javascript else "nojs")
    with app.app_context():
        community = Community(name=f"Serah {slug}", slug=slug, headline="Uji serah terima",
                              province_code="32", regency_code="32.73")
        community.coordinatorships = [
            Coordinatorship(user_id=db.session.scalar(sa.select(User.id).where(User.email == email)))
            for email in (RINA, SARI)
        ]
        community.refresh_search_text()
        db.session.add(community)
        db.session.commit()
    context = browser.new_context(java_script_enabled=javascript, **PHONE_SIZE)
    page = context.new_page()
    try:
        sign_in(page, sessions)
        page.goto(f"{base_url}/kelola/{slug}/koordinator")
        page.select_option("#successor", label="Sari Kolega")
        page.click("text=Serahkan dan mundur")
        # Nothing has happened yet: a page names the successor and asks.
        expect(page.get_by_role("heading", level=1)).to_have_text("Serahkan koordinasi kepada Sari Kolega?")
        expect(page.get_by_text("Sari Kolega akan diberi tahu lewat e-mail.", exact=False)).to_be_visible()
        page.get_by_role("link", name="Batal").click()
        expect(page.locator("main .card", has_text="Rina Koordinator")).to_contain_text("Anda")

        page.select_option("#successor", label="Sari Kolega")
        page.click("text=Serahkan dan mundur")
        page.get_by_role("button", name="Ya, serahkan kepada Sari Kolega dan mundur").click()
        expect(page.get_by_text("Koordinasi diserahkan kepada Sari Kolega.")).to_be_visible()
        fits_the_screen(page)
    finally:
        context.close()
