"""Data saya: consent at registration, choices that can be withdrawn, correcting and exporting one's
data, deleting the account."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import DEFAULT_PASSWORD, audit_actions
from tests.test_accounts import registration
from webapp.audit import DELETED_ACTOR, USER_ID_DETAILS
from webapp.contacts.models import ContactBlock, ContactRequest
from webapp.extensions import db
from webapp.models import (
    AuditEvent,
    Campaign,
    Certificate,
    Community,
    Consent,
    ConsentPurpose,
    Coordinatorship,
    Course,
    Invitation,
    MailedLink,
    Meeting,
    Message,
    Partnership,
    Lesson,
    LessonCompletion,
    PartnershipRequest,
    Program,
    Registration,
    Role,
    User,
    VolunteerOffer,
    record_audit,
    utcnow,
)
from webapp.models.quizzes import Attempt, Quiz, QuizVersion
from webapp.moderation.models import ModerationCase, Report, Rule
from webapp.notifications.models import Notification, NotificationPreference
from webapp.notifications.services import choose_email, email_choices
from webapp.privacy import AREAS, PRIVACY_NOTICE_VERSION, Erasure, consent_given, pseudonym, record_consent


def answers(app, email):
    """The person's consent rows as (purpose, given, notice version), oldest first."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        return [
            (c.purpose, c.given, c.notice_version)
            for c in db.session.scalars(sa.select(Consent).where(Consent.user_id == user.id).order_by(Consent.id))
        ]


# Consent at registration


def test_registration_asks_for_the_rules_and_the_notice_with_links(client):
    page = client.get("/akun/daftar").get_data(as_text=True)
    for name in ("accept_rules", "accept_privacy", "email_notifications", "name_to_participants"):
        assert f'name="{name}"' in page
    assert 'href="/aturan"' in page and 'href="/privasi"' in page


def test_registration_refuses_without_accepting_the_rules_or_the_notice(app, client):
    for missing in ("accept_rules", "accept_privacy"):
        response = client.post("/akun/daftar", data=registration(**{missing: None}))
        assert response.status_code == 422
        assert f'id="{missing}-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_registration_records_a_consent_per_purpose_with_the_notice_version(app, client):
    response = client.post("/akun/daftar", data=registration(name_to_participants="y"))
    assert response.status_code == 303
    assert sorted(answers(app, "rina@contoh.id")) == sorted([
        (ConsentPurpose.RULES, True, PRIVACY_NOTICE_VERSION),
        (ConsentPurpose.PRIVACY_NOTICE, True, PRIVACY_NOTICE_VERSION),
        (ConsentPurpose.NAME_TO_PARTICIPANTS, True, PRIVACY_NOTICE_VERSION),
        (ConsentPurpose.EMAIL_NOTIFICATIONS, False, PRIVACY_NOTICE_VERSION),
    ])


def test_declining_email_at_registration_turns_every_notification_email_off(app, client):
    client.post("/akun/daftar", data=registration())
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        assert email_choices(user) and not any(email_choices(user).values())


def test_agreeing_to_email_at_registration_keeps_each_kinds_default(app, client):
    client.post("/akun/daftar", data=registration(email_notifications="y"))
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        assert any(email_choices(user).values())
        assert consent_given(user, ConsentPurpose.EMAIL_NOTIFICATIONS)
        stored = db.session.scalars(sa.select(NotificationPreference).where(NotificationPreference.user_id == user.id))
        assert {p.kind for p in stored} == set(email_choices(user))


# Choices on Data saya


def test_data_page_needs_an_account(client):
    response = client.get("/akun/data")
    assert response.status_code == 302 and "/akun/masuk" in response.headers["Location"]


