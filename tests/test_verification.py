"""E-mail verification (issue 12, item 4): an account reaches other people (contacts,
partnerships) only once its owner has proven the address, through a single-use mailed link."""

import logging
import re
from datetime import datetime

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from tests import conftest
from tests.conftest import DEFAULT_PASSWORD
from webapp import create_app
from webapp.extensions import db
from webapp.contacts.models import ContactRequest
from webapp.models import User

REASON = "Saya relawan di Cibiru dan ingin membantu kelas membaca hari Sabtu."


@pytest.fixture
def mail_log(app, caplog):
    caplog.set_level(logging.INFO, logger=app.logger.name)
    return caplog


def last_link(log):
    return re.findall(r"https?://[^/\s]+(/akun/tautan/[\w-]+)", log.text)[-1]


@pytest.fixture
def unverified(client, auth, make_user, make_community):
    rina = make_user("rina@contoh.id", name="Rina Koordinator")
    make_community("Rumah Baca Senja", slug="senja", coordinators=[rina])
    make_user("baru@contoh.id", name="Dewi Baru", verified=False)
    auth.login("baru@contoh.id")
    return client


def contact_requests(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(ContactRequest))


def test_an_unverified_account_cannot_ask_for_contacts(app, unverified):
    response = unverified.post("/komunitas/senja/kontak", data={"message": REASON})
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Periksa e-mail Anda" in page and "baru@contoh.id" in page and "Kirim ulang tautan" in page
    assert contact_requests(app) == 0


def test_an_unverified_coordinator_cannot_send_partnership_requests(app, client, auth, make_user, make_community):
    ani = make_user("ani@contoh.id", verified=False)
    make_community("Bank Sampah", slug="bank-sampah", coordinators=[ani])
    make_community("Rumah Baca Senja", slug="senja")
    auth.login("ani@contoh.id")
    response = client.get("/kemitraan/ajak/senja")
    assert response.status_code == 403
    assert "Periksa e-mail Anda" in response.get_data(as_text=True)


def test_a_visitor_is_sent_to_sign_in(client, make_community):
    make_community("Rumah Baca Senja", slug="senja")
    response = client.post("/komunitas/senja/kontak", data={"message": REASON})
    assert response.status_code == 302 and "/akun/masuk" in response.headers["Location"]


def test_the_link_sent_again_verifies_and_the_request_goes_through(app, unverified, mail_log):
    response = unverified.post("/akun/verifikasi/kirim-ulang")
    assert response.status_code == 303
    assert "To: baru@contoh.id" in mail_log.text
    opened = unverified.get(last_link(mail_log))
    # Signed in here: straight back to the account page.
    assert opened.status_code == 303 and opened.headers["Location"] == "/akun"
    assert unverified.post("/komunitas/senja/kontak", data={"message": REASON}).status_code == 303
    assert contact_requests(app) == 1


def test_sending_the_link_again_is_limited(unverified, mail_log):
    for _attempt in range(3):
        assert unverified.post("/akun/verifikasi/kirim-ulang").status_code == 303
    limited = unverified.post("/akun/verifikasi/kirim-ulang")
    assert limited.status_code == 429
    assert mail_log.text.count("To: baru@contoh.id") == 3


def test_the_dashboard_says_what_is_missing(unverified):
    page = unverified.get("/akun").get_data(as_text=True)
    assert "Pastikan alamat e-mail Anda" in page and "/akun/verifikasi/kirim-ulang" in page


def test_a_verified_account_is_not_offered_a_link(client, auth, make_user, mail_log):
    make_user()
    auth.login()
    assert "/akun/verifikasi/kirim-ulang" not in client.get("/akun").get_data(as_text=True)
    assert client.post("/akun/verifikasi/kirim-ulang").headers["Location"] == "/akun"
    assert "/akun/tautan/" not in mail_log.text


def test_a_verification_link_works_once(app, client, make_user, mail_log):
    client.post("/akun/daftar", data={"name": "Dewi", "email": "dewi@contoh.id", "password": DEFAULT_PASSWORD,
                                      "password_confirm": DEFAULT_PASSWORD, "accept_rules": "y",
                                      "accept_privacy": "y"})
    link = last_link(mail_log)
    assert client.get(link).status_code == 303
    assert client.get(link).status_code == 410
    with app.app_context():
        assert db.session.scalar(sa.select(User.email_verified_at)) is not None


def test_accounts_made_before_verification_count_as_verified(tmp_path):
    """Nobody who signed up before verification existed is locked out of contacts by the upgrade."""
    app = create_app(conftest.test_config("sqlite:///" + str(tmp_path / "old.sqlite")))
    with app.app_context():
        upgrade(revision="lead_contact_requests")
        db.session.execute(sa.text(
            "INSERT INTO user (email, name, password_hash, role, created_at) "
            "VALUES ('lama@contoh.id', 'Lama', 'x', 'member', '2026-01-02 03:04:05')"))
        db.session.commit()
        upgrade()
        assert db.session.scalar(sa.select(User.email_verified_at)) == datetime(2026, 1, 2, 3, 4, 5)
        db.engine.dispose()
