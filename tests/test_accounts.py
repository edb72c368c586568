"""Accounts: register, sign in and out, forgotten and changed passwords, the dashboard, rate limits."""

import logging
import re
import smtplib
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import url_for

from tests import conftest
from tests.conftest import DEFAULT_PASSWORD
from webapp import create_app
from webapp.accounts.services import make_link
from webapp.extensions import db
from webapp.jobs import huey
from webapp.models import AuditEvent, Invitation, LinkPurpose, MailedLink, Role, User, utcnow

NEW_PASSWORD = "sandi-baru-yang-panjang"
# Only this module uses this Redis database (see the shared_redis fixture).
REDIS_URL = "redis://127.0.0.1:6379/15"


def registration(**changes):
    data = {
        "name": "Rina Wulandari",
        "email": "rina@contoh.id",
        "password": DEFAULT_PASSWORD,
        "password_confirm": DEFAULT_PASSWORD,
        "accept_rules": "y",
        "accept_privacy": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def users(app):
    with app.app_context():
        return db.session.scalars(sa.select(User)).all()


def from_address(address):
    return {"environ_base": {"REMOTE_ADDR": address}}


@pytest.fixture
def mail_log(app, caplog):
    """The log that receives mail when no MAIL_SERVER is set (as in tests)."""
    caplog.set_level(logging.INFO, logger=app.logger.name)
    return caplog


def mailed_link(log):
    """The path of the last link mailed (reset, verification, welcome): the mail goes to the log
    in tests (no MAIL_SERVER)."""
    links = re.findall(r"https?://[^/\s]+(/akun/tautan/[\w-]+)", log.text)
    assert links, "no link was mailed"
    return links[-1]


def new_link(app, email, purpose, **moved):
    """A link for the account at `email`, made directly (created `moved` in the past, if given)."""
    with app.test_request_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        url = make_link(user, purpose)
        if moved:
            link = db.session.scalars(sa.select(MailedLink).order_by(MailedLink.id.desc())).first()
            link.expires_at -= timedelta(**moved)
        db.session.commit()
    return url.split("localhost", 1)[1]


# Registration


def test_register_page_shows_the_form(client):
    response = client.get("/akun/daftar")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for name in ("name", "email", "password", "password_confirm"):
        assert f'name="{name}"' in page


def test_register_creates_an_unverified_account_and_mails_the_link(app, client, mail_log):
    response = client.post(
        "/akun/daftar", data=registration(email="  Rina@Contoh.ID ", name=" Rina Wulandari ")
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/akun/periksa-email"
    [user] = users(app)
    assert user.email == "rina@contoh.id"
    assert user.name == "Rina Wulandari"
    assert user.role == Role.MEMBER
    assert user.password_hash != DEFAULT_PASSWORD
    assert user.email_verified_at is None
    assert "Periksa e-mail Anda" in client.get("/akun/periksa-email").get_data(as_text=True)
    # Registering signs nobody in: the answer must not differ from a taken address's.
    assert client.get("/akun").status_code == 302
    assert "To: rina@contoh.id" in mail_log.text

    opened = client.get(mailed_link(mail_log))
    assert opened.status_code == 303 and opened.headers["Location"] == "/akun/masuk"
    assert users(app)[0].email_verified_at is not None
    assert "sudah dipastikan" in client.get("/akun/masuk").get_data(as_text=True)
    client.post("/akun/masuk", data={"email": "rina@contoh.id", "password": DEFAULT_PASSWORD})
    assert "Rina Wulandari" in client.get("/akun").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Nama wajib diisi."),
        ({"name": None}, "Nama wajib diisi."),
        ({"name": "   "}, "Nama wajib diisi."),
        ({"name": "x" * 121}, "Nama paling panjang 120 karakter."),
        ({"email": ""}, "Email wajib diisi."),
        ({"email": None}, "Email wajib diisi."),
        ({"email": "bukan-email"}, "Masukkan alamat email yang benar"),
        ({"email": "rina\x00@contoh.id"}, "Masukkan alamat email yang benar"),
        ({"email": "r" * 250 + "@contoh.id"}, "Email paling panjang 254 karakter."),
        ({"password": "", "password_confirm": ""}, "Kata sandi wajib diisi."),
        ({"password": "pendek", "password_confirm": "pendek"}, "Kata sandi minimal 12 karakter."),
        ({"password": "x" * 129, "password_confirm": "x" * 129}, "Kata sandi paling panjang 128 karakter."),
        ({"password_confirm": "kata-sandi-lain-sekali"}, "Kedua kata sandi tidak sama."),
        ({"password_confirm": None}, "Ulangi kata sandi Anda."),
    ],
)
def test_register_rejects_invalid_input(app, client, changes, message):
    response = client.post("/akun/daftar", data=registration(**changes))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert "Periksa lagi isian yang ditandai." in page
    assert users(app) == []