def test_showing_ones_name_can_be_given_and_withdrawn_and_each_answer_is_kept(app, client, auth, make_user):
    make_user()
    auth.login()
    assert client.post("/akun/data/pilihan", data={"name_to_participants": "y"}).status_code == 303
    assert client.post("/akun/data/pilihan", data={}).status_code == 303
    assert [(p, g) for p, g, _ in answers(app, "relawan@contoh.id")] == [
        (ConsentPurpose.NAME_TO_PARTICIPANTS, True), (ConsentPurpose.NAME_TO_PARTICIPANTS, False),
    ]
    with app.app_context():
        assert not consent_given(db.session.scalar(sa.select(User)), ConsentPurpose.NAME_TO_PARTICIPANTS)
    page = client.get("/akun/data")
    assert page.headers["Cache-Control"] == "private, no-store"
    text = page.get_data(as_text=True)
    assert text.count("Nama saya terlihat oleh peserta pertemuan lain") == 2


def test_changing_email_choices_is_recorded_as_consent_when_the_answer_changes(app, client, auth, make_user):
    make_user()
    auth.login()
    client.post("/kotak-masuk/pengaturan", data={"email": ["contact_request_received"]})
    client.post("/kotak-masuk/pengaturan", data={"email": ["contact_request_received", "program_stale"]})
    client.post("/kotak-masuk/pengaturan", data={})
    assert [(p, g) for p, g, _ in answers(app, "relawan@contoh.id")] == [
        (ConsentPurpose.EMAIL_NOTIFICATIONS, True), (ConsentPurpose.EMAIL_NOTIFICATIONS, False),
    ]


def test_an_account_older_than_consents_says_none_was_recorded(client, auth, make_user):
    make_user()
    auth.login()
    page = client.get("/akun/data").get_data(as_text=True)
    assert "<title>Data saya · Jejaring</title>" in page
    assert "Belum ada persetujuan yang tercatat" in page


# A richly used account: Sekar coordinates Kebun Sekar with Dimas, wrote programs, a lesson,
# learned, asked and was asked for contacts, invited someone, asked Bank Sampah Hijau to partner.

NAME, EMAIL = "Sekar Ayuningtyas", "sekar.ayu@contoh.id"
# Other people's contact details: none may reach Sekar's export.
OTHERS_CONTACTS = ("dimas@contoh.id", "wulan@contoh.id", "lain@contoh.id", "halo@banksampah.id",
                   "081298765432", "calon@contoh.id")


