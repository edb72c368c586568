"""Fixtures in the style of Flask's tutorial: app, client, runner, auth, plus small factories.

Every test runs twice: on SQLite and on PostgreSQL. The schema is built once per database by
the Alembic migrations (the only way the schema is made), and every table but the region
reference data is emptied after each test. PostgreSQL comes from TEST_DATABASE_URL, else the
machine's server on 127.0.0.1:5432, database `test` (never from DATABASE_URL, the app's own
database). Under pytest-xdist each worker has a database of its own, named after that one and
the worker (`test_gw0`, `test_gw1`). A missing database is made; a database is only reset if it is empty or
carries the mark this suite leaves on it, so a typo can never wipe real data. If it cannot be
reached the PostgreSQL half is skipped on a developer's machine and fails in CI (CI=true).
"""

import io
import os

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from PIL import Image as Picture

from webapp import create_app
from webapp.extensions import db
from webapp.models import AuditEvent, Community, Coordinatorship, Role, User, utcnow
from webapp.regions import load_regions
from webapp.taxonomy import load_default_categories

DEFAULT_PASSWORD = "kata-sandi-rahasia-1"
COORDINATOR = "koordinator@contoh.id"
OTHER_COORDINATOR = "lain@contoh.id"
KEEP_BETWEEN_TESTS = {"alembic_version", "province", "regency", "district"}


def postgres_url():
    """TEST_DATABASE_URL (or `test` on this machine), with this xdist worker's name appended."""
    url = os.environ.get("TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    url = url.replace("postgres://", "postgresql://", 1).replace("postgresql://", "postgresql+psycopg://", 1)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return sibling_database(url, worker) if worker else url


def sibling_database(url, suffix):
    """The URL of the database named `<url's database>_<suffix>` on the same server: one no other
    worker or test uses."""
    url = sa.engine.make_url(url)
    return url.set(database=f"{url.database}_{suffix}").render_as_string(hide_password=False)


def maintenance_engine(url):
    """An engine on the server's `postgres` database, to create and drop databases beside `url`'s."""
    return sa.create_engine(sa.engine.make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def selected_databases():
    return os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(",")


def test_config(url, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "MAIL_SERVER": "",
        # Jobs (mail, notifications) run at once, in the request that queues them.
        "JOBS_IMMEDIATE": True,
        # scrypt costs ~70 ms a hash; the suite creates hundreds of users.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # A fixed test key, so tests never write a development key into instance/.
        "SIGNING_KEY": "dGVzdC1zaWduaW5nLWtleS1ub3QtZm9yLXVzZS0xMjM",
    }
    config.update(overrides)
    return config


# Written on every database this suite resets; a database without it must be empty.
TEST_DATABASE_MARK = "jejaring test database: the test suite may empty it"


class NotATestDatabase(Exception):
    """The database has tables this suite did not make: it may hold someone's data."""


def _create_if_missing(url):
    """Make the database the first time (each xdist worker's, say); being empty, it may be reset."""
    name = sa.engine.make_url(url).database
    server = maintenance_engine(url)
    try:
        with server.connect() as connection:
            if not connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}):
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        server.dispose()


def _reset_postgres(url):
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            database, mark = connection.execute(
                sa.text(
                    "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database"
                    " WHERE datname = current_database()"
                )
            ).one()
            tables = connection.scalar(
                sa.text("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
            )
            if tables and mark != TEST_DATABASE_MARK:
                raise NotATestDatabase(
                    f"Refusing to empty PostgreSQL database {database!r}: it has tables and was not made "
                    "by this test suite. Point TEST_DATABASE_URL at an empty database."
                )
            connection.execute(sa.text(f"COMMENT ON DATABASE \"{database}\" IS '{TEST_DATABASE_MARK}'"))
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


@pytest.fixture(scope="session", params=selected_databases())
def database_url(request):
    """A migrated database of each kind, with the region data loaded once.

    Under xdist a worker runs one file's SQLite tests, then its PostgreSQL tests, then the next
    file's: each kind is made once, by the fixture below, and kept for the whole run."""
    return request.getfixturevalue(f"{request.param}_database")


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory):
    return _migrated("sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite"))


@pytest.fixture(scope="session")
def postgresql_database(request):
    url = postgres_url()
    try:
        _create_if_missing(url)
        _reset_postgres(url)
    except NotATestDatabase as error:
        if os.environ.get("PYTEST_XDIST_WORKER"):
            # An xdist worker's pytest.exit() loses its message (pytest-xdist issue 1239):
            # this test fails with it and the worker stops.
            request.session.shouldstop = str(error)
            pytest.fail(str(error), pytrace=False)
        pytest.exit(str(error), returncode=2)
    except sa.exc.OperationalError as error:
        message = f"PostgreSQL is not reachable at {url}: {error}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return _migrated(url)


