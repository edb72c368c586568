"""The admin area: only admins get in; verification, categories and the audit log."""

import re
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import audit_actions
from webapp.extensions import db
from webapp.models import (
    AuditEvent,
    Category,
    Community,
    Role,
    User,
    record_audit,
    utcnow,
)

ADMIN_EMAIL = "admin@contoh.id"


@pytest.fixture
def admin(make_user, auth):
    """An admin, signed in."""
    user = make_user(ADMIN_EMAIL, name="Ratna Admin", role=Role.ADMIN)
    auth.login(ADMIN_EMAIL)
    return user


def get_community(app, community_id):
    with app.app_context():
        community = db.session.get(Community, community_id)
        db.session.expunge(community)
        return community


def categories(app):
    """(slug, name, name_en) in the order everyone sees them."""
    with app.app_context():
        rows = db.session.execute(
            sa.select(Category.slug, Category.name, Category.name_en).order_by(Category.position, Category.id)
        )
        return [tuple(row) for row in rows]


def category_id(app, slug):
    with app.app_context():
        return db.session.scalar(sa.select(Category.id).where(Category.slug == slug))


def text(response):
    return response.get_data(as_text=True)


# Every admin route, with "{community}" and "{category}" filled in by the test.
ADMIN_REQUESTS = [
    ("GET", "/admin"),
    ("GET", "/admin/komunitas"),
    ("POST", "/admin/komunitas/{community}/verifikasi"),
    ("POST", "/admin/komunitas/{community}/cabut"),
    ("GET", "/admin/kategori"),
    ("POST", "/admin/kategori"),
    ("GET", "/admin/kategori/{category}"),
    ("POST", "/admin/kategori/{category}"),
    ("POST", "/admin/kategori/{category}/pindah"),
    ("POST", "/admin/kategori/{category}/hapus"),
    ("GET", "/admin/audit"),
]