@pytest.mark.parametrize(
    "password",
    ["passwordpassword", "123456789012", "qwertyuiop12", "sayangkamu123", "bismillah1234",
     "indonesia1945", "Rina Wati 2026", "rina@contoh.id!"],
)
def test_register_refuses_common_and_personal_passwords(app, client, password):
    """ASVS 2.1.7: no common or guessable password, judged by an estimator shipped with the app."""
    data = registration(name="Rina Wati", email="rina@contoh.id", password=password, password_confirm=password)
    response = client.post("/akun/daftar", data=data)
    assert response.status_code == 422
    assert "Kata sandi ini mudah ditebak" in response.get_data(as_text=True)
    assert users(app) == []


def test_a_long_password_of_plain_words_is_welcome(app, client):
    """No composition rules: four ordinary words, no digits or symbols, are enough."""
    data = registration(password="kopi pagi di teras", password_confirm="kopi pagi di teras")
    assert client.post("/akun/daftar", data=data).status_code == 303


def test_register_with_a_taken_address_answers_the_same_and_mails_the_owner(app, client, make_user, mail_log):
    make_user("rina@contoh.id", name="Rina Lama")
    taken = client.post("/akun/daftar", data=registration(email=" RINA@Contoh.id"))
    fresh = client.post("/akun/daftar", data=registration(email="budi@contoh.id"))
    assert taken.status_code == fresh.status_code == 303
    assert taken.headers["Location"] == fresh.headers["Location"] == "/akun/periksa-email"
    assert "Set-Cookie" not in taken.headers and "Set-Cookie" not in fresh.headers
    assert sorted(u.email for u in users(app)) == ["budi@contoh.id", "rina@contoh.id"]
    notice = mail_log.text.split("To: rina@contoh.id", 1)[1].split("To: budi@contoh.id", 1)[0]
    assert "sudah punya akun" in notice and "/akun/tautan/" not in notice
    with app.app_context():
        assert db.session.scalar(sa.select(User).where(User.email == "rina@contoh.id")).name == "Rina Lama"


def test_register_hashes_a_password_whether_or_not_the_address_is_taken(app, client, make_user, monkeypatch):
    """The same work both ways: the response time does not tell a taken address either."""
    make_user("rina@contoh.id")
    hashed = []
    monkeypatch.setattr(User, "set_password", lambda self, password: hashed.append(self.email) or
                        setattr(self, "password_hash", "x"))
    sent = []
    monkeypatch.setattr("webapp.accounts.services.send_mail", lambda to, *args: sent.append(to))
    client.post("/akun/daftar", data=registration(email="rina@contoh.id"))
    client.post("/akun/daftar", data=registration(email="budi@contoh.id"))
    assert hashed == ["rina@contoh.id", "budi@contoh.id"]
    assert sent == ["rina@contoh.id", "budi@contoh.id"]


def test_register_with_a_demo_address_that_exists_is_not_refused_as_malformed(app, client, make_user):
    make_user("dewi.kartika@jejaring.test")
    response = client.post("/akun/daftar", data=registration(email="dewi.kartika@jejaring.test"))
    assert response.status_code == 303


def test_register_with_a_new_demo_address_works(app, client):
    response = client.post("/akun/daftar", data=registration(email="tamu@jejaring.test"))
    assert response.status_code == 303
    assert [u.email for u in users(app)] == ["tamu@jejaring.test"]


