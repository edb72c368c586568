"""Data saya: consent at registration, choices that can be withdrawn."""

import sqlalchemy as sa

from tests.conftest import DEFAULT_PASSWORD
from tests.test_accounts import registration
from webapp.extensions import db
from webapp.models import Consent, ConsentPurpose, User
from webapp.notifications.models import NotificationPreference
from webapp.notifications.services import email_choices
from webapp.privacy import PRIVACY_NOTICE_VERSION, consent_given


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


def test_changing_email_choices_is_recorded_as_consent(app, client, auth, make_user):
    make_user()
    auth.login()
    client.post("/kotak-masuk/pengaturan", data={})
    assert answers(app, "relawan@contoh.id")[-1][:2] == (ConsentPurpose.EMAIL_NOTIFICATIONS, False)


def test_an_account_older_than_consents_says_none_was_recorded(client, auth, make_user):
    make_user()
    auth.login()
    page = client.get("/akun/data").get_data(as_text=True)
    assert "Belum ada persetujuan yang tercatat" in page