def test_every_admin_route_is_in_the_access_checks(app):
    listed = {(method, re.sub(r"\{\w+\}", "<id>", url)) for method, url in ADMIN_REQUESTS}
    routes = {
        (method, re.sub(r"<[^>]+>", "<id>", rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("admin.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == listed


@pytest.fixture
def targets(app, make_community):
    community = make_community("Rumah Baca Senja")
    return {"community": community.id, "category": category_id(app, "literasi")}


@pytest.mark.parametrize(("method", "url"), ADMIN_REQUESTS)
def test_visitors_are_sent_to_sign_in(client, targets, method, url):
    response = client.open(url.format(**targets), method=method)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/akun/masuk")


# Facilitators verify communities too; everything else is for admins only.
VERIFICATION_REQUESTS = ADMIN_REQUESTS[1:4]
REFUSALS = [
    (role, method, url)
    for role in ("member", "facilitator", "coordinator")
    for method, url in ADMIN_REQUESTS
    if not (role == "facilitator" and (method, url) in VERIFICATION_REQUESTS)
]


@pytest.mark.parametrize(("role", "method", "url"), REFUSALS)
def test_signed_in_non_admins_are_refused(app, client, auth, make_user, make_community, targets, role, method, url):
    user = make_user("orang@contoh.id", role=Role.FACILITATOR if role == "facilitator" else Role.MEMBER)
    if role == "coordinator":
        make_community("Komunitas Miliknya", coordinators=[user])
    auth.login("orang@contoh.id")
    response = client.open(url.format(**targets), method=method, data={"arah": "naik", "name": "X"})
    assert response.status_code == 403
    assert "Tidak diizinkan" in text(response)
    assert get_community(app, targets["community"]).verified_at is None
    assert len(categories(app)) == 12
    assert audit_actions(app) == []


def test_facilitators_verify_and_unverify_communities(app, client, auth, make_user, targets):
    make_user("fasilitator@contoh.id", role=Role.FACILITATOR)
    auth.login("fasilitator@contoh.id")
    assert client.get("/admin/komunitas").status_code == 200
    response = client.post(f"/admin/komunitas/{targets['community']}/verifikasi")
    assert response.status_code == 303
    assert get_community(app, targets["community"]).verified_at is not None
    client.post(f"/admin/komunitas/{targets['community']}/cabut")
    assert get_community(app, targets["community"]).verified_at is None
    assert audit_actions(app) == ["community.verified", "community.unverified"]


@pytest.mark.parametrize(("method", "url"), [r for r in ADMIN_REQUESTS if r[0] == "GET"])
def test_admins_get_every_admin_page(client, admin, targets, method, url):
    response = client.get(url.format(**targets))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/komunitas/999999/verifikasi",
        "/admin/komunitas/999999/cabut",
        "/admin/kategori/999999",
        "/admin/kategori/999999/pindah",
        "/admin/kategori/999999/hapus",
    ],
)
def test_unknown_ids_are_404(client, admin, url):
    assert client.post(url, data={"arah": "naik"}).status_code == 404


def test_get_of_unknown_category_is_404(client, admin):
    assert client.get("/admin/kategori/999999").status_code == 404


def test_index_counts_communities_waiting_and_accounts(client, admin, make_community):
    make_community("Rumah Baca Senja")
    make_community("Kebun Kita", slug="kebun-kita", verified_at=utcnow())
    page = text(client.get("/admin"))
    assert "1 komunitas menunggu diperiksa" in page
    assert re.search(r"<dt>Komunitas</dt><dd>2</dd>", page)
    assert re.search(r"<dt>Akun</dt><dd>1</dd>", page)


# Verification


def test_verify_marks_the_community_and_records_who_did_it(app, client, admin, make_community):
    community = make_community("Rumah Baca Senja")
    response = client.post(f"/admin/komunitas/{community.id}/verifikasi")
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/komunitas"
    stored = get_community(app, community.id)
    assert stored.verified_at is not None
    assert stored.verified_by_id == admin.id
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent))
        assert (event.action, event.actor_id, event.community_id) == ("community.verified", admin.id, community.id)
    assert "Rumah Baca Senja sudah diverifikasi." in text(client.get("/admin/komunitas"))


def test_unverify_clears_the_badge_and_records_it(app, client, admin, make_community, make_user):
    community = make_community("Rumah Baca Senja", verified_at=utcnow() - timedelta(days=3))
    response = client.post(f"/admin/komunitas/{community.id}/cabut")
    assert response.status_code == 303
    stored = get_community(app, community.id)
    assert stored.verified_at is None and stored.verified_by_id is None
    assert audit_actions(app) == ["community.unverified"]


def test_verifying_twice_keeps_the_first_verification(app, client, admin, make_community):
    earlier = datetime(2025, 5, 1, 8, 0)
    community = make_community("Rumah Baca Senja", verified_at=earlier)
    response = client.post(f"/admin/komunitas/{community.id}/verifikasi", follow_redirects=True)
    assert "sudah terverifikasi" in text(response)
    assert get_community(app, community.id).verified_at == earlier
    assert audit_actions(app) == []


@pytest.mark.parametrize(
    ("next_url", "location"),
    [
        ("/admin/komunitas?status=semua&hal=2", "/admin/komunitas?status=semua&hal=2"),
        ("https://jahat.example/", "/admin/komunitas"),
        ("//jahat.example", "/admin/komunitas"),
    ],
)
def test_verify_returns_to_the_same_list_only_on_this_site(client, admin, make_community, next_url, location):
    community = make_community("Rumah Baca Senja")
    response = client.post(f"/admin/komunitas/{community.id}/verifikasi", data={"next": next_url})
    assert response.headers["Location"] == location


