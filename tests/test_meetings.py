"""Meetings in person: organising, the shared pages, RSVP with a waiting line (also under
concurrency), calendars, reminders, tickets, check-in at the door, attendance."""

import re
import threading
import uuid
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from tests.conftest import COORDINATOR, forged
from webapp import signing
from webapp.extensions import db
from webapp.jobs import huey
from webapp.meetings import services
from webapp.meetings.codes import ALPHABET, CODE_PATTERN, new_code
from webapp.models import (
    Category,
    CheckIn,
    Community,
    Course,
    Lesson,
    Meeting,
    Program,
    Registration,
    RegistrationStatus,
    Role,
    User,
    VolunteerOffer,
    utcnow,
)
from webapp.notifications.models import Notification

SAME_SITE = {"X-Jejaring": "1", "Sec-Fetch-Site": "same-origin"}


def make_meeting(app, community_id=None, capacity=5, starts_in=timedelta(days=10), province="32",
                 regency="32.73", course_id=None, counts=False, title="Kopdar literasi Bandung"):
    with app.app_context():
        start = utcnow().replace(microsecond=0) + starts_in
        meeting = Meeting(
            community_id=community_id, title=title, description="Ngobrol soal taman baca.",
            starts_at=start, ends_at=start + timedelta(hours=2), province_code=province, regency_code=regency,
            address="Jl. Merdeka 1", capacity=capacity, course_id=course_id, counts_toward_certificate=counts,
        )
        db.session.add(meeting)
        db.session.commit()
        return meeting.id


def people(make_user, count, prefix="relawan"):
    return [make_user(f"{prefix}{i}@contoh.id", name=f"Relawan {i}") for i in range(count)]


def registrations(app, meeting_id):
    with app.app_context():
        return db.session.execute(
            sa.select(Registration.user_id, Registration.status, Registration.offer_expires_at)
            .where(Registration.meeting_id == meeting_id).order_by(Registration.id)
        ).all()


def seats(app, meeting_id):
    with app.app_context():
        return db.session.get(Meeting, meeting_id).seats_taken


def kinds_for(app, user_id):
    with app.app_context():
        return list(db.session.scalars(
            sa.select(Notification.kind).where(Notification.user_id == user_id).order_by(Notification.id)))


# ---- Organising ---------------------------------------------------------------------------


def meeting_form(**overrides):
    data = {
        "title": "Belajar bersama: menulis proposal", "description": "Bawa laptop bila ada.", "kursus": "0",
        "starts_at": "2030-03-05T09:00", "ends_at": "2030-03-05T12:00", "provinsi": "73", "kabupaten": "73.71",
        "kecamatan": "", "address": "Rumah Baca Senja, Jl. Pettarani 5", "online_url": "", "capacity": "20",
        "registration_closes_at": "",
    }
    data.update(overrides)
    return data


def test_a_coordinator_organises_a_meeting_in_the_places_own_time(app, client, auth, community):
    auth.login(COORDINATOR)
    response = client.post("/pertemuan/baru?komunitas=rumah-baca-senja", data=meeting_form())
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    # Makassar (73) is WITA, UTC+8: typed 09:00 there is stored as 01:00 UTC and shown as typed.
    assert "5 Mar 2030 09.00 WITA" in page
    with app.app_context():
        meeting = db.session.scalar(sa.select(Meeting))
        assert meeting.starts_at == datetime(2030, 3, 5, 1, 0)
        assert meeting.community.slug == "rumah-baca-senja"


