"""App-wide behaviour: schema from migrations, configuration, headers, language and error pages."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from webapp import create_app
from webapp.directory.search import include_object
from webapp.extensions import db


def test_migrations_build_exactly_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


@pytest.mark.parametrize("secret", [None, "dev-only-not-secret", "short"])
def test_production_refuses_to_start_without_a_real_secret(monkeypatch, secret):
    monkeypatch.setenv("JEJARING_ENV", "production")
    if secret is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_production_refuses_to_start_without_trusted_hosts(monkeypatch, tmp_path):
    monkeypatch.setenv("JEJARING_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "prod.sqlite"))
    with pytest.raises(RuntimeError, match="TRUSTED_HOSTS"):
        create_app()


def test_production_starts_with_a_real_secret_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("JEJARING_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("TRUSTED_HOSTS", "jejaring.id")
    monkeypatch.setenv("SIGNING_KEY", "A" * 43)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "prod.sqlite"))
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    client = app.test_client()
    for response in (client.get("/akun/masuk", base_url="https://jejaring.id"),
                     client.get("/static/css/app.css", base_url="https://jejaring.id")):
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    with app.app_context():
        db.engine.dispose()


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert b"<script>" not in response.data
    assert b" style=" not in response.data


def test_indonesian_is_the_default_language(client):
    response = client.get("/")
    assert b'<html lang="id">' in response.data
    assert "Cari komunitas" in response.get_data(as_text=True)


def test_accept_language_picks_english(client):
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert b'<html lang="en">' in response.data


def test_language_switch_is_remembered_and_beats_accept_language(client):
    response = client.get("/bahasa/en?next=/komunitas")
    assert response.status_code == 303
    assert response.headers["Location"] == "/komunitas"
    page = client.get("/", headers={"Accept-Language": "id"})
    assert b'<html lang="en">' in page.data
    client.get("/bahasa/id")
    assert b'<html lang="id">' in client.get("/", headers={"Accept-Language": "en"}).data


@pytest.mark.parametrize("target", ["https://jahat.example/", "//jahat.example", "/\\jahat.example"])
def test_language_switch_never_redirects_off_site(client, target):
    response = client.get("/bahasa/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_unknown_page_is_a_friendly_404_in_indonesian(client):
    response = client.get("/tidak-ada-halaman-ini")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_errors_under_api_answer_json_with_the_status(client):
    """app.js and the service worker read `error`; an HTML page there would be unreadable."""
    missing = client.get("/api/tidak-ada")
    assert missing.status_code == 404
    assert missing.mimetype == "application/json"
    assert missing.json == {"error": "Halaman yang Anda cari tidak ada atau sudah dipindahkan."}
    wrong_method = client.get("/api/kemajuan")
    assert wrong_method.status_code == 405
    assert wrong_method.json == {"error": "Halaman ini tidak bisa dibuka dengan cara itu."}
    # Pages outside /api/ keep the friendly HTML page.
    page = client.get("/tidak-ada")
    assert page.status_code == 404 and page.mimetype == "text/html"


def test_static_files_are_served_by_whitenoise(app, client):
    """Hashed names are immutable for a year (Flask's own static view would say no-cache)."""
    hashed = "/static/" + app.extensions["assets"]["css/app.css"]
    assert hashed != "/static/css/app.css"
    response = client.get(hashed)
    assert response.status_code == 200
    assert "text/css" in response.headers["Content-Type"]
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response.headers  # development speaks plain HTTP


def test_csrf_is_enforced_when_enabled(database_url):
    from tests.conftest import test_config

    app = create_app(test_config(database_url, WTF_CSRF_ENABLED=True))
    response = app.test_client().post("/akun/masuk", data={"email": "a@b.id", "password": "x"})
    assert response.status_code == 400
    assert "Formulir kedaluwarsa" in response.get_data(as_text=True)


def test_ci_runs_exactly_the_readme_test_command():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text()
    command = readme.split("## Test it")[1].split("```sh\n")[1].split("\n```")[0].strip()
    assert command in (root / ".ci" / "run").read_text().splitlines()


def test_trusted_hosts_refuse_a_forged_host(database_url):
    from tests.conftest import test_config

    app = create_app(test_config(database_url, TRUSTED_HOSTS=["jejaring.id"]))
    client = app.test_client()
    assert client.get("/", headers={"Host": "jejaring.id"}).status_code == 200
    assert client.get("/", headers={"Host": "jahat.example"}).status_code == 400


def test_without_a_mail_server_mail_is_printed_where_the_app_runs(tmp_path):
    """`flask serve` in development: a reset link must reach the terminal, not vanish at INFO.

    The request only queues the mail; the consumer (here one step of it, outside any app
    context, as in its threads) prints it.
    """
    import subprocess
    import sys

    script = (
        "from webapp import create_app\n"
        "from webapp.jobs import huey\n"
        "from webapp.mail import send_mail\n"
        f"app = create_app({{'JOBS_SQLITE_PATH': {str(tmp_path / 'jobs.sqlite')!r}}})\n"
        "with app.app_context():\n"
        "    send_mail('siti@contoh.id', 'Atur ulang kata sandi', 'Buka http://localhost/atur/abc123')\n"
        "huey.execute(huey.dequeue())\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "mail.sqlite"),
        "MAIL_SERVER": "",
    }
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "To: siti@contoh.id" in result.stderr
    assert "Subject: Atur ulang kata sandi" in result.stderr
    assert "http://localhost/atur/abc123" in result.stderr


def test_the_suite_never_empties_a_database_it_did_not_make(database_url):
    """A TEST_DATABASE_URL pointing at real data stops the run instead of dropping the data."""
    if not database_url.startswith("postgresql"):
        return  # the SQLite half makes a new file for every run
    from tests.conftest import NotATestDatabase, _reset_postgres, maintenance_engine, sibling_database

    server = maintenance_engine(database_url)
    guarded = sibling_database(database_url, "guard_check")
    name = sa.engine.make_url(guarded).database
    with server.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        engine = sa.create_engine(guarded)
        with engine.begin() as connection:
            connection.execute(sa.text("CREATE TABLE members (name text)"))
            connection.execute(sa.text("INSERT INTO members VALUES ('Siti')"))
        with pytest.raises(NotATestDatabase, match=name):
            _reset_postgres(guarded)
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT name FROM members")) == "Siti"
        engine.dispose()
    finally:
        with server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.mark.parametrize(("lang", "rules", "privacy"), [
    ("id", "Jejaring tidak untuk dijual", "Hak Anda"),
    ("en", "Networks aren't for sale", "Your rights"),
])
def test_the_rules_and_the_privacy_notice_are_a_tap_away_in_both_languages(client, lang, rules, privacy):
    client.set_cookie("lang", lang)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/aturan"' in home and 'href="/privasi"' in home
    assert rules in client.get("/aturan").get_data(as_text=True)
    notice = client.get("/privasi")
    text = notice.get_data(as_text=True)
    assert privacy in text and "privasi@jejaring.local" in text and "2026-11-30" in text
    assert notice.headers["Cache-Control"] == "public, no-cache"  # the same for everyone


@pytest.mark.parametrize(("lang", "province", "expected"), [
    ("id", None, "30 Nov 2026 14.05 WIB"),
    ("id", "53", "30 Nov 2026 15.05 WITA"),  # Nusa Tenggara Timur
    ("id", "94", "30 Nov 2026 16.05 WIT"),  # Papua Tengah
    ("en", "32", "30 Nov 2026, 14:05 WIB"),
])
def test_times_read_without_seconds_in_the_places_own_zone_and_the_readers_language(app, lang, province, expected):
    from datetime import datetime

    from webapp.templating import when

    with app.test_request_context(headers={"Accept-Language": lang}):
        assert when(datetime(2026, 11, 30, 7, 5, 33), province) == expected


def test_health_check_says_whether_the_database_and_redis_answer(app, client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    assert client.get("/healthz").get_json() == {"database": "ok", "redis": "ok"}
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json() == {"database": "ok", "redis": "ConnectionError"}