def test_list_filters_by_verification_status(client, admin, make_community):
    make_community("Menunggu Diperiksa", slug="menunggu")
    make_community("Sudah Diperiksa", slug="sudah", verified_at=utcnow())
    waiting = text(client.get("/admin/komunitas"))
    assert "Menunggu Diperiksa" in waiting and "Sudah Diperiksa" not in waiting
    assert 'formaction="/admin/komunitas/' in waiting and "/verifikasi" in waiting
    verified = text(client.get("/admin/komunitas?status=terverifikasi"))
    assert "Sudah Diperiksa" in verified and "Menunggu Diperiksa" not in verified
    assert "Cabut verifikasi" in verified
    everything = text(client.get("/admin/komunitas?status=semua"))
    assert "Sudah Diperiksa" in everything and "Menunggu Diperiksa" in everything
    # An unknown filter falls back to the verification queue.
    assert "Sudah Diperiksa" not in text(client.get("/admin/komunitas?status=%3Cx%3E"))


def test_list_is_paginated_by_50(client, admin, make_community):
    for number in range(51):
        make_community(f"Komunitas {number:02d}", slug=f"komunitas-{number:02d}")
    first = text(client.get("/admin/komunitas"))
    assert first.count('class="card"') == 50
    assert "Halaman 1 dari 2" in first
    second = client.get("/admin/komunitas?hal=2")
    assert text(second).count('class="card"') == 1
    for page in ("abc", "-1", "99999999999999999999"):
        assert client.get(f"/admin/komunitas?hal={page}").status_code == 200


# Categories


def test_add_category_goes_last_and_is_audited(app, client, admin):
    response = client.post(
        "/admin/kategori", data={"slug": "air-bersih", "name": "Air bersih", "name_en": "Clean water"}
    )
    assert response.status_code == 303
    new_id = category_id(app, "air-bersih")
    # To the new category's card, with the message beside it (not back to the add form's #tambah).
    assert response.headers["Location"] == f"/admin/kategori?baru={new_id}#kategori-{new_id}"
    assert categories(app)[-1] == ("air-bersih", "Air bersih", "Clean water")
    assert audit_actions(app) == ["category.created"]
    page = text(client.get(response.headers["Location"]))
    card = re.search(rf'<li class="card added" id="kategori-{new_id}">(.*?)</li>', page, re.S).group(1)
    assert "Kategori Air bersih sudah ditambahkan." in card
    assert '<details class="add" id="tambah">' in page


@pytest.mark.parametrize(
    ("slug", "name", "name_en", "message"),
    [
        ("Air Bersih", "Air bersih", "Clean water", "Slug hanya boleh berisi huruf kecil"),
        ("air_bersih", "Air bersih", "Clean water", "Slug hanya boleh berisi huruf kecil"),
        ("-air", "Air bersih", "Clean water", "Slug hanya boleh berisi huruf kecil"),
        ("air--bersih", "Air bersih", "Clean water", "Slug hanya boleh berisi huruf kecil"),
        ("pendidikan", "Pendidikan lagi", "Education again", "Slug ini sudah dipakai kategori lain."),
        ("", "Air bersih", "Clean water", "Slug wajib diisi."),
        ("a" * 41, "Air bersih", "Clean water", "Slug paling panjang 40 karakter."),
        ("air-bersih", "", "Clean water", "Nama wajib diisi."),
        ("air-bersih", "   ", "Clean water", "Nama wajib diisi."),
        ("air-bersih", "x" * 81, "Clean water", "Nama paling panjang 80 karakter."),
        ("air-bersih", "Air bersih", "", "Nama dalam bahasa Inggris wajib diisi."),
        ("air-bersih", "Air bersih", "y" * 5000, "Nama dalam bahasa Inggris paling panjang 80 karakter."),
    ],
)
def test_add_category_validation(app, client, admin, slug, name, name_en, message):
    response = client.post("/admin/kategori", data={"slug": slug, "name": name, "name_en": name_en})
    assert response.status_code == 422
    assert message in text(response)
    assert len(categories(app)) == 12
    assert audit_actions(app) == []


