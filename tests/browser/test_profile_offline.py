"""Community profiles offline (issue 11, item 8): what volunteers look up in the field opens
with no signal, once read or saved; the page is the same for everyone, so a copy kept on a
shared phone holds nothing personal."""

from playwright.sync_api import expect

from tests.browser.chromium import PHONE, wait_for_worker
from tests.browser.helpers import go_offline, go_online, sign_in

SAVED = "/komunitas/kebun-warga-cibiru"
READ = "/komunitas/taman-baca-kupang"


def test_a_profile_saved_or_read_opens_offline_with_nothing_personal(live_server, browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    sign_in(page, live_server)
    page.goto(live_server + SAVED)
    wait_for_worker(page)
    save = page.locator(".save-offline")
    expect(save.locator("button")).to_have_text("Simpan untuk dibaca offline")
    save.locator("button").click()
    expect(save.locator(".saved-state")).to_be_visible()
    page.goto(live_server + READ)  # read, not saved
    expect(page.locator("h1")).to_have_text("Taman Baca Kupang")

    go_offline(context)
    for path, name in ((SAVED, "Kebun Warga Cibiru"), (READ, "Taman Baca Kupang")):
        page.goto(live_server + path)
        expect(page.locator("h1")).to_have_text(name)
        expect(page.locator("#salinan")).to_be_visible()  # "Anda membaca salinan tersimpan dari …"
        assert "Kelola" not in page.locator("main").inner_text()
    page.goto(live_server + "/tersimpan")
    expect(page.locator("#daftar-tersimpan")).to_contain_text("Kebun Warga Cibiru")
    go_online(context)
    context.close()