@pytest.mark.parametrize("overrides, message", [
    ({"title": ""}, "Judul pertemuan wajib diisi."),
    ({"ends_at": "2030-03-05T08:00"}, "Waktu selesai harus setelah waktu mulai."),
    ({"address": "", "online_url": ""}, "Tulis alamat tempat, tautan daring, atau keduanya."),
    ({"kabupaten": "32.73"}, "Kabupaten/kota ini tidak ada di provinsi yang dipilih."),
    ({"capacity": "0"}, "Kapasitas antara 1 dan 10.000 orang."),
    ({"starts_at": "besok pagi"}, "Waktu tidak valid"),
    ({"online_url": "javascript:alert(1)"}, "alamat web"),
    ({"description": "Hubungi 081234567890"}, "Jangan tulis nomor telepon"),
    ({"provinsi": "99\x00"}, "Provinsi tidak dikenal."),
])
def test_a_meeting_form_says_what_is_wrong(app, client, auth, community, overrides, message):
    auth.login(COORDINATOR)
    response = client.post("/pertemuan/baru?komunitas=rumah-baca-senja", data=meeting_form(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_only_coordinators_organise_for_their_community_and_facilitators_for_the_network(
        app, client, auth, community, other_community, make_user):
    make_user("relawan@contoh.id")
    make_user("fasilitator@contoh.id", role=Role.FACILITATOR)
    auth.login(COORDINATOR)
    assert client.get("/pertemuan/baru?komunitas=bank-sampah-hijau").status_code == 403
    assert client.get("/pertemuan/baru").status_code == 403
    assert client.get("/pertemuan/baru?komunitas=tidak-ada").status_code == 404
    auth.logout()
    auth.login("relawan@contoh.id")
    assert client.get("/pertemuan/baru?komunitas=rumah-baca-senja").status_code == 403
    auth.logout()
    auth.login("fasilitator@contoh.id")
    assert client.post("/pertemuan/baru", data=meeting_form()).status_code == 303


def test_the_list_filters_by_place_and_focus_and_is_a_shared_page(app, client, community, make_community):
    with app.app_context():
        literacy = db.session.scalar(sa.select(Category).order_by(Category.id))
        profile = db.session.get(Community, community.id)
        profile.categories.append(literacy)
        db.session.commit()
        focus = literacy.slug
    make_meeting(app, community.id, title="Kopdar Bandung")
    make_meeting(app, None, province="91", regency="91.71", title="Kopdar Jayapura")
    response = client.get("/pertemuan")
    page = response.get_data(as_text=True)
    assert "Kopdar Bandung" in page and "Kopdar Jayapura" in page
    assert "public" in response.headers["Cache-Control"]
    assert "WIT" in page and "WIB" in page
    page = client.get("/pertemuan?provinsi=91").get_data(as_text=True)
    assert "Kopdar Jayapura" in page and "Kopdar Bandung" not in page
    page = client.get("/pertemuan?provinsi=32&kabupaten=32.73").get_data(as_text=True)
    assert "Kopdar Bandung" in page and "Kopdar Jayapura" not in page
    page = client.get(f"/pertemuan?fokus={focus}").get_data(as_text=True)
    assert "Kopdar Bandung" in page and "Kopdar Jayapura" not in page
    assert client.get("/pertemuan?provinsi=%00&kabupaten=x&fokus=" + "a" * 500).status_code == 200


def test_the_meeting_page_is_shared_and_names_nobody(app, client, auth, community, make_user):
    meeting_id = make_meeting(app, community.id)
    make_user("siti@contoh.id", name="Siti Rahasia")
    auth.login("siti@contoh.id")
    client.post(f"/pertemuan/{meeting_id}/ikut", follow_redirects=True)  # its message read
    response = client.get(f"/pertemuan/{meeting_id}")
    page = response.get_data(as_text=True)
    assert "public" in response.headers["Cache-Control"]
    assert "Siti Rahasia" not in page.split("<main")[1]
    assert f'data-personal="/pertemuan/{meeting_id}/untuk-anda"' in page
    fragment = client.get(f"/pertemuan/{meeting_id}/untuk-anda")
    assert fragment.headers["Cache-Control"] == "private, no-store"
    assert "Anda terdaftar" in fragment.get_data(as_text=True)
    assert client.get("/pertemuan/999999999999999999").status_code == 404


def test_a_meeting_shows_on_its_community_and_course(app, client, community):
    with app.app_context():
        course = Course(slug="dasar-kemitraan", title="Dasar kemitraan", published=True)
        course.lessons.append(Lesson(slug="satu", title="Satu", published=True))
        db.session.add(course)
        db.session.commit()
        course_id = course.id
    make_meeting(app, community.id, course_id=course_id, title="Belajar bersama kemitraan")
    assert "Belajar bersama kemitraan" in client.get("/komunitas/rumah-baca-senja").get_data(as_text=True)
    assert "Belajar bersama kemitraan" in client.get("/belajar/dasar-kemitraan").get_data(as_text=True)


# ---- RSVP and the waiting line ------------------------------------------------------------


def test_rsvp_fills_the_places_then_the_waiting_line_and_a_freed_place_goes_to_the_first(
        app, client, auth, make_user, community):
    meeting_id = make_meeting(app, community.id, capacity=1)
    first, second, third = people(make_user, 3)
    for person in (first, second, third):
        auth.login(person.email)
        assert client.post(f"/pertemuan/{meeting_id}/ikut").status_code == 303
        auth.logout()
    assert [s for _, s, _ in registrations(app, meeting_id)] == ["registered", "waiting", "waiting"]
    auth.login(third.email)
    assert "nomor 2" in client.get(f"/pertemuan/{meeting_id}/saya").get_data(as_text=True)
    auth.logout()

    auth.login(first.email)
    client.post(f"/pertemuan/{meeting_id}/batal")
    auth.logout()
    rows = registrations(app, meeting_id)
    assert [s for _, s, _ in rows] == ["cancelled", "registered", "waiting"]
    assert rows[1][2] is not None  # promoted: a time to confirm
    assert "meeting_place_offered" in kinds_for(app, second.id)
    assert seats(app, meeting_id) == 1

    auth.login(second.email)
    page = client.get(f"/pertemuan/{meeting_id}/saya").get_data(as_text=True)
    assert "Konfirmasi sebelum" in page
    client.post(f"/pertemuan/{meeting_id}/konfirmasi")
    assert registrations(app, meeting_id)[1][2] is None


def test_an_offer_not_confirmed_in_time_passes_to_the_next(app, make_user, community):
    meeting_id = make_meeting(app, community.id, capacity=1)
    first, second, third = people(make_user, 3)
    with app.test_request_context():
        meeting = db.session.get(Meeting, meeting_id)
        for person in (first, second, third):
            services.rsvp(db.session.get(User, person.id), meeting)
        services.cancel(services.registration_of(db.session.get(User, first.id), meeting))
        assert services.release_lapsed_offers(now=utcnow() + timedelta(days=1)) == 0  # well within the time
        assert services.release_lapsed_offers(now=utcnow() + timedelta(days=4)) == 1
    assert [s for _, s, _ in registrations(app, meeting_id)] == ["cancelled", "cancelled", "registered"]
    assert seats(app, meeting_id) == 1


def test_the_time_to_confirm_is_shorter_as_the_meeting_nears(app):
    now = utcnow()
    far = Meeting(starts_at=now + timedelta(days=30))
    near = Meeting(starts_at=now + timedelta(hours=8))
    assert services.offer_deadline(far, now) - now == timedelta(days=2)
    assert services.offer_deadline(near, now) - now == timedelta(hours=2)


def test_rsvp_twice_and_after_the_deadline(app, client, auth, make_user, community):
    meeting_id = make_meeting(app, community.id, capacity=3)
    make_user()
    auth.login()
    client.post(f"/pertemuan/{meeting_id}/ikut")
    client.post(f"/pertemuan/{meeting_id}/ikut")
    assert len(registrations(app, meeting_id)) == 1 and seats(app, meeting_id) == 1
    past = make_meeting(app, community.id, starts_in=timedelta(hours=-1))
    response = client.post(f"/pertemuan/{past}/ikut", follow_redirects=True)
    assert "Pendaftaran pertemuan ini sudah ditutup." in response.get_data(as_text=True)
    assert registrations(app, past) == []


def test_nobody_signed_in_is_sent_to_sign_in(app, client, community):
    meeting_id = make_meeting(app, community.id)
    response = client.post(f"/pertemuan/{meeting_id}/ikut")
    assert response.status_code == 302 and "/akun/masuk" in response.headers["Location"]
    assert "Masuk untuk ikut" in client.get(f"/pertemuan/{meeting_id}/untuk-anda").get_data(as_text=True)


def test_raising_the_capacity_lets_the_waiting_line_in(app, make_user, community, coordinator):
    meeting_id = make_meeting(app, community.id, capacity=1)
    waiting = people(make_user, 3)
    with app.test_request_context():
        meeting = db.session.get(Meeting, meeting_id)
        for person in waiting:
            services.rsvp(db.session.get(User, person.id), meeting)
        details = services.details_of(meeting)
        details.capacity = 2
        services.change_meeting(meeting, db.session.get(User, coordinator.id), details, meeting.version)
    assert [s for _, s, _ in registrations(app, meeting_id)] == ["registered", "registered", "waiting"]
    assert seats(app, meeting_id) == 2


# Concurrent writers need PostgreSQL: SQLite serialises writers with a file lock.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_concurrent_rsvps_never_exceed_the_capacity(app, make_user, community):
    """Many people press "Saya ikut" at once for the last place: exactly one gets it, the rest
    wait, and freeing the place promotes the first of them."""
    meeting_id = make_meeting(app, community.id, capacity=2)
    early = make_user("awal@contoh.id")
    with app.app_context():
        services.rsvp(db.session.get(User, early.id), db.session.get(Meeting, meeting_id))
    crowd = people(make_user, 8)
    start = threading.Barrier(len(crowd))
    errors = []

    def press(user_id):
        with app.app_context():
            try:
                user, meeting = db.session.get(User, user_id), db.session.get(Meeting, meeting_id)
                start.wait()
                services.rsvp(user, meeting)
            except Exception as error:  # noqa: BLE001  (reported below)
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press, args=(p.id,)) for p in crowd]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = registrations(app, meeting_id)
    statuses = [s for _, s, _ in rows]
    assert statuses.count("registered") == 2 and statuses.count("waiting") == 7
    assert seats(app, meeting_id) == 2

    with app.app_context():
        first_waiting = db.session.scalar(
            sa.select(Registration).where(Registration.status == RegistrationStatus.WAITING)
            .order_by(Registration.queued_at, Registration.id))
        first_id = first_waiting.user_id
    with app.test_request_context():
        meeting = db.session.get(Meeting, meeting_id)
        services.cancel(services.registration_of(db.session.get(User, early.id), meeting))
    promoted = [uid for uid, s, offer in registrations(app, meeting_id) if s == "registered" and offer]
    assert promoted == [first_id]
    assert "meeting_place_offered" in kinds_for(app, first_id)
    assert seats(app, meeting_id) == 2