@pytest.mark.parametrize(
    ("name", "name_en", "message"),
    [
        ("Literasi", "Reading", "Sudah ada kategori bernama Literasi."),
        ("  literasi ", "Reading", "Sudah ada kategori bernama literasi."),
        ("LITERASI", "Reading", "Sudah ada kategori bernama LITERASI."),
        ("Membaca", "literacy", "Sudah ada kategori dengan nama Inggris literacy."),
        ("Membaca", " LITERACY ", "Sudah ada kategori dengan nama Inggris LITERACY."),
    ],
)
def test_category_names_are_unique_ignoring_case_and_spaces(app, client, admin, name, name_en, message):
    response = client.post("/admin/kategori", data={"slug": "literasi-2", "name": name, "name_en": name_en})
    assert response.status_code == 422
    assert message in text(response)
    assert len(categories(app)) == 12


def test_renaming_keeps_its_own_name_but_not_anothers(app, client, admin):
    literasi = category_id(app, "literasi")
    kept = client.post(f"/admin/kategori/{literasi}", data={"name": "literasi", "name_en": "Literacy"})
    assert kept.status_code == 303
    taken = client.post(f"/admin/kategori/{literasi}", data={"name": "Pendidikan", "name_en": "Literacy"})
    assert taken.status_code == 422
    assert "Sudah ada kategori bernama Pendidikan." in text(taken)


def test_control_characters_are_dropped_not_stored(app, client, admin):
    data = {"slug": "air\u0000-bersih", "name": "Air\u0000 bersih\t", "name_en": "Clean\u0007 water"}
    assert client.post("/admin/kategori", data=data).status_code == 303
    assert categories(app)[-1] == ("air-bersih", "Air bersih", "Clean water")


def test_add_category_with_nothing_sent(app, client, admin):
    response = client.post("/admin/kategori")
    assert response.status_code == 422
    assert "Slug wajib diisi." in text(response) and "Nama wajib diisi." in text(response)


def test_category_names_are_escaped(app, client, admin):
    payload = "<script>alert(1)</script>"
    client.post("/admin/kategori", data={"slug": "uji", "name": payload, "name_en": payload})
    for url in ("/admin/kategori", f"/admin/kategori/{category_id(app, 'uji')}", "/admin/audit"):
        page = text(client.get(url))
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert payload not in page


def test_categories_page_shows_how_many_communities_use_each(app, client, admin, make_community):
    community = make_community("Rumah Baca Senja")
    with app.app_context():
        stored = db.session.get(Community, community.id)
        stored.categories.append(db.session.scalar(sa.select(Category).where(Category.slug == "literasi")))
        db.session.commit()
    page = text(client.get("/admin/kategori"))
    assert "dipakai 1 komunitas" in page
    assert page.count("dipakai 0 komunitas") == 11


def test_rename_category(app, client, admin):
    literasi = category_id(app, "literasi")
    form = text(client.get(f"/admin/kategori/{literasi}"))
    assert 'value="Literasi"' in form and 'value="Literacy"' in form
    response = client.post(f"/admin/kategori/{literasi}", data={"name": "Literasi dan baca", "name_en": "Reading"})
    assert response.status_code == 303
    assert ("literasi", "Literasi dan baca", "Reading") in categories(app)
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent))
        assert event.action == "category.renamed"
        assert event.details["old_name"] == "Literasi" and event.details["name"] == "Literasi dan baca"


def test_renamed_category_is_found_by_its_new_names(app, client, admin, make_community):
    community = make_community("Rumah Baca Senja")
    make_community("Kebun Warga", slug="kebun")
    with app.app_context():
        stored = db.session.get(Community, community.id)
        stored.categories.append(db.session.scalar(sa.select(Category).where(Category.slug == "literasi")))
        stored.refresh_search_text()
        db.session.commit()
    assert "Rumah Baca Senja" not in text(client.get("/komunitas?q=bookworms"))
    client.post(f"/admin/kategori/{category_id(app, 'literasi')}", data={"name": "Gemar Membaca", "name_en": "Bookworms"})
    for query in ("bookworms", "gemar membaca"):
        page = text(client.get("/komunitas", query_string={"q": query}))
        assert "Rumah Baca Senja" in page and "Kebun Warga" not in page
    assert "Rumah Baca Senja" not in text(client.get("/komunitas?q=literacy"))


