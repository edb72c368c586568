"""Accounts that can't be mass-made (issue 12, item 4): registration limited per address and
per network, shared by app servers through Redis; a facilitator registers a meeting's people."""

import logging
import re

import pytest
import sqlalchemy as sa

from tests import conftest
from tests.conftest import DEFAULT_PASSWORD
from webapp import create_app
from webapp.extensions import db
from webapp.models import AuditEvent, Role, User

# Only this module uses this Redis database (see the shared_redis fixture).
REDIS_URL = "redis://127.0.0.1:6379/11"


def registration(number):
    return {"name": f"Orang {number}", "email": f"orang{number}@contoh.id",
            "password": DEFAULT_PASSWORD, "password_confirm": DEFAULT_PASSWORD,
            "accept_rules": "y", "accept_privacy": "y"}


def register(client, number, address):
    return client.post("/akun/daftar", data=registration(number), environ_base={"REMOTE_ADDR": address})


def user_count(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(User))


@pytest.fixture
def mail_log(app, caplog):
    caplog.set_level(logging.INFO, logger=app.logger.name)
    return caplog


def test_one_address_registers_five_accounts_an_hour(app, client):
    for number in range(5):
        assert register(client, number, "203.0.113.5").status_code == 303
    limited = register(client, 5, "203.0.113.5")
    assert limited.status_code == 429
    page = limited.get_data(as_text=True)
    assert "Terlalu banyak pendaftaran" in page and "Coba lagi dalam" in page and "fasilitator" in page
    assert 0 < int(limited.headers["Retry-After"]) <= 3600
    assert user_count(app) == 5


def test_typos_do_not_count(app, client):
    for _attempt in range(6):
        data = registration(1) | {"password_confirm": "lain-sekali-sandinya"}
        assert client.post("/akun/daftar", data=data, environ_base={"REMOTE_ADDR": "203.0.113.5"}).status_code == 422
    assert register(client, 1, "203.0.113.5").status_code == 303


@pytest.mark.parametrize(
    ("neighbours", "stranger"),
    [
        ([f"203.0.113.{n}" for n in range(1, 11)], "203.0.114.1"),
        ([f"2001:db8:1:2::{n:x}" for n in range(1, 11)], "2001:db8:1:3::1"),
    ],
    ids=["ipv4-/24", "ipv6-/64"],
)
def test_neighbouring_addresses_share_the_network_limit(app, client, neighbours, stranger):
    for number, address in enumerate(neighbours):
        assert register(client, number, address).status_code == 303
    neighbour = neighbours[0].rsplit(".", 1)[0] + ".200" if "." in neighbours[0] else neighbours[0][:-1] + "ff"
    assert register(client, 50, neighbour).status_code == 429
    assert register(client, 51, stranger).status_code == 303


def test_the_limit_holds_across_app_servers_sharing_redis(app, database_url, shared_redis):
    # Each create_app re-binds the limiter's storage: with memory:// the second server would
    # start from zero and let registrations through; with Redis both count the same hits.
    config = conftest.test_config(database_url, RATELIMIT_STORAGE_URI=REDIS_URL)
    first = create_app(config)
    assert register(first.test_client(), 0, "198.51.100.7").status_code == 303
    assert register(first.test_client(), 1, "198.51.100.7").status_code == 303
    second = create_app(config)
    servers = [first.test_client(), second.test_client()]
    for number in range(2, 5):
        assert register(servers[number % 2], number, "198.51.100.7").status_code == 303
    for server in servers:
        limited = register(server, 9, "198.51.100.7")
        assert limited.status_code == 429
        assert "Terlalu banyak pendaftaran" in limited.get_data(as_text=True)
    assert user_count(app) == 5
    assert any(b"198.51.100" in key for key in shared_redis.keys("*"))
    for server in (first, second):
        with server.app_context():
            db.engine.dispose()


# A facilitator registers a group


PEOPLE = "Siti Aminah, siti@contoh.id\nJoko Susilo , JOKO@contoh.id\n\n"


@pytest.fixture
def facilitator(client, auth, make_user):
    make_user("fasilitator@contoh.id", name="Fajar Fasilitator", role=Role.FACILITATOR)
    auth.login("fasilitator@contoh.id")
    return client