def _migrated(url):
    app = create_app(test_config(url))
    with app.app_context():
        upgrade()
        load_regions()
        db.engine.dispose()
    return url


def empty_tables():
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in KEEP_BETWEEN_TESTS]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(database_url):
    app = create_app(test_config(database_url))
    with app.app_context():
        load_default_categories()
    yield app
    with app.app_context():
        db.session.remove()
        empty_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def forged(token):
    """`token` (kid.body.signature) with its signature altered: the first character replaced by
    another one. (Overwriting the last characters with "AA" left it unchanged one time in 256.)"""
    kid, body, signature = token.split(".")
    return f"{kid}.{body}.{'B' if signature[0] == 'A' else 'A'}{signature[1:]}"


def stored(row):
    """Commit a new row and hand it back detached, usable after the app context closes."""
    db.session.add(row)
    db.session.commit()
    db.session.refresh(row)
    db.session.expunge(row)
    return row


@pytest.fixture
def make_user(app):
    """Create a user: make_user("rina@contoh.id", role=Role.ADMIN) -> User (committed).

    Users have verified their e-mail address unless made with verified=False."""

    def make(email="relawan@contoh.id", name="Relawan Contoh", role=Role.MEMBER, password=DEFAULT_PASSWORD,
             verified=True):
        with app.app_context():
            user = User(email=email, name=name, role=role, email_verified_at=utcnow() if verified else None)
            user.set_password(password)
            return stored(user)

    return make


@pytest.fixture
def make_community(app):
    """Create a community in Kota Bandung, optionally coordinated by the given users."""

    def make(name="Rumah Baca Senja", coordinators=(), **fields):
        values = {
            "slug": fields.pop("slug", None) or name.lower().replace(" ", "-"),
            "headline": "Taman baca untuk anak-anak kampung",
            "vision": "Setiap anak punya akses ke buku.",
            "mission": "Membuka taman baca dan kelas mendongeng.",
            "province_code": "32",
            "regency_code": "32.73",
            "email": "halo@rumahbaca.id",
            "phone": "081234567890",
        }
        values.update(fields)
        with app.app_context():
            community = Community(name=name, **values)
            for user in coordinators:
                community.coordinatorships.append(Coordinatorship(user_id=user.id))
            community.refresh_search_text()
            return stored(community)

    return make


@pytest.fixture
def shared_redis(request):
    """The Redis database named by the test module's REDIS_URL (a number no other module uses),
    emptied before and after; required in CI, skipped locally if Redis is absent."""
    import redis

    url = request.module.REDIS_URL
    connection = redis.Redis.from_url(url)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {url}: {error}")
        pytest.skip(f"Redis is not reachable at {url}")
    connection.flushdb()
    yield connection
    connection.flushdb()
    connection.close()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email="relawan@contoh.id", password=DEFAULT_PASSWORD, **kwargs):
        return self._client.post(
            "/akun/masuk", data={"email": email, "password": password}, **kwargs
        )

    def logout(self):
        return self._client.post("/akun/keluar")


@pytest.fixture
def auth(client):
    return AuthActions(client)


# --- Shared factories: one of each, imported by the test modules ----------------------------------


@pytest.fixture
def coordinator(make_user):
    """Rina, who coordinates the `community` fixture."""
    return make_user(COORDINATOR, name="Rina Koordinator")


@pytest.fixture
def community(make_community, coordinator):
    """Rumah Baca Senja, in Kota Bandung (32.73), coordinated by `coordinator`."""
    return make_community("Rumah Baca Senja", coordinators=[coordinator])


@pytest.fixture
def other_community(make_user, make_community):
    """Bank Sampah Hijau, coordinated by Budi (OTHER_COORDINATOR)."""
    other = make_user(OTHER_COORDINATOR, name="Budi Lain")
    return make_community("Bank Sampah Hijau", coordinators=[other], slug="bank-sampah-hijau")


def picture_bytes(fmt="PNG", size=(300, 200), mode="RGB", color=(200, 30, 30), exif=None):
    """The bytes of a one-colour picture, as a phone would upload it."""
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Picture.new(mode, size, color).save(buffer, fmt, **options)
    return buffer.getvalue()


def audit_actions(app):
    """The actions of the audit log, oldest first."""
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))