def test_rename_category_needs_a_name(app, client, admin):
    literasi = category_id(app, "literasi")
    response = client.post(f"/admin/kategori/{literasi}", data={"name": "", "name_en": "Reading"})
    assert response.status_code == 422
    assert "Nama wajib diisi." in text(response)
    assert ("literasi", "Literasi", "Literacy") in categories(app)


def test_delete_unused_category(app, client, admin):
    response = client.post(f"/admin/kategori/{category_id(app, 'literasi')}/hapus")
    assert response.status_code == 303
    assert "literasi" not in [slug for slug, _name, _en in categories(app)]
    assert audit_actions(app) == ["category.deleted"]


def test_deleting_a_used_category_is_refused(app, client, admin, make_community):
    community = make_community("Rumah Baca Senja")
    with app.app_context():
        stored = db.session.get(Community, community.id)
        stored.categories.append(db.session.scalar(sa.select(Category).where(Category.slug == "literasi")))
        db.session.commit()
    response = client.post(f"/admin/kategori/{category_id(app, 'literasi')}/hapus", follow_redirects=True)
    assert "Kategori Literasi tidak dihapus karena masih dipakai 1 komunitas." in text(response)
    assert len(categories(app)) == 12
    assert audit_actions(app) == []


def test_move_category_up_and_down(app, client, admin):
    slugs = [slug for slug, _name, _en in categories(app)]
    response = client.post(f"/admin/kategori/{category_id(app, 'literasi')}/pindah", data={"arah": "naik"})
    assert response.status_code == 303
    assert [slug for slug, _name, _en in categories(app)][:2] == ["literasi", "pendidikan"]
    client.post(f"/admin/kategori/{category_id(app, 'literasi')}/pindah", data={"arah": "turun"})
    assert [slug for slug, _name, _en in categories(app)] == slugs
    assert audit_actions(app) == ["category.moved", "category.moved"]


def test_moving_past_the_ends_changes_nothing(app, client, admin):
    slugs = [slug for slug, _name, _en in categories(app)]
    client.post(f"/admin/kategori/{category_id(app, slugs[0])}/pindah", data={"arah": "naik"})
    client.post(f"/admin/kategori/{category_id(app, slugs[-1])}/pindah", data={"arah": "turun"})
    assert [slug for slug, _name, _en in categories(app)] == slugs
    assert audit_actions(app) == []


@pytest.mark.parametrize("direction", [None, "", "kiri", "x" * 5000])
def test_move_needs_a_direction(app, client, admin, direction):
    data = {} if direction is None else {"arah": direction}
    assert client.post(f"/admin/kategori/{category_id(app, 'literasi')}/pindah", data=data).status_code == 400


# The audit log


@pytest.fixture
def history(app, make_community, make_user, admin):
    """Three events at known times (UTC), oldest first; returns the community."""
    community = make_community("Rumah Baca Senja")
    coordinator = make_user("rina@contoh.id", name="Rina Wulandari")
    with app.app_context():
        actor = db.session.get(User, admin.id)
        stored = db.session.get(Community, community.id)
        events = [
            record_audit("coordinator.removed", actor=actor, community=stored,
                         subject_user=db.session.get(User, coordinator.id)),
            record_audit("community.verified", actor=actor, community=stored),
            record_audit("sesuatu.baru", actor=actor, catatan="<b>tebal</b>"),
        ]
        for day, event in enumerate(events, start=5):
            event.created_at = datetime(2026, 1, day, 3, 0)
        db.session.commit()
    return community