# ---- Changes, calendars, reminders --------------------------------------------------------


def test_a_time_change_tells_every_registrant_and_raises_the_calendar_sequence(app, client, auth, make_user, community):
    meeting_id = make_meeting(app, community.id, capacity=1, province="91", regency="91.71")
    coming, waiting = people(make_user, 2)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        for person in (coming, waiting):
            services.rsvp(db.session.get(User, person.id), meeting)
    before = Calendar.from_ical(client.get(f"/pertemuan/{meeting_id}/kalender.ics").data)

    auth.login(COORDINATOR)
    form = client.get(f"/pertemuan/{meeting_id}/ubah").get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', form).group(1)
    response = client.post(f"/pertemuan/{meeting_id}/ubah", data=meeting_form(
        version=version, provinsi="91", kabupaten="91.71", starts_at="2030-04-01T10:00", ends_at="2030-04-01T12:00"))
    assert response.status_code == 303
    assert "meeting_changed" in kinds_for(app, coming.id) and "meeting_changed" in kinds_for(app, waiting.id)

    response = client.get(f"/pertemuan/{meeting_id}/kalender.ics")
    assert response.content_type.startswith("text/calendar")
    after = Calendar.from_ical(response.data)
    [old] = before.walk("VEVENT")
    [new] = after.walk("VEVENT")
    assert new["UID"] == old["UID"] == f"pertemuan-{meeting_id}@jejaring"
    assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])
    start = new.decoded("DTSTART")
    assert str(start.tzinfo) == "Asia/Jayapura" and (start.hour, start.minute) == (10, 0)
    assert [tz["TZID"] for tz in after.walk("VTIMEZONE")] == ["Asia/Jayapura"]
    assert sorted(alarm.decoded("TRIGGER") for alarm in new.walk("VALARM")) == [-timedelta(days=1), -timedelta(hours=2)]

    # The same form again is stale now: refused, nothing saved over.
    stale = client.post(f"/pertemuan/{meeting_id}/ubah", data=meeting_form(version=version, provinsi="91", kabupaten="91.71"))
    assert stale.status_code == 409


