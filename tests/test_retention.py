"""Retention: what is kept only for a while goes when its time is up, every day, as the notice says."""

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from webapp.audit import AUDIT_KEPT
from webapp.contacts.models import ContactRequest, ContactRequestStatus
from webapp.extensions import db
from webapp.jobs import huey
from webapp.models import AuditEvent, Invitation, MailedLink, User, UserSession, utcnow
from webapp.notifications.models import Notification
from webapp.privacy import apply_retention, enforce_retention

NOW = datetime(2027, 6, 1, 12, 0)
DAY = timedelta(days=1)


@pytest.fixture
def person(make_user):
    return make_user()


def retain(app):
    """Run the retention schedule as of NOW; how many rows each area deleted."""
    with app.app_context():
        return apply_retention(NOW)


def add(app, *rows):
    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()


def test_sessions_go_thirty_days_after_they_ended(app, person):
    session = lambda key, **when: UserSession(user_id=person.id, key_hash=key * 64, **when)  # noqa: E731
    add(app,
        session("a", created_at=NOW - 10 * DAY, last_seen_at=NOW - 2 * DAY),  # open
        session("b", created_at=NOW - 40 * DAY, last_seen_at=NOW - 40 * DAY, ended_at=NOW - 29 * DAY),
        session("c", created_at=NOW - 40 * DAY, last_seen_at=NOW - 40 * DAY, ended_at=NOW - 31 * DAY),
        # Never signed out, idle since 61 days: idle-ended at 31 days ago.
        session("d", created_at=NOW - 61 * DAY, last_seen_at=NOW - 61 * DAY),
        # Used yesterday, but signed in 121 days ago: past the 90-day limit for 31 days.
        session("e", created_at=NOW - 121 * DAY, last_seen_at=NOW - DAY),
        # Idle-ended 29 days ago: kept.
        session("f", created_at=NOW - 59 * DAY, last_seen_at=NOW - 59 * DAY))
    counts = retain(app)
    with app.app_context():
        assert sorted(k[0] for k in db.session.scalars(sa.select(UserSession.key_hash))) == ["a", "b", "f"]
    assert counts["sessions"] == 3


def test_invitations_go_thirty_days_after_they_expired(app, person, community):
    invitation = lambda key, expires: Invitation(  # noqa: E731
        community_id=community.id, email="calon@contoh.id", token_hash=key * 64, invited_by_id=person.id,
        expires_at=expires, created_at=expires - 7 * DAY)
    add(app, invitation("a", NOW + DAY), invitation("b", NOW - 29 * DAY), invitation("c", NOW - 31 * DAY))
    retain(app)
    with app.app_context():
        assert sorted(k[0] for k in db.session.scalars(sa.select(Invitation.token_hash))) == ["a", "b"]


def test_unanswered_and_declined_contact_requests_go_after_ninety_days(app, person, community):
    request = lambda message, status, sent, answered=None: ContactRequest(  # noqa: E731
        community_id=community.id, user_id=person.id, message=message, status=status,
        created_at=NOW - sent * DAY, answered_at=answered and NOW - answered * DAY)
    add(app,
        request("menunggu baru", ContactRequestStatus.PENDING, 89),
        request("menunggu lama", ContactRequestStatus.PENDING, 91),
        request("ditolak baru", ContactRequestStatus.DECLINED, 200, 89),
        request("ditolak lama", ContactRequestStatus.DECLINED, 200, 91),
        request("diterima lama", ContactRequestStatus.ACCEPTED, 900, 899))
    retain(app)
    with app.app_context():
        assert sorted(db.session.scalars(sa.select(ContactRequest.message))) == [
            "diterima lama", "ditolak baru", "menunggu baru"]


def test_notifications_go_after_a_year(app, person):
    notification = lambda link, age: Notification(  # noqa: E731
        user_id=person.id, kind="community_verified", params={"community": "X"}, link=link, created_at=NOW - age)
    add(app, notification("/baru", 364 * DAY), notification("/lama", 366 * DAY))
    retain(app)
    with app.app_context():
        assert db.session.scalars(sa.select(Notification.link)).all() == ["/baru"]


