"""Registering on a 360 px phone, in real Chromium: the "Periksa e-mail Anda" page, the link
from the mail that verifies the address, then asking a community for its contacts; and a
facilitator registering a meeting's people, one of whom chooses her password from the mail."""

import logging
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PHONE_WIDTH, new_person, page_width, seed, serving, sign_in
from tests.conftest import DEFAULT_PASSWORD
from tests.conftest import test_config as app_config
from webapp import create_app
from webapp.extensions import db
from webapp.models import Role

FACILITATOR = "fajar@contoh.id"
REASON = "Saya guru SD di Bandung dan ingin meminjam buku untuk kelas membaca."


class MailBox(logging.Handler):
    """The mail the app writes to its log (no MAIL_SERVER in tests), kept for the test to read."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())

    def link_to(self, email):
        """The path of the last link mailed to `email`."""
        mails = [m for m in self.messages if f"\nTo: {email}\n" in m]
        assert mails, f"no mail to {email}"
        return re.search(r"https?://[^/\s]+(/akun/tautan/[\w-]+)", mails[-1]).group(1)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The seeded app with a verified facilitator; yields (base URL, its mailbox)."""
    path = tmp_path_factory.mktemp("accounts") / "site.sqlite"
    app = create_app(app_config("sqlite:///" + str(path)))
    seed(app)
    with app.app_context():
        new_person(FACILITATOR, "Fajar Fasilitator", Role.FACILITATOR)
        db.session.commit()
        db.engine.dispose()
    mailbox = MailBox()
    app.logger.addHandler(mailbox)
    with serving(app) as base_url:
        yield base_url, mailbox
    app.logger.removeHandler(mailbox)


@pytest.fixture
def phone(browser):
    """A tab of its own: the page fixture counts the 403 of the "Periksa e-mail Anda" answer as
    a console error, and here it is the answer being tested."""
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740}, locale="id-ID")
    yield context.new_page()
    context.close()


def test_register_verify_then_ask_for_contacts(site, phone):
    base_url, mailbox = site
    page = phone
    page.goto(base_url + "/akun/daftar")
    page.fill("#name", "Wulan Sari")
    page.fill("#email", "wulan@contoh.id")
    page.fill("#password", DEFAULT_PASSWORD)
    page.fill("#password_confirm", DEFAULT_PASSWORD)
    page.check("#accept_rules")
    page.check("#accept_privacy")
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Periksa e-mail Anda")
    expect(page.locator("main")).to_contain_text("Buka tautan di dalamnya")
    assert page_width(page) <= PHONE_WIDTH

    # Signed in but not yet verified: asking for contacts stops at the same page, with a resend button.
    sign_in(page, base_url, "wulan@contoh.id")
    page.goto(base_url + "/komunitas/rumah-baca-senja/kontak")
    page.get_by_label("Mengapa Anda ingin menghubungi komunitas ini?").fill(REASON)
    page.get_by_role("button", name="Minta kontak").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Periksa e-mail Anda")
    expect(page.locator("main")).to_contain_text("wulan@contoh.id")
    expect(page.get_by_role("button", name="Kirim ulang tautan")).to_be_visible()
    assert page_width(page) <= PHONE_WIDTH

    link = mailbox.link_to("wulan@contoh.id")
    page.goto(base_url + link)
    expect(page).to_have_url(base_url + "/akun")  # the token is gone from the address bar
    expect(page.locator(".flash[role=status]")).to_contain_text("sudah dipastikan")
    page.goto(base_url + "/komunitas/rumah-baca-senja/kontak")
    page.get_by_label("Mengapa Anda ingin menghubungi komunitas ini?").fill(REASON)
    page.get_by_role("button", name="Minta kontak").click()
    expect(page.locator(".flash[role=status]")).to_contain_text("Permintaan terkirim")
    assert page_width(page) <= PHONE_WIDTH

    # The same link a second time (from a history or an access log) opens nothing.
    page.goto(base_url + link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tautan tidak berlaku")


def test_a_facilitator_registers_the_people_at_a_meeting(site, page, browser):
    base_url, mailbox = site
    sign_in(page, base_url, FACILITATOR)
    page.goto(base_url + "/akun")
    page.get_by_role("link", name="Daftarkan peserta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Daftarkan peserta pertemuan")
    page.get_by_label("Peserta").fill("Siti Aminah, siti@contoh.id\nJoko Susilo, joko@contoh.id")
    assert page_width(page) <= PHONE_WIDTH
    page.get_by_role("button", name="Kirim undangan").click()
    expect(page.locator(".flash[role=status]")).to_contain_text("Undangan dikirim ke 2 orang")
    assert page_width(page) <= PHONE_WIDTH

    # Siti opens the mail on her own phone and chooses her password.
    phone = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740}, locale="id-ID")
    siti = phone.new_page()
    siti.goto(base_url + mailbox.link_to("siti@contoh.id"))
    expect(siti).to_have_url(base_url + "/akun/kata-sandi-baru")
    expect(siti.get_by_role("heading", level=1)).to_have_text("Selamat datang di Jejaring")
    siti.fill("#password", "teh manis di balai desa")
    siti.fill("#password_confirm", "teh manis di balai desa")
    siti.get_by_role("button", name="Simpan kata sandi").click()
    expect(siti.locator(".flash[role=status]")).to_contain_text("Kata sandi Anda sudah disimpan")
    assert page_width(siti) <= PHONE_WIDTH
    sign_in(siti, base_url, "siti@contoh.id", "teh manis di balai desa")
    expect(siti.locator("main")).not_to_contain_text("Pastikan alamat e-mail Anda")
    phone.close()