def test_a_facilitator_registers_the_people_at_a_meeting(app, facilitator, mail_log):
    page = facilitator.get("/akun/daftar-kelompok")
    assert page.status_code == 200 and 'name="people"' in page.get_data(as_text=True)
    response = facilitator.post("/akun/daftar-kelompok", data={"people": PEOPLE},
                                environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.status_code == 303
    assert "Undangan dikirim ke 2 orang" in facilitator.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        people = {u.email: u for u in db.session.scalars(sa.select(User).where(User.role == Role.MEMBER))}
        assert sorted(people) == ["joko@contoh.id", "siti@contoh.id"]
        assert people["joko@contoh.id"].name == "Joko Susilo"
        assert all(u.email_verified_at is None for u in people.values())
        assert db.session.scalar(sa.select(sa.func.count()).where(
            AuditEvent.action == "registered_by_facilitator")) == 2
    assert "To: siti@contoh.id" in mail_log.text and "Fajar Fasilitator mendaftarkan Anda" in mail_log.text

    # Siti opens her link on her own phone, chooses a password, and is verified.
    siti = app.test_client()
    link = re.search(r"To: siti@contoh\.id.*?https?://[^/\s]+(/akun/tautan/[\w-]+)", mail_log.text, re.S).group(1)
    assert siti.get(link).headers["Location"] == "/akun/kata-sandi-baru"
    assert "Selamat datang di Jejaring" in siti.get("/akun/kata-sandi-baru").get_data(as_text=True)
    chosen = "teh manis di balai desa"
    assert siti.post("/akun/kata-sandi-baru", data={"password": chosen, "password_confirm": chosen}).status_code == 303
    assert siti.post("/akun/masuk", data={"email": "siti@contoh.id", "password": chosen}).status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(User).where(User.email == "siti@contoh.id")).is_verified


def test_someone_with_an_account_is_mailed_a_note_not_a_second_account(app, facilitator, make_user, mail_log):
    make_user("siti@contoh.id", name="Siti Lama")
    assert facilitator.post("/akun/daftar-kelompok", data={"people": PEOPLE}).status_code == 303
    note = mail_log.text.split("To: siti@contoh.id", 1)[1].split("To: ", 1)[0]
    assert "sudah punya akun" in note and "/akun/tautan/" not in note
    with app.app_context():
        assert db.session.scalar(sa.select(User.name).where(User.email == "siti@contoh.id")) == "Siti Lama"


def test_group_registration_is_limited_per_facilitator_not_per_address(app, facilitator):
    """Forty people a day whatever the Wi-Fi; the forty-first waits."""
    lines = "\n".join(f"Peserta {n}, peserta{n}@contoh.id" for n in range(30))
    assert facilitator.post("/akun/daftar-kelompok", data={"people": lines},
                            environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 303
    lines = "\n".join(f"Peserta {n}, peserta{n}@contoh.id" for n in range(30, 40))
    assert facilitator.post("/akun/daftar-kelompok", data={"people": lines},
                            environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 303
    over = facilitator.post("/akun/daftar-kelompok", data={"people": "Satu Lagi, lagi@contoh.id"})
    assert over.status_code == 429
    assert user_count(app) == 41


@pytest.mark.parametrize(
    ("people", "message"),
    [
        ("", "Tulis paling sedikit satu peserta."),
        ("Siti Aminah siti@contoh.id", "Baris 1: tulis nama, koma, lalu alamat e-mail yang benar."),
        ("Siti, siti@contoh.id\n, joko@contoh.id", "Baris 2:"),
        ("Siti, bukan-email", "Baris 1:"),
        ("Siti\x00, siti\x00@contoh.id", "Baris 1:"),
        ("\n".join(f"P {n}, p{n}@contoh.id" for n in range(41)), "Paling banyak 40 orang sekali kirim."),
    ],
)
def test_group_registration_checks_every_line(app, facilitator, people, message):
    response = facilitator.post("/akun/daftar-kelompok", data={"people": people})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert user_count(app) == 1


@pytest.mark.parametrize(("role", "verified"), [(Role.MEMBER, True), (Role.FACILITATOR, False)])
def test_only_verified_facilitators_register_groups(app, client, auth, make_user, role, verified):
    make_user("orang@contoh.id", role=role, verified=verified)
    auth.login("orang@contoh.id")
    response = client.post("/akun/daftar-kelompok", data={"people": PEOPLE})
    assert response.status_code == 403
    assert user_count(app) == 1
