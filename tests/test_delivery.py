"""What crosses the wire: compressed pages, revalidation with 304, hashed immutable static files."""

import gzip
import re

import brotli
import flask_compress
import pytest

from tests import conftest
from tests.conftest import DEFAULT_PASSWORD
from webapp import create_app
from webapp.assets import publish
from webapp.extensions import db


def asset_urls(page):
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', page)


@pytest.mark.parametrize(("accepts", "encoding", "decode"), [
    ("br, gzip", "br", brotli.decompress),
    ("gzip, deflate", "gzip", gzip.decompress),
])
def test_pages_are_compressed_for_browsers_that_accept_it(client, accepts, encoding, decode):
    plain = client.get("/komunitas").data
    response = client.get("/komunitas", headers={"Accept-Encoding": accepts})
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert decode(response.data) == plain
    assert len(response.data) < len(plain) / 2


def test_pages_answer_304_when_unchanged(client):
    for headers in ({}, {"Accept-Encoding": "br"}):
        first = client.get("/", headers=headers)
        assert first.headers["Cache-Control"] == "public, no-cache"
        etag = first.headers["ETag"]
        again = client.get("/", headers={**headers, "If-None-Match": etag})
        assert again.status_code == 304
        assert again.data == b""


@pytest.mark.parametrize("accepts", ["br", "gzip", "identity"])
def test_a_304_costs_no_compression_whatever_the_encoding(client, make_community, monkeypatch, accepts):
    # The browser holds the ETag as compression rewrote it ("<sha1>:br"); the page is
    # recognised before compression, so answering costs no brotli or gzip.
    make_community("Rumah Baca Senja")
    for url in ("/", "/komunitas", "/komunitas/rumah-baca-senja"):
        first = client.get(url, headers={"Accept-Encoding": accepts})
        etag = first.headers["ETag"]
        assert etag.endswith(f':{accepts}"') == (accepts != "identity")

        def no_compression(*args):
            raise AssertionError("a 304 was compressed")

        with monkeypatch.context() as patch:
            patch.setattr(flask_compress.flask_compress, "_compress_data", no_compression)
            again = client.get(url, headers={"Accept-Encoding": accepts, "If-None-Match": etag})
        assert again.status_code == 304, url
        assert again.data == b""
        assert again.headers["ETag"] == etag


def test_a_changed_page_is_sent_again(client, make_community):
    etag = client.get("/komunitas").headers["ETag"]
    make_community("Komunitas Baru Sekali")
    response = client.get("/komunitas", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Komunitas Baru Sekali" in response.get_data(as_text=True)


def test_personal_pages_are_not_kept_by_caches(client, auth, make_user):
    make_user()
    # Signed in for real: the sign-in page's own redirect is no-store as well.
    assert auth.login().status_code == 303
    response = client.get("/akun")
    assert response.status_code == 200 and "Relawan Contoh" in response.get_data(as_text=True)
    assert "no-store" in response.headers["Cache-Control"]


def test_static_files_have_hashed_names_cached_for_a_year(client):
    urls = asset_urls(client.get("/").get_data(as_text=True))
    assert any(u.endswith(".css") for u in urls) and any(u.endswith(".js") for u in urls)
    for url in urls:
        assert re.search(r"\.[0-9a-f]{10}\.(css|js)$", url), url
        response = client.get(url)
        assert response.status_code == 200
        assert "immutable" in response.headers["Cache-Control"]
        assert int(re.search(r"max-age=(\d+)", response.headers["Cache-Control"])[1]) >= 31536000


def test_static_files_are_served_precompressed(client):
    stylesheet = next(u for u in asset_urls(client.get("/").get_data(as_text=True)) if u.endswith(".css"))
    plain = client.get(stylesheet).data
    response = client.get(stylesheet, headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.data) == plain


def test_a_changed_file_gets_a_new_name(tmp_path):
    source, build = tmp_path / "static", tmp_path / "build"
    (source / "css").mkdir(parents=True)
    (source / "css" / "app.css").write_text("body{color:red}" * 100)
    first = publish(str(source), str(build))["css/app.css"]
    (source / "css" / "app.css").write_text("body{color:blue}" * 100)
    second = publish(str(source), str(build))["css/app.css"]
    assert first != second
    assert (build / first).exists() and (build / second).exists()
    assert (build / (second + ".br")).exists() and (build / (second + ".gz")).exists()


def test_pages_without_forms_carry_no_csrf_token(database_url, make_user, make_community):
    # A secret in a compressed page that also echoes the query is what BREACH reads out.
    # CSRF on, as in production (the other tests switch it off), and signed in for real.
    make_user()
    make_community("Rumah Baca Senja")
    app = create_app(conftest.test_config(database_url, WTF_CSRF_ENABLED=True))
    client = app.test_client()
    login_page = client.get("/akun/masuk").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page)[1]
    signed_in = client.post("/akun/masuk", data={"email": "relawan@contoh.id", "password": DEFAULT_PASSWORD,
                                                 "csrf_token": token})
    assert signed_in.status_code == 303
    # A page with a form does carry its token, so its absence below means something.
    assert 'name="csrf_token"' in client.get("/akun").get_data(as_text=True)
    for url in ("/komunitas?q=baca", "/komunitas/rumah-baca-senja", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "csrf" not in response.get_data(as_text=True), url
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("headers", "fragment"),
    [
        ({}, False),
        ({"HX-Request": "true"}, True),
        ({"HX-Request": "true", "HX-Boosted": "true"}, False),
        ({"HX-Request": "true", "HX-History-Restore-Request": "true"}, False),
    ],
    ids=["plain", "htmx-swap", "boosted", "history-restore"],
)
def test_only_an_htmx_swap_gets_a_fragment(client, make_community, headers, fragment):
    """webapp.http.render_page_or_fragment: a boosted link or form replaces the whole body, so
    it needs the whole page, like a history restore; only a swap gets the fragment."""
    make_community("Rumah Baca Senja")
    response = client.get("/komunitas?q=baca", headers=headers)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Rumah Baca Senja" in page
    assert page.startswith("<!doctype html>") is not fragment
    assert ('name="q"' in page) is not fragment  # the search form is part of the page only
    assert "hx-request" in response.vary.as_set()


def loads_htmx(page):
    return re.search(r'<script src="/static/vendor/htmx/htmx\.min\.[0-9a-f]{10}\.js"', page) is not None


def test_htmx_loads_only_on_pages_that_use_it(client, auth, make_user, make_community):
    make_user()
    make_community("Rumah Baca Senja")
    for url in ("/", "/komunitas/rumah-baca-senja", "/akun/masuk"):
        page = client.get(url).get_data(as_text=True)
        assert " hx-" not in page and not loads_htmx(page), url
    assert loads_htmx(client.get("/komunitas").get_data(as_text=True))
    auth.login()
    # A profile is the same for everyone, signed in or not: still no htmx.
    assert not loads_htmx(client.get("/komunitas/rumah-baca-senja").get_data(as_text=True))
    assert loads_htmx(client.get("/kelola/komunitas-baru").get_data(as_text=True))