def test_a_reminder_queued_before_a_change_stays_silent(app, make_user, community, coordinator):
    meeting_id = make_meeting(app, community.id, starts_in=timedelta(days=5))
    [person] = people(make_user, 1)
    with app.test_request_context():
        meeting = db.session.get(Meeting, meeting_id)
        services.rsvp(db.session.get(User, person.id), meeting)
        services.schedule_reminder(meeting)
        [queued] = [t for t in huey.scheduled() if t.args[0] == meeting_id]
        details = services.details_of(meeting)
        details.starts_at += timedelta(hours=3)
        details.ends_at += timedelta(hours=3)
        services.change_meeting(meeting, db.session.get(User, coordinator.id), details, meeting.version)
        newer = [t for t in huey.scheduled() if t.args[0] == meeting_id and t.args[1] == meeting.version]
        assert newer and newer[0].eta == meeting.starts_at - services.REMIND_BEFORE
    assert queued.args[1] != newer[0].args[1]
    assert "meeting_changed" in kinds_for(app, person.id)
    with app.test_request_context():
        assert services.remind(*queued.args) == 0  # the old version: nothing goes out
        assert services.remind(*newer[0].args) == 1
    assert kinds_for(app, person.id).count("meeting_reminder") == 1
    with app.app_context():
        [reminder] = db.session.scalars(sa.select(Notification).where(Notification.kind == "meeting_reminder")).all()
        meeting = db.session.get(Meeting, meeting_id)
        assert reminder.params["when"] == services.when_text(meeting)