def test_audit_log_is_newest_first_with_readable_actions(client, history):
    page = text(client.get("/admin/audit"))
    link = '<a href="/komunitas/rumah-baca-senja">Rumah Baca Senja</a>'
    sentences = ["<strong>Ratna Admin</strong>: sesuatu.baru",
                 f"<strong>Ratna Admin</strong> memverifikasi {link}.",
                 f"<strong>Ratna Admin</strong> mencabut <strong>Rina Wulandari</strong> sebagai koordinator {link}."]
    positions = [page.index(sentence) for sentence in sentences]
    assert positions == sorted(positions)
    assert "&lt;b&gt;tebal&lt;/b&gt;" in page
    # 03:00 UTC is 10:00 in Jakarta.
    assert "6 Jan 2026" in page and "10.00" in page


def test_audit_log_filters_by_community(client, history, make_community):
    other = make_community("Kebun Kita", slug="kebun-kita")
    page = text(client.get("/admin/audit?komunitas=rumah-baca-senja"))
    assert "memverifikasi" in page and "sesuatu.baru" not in page
    assert text(client.get(f"/admin/audit?komunitas={other.slug}")).count('class="card"') == 0


@pytest.mark.parametrize("slug", ["tidak-ada", "%00", "x" * 5000])
def test_audit_log_for_an_unknown_community_is_404(client, admin, slug):
    response = client.get(f"/admin/audit?komunitas={slug}")
    assert response.status_code == 404
    assert "Tidak ada komunitas dengan slug itu." in text(response)


def test_audit_log_is_paginated_by_50(app, client, admin):
    with app.app_context():
        for number in range(51):
            record_audit("category.created", slug=f"k{number}")
        db.session.commit()
    assert text(client.get("/admin/audit")).count('class="card"') == 50
    assert text(client.get("/admin/audit?hal=2")).count('class="card"') == 1


def test_audit_events_read_as_sentences_without_raw_keys(app, client, admin, make_user, make_community):
    rina = make_user("rina@contoh.id", name="Rina Wulandari")
    budi = make_user("budi@contoh.id", name="Budi Santoso")
    senja = make_community("Rumah Baca Senja")
    bank = make_community("Bank Sampah Hijau", slug="bank-sampah-hijau")
    with app.app_context():
        rina, budi = db.session.get(User, rina.id), db.session.get(User, budi.id)
        senja, bank = db.session.get(Community, senja.id), db.session.get(Community, bank.id)
        record_audit("partnership.requested", actor=rina, community=senja, request_id=7, title=bank.name)
        record_audit("partnership.accepted", actor=budi, community=bank, request_id=7, title=senja.name)
        record_audit("partnership.withdrawn", actor=rina, community=senja, request_id=8, title=bank.name)
        record_audit("coordination.handed_over", actor=rina, community=senja, subject_user=budi,
                     from_user_id=rina.id, to_user_id=budi.id)
        record_audit("community.logo_changed", actor=rina, community=senja, image="ab" * 32)
        record_audit("course.saved", actor=rina, course_id=3, title="Dasar kemitraan", created=True)
        record_audit("category.renamed", actor=db.session.get(User, admin.id), slug="air", name="Air bersih",
                     name_en="Clean water", old_name="Air", old_name_en="Water")
        db.session.commit()
    page = text(client.get("/admin/audit"))
    senja_link = '<a href="/komunitas/rumah-baca-senja">Rumah Baca Senja</a>'
    bank_link = '<a href="/komunitas/bank-sampah-hijau">Bank Sampah Hijau</a>'
    for sentence in (
        f"<strong>Rina Wulandari</strong>, atas nama {senja_link}, mengajak <strong>Bank Sampah Hijau</strong> bermitra.",
        f"<strong>Budi Santoso</strong>, atas nama {bank_link}, menerima ajakan bermitra dari "
        "<strong>Rumah Baca Senja</strong>.",
        f"<strong>Rina Wulandari</strong>, atas nama {senja_link}, menarik ajakan bermitra kepada "
        "<strong>Bank Sampah Hijau</strong>.",
        f"<strong>Rina Wulandari</strong> menyerahkan koordinasi {senja_link} kepada <strong>Budi Santoso</strong>.",
        f"<strong>Rina Wulandari</strong> mengganti logo {senja_link}.",
        "<strong>Rina Wulandari</strong> membuat kursus “Dasar kemitraan”.",
        "<strong>Ratna Admin</strong> mengubah nama kategori “Air” menjadi “Air bersih”.",
    ):
        assert sentence in page
    events = page[page.index('<ol class="cards audit">'):page.index("</ol>")]
    for raw in ("to_user_id", "request_id", "created", "True", "ab" * 32, "old_name", "course_id"):
        assert raw not in events

    english = text(client.get("/admin/audit", headers={"Accept-Language": "en"}))
    assert (f"<strong>Budi Santoso</strong>, for {bank_link}, accepted the partnership request from "
            "<strong>Rumah Baca Senja</strong>.") in english


