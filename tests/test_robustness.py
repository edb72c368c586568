"""No input anywhere yields a 500: every route, signed out and as an admin, with hostile values."""

import pytest
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import IntegerConverter

from webapp.models import Role

HOSTILE_VALUES = ["", "0", "-1", "99999999999999999999", str(2**63), "abc", "<script>alert(1)</script>",
                  "' OR 1=1 --", "%", "x" * 5000, "\u0000", "\r\n", "/x\r\nSet-Cookie: a=b", "😀"]
# Ids at and past the 64-bit limit of PostgreSQL's BIGINT (and SQLite's INTEGER).
ABSURD_IDS = (2**63 - 1, 2**63, 2**64)


def url_variants(rule):
    """Concrete URLs for a rule, filling each argument with an absurd value."""
    urls = []
    for number, value in zip(ABSURD_IDS, ("tidak-ada", "%3Cscript%3E", "a%0D%0Ab")):
        args = {}
        for name in rule.arguments:
            is_number = isinstance(rule._converters[name], IntegerConverter)
            args[name] = number if is_number else value
        try:
            urls.append(rule.build(args, append_unknown=False)[1])
        except Exception:
            continue
    return sorted(set(urls))


def all_requests(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for url in url_variants(rule):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, url


@pytest.mark.parametrize("as_admin", [False, True], ids=["signed-out", "admin"])
def test_no_route_answers_500_to_hostile_input(app, client, auth, make_user, make_community, as_admin):
    admin = make_user("admin@contoh.id", role=Role.ADMIN)
    make_community("Komunitas Uji", coordinators=[admin], slug="komunitas-uji")
    if as_admin:
        auth.login("admin@contoh.id")
    failures = []
    for method, url in all_requests(app):
        for value in HOSTILE_VALUES:
            fields = {key: value for key in ("q", "hal", "fokus", "provinsi", "kabupaten", "name",
                                              "email", "password", "version", "title", "next",
                                              "status", "slug", "founded_year", "member_count")}
            if method == "GET":
                response = client.get(url, query_string=fields)
            else:
                response = client.open(url, method=method, data=fields)
            if response.status_code >= 500:
                failures.append(f"{method} {url} {value[:20]!r} -> {response.status_code}")
    assert failures == []


def test_oversize_request_gets_413(client):
    response = client.post("/akun/masuk", data={"email": "a@b.id", "password": "x" * (7 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", [
    "/admin/komunitas/2147483648/verifikasi",  # past PostgreSQL's 32-bit id columns
    "/admin/kategori/0",
    "/kemitraan/2147483648",
    "/kelola-kursus/1/pelajaran/2147483648",
    "/kelola/rumah\x01baca",  # a control character in a slug
    "/komunitas/rumah\x00baca",
    "/belajar/" + "x" * 141,  # longer than any slug column
    "/belajar/kursus/" + "x" * 141 + "/kemajuan",
])
def test_impossible_ids_and_slugs_are_refused_by_the_url_rules(app, path):
    """One rule at routing for every area: no view ever sees an id or slug no column can hold."""
    adapter = app.url_map.bind("localhost")
    refusals = []
    for method in ("GET", "POST"):
        # A rule that only takes the other method says 405 before it looks at the values.
        with pytest.raises(HTTPException) as refused:
            adapter.match(path, method=method)
        refusals.append(type(refused.value))
    assert NotFound in refusals and set(refusals) <= {NotFound, MethodNotAllowed}


@pytest.mark.parametrize("path", ["/admin/kategori/2147483647", "/kelola/rumah-baca", "/belajar/" + "x" * 140])
def test_largest_ids_and_slugs_still_reach_their_view(app, path):
    endpoint, _ = app.url_map.bind("localhost").match(path, method="GET")
    assert endpoint != "static"