@pytest.mark.parametrize("email", ["rina@lain.test", "rina@localhost", "rina@contoh.invalid", "rina@@jejaring.test"])
def test_register_still_refuses_reserved_and_broken_addresses(app, client, email):
    response = client.post("/akun/daftar", data=registration(email=email))
    assert response.status_code == 422
    assert "Masukkan alamat email yang benar" in response.get_data(as_text=True)
    assert users(app) == []


def test_register_keeps_control_characters_out_of_the_name(app, client):
    response = client.post("/akun/daftar", data=registration(name="Rina\x00\tWulan"))
    assert response.status_code == 303
    [user] = users(app)
    assert user.name == "RinaWulan"


@pytest.mark.parametrize(
    ("target", "location"),
    [("/komunitas", "/akun/periksa-email?next=/komunitas"), ("https://evil.example", "/akun/periksa-email"),
     ("//evil.example", "/akun/periksa-email")],
)
def test_register_keeps_only_a_safe_next_for_signing_in(client, target, location):
    response = client.post("/akun/daftar", data=registration(next=target))
    assert response.headers["Location"] == location
    page = client.get(location).get_data(as_text=True)
    assert 'href="/akun/masuk?next=/komunitas"' in page if target == "/komunitas" else "evil" not in page


# Signing in and out


def test_login_page_carries_next_into_the_form(client):
    response = client.get("/akun/masuk?next=/komunitas")
    assert response.status_code == 200
    assert 'value="/komunitas"' in response.get_data(as_text=True)


def test_login_goes_to_the_dashboard(client, auth, make_user):
    make_user("rina@contoh.id", name="Rina Wulandari")
    response = auth.login(" Rina@Contoh.ID")
    assert response.status_code == 303
    assert response.headers["Location"] == "/akun"
    assert "Rina Wulandari" in client.get("/akun").get_data(as_text=True)