@pytest.fixture
def sekar(app, client, auth, make_user, make_community, other_community):
    person = make_user(EMAIL, name=NAME)
    dimas = make_user("dimas@contoh.id", name="Dimas Pratama")
    wulan = make_user("wulan@contoh.id", name="Wulan Asih")
    own = make_community("Kebun Sekar", coordinators=[person, dimas], email=EMAIL, phone="081211112222")
    auth.login(EMAIL)  # a session on a device
    with app.app_context():
        me, own, other = db.session.get(User, person.id), db.session.get(Community, own.id), db.session.get(Community, other_community.id)
        db.session.execute(sa.update(Community).where(Community.id == other.id).values(email="halo@banksampah.id", phone="081298765432"))
        program = Program(community=own, title="Kelas kompos warga", regency_code="32.73")
        campaign = Campaign(community=own, title="Gerakan pilah sampah")
        course = Course(slug="dasar-kemitraan", title="Dasar kemitraan", published=True)
        lesson = Lesson(course=course, slug="mengapa-bermitra", title="Mengapa bermitra", published=True, updated_by=me)
        db.session.add_all([program, campaign, course, lesson])
        db.session.flush()
        record_audit("program.created", actor=me, community=own, program_id=program.id, title=program.title)
        record_audit("campaign.created", actor=me, community=own, campaign_id=campaign.id, title=campaign.title)
        record_audit("lesson.saved", actor=me, lesson_id=lesson.id, title=lesson.title, created=True)
        record_audit("coordinator.invited", actor=db.session.get(User, dimas.id), community=own, email=EMAIL)
        record_audit("coordination.handed_over", actor=me, community=own, subject_user=db.session.get(User, dimas.id),
                     from_user_id=me.id, to_user_id=dimas.id)
        db.session.add_all([
            LessonCompletion(user=me, lesson=lesson, idempotency_key="sekar-1"),
            Notification(user_id=me.id, kind="contact_request_received", link="/kelola/kebun-sekar",
                         params={"person": "Wulan Asih", "community": "Kebun Sekar", "message": "Boleh minta kontak?"}),
            # Dimas was told about something Sekar did, by name.
            Notification(user_id=dimas.id, kind="coordination_handed_over", link="/kelola/kebun-sekar",
                          params={"community": "Kebun Sekar", "previous": NAME}),
            ContactRequest(community=own, user_id=wulan.id, message="Saya ingin belajar kompos."),
            ContactRequest(community=other, user_id=me.id, message="Kami ingin belajar bank sampah."),
            ContactBlock(community_id=other.id, user_id=me.id),
            PartnershipRequest(sender=own, receiver=other, sent_by=me, goal="Kompos dan bank sampah",
                               message=f"Salam dari {NAME} ({EMAIL}) di Kebun Sekar."),
            Invitation(community=own, email="calon@contoh.id", token_hash="x" * 64, invited_by_id=me.id,
                       expires_at=utcnow() + timedelta(days=7)),
            MailedLink(purpose="verify", user_id=me.id, email=EMAIL, token_hash="v" * 64,
                       expires_at=utcnow() + timedelta(days=2), used_at=utcnow()),
        ])
        space = Partnership(title="Kompos dan bank sampah")
        db.session.add(space)
        db.session.flush()
        db.session.add(Message(partnership_id=space.id, author_id=me.id, community_id=own.id,
                               body=f"Salam dari {NAME}, jadwal rapat Kamis.", key="pesan-sekar-1"))
        meeting = Meeting(title="Kopdar kompos", community_id=other.id, province_code="32",
                          starts_at=utcnow() + timedelta(days=5), ends_at=utcnow() + timedelta(days=5, hours=2))
        db.session.add(meeting)
        db.session.flush()
        db.session.add_all([
            Registration(meeting_id=meeting.id, user_id=me.id, code="SEKAR234"),
            VolunteerOffer(program_id=program.id, user_id=wulan.id, offer="Membantu memilah sampah"),
            VolunteerOffer(program_id=program.id, user_id=me.id, offer="Mengajar kompos", availability="Sabtu"),
        ])
        quiz = Quiz(course=course, title="Kuis akhir dasar kemitraan")
        version = QuizVersion(quiz=quiz, number=1, published_at=utcnow())
        db.session.add_all([quiz, version,
                            Attempt(user=me, version=version, finished_at=utcnow()),
                            Certificate(code="23456789ABC8", user=me, course=course, printed_name=NAME)])
        case = ModerationCase(item_kind="komunitas", item_id=other.id)
        case.reports.append(Report(reporter_id=me.id, rule=Rule.HONESTY, reason="Profil ini memakai foto orang lain."))
        db.session.add(case)
        record_consent(me, ConsentPurpose.RULES, given=True)
        db.session.commit()
        choose_email(me, {"contact_request_received"})
    return person


def test_every_table_that_points_at_an_account_is_covered_by_an_eraser(app):
    covered = {table for area in AREAS.values() for table in area.tables}
    users = User.__table__.c.id
    pointing = {
        table.name for table in db.metadata.tables.values()
        if any(fk.column is users for fk in table.foreign_keys)
    }
    assert pointing and not pointing - covered, f"no eraser for {sorted(pointing - covered)}"
    assert "user" in covered


def test_the_export_holds_every_kind_of_record_and_no_other_persons_contact(app, client, sekar):
    response = client.get("/akun/data/salinan.zip")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    assert response.headers["Cache-Control"] == "private, no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "sekar" not in disposition.lower()
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert set(archive.namelist()) == {"data-saya.json", "BACA-SAYA.txt"}
    text = archive.read("data-saya.json").decode()
    data = json.loads(text)
    assert data["registration_consent_recorded"] is True
    areas = data["areas"]
    assert set(areas) == set(AREAS)
    empty = [name for name, area in areas.items() if not area["rows"]]
    assert not empty, f"nothing exported for {empty}"
    assert areas["account"]["rows"] == [
        {"name": NAME, "email": EMAIL, "role": "Relawan", "created_at": areas["account"]["rows"][0]["created_at"]}
    ]
    assert {r["title"] for r in areas["programs_written"]["rows"]} == {"Kelas kompos warga", "Gerakan pilah sampah"}
    assert {r["sent_by_you"] for r in areas["contact_requests"]["rows"]} == {True, False}
    assert areas["progress"]["rows"][0]["lesson"] == "Mengapa bermitra"
    assert "password" not in text and "pbkdf2" not in text
    for contact in OTHERS_CONTACTS:
        assert contact not in text


