"""Meetings in real Chromium at 360 px: "Saya ikut" from a meeting's shared page, and the door
with no signal (the check-in page kept on the organiser's phone, tickets checked by their
signature there, scans sent once the connection is back)."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from playwright.sync_api import expect

from tests import conftest
from tests.browser.chromium import PHONE, wait_for_worker
from tests.browser.helpers import PHONE_WIDTH, go_offline, go_online, new_person, page_width, serving, sign_in
from webapp import create_app, signing
from webapp.extensions import db, limiter
from webapp.meetings import services
from webapp.models import CheckIn, Community, Coordinatorship, Meeting, Registration, User, utcnow
from webapp.regions import load_regions

ORGANISER = "rina@contoh.id"
PEOPLE = {"ani@contoh.id": "Ani", "budi@contoh.id": "Budi", "citra@contoh.id": "Citra"}


@pytest.fixture(scope="module")
def meeting_app(tmp_path_factory):
    """CSRF on; a community coordinated by Rina with a meeting in Makassar (WITA), two places."""
    path = tmp_path_factory.mktemp("pertemuan") / "pertemuan.sqlite"
    app = create_app(conftest.test_config("sqlite:///" + str(path), WTF_CSRF_ENABLED=True, RELEASE="1",
                                          OFFLINE_RETRY_BASE_SECONDS=0.5))
    with app.app_context():
        upgrade()
        load_regions()
        rina = new_person(ORGANISER, "Rina")
        for email, name in PEOPLE.items():
            new_person(email, name)
        community = Community(slug="rumah-baca-senja", name="Rumah Baca Senja", headline="Taman baca",
                              province_code="73", regency_code="73.71")
        db.session.add(community)
        db.session.flush()
        community.coordinatorships.append(Coordinatorship(user_id=rina.id))
        start = utcnow().replace(microsecond=0) + timedelta(days=7)
        db.session.add(Meeting(community_id=community.id, title="Kopdar literasi Makassar", starts_at=start,
                               ends_at=start + timedelta(hours=2), province_code="73", regency_code="73.71",
                               address="Jl. Pettarani 5", capacity=2))
        db.session.commit()
        db.engine.dispose()
    return app


@pytest.fixture(scope="module")
def server(meeting_app):
    with serving(meeting_app) as base_url:
        yield base_url


@pytest.fixture
def phone(browser, meeting_app):
    with meeting_app.app_context():
        db.session.execute(sa.delete(CheckIn))
        db.session.execute(sa.delete(Registration))
        db.session.execute(sa.update(Meeting).values(seats_taken=0))
        db.session.commit()
        db.session.remove()
    limiter.reset()
    context = browser.new_context(**PHONE)
    yield context
    context.close()


def meeting_id(app):
    with app.app_context():
        return db.session.scalar(sa.select(Meeting.id))


def test_saya_ikut_from_the_meeting_page_then_the_waiting_line(meeting_app, server, phone):
    page = phone.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, server, "ani@contoh.id")
    url = f"{server}/pertemuan/{meeting_id(meeting_app)}"
    page.goto(url)
    expect(page.locator("h1")).to_have_text("Kopdar literasi Makassar")
    expect(page.locator("main")).to_contain_text("WITA")
    page.locator("#ikut button", has_text="Saya ikut").click()
    expect(page.locator(".flash-success")).to_contain_text("Anda terdaftar")
    expect(page.locator(".rsvp")).to_contain_text("Kode tiket:")
    assert page_width(page) <= PHONE_WIDTH
    page.locator(".rsvp a", has_text="Buka tiket").click()
    expect(page.locator(".qr svg")).to_be_visible()
    assert page_width(page) <= PHONE_WIDTH
    # Kept on her phone: the ticket opens with no signal, the way she will need it at the door.
    wait_for_worker(page)
    expect(page.locator("[data-keep-personal]")).to_be_visible()
    ticket = page.url
    go_offline(phone)
    page.goto(ticket)
    expect(page.locator(".qr svg")).to_be_visible()
    expect(page.locator(".ticket-code")).not_to_be_empty()
    go_online(phone)

    for email in ("budi@contoh.id", "citra@contoh.id"):
        other = phone.browser.new_context(**PHONE).new_page()
        sign_in(other, server, email)
        other.goto(url)
        other.locator("#ikut button").click()
        other.context.close()
    with meeting_app.app_context():
        statuses = db.session.scalars(sa.select(Registration.status).order_by(Registration.id)).all()
    assert statuses == ["registered", "registered", "waiting"]

    # Ani gives up her place: Citra, first in line, is offered it.
    page.goto(url)
    page.locator(".rsvp button", has_text="Batal").click()
    expect(page.locator(".flash-success")).to_contain_text("dibatalkan")
    with meeting_app.app_context():
        statuses = db.session.scalars(sa.select(Registration.status).order_by(Registration.id)).all()
    assert statuses == ["cancelled", "registered", "registered"]

    # Signed out, her kept pages leave the phone with her: the next person gets no ticket offline.
    page.goto(server + "/akun")
    page.locator('form[action="/akun/keluar"] button').click()
    page.wait_for_function("async () => !(await caches.has('jejaring-pribadi'))")
    go_offline(phone)
    page.goto(ticket)
    expect(page.locator(".qr svg")).to_have_count(0)
    go_online(phone)
    assert errors == []


def register_two(app):
    """Ani and Budi have tickets; returns (Ani's QR text, Budi's code)."""
    with app.test_request_context():
        meeting = db.session.get(Meeting, meeting_id(app))
        tickets = []
        for email in ("ani@contoh.id", "budi@contoh.id"):
            user = db.session.scalar(sa.select(User).where(User.email == email))
            registration = services.rsvp(user, meeting)
            tickets.append((signing.sign(services.ticket_payload(registration)), registration.code))
        db.session.remove()
    return tickets[0][0], tickets[1][1]


def check_in(page, text):
    page.fill('[name="kode"]', text)
    page.locator("#check-in-form button[type=submit]").click()


def test_the_door_works_with_no_signal(meeting_app, server, phone):
    ani_token, budi_code = register_two(meeting_app)
    page = phone.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, server, ORGANISER)
    door = f"{server}/pertemuan/{meeting_id(meeting_app)}/check-in"
    page.goto(door)
    wait_for_worker(page)
    page.goto(door)
    expect(page.locator("[data-keep-personal]")).to_be_visible()  # kept on the phone
    assert page_width(page) <= PHONE_WIDTH

    go_offline(phone)
    page.reload()
    expect(page.locator("h1")).to_have_text("Check-in")
    check_in(page, ani_token)
    expect(page.locator("#hasil-pindai")).to_contain_text("tercatat di ponsel")
    check_in(page, ani_token)
    expect(page.locator("#hasil-pindai")).to_contain_text("sudah check-in")
    check_in(page, budi_code.lower())
    expect(page.locator("#hasil-pindai")).to_contain_text(f"{budi_code} tercatat di ponsel")
    # A forged ticket is refused on the phone, with no signal to ask anyone.
    check_in(page, conftest.forged(ani_token))
    expect(page.locator("#hasil-pindai")).to_contain_text("tidak sah")
    expect(page.locator("#antrean")).to_have_text("3 perubahan menunggu dikirim")
    with meeting_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0

    go_online(phone)
    page.reload()
    expect(page.locator("#antrean")).to_be_hidden(timeout=20_000)
    with meeting_app.app_context():
        attendance = services.attendance(db.session.get(Meeting, meeting_id(meeting_app)))
        assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 3
    assert (attendance.tickets, attendance.repeats) == (2, 1)
    page.goto(f"{server}/pertemuan/{meeting_id(meeting_app)}/peserta")
    expect(page.locator("main")).to_contain_text(re.compile(r"2 orang hadir.*1 pindaian ulang", re.S))
    assert errors == []