def cards(response):
    return text(response).count('class="card"')


@pytest.mark.parametrize("query, expected", [
    ("orang=rina", 1),                      # the account acted upon counts too
    ("orang=RATNA", 3),                     # any case
    ("orang=admin%40contoh", 3),            # part of the e-mail
    ("orang=%25", 0),                       # "%" is a character, not a wildcard
    ("orang=tidak+ada", 0),
    ("aksi=community.verified", 1),
    ("dari=2026-01-06", 2),
    ("sampai=2026-01-05", 1),
    ("dari=2026-01-06&sampai=2026-01-06", 1),
    ("orang=ratna&aksi=coordinator.removed&dari=2026-01-05&sampai=2026-01-07", 1),
])
def test_audit_log_filters_by_person_action_and_dates(client, history, query, expected):
    response = client.get(f"/admin/audit?{query}")
    assert response.status_code == 200
    assert cards(response) == expected


def test_audit_log_dates_are_days_in_jakarta(app, client, admin):
    with app.app_context():
        event = record_audit("category.created", actor=db.session.get(User, admin.id), slug="a", name="A")
        event.created_at = datetime(2026, 1, 5, 18, 30)  # 01:30 on 6 January in Jakarta
        db.session.commit()
    assert cards(client.get("/admin/audit?dari=2026-01-06&sampai=2026-01-06")) == 1
    assert cards(client.get("/admin/audit?sampai=2026-01-05")) == 0


def test_audit_log_offers_the_known_actions_and_keeps_filters_on_the_next_page(app, client, admin):
    page = text(client.get("/admin/audit"))
    assert '<option value="partnership.withdrawn">menarik ajakan bermitra</option>' in page
    assert '<input id="dari" name="dari" type="date"' in page
    with app.app_context():
        for number in range(51):
            record_audit("category.created", actor=db.session.get(User, admin.id), slug=f"k{number}", name="K")
        db.session.commit()
    page = text(client.get("/admin/audit?orang=ratna&aksi=category.created"))
    assert 'href="/admin/audit?hal=2&amp;orang=ratna&amp;aksi=category.created"' in page
    assert cards(client.get("/admin/audit?orang=ratna&aksi=category.created&hal=2")) == 1


@pytest.mark.parametrize("query, message", [
    ("aksi=semua.hilang", "Aksi tidak dikenal."),
    ("dari=2026-13-01", "Tanggal tidak valid; tulis seperti 2025-08-17."),
    ("sampai=kemarin", "Tanggal tidak valid; tulis seperti 2025-08-17."),
    ("dari=2026-02-01&sampai=2026-01-01", "Tanggal akhir tidak boleh sebelum tanggal awal."),
    ("orang=" + "x" * 201, "Paling panjang 200 karakter."),
])
def test_audit_log_refuses_bad_filters_in_indonesian(client, history, query, message):
    response = client.get(f"/admin/audit?{query}")
    assert response.status_code == 422
    assert message in text(response)
    assert cards(response) == 0


def test_audit_log_person_filter_ignores_control_characters(client, history):
    assert cards(client.get("/admin/audit?orang=rat%00na")) == 3
