"""The partnership space in Chromium at 360 px: a message written with no connection waits in the
queue, goes once the phone is back online, and the other partner sees it exactly once."""

import re

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from playwright.sync_api import expect

from tests import conftest
from tests.browser import helpers
from tests.browser.chromium import PHONE, wait_for_worker
from tests.browser.helpers import go_offline, go_online, new_person, serving
from webapp import create_app
from webapp.extensions import db
from webapp.models import Community, Coordinatorship, Message, PartnershipRequest, PartnershipStatus
from webapp.regions import load_regions
from webapp.spaces import services

RINA, BUDI = "rina@contoh.id", "budi@contoh.id"
TEXT = "Besok kami bawa 40 buku ke balai desa. Telepon saya di 0812-1111-2222."


@pytest.fixture(scope="module")
def space_app(tmp_path_factory):
    """Two communities whose partnership request was accepted: their space, and CSRF on."""
    path = tmp_path_factory.mktemp("ruang") / "ruang.sqlite"
    app = create_app(conftest.test_config("sqlite:///" + str(path), WTF_CSRF_ENABLED=True, RELEASE="1",
                                          OFFLINE_RETRY_BASE_SECONDS=0.5))
    with app.app_context():
        upgrade()
        load_regions()
        rina, budi = new_person(RINA, "Rina"), new_person(BUDI, "Budi")
        sides = []
        for name, person in (("Rumah Baca Senja", rina), ("Bank Sampah Hijau", budi)):
            community = Community(name=name, slug=name.lower().replace(" ", "-"), headline="Komunitas",
                                  province_code="32", regency_code="32.73")
            db.session.add(community)
            db.session.flush()
            db.session.add(Coordinatorship(community_id=community.id, user_id=person.id))
            sides.append(community)
        request = PartnershipRequest(sender=sides[0], receiver=sides[1], sent_by=rina, goal="Perpustakaan keliling",
                                     status=PartnershipStatus.ACCEPTED)
        db.session.add(request)
        db.session.flush()
        with app.test_request_context():
            services.start(request, budi)
        db.session.commit()
        db.engine.dispose()
    return app


@pytest.fixture(scope="module")
def space_server(space_app):
    with serving(space_app) as base_url:
        yield base_url


def sign_in(page, base_url, email):
    helpers.sign_in(page, base_url, email)
    expect(page).to_have_url(re.compile(r"/akun$"))
    page.wait_for_function("() => localStorage.getItem('jejaring:pengguna') !== null")


def stored_messages(app):
    with app.app_context():
        rows = list(db.session.scalars(sa.select(Message.body)))
        db.session.remove()
    return rows


def test_a_message_written_offline_is_sent_once_and_the_other_partner_sees_it_once(browser, space_app, space_server):
    rina = browser.new_context(**PHONE)
    page = rina.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, space_server, RINA)
    page.goto(space_server + "/ruang-kemitraan/1/pesan")
    wait_for_worker(page)
    expect(page.locator("main")).to_contain_text("Belum ada pesan.")

    go_offline(rina)
    page.fill("#body", TEXT)
    page.locator("#tulis-pesan button[type=submit]").click()
    expect(page.locator("#tulis-pesan [role=status]")).to_have_text(
        "Tanpa sinyal: pesan disimpan dan dikirim begitu tersambung.")
    expect(page.locator("#antrean")).to_have_text("1 perubahan menunggu dikirim")
    assert page.input_value("#body") == ""
    assert stored_messages(space_app) == []

    go_online(rina)
    page.reload()
    expect(page.locator("#antrean")).to_be_hidden(timeout=20_000)
    page.reload()
    expect(page.locator("ol.thread li")).to_have_count(1)
    assert stored_messages(space_app) == [TEXT]
    assert page_fits(page)
    assert errors == []
    rina.close()

    budi = browser.new_context(**PHONE)
    page = budi.new_page()
    sign_in(page, space_server, BUDI)
    page.goto(space_server + "/ruang-kemitraan/1/pesan")
    expect(page.locator("ol.thread li")).to_have_count(1)
    expect(page.locator("ol.thread li")).to_contain_text(TEXT)
    expect(page.locator("ol.thread li")).to_contain_text("Rina · Rumah Baca Senja")

    # Online, the same form sends at once and the thread shows the answer.
    page.fill("#body", "Siap, kami tunggu.")
    page.locator("#tulis-pesan button[type=submit]").click()
    expect(page.locator("ol.thread li").first).to_contain_text("Siap, kami tunggu.")
    expect(page.locator("ol.thread li")).to_have_count(2)
    budi.close()


def page_fits(page):
    return helpers.page_width(page) <= helpers.PHONE_WIDTH


def test_two_partners_agree_and_check_their_partnership_s_health(browser, space_app, space_server):
    """Rina writes WHY and acknowledges; Budi reads what changed, acknowledges, and it is in force.
    Then a health check: Budi's answers stay hidden from Rina until she has answered too."""
    rina = browser.new_context(**PHONE)
    page = rina.new_page()
    sign_in(page, space_server, RINA)
    page.goto(space_server + "/ruang-kemitraan/1/kesepakatan")
    expect(page.locator("main")).to_contain_text("Ini bukan kontrak hukum")
    page.locator("h3", has_text="MENGAPA").get_by_role("link", name="Ubah").click()
    page.fill("#principles", "Setara dan terbuka.\nSetiap mitra boleh berkata tidak.")
    page.get_by_role("button", name="Simpan versi baru").click()
    expect(page.locator(".flash-success")).to_have_text("Kesepakatan tersimpan sebagai versi baru.")
    page.get_by_role("button", name="Kami mengakui versi 2").click()
    expect(page.locator("main")).to_contain_text("Rumah Baca Senja: sudah mengakui")
    expect(page.locator("main")).to_contain_text("Bank Sampah Hijau: belum mengakui")
    assert page_fits(page)

    budi = browser.new_context(**PHONE)
    other = budi.new_page()
    sign_in(other, space_server, BUDI)
    other.goto(space_server + "/ruang-kemitraan/1/kesepakatan/versi/2")
    expect(other.locator(".diff ins").first).to_have_text("Setara dan terbuka.")
    other.goto(space_server + "/ruang-kemitraan/1/kesepakatan")
    other.get_by_role("button", name="Kami mengakui versi 2").click()
    expect(other.locator("main")).to_contain_text("Semua mitra sudah mengakui versi ini.")

    other.goto(space_server + "/ruang-kemitraan/1/cek")
    other.get_by_role("button", name="Mulai cek kesehatan baru").click()
    for group in other.locator("form.health fieldset").all():
        group.get_by_label("Hijau").check()
    other.locator("form.health fieldset", has_text="Kami saling percaya").get_by_label("Merah").check()
    other.get_by_role("button", name="Kirim jawaban").click()
    expect(other.locator(".flash-success")).to_have_text("Jawaban Bank Sampah Hijau tersimpan.")
    assert page_fits(other)

    page.goto(space_server + "/ruang-kemitraan/1/cek/1")
    expect(page.locator("main")).not_to_contain_text("merah: bermasalah")
    for group in page.locator("form.health fieldset").all():
        group.get_by_label("Hijau").check()
    page.get_by_role("button", name="Kirim jawaban").click()
    first = page.locator("section.statement").first
    expect(first).to_contain_text("Kami saling percaya dan jujur soal masalah.")
    expect(first).to_contain_text("merah: bermasalah Bank Sampah Hijau")
    expect(page.locator("section.statement.diverges")).to_have_count(1)
    assert page_fits(page)
    rina.close()
    budi.close()
