"""Notifications: each wired event reaches the recipient's inbox and badge count, e-mail follows
each person's choices, and nobody reads or marks another person's notifications."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import Community, Program, ProgramStatus, Role, utcnow
from webapp.notifications import notify
from webapp.notifications.kinds import KINDS
from webapp.notifications.models import Notification
from webapp.notifications.services import look_for_stale_programs

COORDINATOR = "budi@contoh.id"
OTHER = "rina@contoh.id"


@pytest.fixture
def mail_log(caplog):
    caplog.set_level("INFO")
    return caplog


def mails_to(caplog, address):
    """The development mails (logged, no MAIL_SERVER) addressed to `address`."""
    return [record.getMessage() for record in caplog.records
            if record.getMessage().startswith("E-mail not sent") and f"\nTo: {address}\n" in record.getMessage()]


def unread(client):
    response = client.get("/kotak-masuk/jumlah")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    return response.get_json()["unread"]


def inbox(client, page=1):
    response = client.get("/kotak-masuk" + (f"?hal={page}" if page > 1 else ""))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def sign_in_as(client, auth, email):
    auth.logout()
    assert auth.login(email).status_code == 303


@pytest.fixture
def coordinator(make_user, make_community):
    budi = make_user(COORDINATOR, name="Budi Koordinator")
    make_community("Bank Sampah Hijau", coordinators=[budi], slug="bank-sampah-hijau")
    return budi


def add_notifications(app, user, count, kind="community_verified"):
    with app.test_request_context():
        for number in range(count):
            notify(user, kind, link=f"/komunitas/nomor-{number}", community=f"Komunitas {number}")
        db.session.commit()


def notification_ids(app, email):
    with app.app_context():
        return list(db.session.scalars(
            sa.select(Notification.id).join(Notification.user).where(sa.text("email = :email")).params(email=email)
            .order_by(Notification.id)
        ))


# The wired events


def test_verification_and_its_withdrawal_reach_the_coordinators(app, client, auth, make_user, coordinator, mail_log):
    make_user("fasilitator@contoh.id", role=Role.FACILITATOR)
    with app.app_context():
        community_id = db.session.scalar(sa.select(Community.id))
    sign_in_as(client, auth, COORDINATOR)
    assert unread(client) == 0

    sign_in_as(client, auth, "fasilitator@contoh.id")
    assert client.post(f"/admin/komunitas/{community_id}/verifikasi").status_code == 303
    sign_in_as(client, auth, COORDINATOR)
    assert unread(client) == 1
    assert "Bank Sampah Hijau sudah diverifikasi. Lencana terverifikasi kini tampil di profilnya." in inbox(client)

    sign_in_as(client, auth, "fasilitator@contoh.id")
    assert client.post(f"/admin/komunitas/{community_id}/cabut").status_code == 303
    sign_in_as(client, auth, COORDINATOR)
    assert unread(client) == 2
    assert "Verifikasi Bank Sampah Hijau dicabut." in inbox(client)
    # Off by default: nothing to answer, so no e-mail.
    assert mails_to(mail_log, COORDINATOR) == []


def test_a_partnership_request_reaches_the_receivers_inbox_and_mail(app, client, auth, make_user, make_community,
                                                                    coordinator, mail_log):
    rina = make_user(OTHER, name="Rina")
    make_community("Rumah Baca Senja", coordinators=[rina])
    sign_in_as(client, auth, OTHER)
    response = client.post("/kemitraan/ajak/bank-sampah-hijau",
                           data={"dari": "rumah-baca-senja", "goal": "Kelas literasi lingkungan bersama"})
    assert response.status_code == 303
    detail = response.headers["Location"]
    assert unread(client) == 0  # the sender is not told

    sign_in_as(client, auth, COORDINATOR)
    assert unread(client) == 1
    page = inbox(client)
    assert "Rumah Baca Senja mengajak Bank Sampah Hijau bermitra: Kelas literasi lingkungan bersama" in page
    # On by default (it needs an answer): the mail as before, with the link and a way to turn it off.
    [mail] = mails_to(mail_log, COORDINATOR)
    assert "Subject: Ajakan bermitra dari Rumah Baca Senja" in mail
    assert f"http://localhost{detail}" in mail and "http://localhost/kotak-masuk/pengaturan" in mail
    assert OTHER not in mail

    # Opening it leads to the request and marks it read.
    [number] = notification_ids(app, COORDINATOR)
    response = client.get(f"/kotak-masuk/{number}")
    assert response.status_code == 303 and response.headers["Location"] == detail
    assert unread(client) == 0


def test_an_invitation_to_an_existing_account_reaches_its_inbox(app, client, auth, make_user, make_community,
                                                                coordinator, mail_log):
    rina = make_user(OTHER, name="Rina")
    make_community("Rumah Baca Senja", coordinators=[rina])
    sign_in_as(client, auth, OTHER)
    for address in (COORDINATOR, "baru@contoh.id"):
        response = client.post("/kelola/rumah-baca-senja/koordinator/undang", data={"email": address})
        assert response.status_code == 303

    # Both get the e-mail with the link; only the account also gets an inbox entry (no duplicate mail).
    assert len(mails_to(mail_log, COORDINATOR)) == len(mails_to(mail_log, "baru@contoh.id")) == 1
    assert "/kelola/undangan/" in mails_to(mail_log, COORDINATOR)[0]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 1

    sign_in_as(client, auth, COORDINATOR)
    assert unread(client) == 1
    assert "Rina mengundang Anda menjadi koordinator Rumah Baca Senja." in inbox(client)
    [number] = notification_ids(app, COORDINATOR)
    response = client.get(f"/kotak-masuk/{number}")
    assert response.headers["Location"] == "/akun#undangan"
    assert 'id="undangan"' in client.get("/akun").get_data(as_text=True)


def _program(app, title, confirmed_days_ago, status=ProgramStatus.RUNNING):
    with app.app_context():
        community = db.session.scalar(sa.select(Community))
        program = Program(community=community, title=title, regency_code="32.73", status=status,
                          last_confirmed_at=utcnow() - timedelta(days=confirmed_days_ago))
        db.session.add(program)
        db.session.commit()
        return program.id


def _run_daily_job(app):
    with app.app_context():
        look_for_stale_programs.call_local()


def test_a_program_going_stale_is_told_once(app, client, auth, coordinator, mail_log):
    stale = _program(app, "Sedekah Sampah", confirmed_days_ago=200)
    _program(app, "Program Baru", confirmed_days_ago=10)
    _program(app, "Program Selesai", confirmed_days_ago=400, status=ProgramStatus.FINISHED)
    sign_in_as(client, auth, COORDINATOR)

    _run_daily_job(app)
    assert unread(client) == 1
    assert "Program Sedekah Sampah dari Bank Sampah Hijau belum dikonfirmasi selama 6 bulan." in inbox(client)
    # It asks for an answer, so it is e-mailed by default, with a link built from PUBLIC_URL.
    [mail] = mails_to(mail_log, COORDINATOR)
    assert "http://127.0.0.1:5000/kelola/bank-sampah-hijau/program" in mail

    _run_daily_job(app)
    assert unread(client) == 1  # once per program

    # Confirmed, then forgotten again: it crosses the line anew and is told again.
    with app.app_context():
        db.session.get(Program, stale).last_confirmed_at = utcnow() - timedelta(days=190)
        db.session.commit()
    _run_daily_job(app)
    assert unread(client) == 2


# The inbox


def test_the_inbox_lists_newest_first_and_marks_what_is_unread(app, client, auth, coordinator):
    add_notifications(app, coordinator, 3)
    sign_in_as(client, auth, COORDINATOR)
    first, second, third = notification_ids(app, COORDINATOR)
    client.get(f"/kotak-masuk/{second}")

    page = inbox(client)
    items = re.findall(r'<li class="card( unread)?"><div>\s*<p>(?:<span class="badge">Baru</span> )?'
                       r'<a href="/kotak-masuk/(\d+)">', page)
    assert items == [(" unread", str(third)), ("", str(second)), (" unread", str(first))]
    assert page.count(">Baru<") == 2
    assert unread(client) == 2


def test_mark_all_read(app, client, auth, coordinator):
    add_notifications(app, coordinator, 2)
    sign_in_as(client, auth, COORDINATOR)
    assert "Tandai semua sudah dibaca" in inbox(client)
    response = client.post("/kotak-masuk/baca-semua", follow_redirects=True)
    assert "Semua pemberitahuan ditandai sudah dibaca." in response.get_data(as_text=True)
    assert unread(client) == 0
    assert "Tandai semua sudah dibaca" not in inbox(client)


def test_an_empty_inbox_says_so(client, auth, coordinator):
    sign_in_as(client, auth, COORDINATOR)
    assert "Belum ada pemberitahuan." in inbox(client)


def test_the_inbox_is_paginated(app, client, auth, coordinator):
    add_notifications(app, coordinator, 23)
    sign_in_as(client, auth, COORDINATOR)
    first = inbox(client)
    assert first.count('href="/kotak-masuk/') - first.count('href="/kotak-masuk/pengaturan') == 20
    assert "Komunitas 22 sudah diverifikasi" in first and "Halaman 1 dari 2" in first
    second = inbox(client, page=2)
    assert "Komunitas 0 sudah diverifikasi" in second and "Komunitas 22" not in second
    assert "Belum ada pemberitahuan" in inbox(client, page=10**12)


def test_the_dashboard_tells_how_many_are_new_without_javascript(app, client, auth, coordinator):
    sign_in_as(client, auth, COORDINATOR)
    assert "pemberitahuan baru</a>" not in client.get("/akun").get_data(as_text=True)
    add_notifications(app, coordinator, 2)
    assert '<a href="/kotak-masuk">2 pemberitahuan baru</a>' in client.get("/akun").get_data(as_text=True)


def test_the_inbox_speaks_the_readers_language(app, client, auth, coordinator):
    add_notifications(app, coordinator, 1)
    sign_in_as(client, auth, COORDINATOR)
    client.set_cookie("lang", "en")
    assert "Komunitas 0 has been verified." in inbox(client)


@pytest.mark.parametrize("path", ["/kotak-masuk", "/kotak-masuk/pengaturan", "/kotak-masuk/1"])
def test_the_inbox_needs_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/akun/masuk?next=")


def test_the_count_is_private_and_zero_for_visitors(client):
    assert unread(client) == 0


def test_the_badge_is_not_rendered_into_shared_pages(app, client, auth, coordinator):
    add_notifications(app, coordinator, 1)
    sign_in_as(client, auth, COORDINATOR)
    client.get("/akun")  # shows the "signed in" message, which would make the next page personal
    for path in ("/", "/belajar", "/komunitas"):
        response = client.get(path)
        assert response.headers["Cache-Control"].startswith("public")
        html = response.get_data(as_text=True)
        assert re.search(r'<a class="count" id="belum-dibaca" href="/kotak-masuk" hidden data-url="/kotak-masuk/jumlah"'
                         r' data-text="\{n\} pemberitahuan baru"></a>', html), path
    for path in ("/kotak-masuk", "/kotak-masuk/pengaturan"):
        assert client.get(path).headers["Cache-Control"] == "private, no-store"


# Nobody reads or marks another's notifications


@pytest.mark.parametrize("number", ["mine-of-other", 0, 2**31, 2**63, 2**63 + 1, 10**30])
def test_nobody_opens_another_persons_notification(app, client, auth, make_user, coordinator, number):
    rina = make_user(OTHER, name="Rina")
    add_notifications(app, rina, 1)
    [rinas] = notification_ids(app, OTHER)
    sign_in_as(client, auth, COORDINATOR)
    target = rinas if number == "mine-of-other" else number
    assert client.get(f"/kotak-masuk/{target}").status_code == 404
    assert "Komunitas 0" not in inbox(client)

    sign_in_as(client, auth, OTHER)
    assert unread(client) == 1  # still unread


def test_marking_all_read_touches_only_ones_own(app, client, auth, make_user, coordinator):
    rina = make_user(OTHER, name="Rina")
    add_notifications(app, rina, 2)
    add_notifications(app, coordinator, 1)
    sign_in_as(client, auth, COORDINATOR)
    client.post("/kotak-masuk/baca-semua")
    sign_in_as(client, auth, OTHER)
    assert unread(client) == 2


# E-mail choices


def test_email_defaults_and_choices(app, client, auth, make_user, make_community, coordinator, mail_log):
    sign_in_as(client, auth, COORDINATOR)
    page = client.get("/kotak-masuk/pengaturan").get_data(as_text=True)
    checked = set(re.findall(r'<input checked id="email-\d+" name="email" type="checkbox" value="(\w+)">', page))
    assert checked == {"partnership_request_received", "partnership_request_accepted", "coordination_handed_over",
                       "contact_request_received", "contact_request_accepted", "program_stale",
                       "space_partner_invited", "space_partner_joined", "space_partner_left", "space_broker_invited",
                       "space_agreement_changed", "space_health_check_opened", "space_health_check_due", "space_ended",
                       "meeting_place_offered", "meeting_changed", "meeting_reminder",
                       "volunteer_offer_received", "volunteer_offer_accepted",
                       "moderation_hidden", "moderation_changes_requested", "moderation_warned",
                       "moderation_suspended", "moderation_restored"}
    assert "coordinator_invitation" not in page  # always mailed: the link is in it

    response = client.post("/kotak-masuk/pengaturan", data={"email": ["community_verified"]}, follow_redirects=True)
    assert "Pilihan e-mail disimpan." in response.get_data(as_text=True)

    # A partnership request now lands in the inbox only.
    rina = make_user(OTHER, name="Rina")
    make_community("Rumah Baca Senja", coordinators=[rina])
    sign_in_as(client, auth, OTHER)
    client.post("/kemitraan/ajak/bank-sampah-hijau", data={"dari": "rumah-baca-senja", "goal": "Kelas bersama"})
    sign_in_as(client, auth, COORDINATOR)
    assert unread(client) == 1
    assert mails_to(mail_log, COORDINATOR) == []

    # And a verification, turned on, comes by e-mail too.
    make_user("fasilitator@contoh.id", role=Role.FACILITATOR)
    sign_in_as(client, auth, "fasilitator@contoh.id")
    with app.app_context():
        community_id = db.session.scalar(sa.select(Community.id).where(Community.slug == "bank-sampah-hijau"))
    client.post(f"/admin/komunitas/{community_id}/verifikasi")
    [mail] = mails_to(mail_log, COORDINATOR)
    assert "Subject: Bank Sampah Hijau sudah diverifikasi" in mail


def test_an_unknown_email_choice_is_refused(client, auth, coordinator):
    sign_in_as(client, auth, COORDINATOR)
    response = client.post("/kotak-masuk/pengaturan", data={"email": ["semuanya"]})
    assert response.status_code == 422
    assert "Pilihan tidak dikenal." in response.get_data(as_text=True)


# notify itself


def test_notify_needs_every_parameter_and_a_local_link(app, coordinator):
    with app.test_request_context():
        with pytest.raises(TypeError, match="community"):
            notify(coordinator, "community_verified", link="/komunitas/x")
        with pytest.raises(ValueError):
            notify(coordinator, "community_verified", link="https://contoh.id/", community="X")
        with pytest.raises(ValueError):
            notify(coordinator, "community_verified", link="//contoh.id/", community="X")
        with pytest.raises(KeyError):
            notify(coordinator, "no_such_kind", link="/")


def test_no_mail_for_what_was_rolled_back(app, coordinator, mail_log):
    with app.test_request_context():
        notify(coordinator, "partnership_request_received", link="/kemitraan/1", sender="A", receiver="B", goal="C")
        db.session.rollback()
        db.session.commit()
    assert mails_to(mail_log, COORDINATOR) == []


def test_every_kind_renders_in_both_languages(app):
    rendered = {}
    for language in ("id", "en"):
        with app.test_request_context(headers={"Cookie": f"lang={language}"}):
            for kind, spec in KINDS.items():
                params = {name: f"<{name}>" for name in spec.params}
                for part, text in (("sentence", spec.sentence), ("subject", spec.subject)):
                    line = str(text) % params
                    assert all(f"<{name}>" in line for name in spec.params if part == "sentence"), kind
                    rendered[language, kind, part] = line
    for kind in KINDS:
        assert rendered["id", kind, "sentence"] != rendered["en", kind, "sentence"], kind