def test_audit_entries_go_after_two_years(app, person):
    add(app,
        AuditEvent(action="password_changed", actor_id=person.id, created_at=NOW - AUDIT_KEPT + DAY),
        AuditEvent(action="password_reset", actor_id=person.id, created_at=NOW - AUDIT_KEPT - DAY))
    retain(app)
    with app.app_context():
        assert db.session.scalars(sa.select(AuditEvent.action)).all() == ["password_changed"]
        assert db.session.get(User, person.id) is not None  # only what is past its time goes


def test_retention_runs_every_night_in_jakarta(app):
    def due(at):
        return [task.name for task in huey.read_periodic(at) if task.name == "enforce_retention"]

    assert due(datetime(2026, 12, 1, 19, 0)) == ["enforce_retention"]  # 02:00 WIB
    assert due(datetime(2026, 12, 1, 1, 0)) == []


@pytest.mark.parametrize("lang, words", [
    ("id", ("dihapus 30 hari setelah berakhir", "dihapus 30 hari setelah habis berlaku",
            "dihapus 90 hari", "dihapus setelah 1 tahun", "dihapus setelah 2 tahun")),
    ("en", ("deleted 30 days after they end", "deleted 30 days after they expire",
            "deleted 90 days", "deleted after 1 year", "deleted after 2 years")),
])
def test_the_privacy_notice_states_the_schedule(client, lang, words):
    client.get(f"/bahasa/{lang}")
    page = client.get("/privasi").get_data(as_text=True)
    for text in words:
        assert text in page


def test_the_daily_job_applies_the_schedule(app, person):
    with app.app_context():
        db.session.add(AuditEvent(action="password_reset", actor_id=person.id, created_at=utcnow() - 3 * 365 * DAY))
        db.session.commit()
        enforce_retention.call_local()
        assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 0


def test_accounts_never_confirmed_go_after_thirty_days_unless_they_coordinate(app, make_user, make_community):
    old = make_user("lama@contoh.id", name="Belum Konfirmasi", verified=False)
    recent = make_user("baru@contoh.id", verified=False)
    confirmed = make_user("sudah@contoh.id")
    coordinating = make_user("koordinator@contoh.id", verified=False)
    make_community("Rumah Baca Senja", coordinators=[coordinating])
    with app.app_context():
        for user_id, age in ((old.id, 31), (recent.id, 29), (confirmed.id, 400), (coordinating.id, 31)):
            db.session.get(User, user_id).created_at = NOW - age * DAY
        db.session.commit()
    counts = retain(app)
    with app.app_context():
        assert sorted(db.session.scalars(sa.select(User.email))) == [
            "baru@contoh.id", "koordinator@contoh.id", "sudah@contoh.id"]
    assert counts["account"] == 1


def test_mailed_links_go_a_week_after_they_were_used_or_expired(app, person):
    link = lambda key, **when: MailedLink(purpose="reset", user_id=person.id, email=person.email,  # noqa: E731
                                          token_hash=key * 64, **when)
    add(app,
        link("a", created_at=NOW - DAY, expires_at=NOW + DAY),  # still valid
        link("b", created_at=NOW - 9 * DAY, expires_at=NOW - 8 * DAY),  # expired 8 days ago
        link("c", created_at=NOW - 9 * DAY, expires_at=NOW - 6 * DAY),  # expired 6 days ago
        link("d", created_at=NOW - 9 * DAY, expires_at=NOW + DAY, used_at=NOW - 8 * DAY))  # used 8 days ago
    counts = retain(app)
    with app.app_context():
        assert sorted(k[0] for k in db.session.scalars(sa.select(MailedLink.token_hash))) == ["a", "c"]
    assert counts["mailed_links"] == 2