def test_the_readable_page_shows_the_same_records(client, sekar):
    response = client.get("/akun/data/salinan")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    page = response.get_data(as_text=True)
    for text in (NAME, "Kebun Sekar", "Kelas kompos warga", "Mengapa bermitra", "Kompos dan bank sampah",
                 "Kami ingin belajar bank sampah.", "Saya ingin belajar kompos.", "Menerima aturan jejaring"):
        assert text in page
    for contact in OTHERS_CONTACTS:
        assert contact not in page


def test_an_export_holds_only_its_owners_rows(app, client, auth, sekar, make_user):
    make_user("tamu@contoh.id", name="Tamu Baru")
    auth.logout()
    auth.login("tamu@contoh.id")
    data = json.loads(zipfile.ZipFile(io.BytesIO(client.get("/akun/data/salinan.zip").data)).read("data-saya.json"))
    rows = {name: area["rows"] for name, area in data["areas"].items() if area["rows"]}
    assert set(rows) == {"account", "sessions"}
    assert data["registration_consent_recorded"] is False  # made before consents were recorded
    assert NAME not in json.dumps(data)


def test_the_name_can_be_corrected(app, client, sekar):
    assert client.get("/akun/data/ubah").status_code == 200
    response = client.post("/akun/data/ubah", data={"name": "  Sekar A.\x00 "})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(User, sekar.id).name == "Sekar A."
    assert audit_actions(app)[-1] == "account.corrected"
    assert client.post("/akun/data/ubah", data={"name": ""}).status_code == 422


# Deleting the account


def rows_pointing_at(user_id):
    """(table, column) of every value in the database that still names the account by id."""
    users = User.__table__.c.id
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column is users for fk in column.foreign_keys):
                if db.session.scalar(sa.select(sa.func.count()).select_from(table).where(column == user_id)):
                    found.append((table.name, column.name))
    return found