def test_the_private_calendar_feed_lists_my_meetings_and_can_be_revoked(app, client, auth, make_user, community):
    meeting_id = make_meeting(app, community.id)
    make_meeting(app, community.id, title="Pertemuan lain")
    make_user()
    auth.login()
    client.post(f"/pertemuan/{meeting_id}/ikut")
    page = client.post("/kegiatan-saya/kalender").get_data(as_text=True)
    url = re.search(r'value="(http://localhost/kalender/[^"]+\.ics)"', page).group(1)
    path = url.removeprefix("http://localhost")
    auth.logout()
    response = client.get(path)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    events = Calendar.from_ical(response.data).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"pertemuan-{meeting_id}@jejaring"]
    assert "Pertemuan lain" not in response.get_data(as_text=True)
    auth.login()
    client.post("/kegiatan-saya/kalender/hapus")
    assert client.get(path).status_code == 404
    assert client.get("/kalender/" + "x" * 300 + ".ics").status_code == 404


# ---- Tickets, check-in, attendance --------------------------------------------------------


def ticket_of(app, meeting_id, user_id):
    with app.app_context():
        registration = db.session.scalar(sa.select(Registration).where(
            Registration.meeting_id == meeting_id, Registration.user_id == user_id))
        return registration.id, registration.code


def test_ticket_codes_have_no_look_alikes(app):
    assert not set("0O1IL") & set(ALPHABET)
    assert all(CODE_PATTERN.fullmatch(new_code()) for _ in range(50))


def test_the_ticket_is_the_owners_alone_with_a_signed_qr(app, client, auth, make_user, community):
    meeting_id = make_meeting(app, community.id)
    owner, other = people(make_user, 2)
    auth.login(owner.email)
    client.post(f"/pertemuan/{meeting_id}/ikut")
    registration_id, code = ticket_of(app, meeting_id, owner.id)
    response = client.get(f"/tiket/{registration_id}")
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-store"
    assert code in page and "<svg" in page
    auth.logout()
    auth.login(other.email)
    assert client.get(f"/tiket/{registration_id}").status_code == 404
    with app.app_context():
        token = signing.sign({"k": "tiket", "m": meeting_id, "r": registration_id, "c": code})
        assert signing.verify(token)["c"] == code


