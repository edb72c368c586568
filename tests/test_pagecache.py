"""The page cache: shared pages answered again without rendering, fresh after every change,
and nothing personal ever kept (webapp.pagecache)."""

import contextlib

import pytest
import sqlalchemy as sa

from tests import conftest
from tests.conftest import COORDINATOR
# Only this module uses this Redis database (see the shared_redis fixture).
REDIS_URL = "redis://127.0.0.1:6379/12"
from tests.test_coordination import profile_data
from webapp import create_app
from webapp.extensions import db
from webapp.models import Campaign, Community, User

PROFILE = "/komunitas/rumah-baca-senja"


@contextlib.contextmanager
def counted_statements(app):
    """The SQL statements run inside the block, as a list that fills up."""
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def only_the_version_was_read(statements):
    """Nothing but the data version, and that only if this process's copy was too old to trust."""
    return len(statements) <= 1 and all("data_version" in statement for statement in statements)


class FrozenClock:
    """Stands in for pagecache.clock: time moves only when a test says so."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def frozen_clock(monkeypatch):
    clock = FrozenClock()
    monkeypatch.setattr("webapp.pagecache.clock", clock)
    return clock


@pytest.mark.parametrize("url", ["/", "/komunitas", "/komunitas?q=baca", PROFILE])
def test_a_shared_page_is_served_again_without_rendering(app, client, community, url):
    first = client.get(url)
    assert first.status_code == 200
    with counted_statements(app) as statements:
        again = client.get(url)
    assert only_the_version_was_read(statements), statements
    assert again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == "public, no-cache"


@pytest.mark.parametrize("accepts", ["br", "gzip", "identity"])
def test_a_conditional_request_is_answered_from_the_cache(app, client, community, accepts):
    etag = client.get(PROFILE, headers={"Accept-Encoding": accepts}).headers["ETag"]
    with counted_statements(app) as statements:
        again = client.get(PROFILE, headers={"Accept-Encoding": accepts, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["ETag"] == etag
    assert only_the_version_was_read(statements), statements


def test_an_edited_profile_is_fresh_with_a_new_etag(app, client, auth, community):
    reader = app.test_client()
    before = reader.get(PROFILE)
    assert reader.get(PROFILE, headers={"If-None-Match": before.headers["ETag"]}).status_code == 304
    auth.login(COORDINATOR)
    saved = client.post("/kelola/rumah-baca-senja/profil",
                        data=profile_data(app, headline="Perpustakaan keliling di pasar", version="1"))
    assert saved.status_code == 303
    after = reader.get(PROFILE, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert "Perpustakaan keliling di pasar" in after.get_data(as_text=True)
    assert after.headers["ETag"] != before.headers["ETag"]
    directory = reader.get("/komunitas?q=pasar")
    assert "Rumah Baca Senja" in directory.get_data(as_text=True)


def test_a_change_in_any_shared_table_makes_pages_fresh(app, client, community):
    """Not only the community row: a campaign, or a community hidden by a moderator, lives
    in other rows or tables; every write through the session bumps the version."""
    client.get(PROFILE)
    with app.app_context():
        stored = db.session.scalar(sa.select(Community).where(Community.slug == "rumah-baca-senja"))
        stored.campaigns.append(Campaign(title="Gerakan Seribu Buku"))
        db.session.commit()
    assert "Gerakan Seribu Buku" in client.get(PROFILE).get_data(as_text=True)
    with app.app_context():
        db.session.execute(sa.update(User).values(name="Ratih Berganti Nama"))
        db.session.commit()
    # Coordinators show by first name unless they chose otherwise.
    assert "Ratih" in client.get(PROFILE).get_data(as_text=True)


def test_personal_writes_keep_cached_pages(app, client, auth, community, make_user):
    """Signing in writes only private tables (sessions, the audit log): shared pages stay cached,
    and a signed-in reader gets the same copy."""
    make_user()
    client.get(PROFILE)
    assert auth.login().status_code == 303
    with counted_statements(app) as statements:
        client.get(PROFILE)
    assert only_the_version_was_read(statements), statements


def test_a_personal_page_is_never_cached(app, client, auth, make_user, community):
    make_user()
    auth.login()
    client.get("/akun")
    with counted_statements(app) as statements:
        page = client.get("/akun")
    assert "Relawan Contoh" in page.get_data(as_text=True)
    assert len(statements) > 1  # rendered again: the account page and its queries
    assert all(b"Relawan Contoh" not in body for _, _, body in stored_pages(app))


def test_a_shared_page_with_a_flashed_message_is_never_cached(app, client, community):
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Pesan pribadi untuk Anda")]
    flashed = client.get(PROFILE)
    assert "Pesan pribadi untuk Anda" in flashed.get_data(as_text=True)
    assert "private" in flashed.headers["Cache-Control"]
    other = app.test_client().get(PROFILE)
    assert "Pesan pribadi untuk Anda" not in other.get_data(as_text=True)
    assert all(b"Pesan pribadi" not in body for _, _, body in stored_pages(app))


def test_a_page_with_a_csrf_token_is_never_cached(app, client, community, monkeypatch):
    # Should a shared page ever carry a form, its token (one session's) must not be served to others.
    monkeypatch.setattr("webapp.directory.routes.render_template",
                        lambda *args, **kwargs: '<p>x</p><input name="csrf_token" value="rahasia">')
    assert b"rahasia" in client.get(PROFILE).data
    assert all(b"csrf_token" not in body for _, _, body in stored_pages(app))


def test_pages_differ_by_language_and_data_saver(app, client, community):
    indonesian = client.get(PROFILE).get_data(as_text=True)
    english = client.get(PROFILE, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert indonesian != english and "Kembali ke direktori" in indonesian
    saver = client.get(PROFILE, headers={"Save-Data": "on"}).get_data(as_text=True)
    assert client.get(PROFILE, headers={"Save-Data": "on"}).get_data(as_text=True) == saver


def stored_pages(app):
    return [entry for _expires, entry in app.extensions["page_cache"].entries.values()]


def test_a_process_trusts_the_version_it_read_for_a_moment(app, client, community, frozen_clock):
    etag = client.get(PROFILE).headers["ETag"]
    with counted_statements(app) as statements:
        assert client.get(PROFILE, headers={"If-None-Match": etag}).status_code == 304
    assert statements == []  # not even the version: read a moment ago
    frozen_clock.now += app.config["PAGE_CACHE_VERSION_SECONDS"]
    with counted_statements(app) as statements:
        assert client.get(PROFILE, headers={"If-None-Match": etag}).status_code == 304
    assert len(statements) == 1 and "data_version" in statements[0]


def test_app_servers_sharing_redis_share_the_cache(database_url, shared_redis, make_user, make_community,
                                                   frozen_clock):
    coordinator = make_user(COORDINATOR)
    make_community("Rumah Baca Senja", coordinators=[coordinator])
    servers = [create_app(conftest.test_config(database_url, REDIS_URL=REDIS_URL)) for _ in range(2)]
    first, second = (server.test_client() for server in servers)
    rendered = first.get(PROFILE)
    assert rendered.status_code == 200 and shared_redis.keys("jejaring:page:*")
    with counted_statements(servers[1]) as statements:
        served = second.get(PROFILE, headers={"If-None-Match": rendered.headers["ETag"]})
    assert served.status_code == 304
    assert only_the_version_was_read(statements), statements

    # The coordinator saves through the first server; the next page comes from the second.
    editor = servers[0].test_client()
    editor.post("/akun/masuk", data={"email": COORDINATOR, "password": conftest.DEFAULT_PASSWORD})
    saved = editor.post("/kelola/rumah-baca-senja/profil", data=profile_data(
        servers[0], headline="Kini juga perpustakaan keliling", version="1"))
    assert saved.status_code == 303
    # A reader on the second server trusts the version it read for a moment at most.
    assert "perpustakaan keliling" not in second.get(PROFILE).get_data(as_text=True)
    editor_on_second = servers[1].test_client()
    editor_on_second.set_cookie("session", editor.get_cookie("session").value)
    assert "tersimpan" in editor_on_second.get("/").get_data(as_text=True).lower()  # the flashed message, seen
    with counted_statements(servers[1]) as statements:
        assert "perpustakaan keliling" in editor_on_second.get(PROFILE).get_data(as_text=True)
    assert any("data_version" in statement for statement in statements)  # read afresh, signed in
    frozen_clock.now += servers[1].config["PAGE_CACHE_VERSION_SECONDS"]
    assert "perpustakaan keliling" in second.get(PROFILE).get_data(as_text=True)
    for server in servers:
        with server.app_context():
            db.engine.dispose()