def texts_naming(*words):
    """(table, column, value) of every text or JSON value in the database containing one of `words`."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, (sa.String, sa.Text, sa.JSON)):
                continue
            for value in db.session.scalars(sa.select(column)):
                text = json.dumps(value, ensure_ascii=False) if isinstance(column.type, sa.JSON) else (value or "")
                if any(word.lower() in text.lower() for word in words):
                    found.append((table.name, column.name, value))
    return found


def test_deleting_a_richly_used_account_leaves_nothing_that_names_it(app, client, sekar):
    with app.app_context():
        assert rows_pointing_at(sekar.id) and texts_naming(NAME, EMAIL)  # the walk finds what is there
    response = client.post("/akun/data/hapus", data={"password": DEFAULT_PASSWORD})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    with app.app_context():
        assert db.session.get(User, sekar.id) is None
        assert rows_pointing_at(sekar.id) == []
        # The one trace that stays on purpose: an issued certificate keeps the name printed on
        # it, so the paper still verifies by its code (unless revoked); the notice says so.
        assert texts_naming(NAME, EMAIL) == [("certificate", "printed_name", NAME)]
        assert client.get("/v/23456789ABC8").status_code == 200
        details = db.session.scalars(sa.select(AuditEvent.details)).all()
        assert not any(d.get(key) == sekar.id for d in details for key in USER_ID_DETAILS)
        # What stays: the community, its programs, the partnership request, the lesson.
        own = db.session.scalar(sa.select(Community).where(Community.slug == "kebun-sekar"))
        assert [c.user.name for c in own.coordinatorships] == ["Dimas Pratama"]
        assert own.email is None and own.phone == "081211112222"
        assert {p.title for p in own.programs} == {"Kelas kompos warga"}
        request = db.session.scalar(sa.select(PartnershipRequest))
        assert request.sent_by_id is None and request.message.startswith("Salam dari Pengguna terhapus #")
        assert db.session.scalar(sa.select(Lesson.title)) == "Mengapa bermitra"


def test_audit_entries_keep_a_pseudonym_the_same_for_each_entry(app, client, auth, sekar, make_user):
    client.post("/akun/data/hapus", data={"password": DEFAULT_PASSWORD})
    with app.app_context():
        tag = pseudonym(sekar.id)
        assert re.fullmatch(r"Pengguna terhapus #[0-9a-f]{6}", tag)
        events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.actor_id.is_(None))).all()
        assert {e.action for e in events} >= {"program.created", "lesson.saved", "account.deleted"}
        assert {e.details[DELETED_ACTOR] for e in events} == {tag}
    make_user("admin@contoh.id", name="Admin", role=Role.ADMIN)
    auth.login("admin@contoh.id")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert f"<strong>{tag}</strong> menambah program" in page
    assert NAME not in page


def test_deleting_signs_the_account_out_everywhere(app, client, sekar):
    other_phone = app.test_client()
    other_phone.post("/akun/masuk", data={"email": EMAIL, "password": DEFAULT_PASSWORD})
    assert other_phone.get("/akun").status_code == 200
    client.post("/akun/data/hapus", data={"password": DEFAULT_PASSWORD})
    for device in (client, other_phone):
        response = device.get("/akun")
        assert response.status_code == 302 and "/akun/masuk" in response.headers["Location"]


def test_deleting_needs_the_password(app, client, sekar):
    page = client.get("/akun/data/hapus")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Yang tetap ada, dan mengapa" in text and "Pengguna terhapus" in text
    for password, message in (("", "Masukkan kata sandi Anda"), ("bukan-sandinya-sama-sekali", "Kata sandi salah.")):
        response = client.post("/akun/data/hapus", data={"password": password})
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, sekar.id) is not None


def test_the_last_coordinator_must_hand_over_first(app, client, auth, coordinator, community):
    auth.login("koordinator@contoh.id")
    page = client.get("/akun/data/hapus").get_data(as_text=True)
    assert "satu-satunya koordinator Rumah Baca Senja" in page
    assert 'href="/kelola/rumah-baca-senja/koordinator"' in page and 'name="password"' not in page
    response = client.post("/akun/data/hapus", data={"password": DEFAULT_PASSWORD})
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(User, coordinator.id) is not None
        assert db.session.scalar(sa.select(sa.func.count(Coordinatorship.id))) == 1


def test_scrubbing_replaces_the_name_and_address_only_as_whole_words():
    erasure = Erasure(7, "Ani", "ani@contoh.id", "Pengguna terhapus #abc123")
    assert erasure.scrub("Pertanian bersama ANI (ani@contoh.id), kata Ani.") == (
        "Pertanian bersama Pengguna terhapus #abc123 (Pengguna terhapus #abc123), kata Pengguna terhapus #abc123."
    )


@pytest.mark.parametrize("path, data", [
    ("/akun/data/hapus", {"password": DEFAULT_PASSWORD}),
    ("/akun/data/pilihan", {"name_to_participants": "y"}),
    ("/akun/data/ubah", {"name": "Orang Lain"}),
])
def test_data_saya_forms_need_a_csrf_token(app, client, sekar, path, data):
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(path, data=data).status_code == 400
    with app.app_context():
        person = db.session.get(User, sekar.id)
        assert person is not None and person.name == NAME
        assert not consent_given(person, ConsentPurpose.NAME_TO_PARTICIPANTS)


def test_huge_or_odd_input_is_refused_without_an_error(app, client, sekar):
    assert client.post("/akun/data/ubah", data={"name": "x" * 5000}).status_code == 422
    assert client.post("/akun/data/hapus", data={"password": "\r\n\x00" * 100}).status_code == 422
    assert client.post("/akun/data/pilihan", data={"name_to_participants": "\x00"}).status_code == 303