def check_in(client, meeting_id, key=None, **fields):
    body = {"meeting": meeting_id, "key": key or str(uuid.uuid4()), **fields}
    return client.post("/api/check-in", json=body, headers=SAME_SITE)


def test_check_in_counts_the_first_scan_and_keeps_the_repeat(app, client, auth, make_user, community):
    meeting_id = make_meeting(app, community.id)
    alice, bob = people(make_user, 2)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        for person in (alice, bob):
            services.rsvp(db.session.get(User, person.id), meeting)
    a_id, a_code = ticket_of(app, meeting_id, alice.id)
    b_id, b_code = ticket_of(app, meeting_id, bob.id)
    with app.app_context():
        token = signing.sign({"k": "tiket", "m": meeting_id, "r": a_id, "c": a_code})
    auth.login(COORDINATOR)
    key = str(uuid.uuid4())
    earlier = (utcnow() - timedelta(minutes=5)).isoformat() + "Z"
    first = check_in(client, meeting_id, key=key, token=token, at=earlier)
    assert first.status_code == 200 and first.json == {"first": True, "name": "Relawan 0"}
    assert check_in(client, meeting_id, key=key, token=token, at=earlier).json["first"] is True  # delivered twice
    assert check_in(client, meeting_id, token=token).json["first"] is False  # scanned again
    assert check_in(client, meeting_id, code=b_code.lower()).json["first"] is True
    assert check_in(client, meeting_id, name="Pak Darto").status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 4
        attendance = services.attendance(db.session.get(Meeting, meeting_id))
    assert (attendance.tickets, attendance.walk_ins, attendance.repeats) == (2, ["Pak Darto"], 1)
    page = client.get(f"/pertemuan/{meeting_id}/peserta").get_data(as_text=True)
    assert "3 orang hadir" in page and "1 pindaian ulang" in page


@pytest.mark.parametrize("fields, status", [
    ({"token": "bukan.token.sah"}, 422),
    ({"code": "ABCDEFGH"}, 422),
    ({}, 400),
    ({"name": " "}, 400),
    ({"meeting": True}, 400),
    ({"meeting": 10**30}, 400),
])
def test_check_in_refuses_what_is_not_a_ticket_here(app, client, auth, community, fields, status):
    meeting_id = make_meeting(app, community.id)
    auth.login(COORDINATOR)
    fields = {"meeting": meeting_id, **fields}
    assert check_in(client, fields.pop("meeting"), **fields).status_code == status


def test_a_ticket_of_another_meeting_or_a_forged_one_is_refused(app, client, auth, make_user, community):
    meeting_id = make_meeting(app, community.id)
    other_id = make_meeting(app, community.id, title="Lain")
    [person] = people(make_user, 1)
    with app.app_context():
        services.rsvp(db.session.get(User, person.id), db.session.get(Meeting, meeting_id))
    r_id, code = ticket_of(app, meeting_id, person.id)
    with app.app_context():
        token = signing.sign({"k": "tiket", "m": meeting_id, "r": r_id, "c": code})
    auth.login(COORDINATOR)
    assert check_in(client, other_id, token=token).status_code == 422
    assert check_in(client, meeting_id, token=forged(token)).status_code == 422


def test_only_organisers_check_in_and_see_participants(app, client, auth, make_user, community, other_community):
    meeting_id = make_meeting(app, community.id)
    make_user()
    auth.login()
    assert check_in(client, meeting_id, name="Siapa saja").status_code == 403
    assert client.get(f"/pertemuan/{meeting_id}/peserta").status_code == 403
    assert client.get(f"/pertemuan/{meeting_id}/check-in").status_code == 403
    auth.logout()
    auth.login("lain@contoh.id")  # coordinator of another community
    assert client.get(f"/pertemuan/{meeting_id}/peserta").status_code == 403


