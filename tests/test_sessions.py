"""Sessions end when they should (ASVS 3): at sign-out, after idling, at their absolute limit,
everywhere at once on request; and a stranger's guesses never lock the owner out."""

from datetime import timedelta

import sqlalchemy as sa

from tests.conftest import DEFAULT_PASSWORD
from tests.test_accounts import from_address
from webapp.extensions import db
from webapp.models import UserSession

SIGN_IN = {"email": "relawan@contoh.id", "password": DEFAULT_PASSWORD}


def signed_in(app, remember=False):
    client = app.test_client()
    response = client.post("/akun/masuk", data={**SIGN_IN, "remember": "y" if remember else ""})
    assert response.status_code == 303
    assert client.get("/akun").status_code == 200
    return client


def copy_cookies(source, target):
    for cookie in source._cookies.values():
        target.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)


def test_signing_out_ends_the_session_on_the_server(app, make_user):
    """A cookie captured before sign-out (a shared phone, a stolen backup) opens nothing after."""
    make_user()
    phone = signed_in(app, remember=True)
    thief = app.test_client()
    copy_cookies(phone, thief)
    assert thief.get("/akun").status_code == 200
    phone.post("/akun/keluar")
    assert thief.get("/akun").status_code == 302
    # The remember-me cookie alone does not bring the session back either.
    thief.delete_cookie("session")
    assert thief.get("/akun").status_code == 302


def _age_sessions(app, **shift):
    with app.app_context():
        for record in db.session.scalars(sa.select(UserSession)):
            record.created_at -= shift.get("created", timedelta())
            record.last_seen_at -= shift.get("last_seen", timedelta())
        db.session.commit()


def test_a_session_ends_after_a_month_unused(app, make_user):
    make_user()
    phone = signed_in(app, remember=True)
    _age_sessions(app, created=timedelta(days=20), last_seen=timedelta(days=20))
    assert phone.get("/akun").status_code == 200  # in use: its last-seen time moves on
    _age_sessions(app, last_seen=timedelta(days=31))
    assert phone.get("/akun").status_code == 302


def test_a_session_ends_after_three_months_even_in_daily_use(app, make_user):
    make_user()
    phone = signed_in(app, remember=True)
    _age_sessions(app, created=timedelta(days=91))
    assert phone.get("/akun").status_code == 302


def test_the_csrf_token_is_renewed_at_sign_in(app, make_user):
    make_user()
    client = app.test_client()
    client.get("/akun/masuk")
    with client.session_transaction() as session:
        session["csrf_token"] = "planted-before-sign-in"
    client.post("/akun/masuk", data=SIGN_IN)
    with client.session_transaction() as session:
        assert session.get("csrf_token") != "planted-before-sign-in"


def test_devices_are_listed_and_can_all_be_signed_out(app, make_user):
    make_user()
    phone = signed_in(app)
    laptop = app.test_client()
    laptop.post("/akun/masuk", data=SIGN_IN, headers={
        "User-Agent": "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"})
    page = laptop.get("/akun/perangkat")
    assert page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    assert "Chrome, Android" in text
    assert text.count('class="card"') == 2 and text.count("perangkat ini") == 1
    response = laptop.post("/akun/perangkat/keluar-semua")
    assert response.headers["Location"] == "/akun/masuk"
    assert "Anda sudah keluar dari semua perangkat." in laptop.get("/akun/masuk").get_data(as_text=True)
    assert phone.get("/akun").status_code == 302
    assert laptop.get("/akun").status_code == 302


def test_guesses_from_strangers_do_not_lock_the_owner_out_of_a_known_device(app, make_user):
    make_user()
    phone = signed_in(app)  # the owner's phone, where they signed in before
    phone.post("/akun/keluar")
    attacker = app.test_client()
    for attempt in range(5):
        wrong = {"email": "relawan@contoh.id", "password": "tebakan"}
        assert attacker.post("/akun/masuk", data=wrong, **from_address(f"10.9.0.{attempt}")).status_code == 422
    # A new device with the right password waits, as before ...
    assert app.test_client().post("/akun/masuk", data=SIGN_IN, **from_address("10.9.1.1")).status_code == 429
    # ... but the owner's own phone gets in.
    assert phone.post("/akun/masuk", data=SIGN_IN, **from_address("10.9.1.2")).status_code == 303
    assert phone.get("/akun").status_code == 200


def test_successful_sign_ins_do_not_count_as_guesses(app, make_user):
    make_user()
    for _attempt in range(7):
        device = app.test_client()
        assert device.post("/akun/masuk", data=SIGN_IN, **from_address("10.9.2.1")).status_code == 303
