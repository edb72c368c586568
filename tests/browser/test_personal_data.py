"""Data saya on a 360 px phone: registering with the consent step, seeing one's data, downloading
it, and deleting the account through the confirmation."""

import json
import re
import zipfile

from playwright.sync_api import expect

from tests.browser.helpers import PHONE_WIDTH, page_width, sign_in
from tests.conftest import DEFAULT_PASSWORD

EMAIL, NAME = "sekar.ayu@contoh.id", "Sekar Ayuningtyas"


def test_register_see_download_and_delete_ones_data(live_server, page, tmp_path):
    page.goto(live_server + "/akun/daftar")
    page.fill("#name", NAME)
    page.fill("#email", EMAIL)
    page.fill("#password", DEFAULT_PASSWORD)
    page.fill("#password_confirm", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    # The rules and the notice are required: the browser itself holds the form back.
    expect(page).to_have_url(re.compile(r"/akun/daftar"))
    assert page.locator("#accept_rules").evaluate("box => box.validity.valueMissing")
    page.check("#accept_rules")
    page.check("#accept_privacy")
    page.check("#name_to_participants")
    assert page_width(page) <= PHONE_WIDTH
    page.click("main button[type=submit]")
    # Registering does not sign in (the same answer whether or not the address had an account).
    expect(page.get_by_role("heading", level=1)).to_have_text("Periksa e-mail Anda")
    sign_in(page, live_server, EMAIL)

    page.goto(live_server + "/akun")
    page.get_by_role("link", name="Data saya").click()
    expect(page.locator("h1")).to_have_text("Data saya")
    expect(page.locator("#name_to_participants")).to_be_checked()
    history = page.locator("#persetujuan + ol")
    expect(history).to_contain_text("Menerima aturan jejaring")
    expect(history).to_contain_text("Pemberitahuan lewat e-mail: tidak")
    assert page_width(page) <= PHONE_WIDTH

    page.uncheck("#name_to_participants")
    page.get_by_role("button", name="Simpan pilihan").click()
    expect(page.locator(".flash[role=status]")).to_contain_text("Pilihan Anda disimpan")
    expect(page.locator("#name_to_participants")).not_to_be_checked()

    page.get_by_role("link", name="Lihat data saya").click()
    expect(page.locator("#account")).to_contain_text(EMAIL)
    expect(page.locator("#sessions")).to_contain_text("Chrom")
    assert page_width(page) <= PHONE_WIDTH

    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh (JSON dalam zip)").click()
    path = tmp_path / "data.zip"
    download.value.save_as(path)
    assert re.fullmatch(r"jejaring-data-saya-\d{4}-\d{2}-\d{2}\.zip", download.value.suggested_filename)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["BACA-SAYA.txt", "data-saya.json"]
        data = json.loads(archive.read("data-saya.json"))
    assert data["areas"]["account"]["rows"][0]["email"] == EMAIL
    answers = [(r["purpose"], r["given"]) for r in data["areas"]["consents"]["rows"]]
    assert ("Nama saya terlihat oleh peserta pertemuan lain", False) == answers[-1]

    page.goto(live_server + "/akun/data")
    page.get_by_role("link", name="Hapus akun").click()
    expect(page.locator("main")).to_contain_text("Yang tetap ada, dan mengapa")
    assert page_width(page) <= PHONE_WIDTH
    page.fill("#password", DEFAULT_PASSWORD)
    page.get_by_role("button", name="Hapus akun saya").click()
    expect(page).to_have_url(live_server + "/")
    expect(page.locator(".flash[role=status]")).to_contain_text("Akun Anda sudah dihapus")

    page.goto(live_server + "/akun")
    expect(page).to_have_url(re.compile(r"/akun/masuk"))
