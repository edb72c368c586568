"""Re-authentication before sensitive changes (ASVS 3.7.1), and changing the e-mail address
only through a link to the new one (issue 12, item 7)."""

import logging
import re

import pytest
import sqlalchemy as sa

from tests.conftest import DEFAULT_PASSWORD
from webapp.extensions import db
from webapp.models import AuditEvent, User


@pytest.fixture
def mail_log(app, caplog):
    caplog.set_level(logging.INFO, logger=app.logger.name)
    return caplog


@pytest.fixture
def rina(client, auth, make_user):
    make_user("rina@contoh.id", name="Rina Wulandari")
    auth.login("rina@contoh.id")
    return client


def long_ago(monkeypatch):
    """Every sign-in and confirmation now counts as too old."""
    monkeypatch.setattr("webapp.access.RECENT_AUTHENTICATION", 0)


def email_of(app, user_id=1):
    with app.app_context():
        return db.session.get(User, user_id).email


def test_a_fresh_sign_in_may_change_the_email_at_once(rina):
    page = rina.get("/akun/email")
    assert page.status_code == 200 and 'name="email"' in page.get_data(as_text=True)


def test_an_old_sign_in_types_the_password_again_and_comes_back(rina, monkeypatch):
    long_ago(monkeypatch)
    response = rina.get("/akun/email")
    assert response.status_code == 303
    assert response.headers["Location"] == "/akun/konfirmasi?next=/akun/email"
    # A late POST is not carried out: the person is sent to confirm, then back to the page.
    assert rina.post("/akun/email", data={"email": "baru@contoh.id"}).status_code == 303
    form = rina.get(response.headers["Location"])
    assert 'value="/akun/email"' in form.get_data(as_text=True)
    wrong = rina.post("/akun/konfirmasi", data={"password": "tebakan-salah", "next": "/akun/email"})
    assert wrong.status_code == 422 and "Kata sandi salah." in wrong.get_data(as_text=True)
    monkeypatch.undo()
    right = rina.post("/akun/konfirmasi", data={"password": DEFAULT_PASSWORD, "next": "/akun/email"})
    assert right.status_code == 303 and right.headers["Location"] == "/akun/email"
    assert rina.get("/akun/email").status_code == 200


def test_a_session_restored_from_remember_me_must_confirm(client, make_user):
    make_user()
    client.post("/akun/masuk", data={"email": "relawan@contoh.id", "password": DEFAULT_PASSWORD, "remember": "y"})
    client.delete_cookie("session")
    assert client.get("/akun").status_code == 200
    assert client.get("/akun/email").headers["Location"] == "/akun/konfirmasi?next=/akun/email"


@pytest.mark.parametrize(("target", "location"), [("/akun/email", "/akun/email"), ("https://evil.example", "/akun")])
def test_confirming_returns_only_to_a_safe_page(rina, target, location):
    response = rina.post("/akun/konfirmasi", data={"password": DEFAULT_PASSWORD, "next": target})
    assert response.headers["Location"] == location


def test_confirming_the_password_is_limited(rina):
    for _attempt in range(5):
        assert rina.post("/akun/konfirmasi", data={"password": "tebakan-salah"}).status_code == 422
    assert rina.post("/akun/konfirmasi", data={"password": DEFAULT_PASSWORD}).status_code == 429


def test_the_new_address_counts_only_once_its_link_is_opened(app, rina, mail_log):
    response = rina.post("/akun/email", data={"email": " Baru@Contoh.id "})
    assert response.status_code == 303
    assert email_of(app) == "rina@contoh.id"
    assert "To: rina@contoh.id" in mail_log.text and "menjadi baru@contoh.id" in mail_log.text
    to_new = mail_log.text.split("To: baru@contoh.id", 1)[1]
    link = re.search(r"https?://[^/\s]+(/akun/tautan/[\w-]+)", to_new).group(1)
    assert rina.get(link).headers["Location"] == "/akun"
    assert email_of(app) == "baru@contoh.id"
    assert rina.get(link).status_code == 410
    with app.app_context():
        assert "email_changed" in db.session.scalars(sa.select(AuditEvent.action)).all()
    assert rina.post("/akun/masuk", data={"email": "baru@contoh.id", "password": DEFAULT_PASSWORD}).status_code == 303


def test_a_taken_address_gets_the_same_answer_and_no_link(app, rina, make_user, mail_log):
    make_user("budi@contoh.id")
    taken = rina.post("/akun/email", data={"email": "budi@contoh.id"})
    free = rina.post("/akun/email", data={"email": "baru@contoh.id"})
    assert taken.status_code == free.status_code == 303
    assert taken.headers["Location"] == free.headers["Location"]
    to_budi = mail_log.text.split("To: budi@contoh.id", 1)[1].split("To: ", 1)[0]
    assert "/akun/tautan/" not in to_budi
    assert email_of(app) == "rina@contoh.id"


def test_an_address_taken_after_the_link_was_sent_is_not_switched_to(app, rina, make_user, mail_log):
    rina.post("/akun/email", data={"email": "baru@contoh.id"})
    link = re.search(r"To: baru@contoh\.id.*?https?://[^/\s]+(/akun/tautan/[\w-]+)", mail_log.text, re.S).group(1)
    make_user("baru@contoh.id")
    assert rina.get(link).status_code == 409
    assert email_of(app) == "rina@contoh.id"


@pytest.mark.parametrize(
    ("email", "message"),
    [("rina@contoh.id", "Ini alamat e-mail Anda sekarang."), ("bukan-email", "Masukkan alamat email yang benar")],
)
def test_change_email_checks_the_address(rina, email, message):
    response = rina.post("/akun/email", data={"email": email})
    assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_change_email_needs_sign_in(client):
    assert "/akun/masuk" in client.get("/akun/email").headers["Location"]