def test_login_failure_does_not_tell_whether_the_email_exists(client, auth, make_user):
    make_user("rina@contoh.id")
    wrong_password = auth.login("rina@contoh.id", "salah-sekali-sandinya")
    unknown_email = auth.login("tidakada@contoh.id", "salah-sekali-sandinya")
    assert wrong_password.status_code == unknown_email.status_code == 422
    assert "Email atau kata sandi salah." in wrong_password.get_data(as_text=True)
    # The same page, but for the address typed back into the form.
    assert unknown_email.get_data(as_text=True).replace("tidakada@", "rina@") == (
        wrong_password.get_data(as_text=True)
    )
    assert client.get("/akun").status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "password": DEFAULT_PASSWORD}, "Email wajib diisi."),
        ({"password": DEFAULT_PASSWORD}, "Email wajib diisi."),
        ({"email": "rina@contoh.id", "password": ""}, "Kata sandi wajib diisi."),
        ({"email": "rina\x00@contoh.id", "password": DEFAULT_PASSWORD}, "Email atau kata sandi salah."),
        ({"email": "x" * 5000, "password": "x" * 5000}, "Email atau kata sandi salah."),
    ],
)
def test_login_rejects_missing_or_strange_input(client, make_user, data, message):
    make_user("rina@contoh.id")
    response = client.post("/akun/masuk", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("target", "location"),
    [
        ("/komunitas", "/komunitas"),
        ("/komunitas?q=baca", "/komunitas?q=baca"),
        ("https://evil.example", "/akun"),
        ("//evil.example", "/akun"),
        ("/\\evil.example", "/akun"),
        ("javascript:alert(1)", "/akun"),
        ("", "/akun"),
    ],
)
def test_login_follows_only_a_safe_next(client, make_user, target, location):
    make_user()
    response = client.post(
        "/akun/masuk", data={"email": "relawan@contoh.id", "password": DEFAULT_PASSWORD, "next": target}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == location


def test_login_also_reads_next_from_the_query_string(client, make_user):
    make_user()
    response = client.post(
        "/akun/masuk?next=/komunitas",
        data={"email": "relawan@contoh.id", "password": DEFAULT_PASSWORD},
    )
    assert response.headers["Location"] == "/komunitas"


@pytest.mark.parametrize(("remember", "expected"), [({"remember": "y"}, True), ({}, False)])
def test_remember_me_sets_a_lasting_cookie_only_when_asked(client, make_user, remember, expected):
    make_user()
    client.post("/akun/masuk", data={"email": "relawan@contoh.id", "password": DEFAULT_PASSWORD, **remember})
    assert (client.get_cookie("remember_token") is not None) is expected


def test_signed_in_person_opening_login_goes_to_the_dashboard(client, auth, make_user):
    make_user()
    auth.login()
    response = client.get("/akun/masuk")
    assert response.status_code == 303
    assert response.headers["Location"] == "/akun"


def test_logout_needs_post(client, auth, make_user):
    make_user()
    auth.login()
    assert client.get("/akun/keluar").status_code == 405
    assert client.get("/akun").status_code == 200
    response = auth.logout()
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert client.get("/akun").status_code == 302


def test_signing_out_says_so_on_the_page_it_lands_on(client, auth, make_user):
    make_user()
    auth.login()
    client.get("/akun")
    home = client.get(auth.logout().headers["Location"])
    assert "Anda sudah keluar." in home.get_data(as_text=True)
    # Said once: the next visit to the same shared page is the one everyone gets.
    assert "Anda sudah keluar." not in client.get("/").get_data(as_text=True)
    assert "Anda sudah keluar." not in client.get("/akun/masuk").get_data(as_text=True)


def _main_menu(html):
    return html[html.index('<nav aria-label="Menu utama">') : html.index("</nav>")]


@pytest.mark.parametrize("url", ["/", "/komunitas", "/komunitas/rumah-baca-senja", "/program", "/belajar", "/akun"])
def test_the_main_menu_is_the_same_on_every_page_signed_in_or_not(client, auth, make_user, make_community, url):
    make_user()
    make_community()
    visitor_menu = _main_menu(client.get("/").get_data(as_text=True)).replace(' aria-current="page"', "")
    auth.login()
    client.get("/akun")
    menu = _main_menu(client.get(url).get_data(as_text=True))
    assert menu.replace(' aria-current="page"', "") == visitor_menu
    assert [label in menu for label in ("Komunitas", "Program", "Belajar", "Akun")] == [True] * 4
    current = {"/komunitas": "Komunitas", "/komunitas/rumah-baca-senja": "Komunitas", "/program": "Program",
               "/belajar": "Belajar", "/akun": "Akun"}.get(url)
    if current:
        assert f'aria-current="page">{current}</a>' in menu
    else:
        assert "aria-current" not in menu


def test_logout_is_protected_by_csrf(database_url, make_user):
    make_user()
    app = create_app(conftest.test_config(database_url, WTF_CSRF_ENABLED=True))
    client = app.test_client()
    login_page = client.get("/akun/masuk").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/akun/masuk", data={"email": "relawan@contoh.id", "password": DEFAULT_PASSWORD,
                                     "csrf_token": token})
    assert client.post("/akun/keluar").status_code == 400
    assert client.get("/akun").status_code == 200
    with app.app_context():
        db.engine.dispose()


# Dashboard


def test_dashboard_requires_login(client):
    response = client.get("/akun")
    assert response.status_code == 302
    assert response.headers["Location"] == "/akun/masuk?next=%2Fakun"


def test_dashboard_shows_the_person_and_their_communities(app, client, auth, make_user, make_community):
    rina = make_user("rina@contoh.id", name="Rina Wulandari", role=Role.FACILITATOR)
    make_community("Rumah Baca Senja", coordinators=[rina])
    make_community("Bank Sampah Lestari")
    auth.login("rina@contoh.id")
    page = client.get("/akun").get_data(as_text=True)
    assert "Rina Wulandari" in page
    assert "Fasilitator" in page
    with app.test_request_context():
        profile = url_for("directory.profile", slug="rumah-baca-senja")
        manage = url_for("coordination.overview", slug="rumah-baca-senja")
    assert f'href="{profile}"' in page and f'href="{manage}"' in page
    assert "Bank Sampah Lestari" not in page
    assert "/akun/sandi" in page
    assert 'action="/akun/keluar"' in page