def test_the_door_without_javascript(app, client, auth, make_user, community):
    meeting_id = make_meeting(app, community.id)
    [person] = people(make_user, 1)
    with app.app_context():
        services.rsvp(db.session.get(User, person.id), db.session.get(Meeting, meeting_id))
    _, code = ticket_of(app, meeting_id, person.id)
    auth.login(COORDINATOR)
    page = client.get(f"/pertemuan/{meeting_id}/check-in")
    assert page.headers["Cache-Control"] == "private, no-store"
    data = {"key": str(uuid.uuid4()), "kode": code[:4] + "-" + code[4:]}
    assert "Relawan 0 tercatat hadir." in client.post(f"/pertemuan/{meeting_id}/check-in", data=data).get_data(as_text=True)
    data["key"] = str(uuid.uuid4())
    assert "sudah check-in sebelumnya" in client.post(f"/pertemuan/{meeting_id}/check-in", data=data).get_data(as_text=True)
    wrong = client.post(f"/pertemuan/{meeting_id}/check-in", data={"key": str(uuid.uuid4()), "kode": "ZZZZZZZZ"})
    assert wrong.status_code == 422 and "tidak terdaftar" in wrong.get_data(as_text=True)
    walk_in = client.post(f"/pertemuan/{meeting_id}/check-in", data={"key": str(uuid.uuid4()), "nama": "Bu Ani"})
    assert "Bu Ani tercatat hadir." in walk_in.get_data(as_text=True)
    # A QR's text pasted from a scanner app is checked by its signature.
    registration_id, _ = ticket_of(app, meeting_id, person.id)
    with app.app_context():
        token = signing.sign({"k": "tiket", "m": meeting_id, "r": registration_id, "c": code})
    pasted = client.post(f"/pertemuan/{meeting_id}/check-in", data={"key": str(uuid.uuid4()), "kode": token})
    assert "sudah check-in sebelumnya" in pasted.get_data(as_text=True)
    refused = client.post(f"/pertemuan/{meeting_id}/check-in", data={"key": str(uuid.uuid4()), "kode": forged(token)})
    assert refused.status_code == 422


def test_attendance_counts_toward_a_course_only_where_the_meeting_says_so(app, make_user, community, coordinator):
    with app.app_context():
        course = Course(slug="dasar", title="Dasar", published=True)
        db.session.add(course)
        db.session.commit()
        course_id = course.id
    counting = make_meeting(app, community.id, course_id=course_id, counts=True)
    not_counting = make_meeting(app, community.id, course_id=course_id, counts=False)
    came, other = people(make_user, 2)
    with app.app_context():
        coordinator_user = db.session.get(User, coordinator.id)
        for meeting_id, person in ((not_counting, came), (counting, other)):
            meeting = db.session.get(Meeting, meeting_id)
            registration = services.rsvp(db.session.get(User, person.id), meeting)
            services.record_check_in(meeting, coordinator_user, str(uuid.uuid4()), registration=registration)
        course = db.session.get(Course, course_id)
        assert services.attended(db.session.get(User, other.id), course) is True
        assert services.attended(db.session.get(User, came.id), course) is False


def test_participants_choose_whether_others_see_their_name(app, client, auth, make_user, community):
    meeting_id = make_meeting(app, community.id)
    shy, open_ = make_user("shy@contoh.id", name="Nama Tersembunyi"), make_user("open@contoh.id", name="Nama Terbuka")
    for person in (shy, open_):
        auth.login(person.email)
        client.post(f"/pertemuan/{meeting_id}/ikut")
        auth.logout()
    auth.login(open_.email)
    client.post(f"/pertemuan/{meeting_id}/nama", data={"tampilkan": "1"})
    auth.logout()
    auth.login(shy.email)
    page = client.get(f"/pertemuan/{meeting_id}/saya").get_data(as_text=True)
    assert "Nama Terbuka" in page and "Nama Tersembunyi" not in page.split("</header>")[1]


# ---- Volunteer sign-ups on programs -------------------------------------------------------


@pytest.fixture
def program_id(app, community):
    with app.app_context():
        program = Program(community_id=community.id, title="Kelas membaca Sabtu", regency_code="32.73",
                          seeks=["volunteers"])
        db.session.add(program)
        db.session.commit()
        return program.id