def test_dashboard_lists_only_open_invitations_for_this_email(app, client, auth, make_user, make_community):
    rina = make_user("rina@contoh.id")
    inviter = make_user("budi@contoh.id")
    communities = {
        name: make_community(name, coordinators=[inviter])
        for name in ("Rumah Baca Senja", "Bank Sampah Lestari", "Kebun Kota", "Relawan Pantai")
    }
    now = utcnow()
    with app.app_context():
        for index, (name, email, expires, accepted) in enumerate([
            ("Rumah Baca Senja", "RINA@contoh.id", now + timedelta(days=3), None),
            ("Bank Sampah Lestari", "rina@contoh.id", now - timedelta(minutes=1), None),
            ("Kebun Kota", "rina@contoh.id", now + timedelta(days=3), now),
            ("Relawan Pantai", "orang-lain@contoh.id", now + timedelta(days=3), None),
        ]):
            db.session.add(Invitation(
                community_id=communities[name].id, email=email, token_hash=f"{index:064d}",
                invited_by_id=inviter.id, expires_at=expires, accepted_at=accepted,
                accepted_by_id=rina.id if accepted else None,
            ))
        db.session.commit()
    auth.login("rina@contoh.id")
    page = client.get("/akun").get_data(as_text=True)
    assert "Rumah Baca Senja" in page
    assert "Cek email Anda untuk tautan undangan" in page
    for name in ("Bank Sampah Lestari", "Kebun Kota", "Relawan Pantai"):
        assert name not in page


def test_dashboard_escapes_a_script_in_the_name(client, make_user, auth):
    make_user(name="<script>alert('x')</script>")
    auth.login()
    page = client.get("/akun").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page


def test_account_pages_are_never_cached(client, auth, make_user):
    make_user()
    assert client.get("/akun/masuk").headers["Cache-Control"] == "no-store"
    # Signed in for real: a failed sign-in's page and redirect are no-store as well.
    assert auth.login().status_code == 303
    response = client.get("/akun")
    assert response.status_code == 200 and "Relawan Contoh" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


# Forgotten password


def test_password_reset_full_flow(app, client, auth, make_user, mail_log):
    make_user("rina@contoh.id", name="Rina Wulandari")
    response = client.post("/akun/lupa-sandi", data={"email": " Rina@Contoh.id "})
    assert response.status_code == 303
    assert response.headers["Location"] == "/akun/masuk"
    assert "To: rina@contoh.id" in mail_log.text
    assert "Halo Rina Wulandari" in mail_log.text
    link = mailed_link(mail_log)

    opened = client.get(link)
    assert opened.status_code == 303
    assert opened.headers["Location"] == "/akun/kata-sandi-baru"
    form = client.get("/akun/kata-sandi-baru")
    assert form.status_code == 200
    assert 'name="password_confirm"' in form.get_data(as_text=True)
    response = client.post("/akun/kata-sandi-baru", data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"] == "/akun/masuk"
    assert "Kata sandi Anda sudah disimpan" in client.get("/akun/masuk").get_data(as_text=True)
    # Resetting signs nobody in.
    assert client.get("/akun").status_code == 302

    assert auth.login("rina@contoh.id", DEFAULT_PASSWORD).status_code == 422
    assert auth.login("rina@contoh.id", NEW_PASSWORD).status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(AuditEvent.action)) == "password_reset"


def test_following_a_link_leaves_no_token_in_the_url(client, make_user, mail_log):
    """Access logs keep the first URL; the page the person uses has no token, and the token in
    the logged URL was spent by that first load."""
    make_user("rina@contoh.id")
    client.post("/akun/lupa-sandi", data={"email": "rina@contoh.id"})
    link = mailed_link(mail_log)
    token = link.rsplit("/", 1)[1]
    response = client.get(link, follow_redirects=True)
    assert response.status_code == 200
    assert [r.request.path for r in response.history] == [link]
    assert token not in response.request.url and token not in response.get_data(as_text=True)
    # Whoever reads the log later (another browser) finds a dead link.
    stranger = client.application.test_client()
    again = stranger.get(link)
    assert again.status_code == 410
    assert "sudah kedaluwarsa atau sudah dibuka" in again.get_data(as_text=True)
    assert stranger.get("/akun/kata-sandi-baru").status_code == 410


def test_a_link_opens_only_once_even_in_the_same_browser(client, make_user, mail_log):
    make_user("rina@contoh.id")
    client.post("/akun/lupa-sandi", data={"email": "rina@contoh.id"})
    link = mailed_link(mail_log)
    assert client.get(link).status_code == 303
    assert client.get(link).status_code == 410


def test_reset_form_works_once(client, make_user, mail_log):
    make_user("rina@contoh.id")
    client.post("/akun/lupa-sandi", data={"email": "rina@contoh.id"})
    client.get(mailed_link(mail_log))
    client.post("/akun/kata-sandi-baru", data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    for response in (
        client.get("/akun/kata-sandi-baru"),
        client.post("/akun/kata-sandi-baru", data={"password": "sandi-pencuri-123", "password_confirm": "sandi-pencuri-123"}),
    ):
        assert response.status_code == 410
        page = response.get_data(as_text=True)
        assert 'href="/akun/lupa-sandi"' in page


def test_reset_link_dies_when_the_password_changes_another_way(app, client, auth, make_user, mail_log):
    make_user("rina@contoh.id")
    client.post("/akun/lupa-sandi", data={"email": "rina@contoh.id"})
    link = mailed_link(mail_log)
    auth.login("rina@contoh.id")
    client.post("/akun/sandi", data={"current_password": DEFAULT_PASSWORD, "password": NEW_PASSWORD,
                                     "password_confirm": NEW_PASSWORD})
    assert client.get(link).status_code == 410


def test_reset_form_needs_a_link_opened_in_this_browser(client, make_user):
    make_user("rina@contoh.id")
    response = client.post("/akun/kata-sandi-baru", data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert response.status_code == 410


@pytest.mark.parametrize("bad", ["tidak-ada", "A" * 43, "A" * 500, "%00" * 43, "a.b.c"])
def test_made_up_links_are_refused(app, client, make_user, bad):
    make_user("rina@contoh.id")
    new_link(app, "rina@contoh.id", LinkPurpose.RESET)
    response = client.get(f"/akun/tautan/{bad}")
    assert response.status_code == 400
    assert "Minta tautan baru" in response.get_data(as_text=True)


def test_reset_link_expires_after_an_hour(app, client, make_user):
    make_user("rina@contoh.id")
    fresh = new_link(app, "rina@contoh.id", LinkPurpose.RESET)
    old = new_link(app, "rina@contoh.id", LinkPurpose.RESET, minutes=61)
    assert client.get(fresh).status_code == 303
    response = client.get(old)
    assert response.status_code == 410
    assert "Minta tautan baru" in response.get_data(as_text=True)


def test_an_opened_link_allows_the_form_for_half_an_hour(app, client, make_user):
    make_user("rina@contoh.id")
    client.get(new_link(app, "rina@contoh.id", LinkPurpose.RESET))
    with app.app_context():
        link = db.session.scalar(sa.select(MailedLink))
        link.used_at -= timedelta(minutes=31)
        db.session.commit()
    assert client.get("/akun/kata-sandi-baru").status_code == 410


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password": "pendek", "password_confirm": "pendek"}, "Kata sandi minimal 12 karakter."),
        ({"password": NEW_PASSWORD, "password_confirm": "lain-sekali-sandinya"}, "Kedua kata sandi tidak sama."),
        ({}, "Kata sandi wajib diisi."),
    ],
)
def test_reset_form_validates_the_new_password(app, client, make_user, data, message):
    make_user("rina@contoh.id")
    client.get(new_link(app, "rina@contoh.id", LinkPurpose.RESET))
    response = client.post("/akun/kata-sandi-baru", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_forgot_password_gives_the_same_answer_for_unknown_addresses(client, make_user, mail_log):
    make_user("rina@contoh.id")
    known = client.post("/akun/lupa-sandi", data={"email": "rina@contoh.id"}, follow_redirects=True)
    known_page = known.get_data(as_text=True)
    mail_log.clear()
    unknown = client.post("/akun/lupa-sandi", data={"email": "siapa@contoh.id"}, follow_redirects=True)
    assert unknown.status_code == known.status_code == 200
    assert unknown.get_data(as_text=True) == known_page
    assert "Jika alamat itu terdaftar" in known_page
    # The unknown address is mailed too (the same work), but with no link into any account.
    assert "To: siapa@contoh.id" in mail_log.text and "belum punya akun" in mail_log.text
    assert "/akun/tautan/" not in mail_log.text


@pytest.mark.parametrize(
    ("email", "message"),
    [("", "Email wajib diisi."), ("bukan-email", "Masukkan alamat email yang benar")],
)
def test_forgot_password_validates_the_address(client, email, message):
    response = client.post("/akun/lupa-sandi", data={"email": email})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_a_failing_mail_server_does_not_reveal_the_account(app, client, make_user, monkeypatch, mail_log):
    make_user("rina@contoh.id")
    app.config["MAIL_SERVER"] = "mail.contoh.id"

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no mail server here")

    monkeypatch.setattr(smtplib, "SMTP", refuse)
    response = client.post("/akun/lupa-sandi", data={"email": "rina@contoh.id"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/akun/masuk"
    # The mail job failed after the answer and waits to try again (tests/test_jobs.py).
    [retry] = huey.scheduled()
    assert retry.args[0] == "rina@contoh.id" and retry.retries == 4


def test_send_mail_uses_the_configured_smtp_server(app, monkeypatch):
    from webapp.mail import send_mail

    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            sent.append(("starttls",))

        def login(self, username, password):
            sent.append(("login", username, password))

        def send_message(self, message):
            sent.append(("send", message["From"], message["To"], message["Subject"], message.get_content()))

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="mail.contoh.id", MAIL_PORT=2525, MAIL_USERNAME="jejaring",
                      MAIL_PASSWORD="rahasia", MAIL_USE_TLS=True, MAIL_DEFAULT_SENDER="Jejaring <halo@contoh.id>")
    with app.app_context():
        send_mail("rina@contoh.id", "Undangan koordinator", "Halo Rina,\nselamat bergabung.")
    assert sent == [
        ("connect", "mail.contoh.id", 2525),
        ("starttls",),
        ("login", "jejaring", "rahasia"),
        ("send", "Jejaring <halo@contoh.id>", "rina@contoh.id", "Undangan koordinator",
         "Halo Rina,\nselamat bergabung.\n"),
    ]


# Changing the password


def test_change_password_requires_login(client):
    response = client.get("/akun/sandi")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/akun/masuk?next=")


def test_change_password(app, client, auth, make_user):
    make_user()
    auth.login()
    assert client.get("/akun/sandi").status_code == 200
    response = client.post("/akun/sandi", data={"current_password": DEFAULT_PASSWORD,
                                                "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"] == "/akun"
    auth.logout()
    assert auth.login(password=DEFAULT_PASSWORD).status_code == 422
    assert auth.login(password=NEW_PASSWORD).status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(AuditEvent.action)) == "password_changed"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"current_password": "bukan-sandi-saya", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
         "Kata sandi sekarang salah."),
        ({"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}, "Kata sandi sekarang wajib diisi."),
        ({"current_password": DEFAULT_PASSWORD, "password": "pendek", "password_confirm": "pendek"},
         "Kata sandi minimal 12 karakter."),
        ({"current_password": DEFAULT_PASSWORD, "password": NEW_PASSWORD, "password_confirm": "x"},
         "Kedua kata sandi tidak sama."),
    ],
)
def test_change_password_refuses_bad_input(app, client, auth, make_user, data, message):
    user = make_user()
    auth.login()
    response = client.post("/akun/sandi", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).check_password(DEFAULT_PASSWORD)


# Rate limits


def test_login_is_limited_per_account_across_addresses(client, make_user):
    make_user("rina@contoh.id")
    make_user("budi@contoh.id")
    for attempt in range(5):
        response = client.post("/akun/masuk", data={"email": "rina@contoh.id", "password": "tebakan"},
                               **from_address(f"10.0.0.{attempt + 1}"))
        assert response.status_code == 422
    # Even the right password, in any letter case, from a new address: the account is resting.
    limited = client.post("/akun/masuk", data={"email": "RINA@contoh.id", "password": DEFAULT_PASSWORD},
                          **from_address("10.0.0.99"))
    assert limited.status_code == 429
    assert "Terlalu banyak percobaan" in limited.get_data(as_text=True)
    # Another account from one of the same addresses is not affected.
    other = client.post("/akun/masuk", data={"email": "budi@contoh.id", "password": DEFAULT_PASSWORD},
                        **from_address("10.0.0.1"))
    assert other.status_code == 303


def test_login_is_limited_per_address_across_accounts(client):
    for attempt in range(10):
        response = client.post("/akun/masuk", data={"email": f"orang{attempt}@contoh.id", "password": "tebakan"},
                               **from_address("10.0.0.7"))
        assert response.status_code == 422
    limited = client.post("/akun/masuk", data={"email": "lain@contoh.id", "password": "tebakan"},
                          **from_address("10.0.0.7"))
    assert limited.status_code == 429
    assert "Terlalu banyak percobaan" in limited.get_data(as_text=True)
    assert client.get("/akun/masuk", **from_address("10.0.0.7")).status_code == 200
    other = client.post("/akun/masuk", data={"email": "lain@contoh.id", "password": "tebakan"},
                        **from_address("10.0.0.8"))
    assert other.status_code == 422


def test_forgot_password_is_limited_per_address(client):
    for attempt in range(5):
        response = client.post("/akun/lupa-sandi", data={"email": f"orang{attempt}@contoh.id"},
                               **from_address("10.0.0.7"))
        assert response.status_code == 303
    limited = client.post("/akun/lupa-sandi", data={"email": "lain@contoh.id"}, **from_address("10.0.0.7"))
    assert limited.status_code == 429
    assert client.get("/akun/lupa-sandi", **from_address("10.0.0.7")).status_code == 200


def test_forgot_password_mails_one_address_at_most_three_times_an_hour(client, make_user, mail_log):
    make_user("rina@contoh.id")
    for attempt in range(3):
        response = client.post("/akun/lupa-sandi", data={"email": "rina@contoh.id"},
                               **from_address(f"10.0.0.{attempt + 1}"))
        assert response.status_code == 303
    assert mail_log.text.count("To: rina@contoh.id") == 3
    limited = client.post("/akun/lupa-sandi", data={"email": "rina@contoh.id"}, **from_address("10.0.0.9"))
    assert limited.status_code == 429
    assert mail_log.text.count("To: rina@contoh.id") == 3


@pytest.mark.parametrize("new_session", [False, True], ids=["same-session", "signed-in-again"])
def test_change_password_is_limited_per_account(client, auth, make_user, new_session):
    """Signing out and in again (a new session key) does not buy a fresh allowance of guesses."""
    make_user()
    auth.login()
    wrong = {"current_password": "tebakan-salah", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    for _attempt in range(5):
        assert client.post("/akun/sandi", data=wrong).status_code == 422
    if new_session:
        auth.logout()
        assert auth.login().status_code == 303
    assert client.post("/akun/sandi", data=wrong).status_code == 429


def test_login_limit_holds_across_app_servers_sharing_redis(database_url, shared_redis):
    # Each create_app re-binds the limiter's storage. With memory:// the second server would
    # start from zero and let the sixth attempt through; with Redis it sees the first five.
    first = create_app(conftest.test_config(database_url, RATELIMIT_STORAGE_URI=REDIS_URL))
    attempt = {"email": "rina@contoh.id", "password": "tebakan"}
    for number in range(5):
        response = first.test_client().post("/akun/masuk", data=attempt, **from_address(f"10.0.1.{number}"))
        assert response.status_code == 422
    second = create_app(conftest.test_config(database_url, RATELIMIT_STORAGE_URI=REDIS_URL))
    response = second.test_client().post("/akun/masuk", data=attempt, **from_address("10.0.2.1"))
    assert response.status_code == 429
    assert shared_redis.keys("*")
    for server in (first, second):
        with server.app_context():
            db.engine.dispose()


def test_changing_the_password_signs_out_other_devices(app, make_user):
    make_user("relawan@contoh.id")
    phone, laptop = app.test_client(), app.test_client()
    for device in (phone, laptop):
        device.post("/akun/masuk", data={"email": "relawan@contoh.id", "password": DEFAULT_PASSWORD})
        assert device.get("/akun").status_code == 200
    response = laptop.post("/akun/sandi", data={
        "current_password": DEFAULT_PASSWORD,
        "password": "kata-sandi-baru-99",
        "password_confirm": "kata-sandi-baru-99",
    })
    assert response.status_code == 303
    assert laptop.get("/akun").status_code == 200
    assert phone.get("/akun").status_code == 302