def test_a_volunteer_offer_opens_contacts_only_on_acceptance(app, client, auth, make_user, community, program_id):
    make_user("relawan@contoh.id", name="Dewi Relawan")
    auth.login()
    assert "Saya mau membantu" in client.get("/komunitas/rumah-baca-senja").get_data(as_text=True)
    refused = client.post(f"/program/{program_id}/bantu", data={"offer": "Hubungi saya di 081234567890 ya", "availability": "Sabtu"})
    assert refused.status_code == 422 and "Jangan tulis nomor telepon" in refused.get_data(as_text=True)
    response = client.post(f"/program/{program_id}/bantu",
                           data={"offer": "Saya bisa mendongeng untuk anak-anak.", "availability": "Sabtu pagi"})
    assert response.status_code == 303
    contact = client.get("/komunitas/rumah-baca-senja/kontak").get_data(as_text=True)
    assert "halo@rumahbaca.id" not in contact
    auth.logout()

    auth.login(COORDINATOR)
    assert "volunteer_offer_received" in kinds_for(app, _coordinator_id(app))
    page = client.get("/program/tawaran/rumah-baca-senja").get_data(as_text=True)
    assert "Dewi Relawan" in page and "relawan@contoh.id" not in page
    with app.app_context():
        offer_id = db.session.scalar(sa.select(VolunteerOffer.id))
    client.post(f"/program/tawaran/rumah-baca-senja/{offer_id}", data={"jawaban": "terima"})
    assert "relawan@contoh.id" in client.get("/program/tawaran/rumah-baca-senja").get_data(as_text=True)
    auth.logout()

    auth.login()
    assert "halo@rumahbaca.id" in client.get("/komunitas/rumah-baca-senja/kontak").get_data(as_text=True)
    mine = client.get("/kegiatan-saya").get_data(as_text=True)
    assert "Kelas membaca Sabtu" in mine and "diterima" in mine


def _coordinator_id(app):
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.email == COORDINATOR))


def test_offers_are_the_coordinators_alone(app, client, auth, make_user, community, other_community, program_id):
    make_user()
    auth.login()
    client.post(f"/program/{program_id}/bantu", data={"offer": "Saya bisa mendongeng untuk anak-anak.", "availability": "Sabtu"})
    assert client.get("/program/tawaran/rumah-baca-senja").status_code == 403
    auth.logout()
    auth.login("lain@contoh.id")
    assert client.get("/program/tawaran/rumah-baca-senja").status_code == 403
    with app.app_context():
        offer_id = db.session.scalar(sa.select(VolunteerOffer.id))
    assert client.post(f"/program/tawaran/bank-sampah-hijau/{offer_id}", data={"jawaban": "terima"}).status_code == 404
    assert client.get("/program/99999999/bantu").status_code == 404


def test_demo_meetings_span_time_zones_with_a_full_one_and_offers(app, runner):
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    with app.app_context():
        meetings = db.session.scalars(sa.select(Meeting)).all()
        now = utcnow()
        assert any(m.starts_at < now for m in meetings) and any(m.starts_at > now for m in meetings)
        assert {services.zone_of(m).key for m in meetings} >= {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"}
        assert any(m.is_full and services.waiting_line(m) for m in meetings if m.starts_at > now)
        assert any(m.course_id and m.counts_toward_certificate for m in meetings)
        assert {o.status for o in db.session.scalars(sa.select(VolunteerOffer))} >= {"pending", "accepted"}
        count = len(meetings)
    runner.invoke(args=["load-demo"])
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == count


def test_an_unverified_account_can_neither_rsvp_nor_offer_help(app, client, auth, make_user, community, program_id):
    meeting_id = make_meeting(app, community.id)
    make_user("baru@contoh.id", verified=False)
    auth.login("baru@contoh.id")
    for path, data in ((f"/pertemuan/{meeting_id}/ikut", {}),
                       (f"/program/{program_id}/bantu", {"offer": "Mengajar membaca", "availability": "Sabtu"})):
        response = client.post(path, data=data)
        assert response.status_code == 403 and "Periksa e-mail Anda" in response.get_data(as_text=True)
    assert registrations(app, meeting_id) == []
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(VolunteerOffer)) == 0
